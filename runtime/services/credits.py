"""Accounts a transition credits (`stateMachine.transitions.<name>.credits`): loyalty points
earned on a paid order — the order's amount ÷ `per` × the site's rate (a tenant setting),
rounded down, added to the account the order's `accountField` names (opened when missing),
with an entry recording it, in the transition's own transaction (a refused or rolled-back
move credits nothing)."""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Mutation, UniqueViolation
from specloom.generator.ir import Credit
from specloom.runtime.clock import now_iso

from .resources import TenantResources, new_id


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def ledger_entry(entries, template: dict[str, Any], record: dict[str, Any], account_id: str,
                 amount_field: str, amount: int | float, now: str) -> dict[str, Any]:
    """The entry recording a move of `amount` on an account: the declared `entry` values
    (`$record.<field>` taken from the moved record), its amount, id, parent account and times."""
    entry: dict[str, Any] = {}
    for field, value in template.items():
        if isinstance(value, str) and value.startswith("$record."):
            value = record.get(value[len("$record."):])
        if value is not None:
            entry[field] = copy.deepcopy(value)
    entry.update({amount_field: amount, "id": new_id(entries.id_prefix)})
    if entries.parent:
        entry[entries.parent[1]] = account_id
    entries.timestamps.on_create(entry, now)
    return entry


async def credit(resources: TenantResources, rule: Credit, record: dict[str, Any]) -> None:
    account_id, amount = record.get(rule.account_field), record.get(rule.amount_field)
    rate = (await resources.settings()).get(rule.rate_setting)
    if not isinstance(account_id, str) or not account_id or not _number(amount) or not _number(rate):
        return
    units = int(amount / rule.per * rate)
    if units <= 0:
        return
    accounts, entries = resources.surface.resource(rule.resource), resources.surface.resource(rule.entries)
    now = now_iso()
    entry = ledger_entry(entries, rule.entry, record, account_id, rule.entry_amount_field or rule.balance_field,
                         units, now)

    def add(account: dict[str, Any]) -> Mutation:
        balance = account.get(rule.balance_field) or 0
        changes = accounts.timestamps.on_change({rule.balance_field: balance + units}, now)
        return Mutation(changes, ((entries.table_name, entry),))

    store, tenant = resources.store, resources.tenant
    if await store.modify(accounts.table_name, tenant, account_id, add, outbox=resources.outbox("update")) is None:
        doc = {k: copy.deepcopy(v) for k, v in accounts.defaults.items()}
        doc.update({"id": account_id, rule.balance_field: 0})
        if accounts.field(rule.account_field) is not None:  # the account keeps its key (customerId)
            doc[rule.account_field] = account_id
        accounts.timestamps.on_create(doc, now)
        try:
            await store.insert(accounts.table_name, tenant, doc)
        except UniqueViolation:
            pass  # opened by a concurrent credit
        await store.modify(accounts.table_name, tenant, account_id, add, outbox=resources.outbox("update"))

"""`ledgers.post`: move a balance one way by an operation of its own (Shopvo loyalty: award
points, redeem points), where the `ledger` action reads the direction from the body.

    x-specloom:
      resource: loyaltyAccounts
      action: ledgers.post
      with:
        balanceField: points
        entries: loyaltyTransactions
        amountField: points          # the body field with the (positive) amount
        direction: debit             # credit (default) or debit
        entryType: { field: type, value: REDEEM }
        signed: true                 # a debit's entry records the amount negative (-100)
        createMissing: true          # the first credit opens the account
        accountKeyField: customerId
        conversion: { setting: loyaltyRedemptionRate }
        answer: { discountAmount: $converted, pointsRemaining: $balance }

The account is the record the operation's last path parameter names (its id; with
`createMissing` a credit opens it). The balance check and the entry are one row-locked
transaction: a debit below `floor` (default 0) → 409 `insufficient_balance`, under any
concurrency. The entry gets the body's other fields (a note, an orderId), the type, the
amount and, as `parent`, the account. `conversion` multiplies the amount by a tenant setting
(`x-specloom.settings`: the program's redemption rate). `answer` is a JSON template with
`$balance`, `$entry`, `$converted`, `$amount` (default `{<balanceField>: $balance,
transaction: $entry}`); it is answered in the surface's item envelope.
"""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Mutation, Refused, UniqueViolation
from specloom.runtime.clock import now_iso
from specloom.runtime.envelopes import compile_template
from specloom.runtime.errors import Conflict
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.resources import new_id

from . import action
from .records import path_parameters


async def _open(ctx: RequestContext, settings: dict[str, Any], account_id: str) -> None:
    resource = ctx.surface.resource(ctx.operation.resource)
    doc = {k: copy.deepcopy(v) for k, v in resource.defaults.items()}
    doc.update({"id": account_id, settings["balanceField"]: 0})
    if settings.get("accountKeyField"):
        doc[settings["accountKeyField"]] = account_id
    resource.timestamps.on_create(doc, now_iso())
    try:
        await ctx.resources.store.insert(resource.table_name, ctx.resources.tenant, doc)
    except UniqueViolation:
        pass  # opened by a concurrent first credit: fine


@action("ledgers.post")
async def post(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    body = body if isinstance(body, dict) else {}
    resource = ctx.surface.resource(ctx.operation.resource)
    entries = ctx.surface.resource(settings["entries"])
    balance_field, amount_field = settings["balanceField"], settings.get("amountField", "amount")
    account_id = str(arguments[path_parameters(ctx)[-1]])
    debit = settings.get("direction", "credit") == "debit"
    floor = settings.get("floor", 0)
    amount = body[amount_field]
    now = now_iso()
    entry = {k: copy.deepcopy(v) for k, v in body.items() if k not in entries.read_only}
    entry[amount_field] = -amount if debit and settings.get("signed") else amount
    if settings.get("entryType"):
        entry[settings["entryType"]["field"]] = settings["entryType"]["value"]
    entry["id"] = new_id(entries.id_prefix)
    entries.timestamps.on_create(entry, now)
    if entries.parent:
        entry[entries.parent[1]] = account_id

    def move(account: dict[str, Any]) -> Mutation:
        balance = account.get(balance_field) or 0
        after = balance - amount if debit else balance + amount
        if debit and floor is not None and after < floor:
            raise Refused("insufficient_balance", balance=balance)
        return Mutation(resource.timestamps.on_change({balance_field: after}, now), ((entries.table_name, entry),))

    store, tenant = ctx.resources.store, ctx.resources.tenant
    try:
        account = await store.modify(resource.table_name, tenant, account_id, move, outbox=ctx.resources.outbox("update"))
        if account is None and settings.get("createMissing") and not debit:
            await _open(ctx, settings, account_id)
            account = await store.modify(resource.table_name, tenant, account_id, move,
                                         outbox=ctx.resources.outbox("update"))
    except Refused as exc:
        raise Conflict(f"Insufficient {balance_field}: {exc.info['balance']} available, {amount} requested",
                       code="insufficient_balance") from None
    if account is None:
        # an account never opened reads as empty (`accountOf`: 404 unless its owner exists)
        empty = await ctx.resources.lookup(resource.name, account_id)
        raise Conflict(f"Insufficient {balance_field}: {empty.get(balance_field) or 0} available, {amount} requested",
                       code="insufficient_balance")
    converted = None
    if settings.get("conversion"):
        rate = (await ctx.resources.settings()).get(settings["conversion"]["setting"])
        rate = rate if isinstance(rate, (int, float)) and not isinstance(rate, bool) else 0
        converted = amount * rate
        converted = int(converted) if float(converted).is_integer() else converted
    answer = settings.get("answer") or {balance_field: "$balance", "transaction": "$entry"}
    values = {"balance": account[balance_field], "entry": entry, "converted": converted, "amount": amount}
    return Reply(ctx.operation.success_status,
                 ctx.respond._envelopes.render("item", {"item": compile_template(answer)(values)}))


post.refusals = (409,)  # a debit beyond the balance: by design (runtime/fuzz)

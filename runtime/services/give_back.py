"""What a record took, given back by a transition (`stateMachine.transitions.<name>.restores`):
a cancelled, refunded or unpaid order returns its stock, its code's use and the points it
earned — the inverse of `decrements`, `redeems` and `credits` (runtime/services/stock.py,
coupons.py, credits.py).

    restores:
      onceField: restoredAt          # set to the time when given back: never given back twice
      stock: [{ resource: variants, forEach: items, idField: variantId, field: inventoryCount, by: quantity }]
      coupon: { resource: promotions, codeField: promotionCode, customerField: email }
      credits: [{ resource: loyaltyAccounts, accountField: customerId, balanceField: points,
                  entries: loyaltyTransactions, matchField: orderId, amountField: points,
                  entry: { type: REDEEM, orderId: $record.id } }]

The state machine calls `give_back` inside the move's unit of work, with the moved record read
under its row lock, only when the record's `onceField` is empty; the move then sets it. Two
concurrent moves take turns on that lock: the second finds the record moved (or marked) and
gives nothing back. Every record given to is changed under its own row lock, in one order
(resource, id), so concurrent moves never deadlock. Bounds: a code's use count never goes
below 0, an account's balance never below 0 (at most what is left is taken back), a record
whose stock field holds no number is not stock-tracked and is left as it is.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Filter, Mutation, PageRequest, Query
from specloom.generator.ir import CreditReturn, Decrement, Redemption, Restoration
from specloom.runtime.clock import now_iso

from . import coupons, read_derivations
from .credits import ledger_entry
from .resources import TenantResources, _derive

_PAGE = 500


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


async def give_back(resources: TenantResources, rule: Restoration, record: dict[str, Any]) -> None:
    """Give back what `record` took, as `rule` declares (call inside the move's unit of work)."""
    if rule.stock:
        await restock(resources, rule.stock, record)
    if rule.coupon is not None:
        await return_use(resources, rule.coupon, record)
    for credit in rule.credits:
        await take_back(resources, credit, record)


def _amounts(rule: Decrement, record: dict[str, Any]) -> dict[str, int | float]:
    amounts: dict[str, int | float] = {}
    for entry in record.get(rule.for_each) or ():
        if not isinstance(entry, dict) or (rule.unless_field and entry.get(rule.unless_field) is not None):
            continue
        key, amount = entry.get(rule.id_field), entry.get(rule.by)
        if isinstance(key, str) and _number(amount) and amount > 0:
            amounts[key] = amounts.get(key, 0) + amount
    return amounts


async def restock(resources: TenantResources, rules: tuple[Decrement, ...], record: dict[str, Any]) -> None:
    """Add every entry's amount back to the record it names (a record gone or not
    stock-tracked is skipped)."""
    now = now_iso()
    events = resources.outbox("update")
    outbox = None if events is None else (lambda written: events([w for w in written if w[1] != w[2]]))
    for rule in rules:
        target = resources.surface.resource(rule.resource)
        for key, amount in sorted(_amounts(rule, record).items()):

            def add(current: dict[str, Any], amount=amount) -> Mutation:
                have = current.get(rule.field)
                if not _number(have):
                    return Mutation({})
                merged = {**current, rule.field: have + amount}
                _derive(target, merged, ())
                changes = {k: v for k, v in merged.items() if current.get(k) != v}
                return Mutation(target.timestamps.on_change(changes, now))

            await resources.store.modify(target.table_name, resources.tenant, key, add, outbox=outbox)


async def return_use(resources: TenantResources, rule: Redemption, record: dict[str, Any]) -> None:
    """One use of the record's code given back: its count less one (never below 0) and one
    use record of the customer removed."""
    resource = resources.surface.resource(rule.resource)
    coupon = resource.coupon
    assert coupon is not None
    found = await coupons.find(resources, resource, record.get(rule.code_field))
    if found is None:
        return
    now = now_iso()

    def release(current: dict[str, Any]) -> Mutation:
        used = current.get(coupon.used_field) if coupon.used_field else None
        if not _number(used) or used <= 0:
            return Mutation({})
        merged = {**current, coupon.used_field: used - 1}
        _derive(resource, merged, ())
        changes = {k: v for k, v in merged.items() if current.get(k) != v}
        return Mutation(resource.timestamps.on_change(changes, now))

    await resources.store.modify(resource.table_name, resources.tenant, found["id"], release,
                                 outbox=resources.outbox("update"))
    if not coupon.uses:
        return
    uses = resources.surface.resource(coupon.uses)
    filters = [Filter(coupon.coupon_field or "couponId", found["id"])]
    customer = record.get(rule.customer_field) if rule.customer_field else None
    if coupon.customer_field and customer is not None:
        filters.append(Filter(coupon.customer_field, read_derivations.fold(uses, coupon.customer_field, customer)))
    page = await resources.store.list(uses.table_name, resources.tenant, Query(filters=tuple(filters)),
                                      PageRequest(limit=1))
    if page.items:
        await resources.store.delete(uses.table_name, resources.tenant, page.items[0]["id"])


async def take_back(resources: TenantResources, rule: CreditReturn, record: dict[str, Any]) -> None:
    """What the record earned (its entries' amounts, net) taken back from the account, at most
    the balance, with an entry recording it."""
    account_id = record.get(rule.account_field)
    if not isinstance(account_id, str) or not account_id:
        return
    accounts, entries = resources.surface.resource(rule.resource), resources.surface.resource(rule.entries)
    # the account's entries (its parent key is indexed), those of this record counted
    filters = [Filter(entries.parent[1], account_id)] if entries.parent else []
    earned: int | float = 0
    offset = 0
    while True:
        page = await resources.store.list(entries.table_name, resources.tenant, Query(filters=tuple(filters)),
                                          PageRequest(limit=_PAGE, offset=offset, with_total=False))
        earned += sum(e[rule.amount_field] for e in page.items
                      if e.get(rule.match_field) == record["id"] and _number(e.get(rule.amount_field)))
        offset += len(page.items)
        if not page.has_next or not page.items:
            break
    if earned <= 0:
        return
    now = now_iso()

    def take(account: dict[str, Any]) -> Mutation:
        balance = account.get(rule.balance_field)
        taken = min(earned, balance) if _number(balance) else 0
        if taken <= 0:
            return Mutation({})
        entry = ledger_entry(entries, rule.entry, record, account_id, rule.amount_field, -taken, now)
        changes = accounts.timestamps.on_change({rule.balance_field: balance - taken}, now)
        return Mutation(changes, ((entries.table_name, entry),))

    await resources.store.modify(accounts.table_name, resources.tenant, account_id, take,
                                 outbox=resources.outbox("update"))

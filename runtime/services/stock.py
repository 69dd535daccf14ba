"""Stock and prices are the server's: entries that name catalog records (a cart line naming a
product and a variant), and stock taken when an order is placed.

`lists.edit`'s `catalog` setting (runtime/actions/lists.py) makes an edited entry name records
of the tenant (else the validation status naming the entry field), takes its price from them
(the first of `price.from` that holds one: the variant's price, else the product's; a price
the client sent is ignored), fills fields the client left out, and refuses a quantity above
the stock (409, `stock.refusalCode`):

    catalog:
      references:
        productId: { resource: products }
        variantId: { resource: variants, parentField: productId }   # a variant of that product
      price: { field: price, from: [variantId.price, productId.price] }
      stock: { quantityField: quantity, from: [variantId.inventoryCount, productId.inventoryCount], refusalCode: OUT_OF_STOCK }
      fill: { name: [productId.name] }

A `<reference>.<field>` path reads `field` of the record the entry's `reference` field names;
a record that holds no number in a stock field is not stock-tracked.

A transition's `decrements` (runtime/services/state_machines.py) take stock for every entry
of the moved record, in the transition's own transaction: all of it, or — one record short —
nothing, and the move is refused (409).
"""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Mutation, Refused
from specloom.generator.ir import Decrement
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict, NotFound, body_field_refused

from .resources import TenantResources, _derive


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


async def _referenced(resources: TenantResources, catalog: dict[str, Any], entry: dict[str, Any],
                      entry_field: str) -> dict[str, dict[str, Any]]:
    """The records the entry's reference fields name ({entry field: record}); the validation
    status naming the field when one names nothing of this tenant (or not the parent given)."""
    found: dict[str, dict[str, Any]] = {}
    for field, ref in (catalog.get("references") or {}).items():
        key = entry.get(field)
        if key is None:
            continue
        target = resources.surface.resource(ref["resource"])
        try:
            record = await resources.lookup(target.name, str(key))
        except NotFound:
            record = None
        if record is not None and any(record.get(f) != v for f, v in (ref.get("where") or {}).items()):
            record = None  # not offered (a draft product): as if it were not there
        parent_field = ref.get("parentField")
        if record is not None and parent_field and target.parent:
            if record.get(target.parent[1]) != entry.get(parent_field):
                record = None
        if record is None:
            where = f" of {parent_field} {entry.get(parent_field)!r}" if parent_field else ""
            raise body_field_refused(resources.surface.validation_status, f"{entry_field}.{field}",
                                     "unknown_reference", f"no {target.noun} {key!r}{where} on this site")
        found[field] = record
    return found


def _first(paths: list[str], records: dict[str, dict[str, Any]], *, numbers: bool = False) -> Any:
    for path in paths:
        ref, _, field = path.partition(".")
        value = (records.get(ref) or {}).get(field)
        if value is not None and (not numbers or _number(value)):
            return value
    return None


async def list_price(resources: TenantResources, rule: dict[str, Any], record: dict[str, Any] | None,
                     entry: dict[str, Any]) -> Any:
    """The price a price list gives the entry for the record's customer (`catalog.priceList`):
    the record names a customer, the customer a group, the group's price list an entry for what
    the line names; None when any link is missing (the catalog price then applies)."""
    customer_id = (record or {}).get(rule["customerField"])
    if not isinstance(customer_id, str):
        return None
    customers = resources.surface.resource(rule["customers"])
    customer = await resources.store.get(customers.table_name, resources.tenant, customer_id)
    group = (customer or {}).get(rule["groupField"])
    if group is None:
        return None
    lists = resources.surface.resource(rule["resource"])
    price_list = await resources.store.find(lists.table_name, resources.tenant, rule["matchField"], group)
    for item in (price_list or {}).get(rule["entriesField"]) or ():
        if isinstance(item, dict) and item.get(rule["keyField"]) == entry.get(rule["lineField"]):
            return copy.deepcopy(item.get(rule["priceField"]))
    return None


async def catalog_entry(resources: TenantResources, catalog: dict[str, Any], entry: dict[str, Any],
                        entry_field: str, *, fill: bool = True,
                        record: dict[str, Any] | None = None) -> tuple[dict[str, Any], Any]:
    """The entry with its catalog price (or its `priceList` price for the `record`'s customer)
    and (`fill`: a new entry) filled fields, and the stock it may not exceed (None: not tracked)."""
    records = await _referenced(resources, catalog, entry, entry_field)
    entry = dict(entry)
    price = catalog.get("price")
    if price:
        listed = await list_price(resources, catalog["priceList"], record, entry) if catalog.get("priceList") else None
        entry[price["field"]] = copy.deepcopy(_first(price["from"], records)) if listed is None else listed
    for field, paths in (catalog.get("fill") or {}).items() if fill else ():
        if entry.get(field) is None:
            entry[field] = copy.deepcopy(_first(paths, records))
    stock = catalog.get("stock")
    return entry, (_first(stock["from"], records, numbers=True) if stock else None)


def check_quantity(catalog: dict[str, Any], entry: dict[str, Any], available: Any) -> None:
    """Refused (`out_of_stock`) when the entry's quantity exceeds the stock available."""
    stock = catalog.get("stock")
    if not stock or available is None:
        return
    wanted = entry.get(stock.get("quantityField", "quantity"))
    if _number(wanted) and wanted > available:
        raise Refused("out_of_stock", available=available, wanted=wanted)


def out_of_stock(catalog: dict[str, Any], info: dict[str, Any], what: str) -> Conflict:
    code = (catalog.get("stock") or {}).get("refusalCode", "insufficient_quantity")
    return Conflict(f"{code}: {info['available']} in stock, {info['wanted']} requested ({what})", code=code)


# -- stock taken by a transition --------------------------------------------------------------
def _wanted(rule: Decrement, record: dict[str, Any]) -> dict[str, int | float]:
    """Amount to take per record id, summed over the entries naming it."""
    wanted: dict[str, int | float] = {}
    for entry in record.get(rule.for_each) or ():
        if not isinstance(entry, dict) or (rule.unless_field and entry.get(rule.unless_field) is not None):
            continue
        key, amount = entry.get(rule.id_field), entry.get(rule.by)
        if isinstance(key, str) and _number(amount) and amount > 0:
            wanted[key] = wanted.get(key, 0) + amount
    return wanted


async def take_stock(resources: TenantResources, rules: tuple[Decrement, ...], record: dict[str, Any]) -> None:
    """Take every rule's amounts, each record under its row lock, in one order (resource, id)
    so concurrent moves never deadlock. Call inside the move's unit of work: a refusal (409)
    leaves the caller to roll back what was taken before it."""
    now = now_iso()
    events = resources.outbox("update")
    # a record that is not stock-tracked is left as it is: no update event either
    outbox = None if events is None else (lambda written: events([w for w in written if w[1] != w[2]]))
    for rule in rules:
        target = resources.surface.resource(rule.resource)
        for key, amount in sorted(_wanted(rule, record).items()):

            def take(current: dict[str, Any], amount=amount) -> Mutation:
                have = current.get(rule.field)
                if not _number(have):
                    return Mutation({})  # not stock-tracked
                if have < amount:
                    raise Refused("out_of_stock", available=have, wanted=amount)
                merged = {**current, rule.field: have - amount}
                _derive(target, merged, ())
                changes = {k: v for k, v in merged.items() if current.get(k) != v}
                return Mutation(target.timestamps.on_change(changes, now))

            try:
                taken = await resources.store.modify(target.table_name, resources.tenant, key, take, outbox=outbox)
            except Refused as exc:
                raise Conflict(f"{rule.refusal_code}: {exc.info['available']} of {target.noun} {key} in stock, "
                               f"{exc.info['wanted']} requested", code=rule.refusal_code) from None
            if taken is None:
                raise Conflict(f"{rule.refusal_code}: {target.noun} {key} is no longer available",
                               code=rule.refusal_code)

"""`counters.adjust`: the `counter` domain action for a record named by any path parameter
(Alva: `POST /orders/{shopify_order_id}/access/extra-downloads` adds to `extra_downloads`;
Shopvo: a gift card's redemption, an inventory adjustment).

    x-specloom:
      resource: orders
      action: counters.adjust
      with: { field: extra_downloads, amountField: additional_downloads }

Settings mean what the `counter` keyword's do (`field`, `floor`, `modeField`, `amountField`);
without a mode in the body the amount is added, or `mode` (`set`, `increment`, `decrement`)
applies. The record is the one the operation's last path parameter names, or (`child`) the
child record a body field names (`variantId`: a variant of the product in the path; 404 when
it is not one). The change is atomic (row-locked); below the floor → 409 `insufficient_quantity`
(or `refusalCode`, which then leads the message: `OUT_OF_STOCK: 3 in stock, 5 requested`).

`requires` (field -> allowed values) is checked on the record as read (read-time fields
computed: a gift card that is VOID or EXPIRED is refused, 409 naming the value) under the lock.
`entry` records each adjustment in another resource, in the same transaction (an audit trail):
its `values` are literals or `$body.<field>`, `$record.<field>`, `$before`, `$after`,
`$amount`, `$mode`, `$now`; `recordField` receives the record's id, `resourceField` its
resource name.

    with:
      field: inventoryCount
      child: { bodyField: variantId, resource: variants }
      refusalCode: OUT_OF_STOCK
      entry:
        resource: inventoryAdjustments
        recordField: targetId
        resourceField: targetType
        values: { operation: $mode, quantity: $amount, before: $before, after: $after, reason: $body.reason }
"""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Mutation, Refused
from specloom.generator.ir import Counter
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services import read_derivations
from specloom.runtime.services.resources import counted, new_id, not_found

from . import action
from .records import target_record


async def _target(ctx: RequestContext, settings: dict[str, Any], body: dict[str, Any],
                  arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    record = await target_record(ctx, arguments)
    child = settings.get("child")
    if child and body.get(child["bodyField"]) is not None:
        name = child["resource"]
        return name, await ctx.resources.lookup(name, str(body[child["bodyField"]]), parent=record)
    return ctx.operation.resource, record


def _entry(settings: dict[str, Any], name: str, record: dict[str, Any], body: dict[str, Any],
           values: dict[str, Any], ctx: RequestContext) -> tuple[str, dict[str, Any]]:
    decl = settings["entry"]
    entries = ctx.surface.resource(decl["resource"])
    doc = {k: copy.deepcopy(v) for k, v in entries.defaults.items()}
    for field, value in (decl.get("values") or {}).items():
        if isinstance(value, str) and value.startswith("$body."):
            value = body.get(value[len("$body."):])
        elif isinstance(value, str) and value.startswith("$record."):
            value = record.get(value[len("$record."):])
        elif isinstance(value, str) and value[1:] in values and value.startswith("$"):
            value = values[value[1:]]
        if value is not None:
            doc[field] = copy.deepcopy(value)
    doc["id"] = new_id(entries.id_prefix)
    if decl.get("recordField"):
        doc[decl["recordField"]] = record["id"]
    if decl.get("resourceField"):
        doc[decl["resourceField"]] = name
    entries.timestamps.on_create(doc, values["now"])
    return entries.table_name, doc


@action("counters.adjust")
async def adjust(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    body = body if isinstance(body, dict) else {}
    name, record = await _target(ctx, settings, body, arguments)
    resource = ctx.surface.resource(name)
    defaults = Counter(field=settings["field"])
    counter = Counter(field=settings["field"], floor=settings.get("floor", defaults.floor),
                      mode_field=settings.get("modeField", defaults.mode_field),
                      amount_field=settings.get("amountField", defaults.amount_field))
    mode = body.get(counter.mode_field) or settings.get("mode", "increment")
    amount = body[counter.amount_field]
    requires = settings.get("requires") or {}
    now = now_iso()

    def change(current: dict[str, Any]) -> Mutation:
        seen = read_derivations.present(resource, dict(current), ctx.resources.cached_settings)
        for field, allowed in requires.items():
            if seen.get(field) not in allowed:
                raise Refused("not_allowed", field=field, value=seen.get(field))
        value, after, changes = counted(resource, current, counter, mode, amount)
        inserts = ()
        if settings.get("entry"):
            values = {"before": value, "after": after, "amount": amount, "mode": mode, "now": now}
            inserts = (_entry(settings, name, current, body, values, ctx),)
        return Mutation(resource.timestamps.on_change(changes, now), inserts)

    try:
        updated = await ctx.resources.store.modify(resource.table_name, ctx.resources.tenant, record["id"], change,
                                                   outbox=ctx.resources.outbox("update"))
    except Refused as exc:
        if exc.reason == "not_allowed":
            raise Conflict(f"The {resource.noun} is {exc.info['value']}: its {exc.info['field']} must be "
                           f"{' or '.join(str(v) for v in requires[exc.info['field']])}",
                           code="not_allowed") from None
        code = settings.get("refusalCode")
        if code:
            raise Conflict(f"{code}: {exc.info['value']} in stock, {amount} requested", code=code) from None
        raise Conflict(f"Not enough {counter.field}: {exc.info['value']} available, {amount} requested",
                       code="insufficient_quantity") from None
    if updated is None:
        raise not_found(resource)
    return ctx.respond.item(await ctx.resources.present(resource, updated), status=ctx.operation.success_status)


adjust.refusals = (409,)  # more than there is, or a record its state forbids: by design (runtime/fuzz)

"""`coupons.apply`: put a discount code on a record (a cart) once it is checked to apply, by the
rules a checkout's `redeems` uses (runtime/services/coupons.py), without using it.

    x-specloom:
      resource: carts
      action: coupons.apply
      with:
        coupons: coupons                 # the resource declaring `coupon`
        codeField: code                  # the body field with the code
        field: coupon_code               # the record field that keeps it
        amountField: subtotal            # the record's amount the code's minimum is checked on
        onlyWhen: { status: [open] }

The code is looked up in the request's tenant (case-insensitively when the coupon resource
folds its codes) and checked against the record's amount: a code that is unknown, inactive,
below its minimum or used up is refused with the record's state machine refusal status (Aly:
422) and code `coupon_not_applicable`, and nothing is written. An applied code is kept as the
coupon spells it. Nothing is used yet: the checkout's `redeems` checks it again and counts the
use atomically with the order (a code that stopped applying meanwhile is its 409). `onlyWhen`
as for `lists.*`: a record in another state is refused.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Mutation
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import ApiError
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services import coupons
from specloom.runtime.services.resources import _derive, not_found

from . import action
from .lists import _not_editable
from .records import target_record


@action("coupons.apply")
async def apply(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    resource = ctx.surface.resource(ctx.operation.resource)
    coupon_resource = ctx.surface.resource(settings["coupons"])
    coupon = coupon_resource.coupon
    if coupon is None:
        raise LookupError(f"{ctx.operation.operation_id}: resource {coupon_resource.name!r} declares no coupon (lint)")
    record = await target_record(ctx, arguments)
    only_when = settings.get("onlyWhen") or {}
    for name, allowed in only_when.items():  # the record's state first: a checked-out cart is closed
        if record.get(name) not in allowed:
            raise _not_editable(resource, name, record.get(name), allowed)
    given = (body or {}).get(settings.get("codeField", "code")) if isinstance(body, dict) else None
    found = await coupons.find(ctx.resources, coupon_resource, given)
    amount = record.get(settings["amountField"]) if settings.get("amountField") else None
    why = await coupons.check(ctx.resources, coupon_resource, found, amount, None)
    if why is not None:
        machine = resource.state_machine
        error = ApiError(f"Coupon {given} does not apply: {why}", code="coupon_not_applicable")
        error.status = machine.refusal_status if machine else 422
        raise error
    field, code = settings["field"], found[coupon.code_field]

    def decide(current: dict[str, Any]) -> Mutation:
        for name, allowed in only_when.items():  # again under the row lock
            if current.get(name) not in allowed:
                raise _not_editable(resource, name, current.get(name), allowed)
        merged = {**current, field: code}
        _derive(resource, merged, (field,))
        changes = {k: v for k, v in merged.items() if current.get(k) != v}
        return Mutation(resource.timestamps.on_change(changes, now_iso()) if changes else {})

    updated = await ctx.resources.store.modify(resource.table_name, ctx.resources.tenant, record["id"], decide,
                                               outbox=ctx.resources.outbox("update"))
    if updated is None:
        raise not_found(resource)
    return ctx.respond.item(updated, status=ctx.operation.success_status)


apply.refusals = (409, 422)  # a code that does not apply; a record onlyWhen refuses

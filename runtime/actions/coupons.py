"""`coupons.validate`: whether a discount code applies, and the discount it would give — by the
same rules a checkout applies it with (runtime/services/coupons.py), without using it.

    x-specloom:
      resource: promotions          # declares `coupon`
      action: coupons.validate
      with:
        codeField: code             # body fields: the code, the amount, the customer
        amountField: cartTotal
        customerField: email
        summary: [id, code, type, value]
        answer: { success: true, valid: $valid, discount: $discount, promotion: $summary }

Answers `answer` (a JSON template; default `{valid, discount, promotion}`): `valid: true`
with the discount and the code's `summary` fields, or `valid: false`, discount 0 and a null
summary for a code that is unknown (in this tenant), not active, below its minimum, used up,
or used up by this customer.
"""

from __future__ import annotations

from typing import Any

from specloom.runtime.envelopes import compile_template
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services import coupons

from . import action

_ANSWER = {"valid": "$valid", "discount": "$discount", "promotion": "$summary"}


@action("coupons.validate")
async def validate(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    body = body if isinstance(body, dict) else {}
    resource = ctx.surface.resource(ctx.operation.resource)
    coupon = resource.coupon
    if coupon is None:
        raise LookupError(f"{ctx.operation.operation_id}: resource {resource.name!r} declares no coupon")
    amount = body.get(settings.get("amountField", "amount"))
    customer = body.get(settings["customerField"]) if settings.get("customerField") else None
    record = await coupons.find(ctx.resources, resource, body.get(settings.get("codeField", "code")))
    why = await coupons.check(ctx.resources, resource, record, amount, customer)
    answer = compile_template(settings.get("answer") or _ANSWER)
    if record is None or why is not None:
        return Reply(200, answer({"valid": False, "discount": 0, "summary": None}))
    summary = {k: record.get(k) for k in settings.get("summary") or (coupon.code_field,)}
    return Reply(200, answer({"valid": True, "discount": coupons.discount(coupon, record, amount), "summary": summary}))

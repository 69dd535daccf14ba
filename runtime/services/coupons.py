"""Discount codes (`x-specloom.resources.<name>.coupon`): whether a code applies to an amount
for a customer, the discount it gives, and one use of it counted atomically.

A code applies while its status (a read-time field: ACTIVE, not SCHEDULED, EXPIRED or
EXHAUSTED) is active, the amount reaches its minimum, its uses are below its maximum, and the
customer has used it fewer times than its per-customer limit. The discount of a `percent`
kind is that share of the amount (rounded down, at most all of it), of an `amount` kind its
value (whole cents, at most the amount), of a `none` kind nothing (free shipping: not part of the amount).

`redeem` counts one use under the code's row lock, in the caller's unit of work: the check of
`maxUses`, the count and the use record (`uses`) are one transaction, so concurrent checkouts
never use a code more often than it allows; the per-customer count is read while that lock is
held, so it sees every committed use. Codes match case-insensitively (`caseInsensitive`).
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Filter, Mutation, PageRequest, Query, Refused
from specloom.generator.ir import Coupon, Resource
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict, NotFound

from . import read_derivations
from .resources import TenantResources, _derive, new_id


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def discount(coupon: Coupon, record: dict[str, Any], amount: int | float) -> int | float:
    kind = coupon.kinds.get(record.get(coupon.type_field))
    value = record.get(coupon.value_field)
    if not _number(value) or not _number(amount):
        return 0
    if kind == "percent":
        return int(amount * min(value, 100) // 100)
    if kind == "amount":
        return int(min(value, amount))  # whole cents, rounded down
    return 0


def refusal(coupon: Coupon, record: dict[str, Any] | None, amount: Any) -> str | None:
    """Why the code does not apply to `amount` (None: it applies), on the record as read."""
    if record is None:
        return "unknown code"
    status = record.get(coupon.status_field) if coupon.status_field else None
    if coupon.status_field and coupon.active and status not in coupon.active:
        return f"the code is {status}"
    minimum = record.get(coupon.minimum_field) if coupon.minimum_field else None
    if _number(minimum) and _number(amount) and amount < minimum:
        return f"the amount {amount} is below the minimum {minimum}"
    used = record.get(coupon.used_field) if coupon.used_field else None
    limit = record.get(coupon.max_uses_field) if coupon.max_uses_field else None
    if _number(limit) and _number(used) and used >= limit:
        return "the code has no uses left"
    return None


async def find(resources: TenantResources, resource: Resource, code: Any) -> dict[str, Any] | None:
    """The code's record, as read (read-time fields computed); None when the tenant has none."""
    if not isinstance(code, str) or not code:
        return None
    coupon = resource.coupon
    assert coupon is not None
    value = read_derivations.fold(resource, coupon.code_field, code)
    record = await resources.store.find(resource.table_name, resources.tenant, coupon.code_field, value)
    return None if record is None else await resources.present(resource, record)


async def uses_by(resources: TenantResources, coupon: Coupon, record_id: str, customer: Any) -> int:
    """How many uses of the code `customer` made."""
    if not coupon.uses or not coupon.customer_field or customer is None:
        return 0
    uses = resources.surface.resource(coupon.uses)
    customer = read_derivations.fold(uses, coupon.customer_field, customer)  # emails match in any case
    filters = (Filter(coupon.coupon_field or "", record_id), Filter(coupon.customer_field, customer))
    page = await resources.store.list(uses.table_name, resources.tenant, Query(filters=filters),
                                      PageRequest(limit=1))
    return page.total or 0


async def check(resources: TenantResources, resource: Resource, record: dict[str, Any] | None,
                amount: Any, customer: Any) -> str | None:
    """Why the code does not apply to `amount` for `customer` (None: it applies)."""
    coupon = resource.coupon
    assert coupon is not None
    why = refusal(coupon, record, amount)
    if why is None and record is not None and coupon.per_customer_field:
        limit = record.get(coupon.per_customer_field)
        if _number(limit) and await uses_by(resources, coupon, record["id"], customer) >= limit:
            why = "the customer has used the code as often as it allows"
    return why


async def redeem(resources: TenantResources, resource: Resource, code: Any, amount: Any, customer: Any,
                 refusal_code: str) -> tuple[dict[str, Any], int | float]:
    """Count one use of `code` for `customer` (409 `refusal_code` when it does not apply);
    the code's record after it, and the discount. Call inside the caller's unit of work."""
    coupon = resource.coupon
    assert coupon is not None
    record = await find(resources, resource, code)
    if record is None:
        raise Conflict(f"Promotion code {code!r} does not apply: unknown code", code=refusal_code)
    now = now_iso()
    uses = resources.surface.resource(coupon.uses) if coupon.uses else None
    given: dict[str, Any] = {}

    def use(current: dict[str, Any]) -> Mutation:
        seen = read_derivations.present(resource, dict(current), resources.cached_settings)
        why = refusal(coupon, seen, amount)
        if why is not None:
            raise Refused("not_applicable", why=why)
        given["discount"] = discount(coupon, current, amount)
        merged = dict(current)
        if coupon.used_field:
            merged[coupon.used_field] = (current.get(coupon.used_field) or 0) + 1
        _derive(resource, merged, ())
        changes = resource.timestamps.on_change({k: v for k, v in merged.items() if current.get(k) != v}, now)
        inserts = ()
        if uses is not None:
            doc = {"id": new_id(uses.id_prefix), coupon.coupon_field or "couponId": current["id"]}
            if coupon.customer_field:
                doc[coupon.customer_field] = customer
            uses.timestamps.on_create(doc, now)
            inserts = ((uses.table_name, read_derivations.normalise(uses, doc)),)
        return Mutation(changes, inserts)

    try:
        after = await resources.store.modify(resource.table_name, resources.tenant, record["id"], use,
                                             outbox=resources.outbox("update"))
    except Refused as exc:
        raise Conflict(f"Promotion code {record.get(coupon.code_field)} does not apply: {exc.info['why']}",
                       code=refusal_code) from None
    if after is None:
        raise NotFound("Promotion not found")
    limit = record.get(coupon.per_customer_field) if coupon.per_customer_field else None
    if _number(limit) and await uses_by(resources, coupon, record["id"], customer) > limit:
        # read under the code's row lock: every committed use is counted (the caller rolls back)
        raise Conflict(f"Promotion code {record.get(coupon.code_field)} does not apply: the customer has "
                       "used the code as often as it allows", code=refusal_code)
    return after, given["discount"]

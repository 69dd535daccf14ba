"""Shopvo logic of its own: coupon maths for POST /promotions/validate.

Hooks use runtime APIs only (ctx.resources, Reply)."""

from __future__ import annotations

from datetime import datetime, timezone

from specloom.runtime.errors import NotFound
from specloom.runtime.handler_api import Reply


def _discount(promotion: dict, cart_total: int) -> int:
    if promotion["type"] == "PERCENTAGE":
        return cart_total * min(promotion["value"], 100) // 100
    if promotion["type"] == "FIXED_AMOUNT":
        return int(min(promotion["value"], cart_total))
    return 0  # FREE_SHIPPING: shipping is not part of the cart subtotal


def _applies(promotion: dict, cart_total: int) -> bool:
    if promotion["status"] != "ACTIVE":
        return False
    expires = promotion.get("expiresAt")
    if expires and datetime.fromisoformat(expires.replace("Z", "+00:00")) <= datetime.now(timezone.utc):
        return False
    if promotion.get("maxUses") is not None and promotion["usedCount"] >= promotion["maxUses"]:
        return False
    return cart_total >= (promotion.get("minOrderAmount") or 0)


async def validate_coupon(ctx, *, site_id, body):
    try:
        promotion = await ctx.resources.lookup("promotions", body["code"])
    except NotFound:
        promotion = None
    if promotion is None or not _applies(promotion, body["cartTotal"]):
        return Reply(200, {"success": True, "valid": False, "discount": 0, "promotion": None})
    summary = {k: promotion[k] for k in ("id", "code", "type", "value")}
    return Reply(200, {"success": True, "valid": True, "discount": _discount(promotion, body["cartTotal"]),
                       "promotion": summary})

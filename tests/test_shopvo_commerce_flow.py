"""Shopvo commerce as the reference describes it, on SQLite and PostgreSQL: cart lines priced
from the catalog and held to its stock, checkout completion taking stock and a promotion code
with the order (or nothing), promotions with a status computed on read, gift cards, loyalty
points and inventory adjustments with their audit trail and `inventory.low`."""

from __future__ import annotations

import collections
import json
import re

import pytest

from specloom.backends.base import PageRequest, Query
from specloom.runtime.config import Settings
from specloom.runtime.services.resources import TenantResources
from specloom.runtime.services.tenant_settings import TenantSettings
from tests.support import serve

SITE = "/api/v1/site_demo"
OTHER = "/api/v1/site_other"
NOW = 1_800_000_030.0  # rate-limit windows are counted by this pinned clock: none rolls over
CHECKOUT_SCOPES = ["read:cart", "write:cart", "read:checkout", "write:checkout", "read:orders"]


@pytest.fixture(params=["sqlite", "postgres"])
def shop(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend, settings=Settings(clock=lambda: NOW)) as served:
        seed(served, "products", {"id": "prd_abc", "name": "Classic White T-Shirt", "slug": "classic-white-t-shirt",
                                  "price": 2999, "sku": "TS-WHT"})
        seed(served, "variants", {"id": "var_s", "productId": "prd_abc", "name": "Small / White", "sku": "TS-WHT-S",
                                  "inventoryCount": 42, "isDefault": True})
        seed(served, "variants", {"id": "var_l", "productId": "prd_abc", "name": "Large / White", "sku": "TS-WHT-L",
                                  "price": 3499, "inventoryCount": 1})
        seed(served, "products", {"id": "prd_mug", "name": "Mug", "slug": "mug", "price": 1250, "inventoryCount": 5})
        seed(served, "products", {"id": "prd_other", "name": "Other site's", "slug": "other", "price": 1}, "site_other")
        yield served


def seed(shop, name, doc, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    return shop.call(resources.seed, name, dict(doc))


def stored(shop, name, key, tenant="site_demo"):
    table = shop.runtime.surface.resource(name).table_name
    return shop.call(shop.runtime.store.get, table, tenant, key)


def error_of(response, status) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str)
    return body["error"]


def new_cart(shop, h, *items):
    cart = shop.client.post(f"{SITE}/cart", headers=h, json={"sessionId": "sess_abc123", "currency": "EUR"}).json()
    for item in items:
        r = shop.client.patch(f"{SITE}/cart?cartId={cart['data']['id']}", headers=h, json={"action": "add", "item": item})
        assert r.status_code == 200, r.text
    return cart["data"]["id"]


def check_out(shop, cart_id, *, promotion_code=None, email="jane@example.com", until="review"):
    """A checkout session of the cart moved up to `until`; its id and the key's headers."""
    h = shop.auth("site_demo", CHECKOUT_SCOPES)  # a key of its own: /checkout allows 10 a minute
    body = {"cartId": cart_id, **({"promotionCode": promotion_code} if promotion_code else {})}
    session = shop.client.post(f"{SITE}/checkout", headers=h, json=body).json()["data"]
    for state in ("contact", "shipping", "payment", "review"):
        extra = {"email": email} if state == "contact" else {}
        r = shop.client.patch(f"{SITE}/checkout", headers=h, json={"sessionId": session["id"], "state": state, **extra})
        assert r.status_code == 200, r.text
        if state == until:
            break
    return session["id"], h


def complete(shop, session_id, h):
    return shop.client.patch(f"{SITE}/checkout", headers=h, json={"sessionId": session_id, "state": "complete"})


# -- cart lines: the catalog's prices and stock ------------------------------------------------

def test_the_reference_cart_example_is_priced_from_the_catalog(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart"])
    cart_id = new_cart(shop, h)
    # the reference's request, with a price the client made up: the catalog's price is kept
    r = shop.client.patch(f"{SITE}/cart?cartId={cart_id}", headers=h, json={
        "action": "add", "item": {"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S", "quantity": 2,
                                  "price": 1}})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["items"] == [{"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S",
                                          "quantity": 2, "price": 2999}]
    assert r.json()["data"]["total"] == 5998  # the reference's total
    # a variant's own price wins over the product's; a missing name is the product's
    r = shop.client.patch(f"{SITE}/cart?cartId={cart_id}", headers=h, json={
        "action": "add", "item": {"productId": "prd_abc", "variantId": "var_l", "quantity": 1}})
    assert r.json()["data"]["items"][1] == {"productId": "prd_abc", "variantId": "var_l", "quantity": 1,
                                            "price": 3499, "name": "Classic White T-Shirt"}
    assert r.json()["data"]["total"] == 5998 + 3499
    # an update takes the price again, and keeps the line's name
    r = shop.client.patch(f"{SITE}/cart?cartId={cart_id}", headers=h, json={
        "action": "update", "item": {"productId": "prd_abc", "variantId": "var_s", "quantity": 3, "price": 0}})
    assert r.json()["data"]["items"][0] == {"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S",
                                            "quantity": 3, "price": 2999}


def test_a_cart_line_must_name_a_product_and_variant_of_this_site(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart"])
    url = f"{SITE}/cart?cartId={new_cart(shop, h)}"
    for item, field in [({"productId": "prd_nope", "quantity": 1}, "item.productId"),
                        ({"productId": "prd_other", "quantity": 1}, "item.productId"),  # another site's
                        ({"productId": "prd_mug", "variantId": "var_s", "quantity": 1}, "item.variantId"),
                        ({"productId": "prd_abc", "variantId": "var_nope", "quantity": 1}, "item.variantId")]:
        message = error_of(shop.client.patch(url, headers=h, json={"action": "add", "item": item}), 400)
        assert message.startswith(f"body.{field}: no "), message
    assert shop.client.get(url, headers=h).json()["data"]["items"] == []


def test_adding_more_than_is_in_stock_is_409_out_of_stock(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart"])
    url = f"{SITE}/cart?cartId={new_cart(shop, h)}"
    line = {"productId": "prd_abc", "variantId": "var_l", "quantity": 1}
    assert shop.client.patch(url, headers=h, json={"action": "add", "item": line}).status_code == 200
    # a second one of the last item: the line would hold 2, the stock is 1
    message = error_of(shop.client.patch(url, headers=h, json={"action": "add", "item": line}), 409)
    assert message == "OUT_OF_STOCK: 1 in stock, 2 requested (productId prd_abc, variantId var_l)"
    error_of(shop.client.patch(url, headers=h, json={"action": "update", "item": {**line, "quantity": 2}}), 409)
    mug = {"productId": "prd_mug", "quantity": 6}  # a product's own stock: 5
    assert error_of(shop.client.patch(url, headers=h, json={"action": "add", "item": mug}), 409).startswith("OUT_OF_STOCK")
    items = shop.client.get(url, headers=h).json()["data"]["items"]
    assert [(i["variantId"], i["quantity"]) for i in items] == [("var_l", 1)]


# -- checkout: stock and the code's use go with the order ----------------------------------------

def test_completing_checkout_takes_stock_of_every_line(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart"])
    cart_id = new_cart(shop, h, {"productId": "prd_abc", "variantId": "var_s", "quantity": 2},
                       {"productId": "prd_mug", "quantity": 3})
    session_id, ch = check_out(shop, cart_id)
    done = complete(shop, session_id, ch)
    assert done.status_code == 200, done.text
    order = shop.client.get(f"{SITE}/orders/{done.json()['data']['orderId']}", headers=ch).json()["data"]
    assert order["total"] == 2 * 2999 + 3 * 1250 and order["subtotal"] == order["total"] and order["discount"] == 0
    assert stored(shop, "variants", "var_s")["inventoryCount"] == 40
    assert stored(shop, "products", "prd_mug")["inventoryCount"] == 2
    assert stored(shop, "products", "prd_abc")["inventoryCount"] is None  # a variant line: the variant's stock
    assert stored(shop, "carts", cart_id)["status"] == "CONVERTED"  # bought: never swept as abandoned


def test_stock_that_ran_out_before_completion_places_no_order_and_takes_nothing(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart", "write:inventory"])
    cart_id = new_cart(shop, h, {"productId": "prd_abc", "variantId": "var_s", "quantity": 2},
                       {"productId": "prd_abc", "variantId": "var_l", "quantity": 1})
    session_id, ch = check_out(shop, cart_id)
    # someone else bought the last large one meanwhile
    r = shop.client.post(f"{SITE}/inventory/prd_abc", headers=h,
                         json={"operation": "decrement", "quantity": 1, "variantId": "var_l", "reason": "sold in store"})
    assert r.status_code == 200 and r.json()["data"]["inventoryCount"] == 0
    message = error_of(complete(shop, session_id, ch), 409)
    assert message.startswith("OUT_OF_STOCK: 0 of variant var_l in stock, 1 requested"), message
    assert stored(shop, "variants", "var_s")["inventoryCount"] == 42  # the line before it: rolled back
    session = shop.client.get(f"{SITE}/checkout?sessionId={session_id}", headers=ch).json()["data"]
    assert (session["state"], session["orderId"]) == ("review", None)
    assert stored(shop, "carts", cart_id)["status"] == "ACTIVE"
    assert shop.client.get(f"{SITE}/orders", headers=ch).json()["pagination"]["total"] == 0


def test_a_promotion_code_discounts_the_order_and_counts_one_use(shop):
    h = shop.auth("site_demo", ["read:promotions", "write:promotions", "read:cart", "write:cart"])
    r = shop.client.post(f"{SITE}/promotions", headers=h, json={
        "code": "WELCOME20", "type": "PERCENTAGE", "value": 20, "minOrderAmount": 1000, "maxUses": 500,
        "expiresAt": "2099-12-31T23:59:59Z"})
    assert r.status_code == 201 and r.json()["data"]["status"] == "ACTIVE"
    cart_id = new_cart(shop, h, {"productId": "prd_abc", "variantId": "var_s", "quantity": 2})
    session_id, ch = check_out(shop, cart_id, promotion_code="welcome20")  # any case
    done = complete(shop, session_id, ch).json()["data"]
    assert (done["subtotal"], done["discount"], done["total"]) == (5998, 1199, 4799)
    order = shop.client.get(f"{SITE}/orders/{done['orderId']}", headers=ch).json()["data"]
    assert (order["subtotal"], order["discount"], order["total"], order["promotionCode"]) == (5998, 1199, 4799, "welcome20")
    promotion = shop.client.get(f"{SITE}/promotions", headers=h).json()["items"][0]
    assert (promotion["usedCount"], promotion["remainingUses"]) == (1, 499)


def test_a_code_that_does_not_apply_refuses_completion_and_takes_nothing(shop):
    h = shop.auth("site_demo", ["write:promotions", "read:cart", "write:cart"])
    shop.client.post(f"{SITE}/promotions", headers=h, json={"code": "BIGSPEND", "type": "FIXED_AMOUNT", "value": 500,
                                                             "minOrderAmount": 100000})
    cart_id = new_cart(shop, h, {"productId": "prd_mug", "quantity": 1})
    session_id, ch = check_out(shop, cart_id, promotion_code="BIGSPEND")
    message = error_of(complete(shop, session_id, ch), 409)
    assert message == "Promotion code BIGSPEND does not apply: the amount 1250 is below the minimum 100000"
    assert stored(shop, "products", "prd_mug")["inventoryCount"] == 5
    assert shop.client.get(f"{SITE}/orders", headers=ch).json()["pagination"]["total"] == 0


def test_per_customer_limits_count_by_email_in_checkout_and_validation(shop):
    h = shop.auth("site_demo", ["write:promotions", "read:cart", "write:cart"])
    r = shop.client.post(f"{SITE}/promotions", headers=h, json={"code": "ONCE", "type": "FIXED_AMOUNT", "value": 500,
                                                                 "maxUsesPerCustomer": 1})
    assert r.status_code == 201 and r.json()["data"]["maxUsesPerCustomer"] == 1
    validate = {"code": "once", "cartTotal": 5000, "email": "jane@example.com"}
    assert shop.client.post(f"{SITE}/promotions/validate", json=validate).json()["discount"] == 500
    first, ch = check_out(shop, new_cart(shop, h, {"productId": "prd_mug", "quantity": 1}), promotion_code="ONCE")
    assert complete(shop, first, ch).json()["data"]["discount"] == 500
    # the validate endpoint promises per-customer checks: the same email (any case) is done
    assert shop.client.post(f"{SITE}/promotions/validate", json={**validate, "email": "Jane@Example.com"}).json() == {
        "success": True, "valid": False, "discount": 0, "promotion": None}
    assert shop.client.post(f"{SITE}/promotions/validate", json={**validate, "email": "joe@example.com"}).json()["valid"]
    again, ch = check_out(shop, new_cart(shop, h, {"productId": "prd_mug", "quantity": 1}), promotion_code="ONCE")
    assert "used the code as often as it allows" in error_of(complete(shop, again, ch), 409)
    other, ch = check_out(shop, new_cart(shop, h, {"productId": "prd_mug", "quantity": 1}), promotion_code="ONCE",
                          email="joe@example.com")
    assert complete(shop, other, ch).status_code == 200


# -- promotions: status computed on read -------------------------------------------------------

def test_promotion_status_is_computed_on_read_and_filters_use_it(shop):
    h = shop.auth("site_demo", ["read:promotions", "write:promotions"])
    made = {}
    for code, extra in [("ACTIVE1", {"expiresAt": "2099-12-31T23:59:59Z"}),
                        ("LATER", {"startsAt": "2099-01-01T00:00:00Z"}),
                        ("GONE", {"expiresAt": "2020-01-01T00:00:00+02:00"}),
                        ("FOREVER", {})]:
        r = shop.client.post(f"{SITE}/promotions", headers=h, json={"code": code, "type": "FIXED_AMOUNT", "value": 100, **extra})
        assert r.status_code == 201, r.text
        made[code] = r.json()["data"]
    # a promotion whose stored record still says ACTIVE though every use is gone (and its
    # time has come): what is read is computed, never the stale stored value
    seed(shop, "promotions", {"id": "promo_used", "code": "USEDUP", "type": "PERCENTAGE", "value": 10, "maxUses": 3,
                              "usedCount": 3, "status": "ACTIVE"})
    assert {c: d["status"] for c, d in made.items()} == {"ACTIVE1": "ACTIVE", "LATER": "SCHEDULED", "GONE": "EXPIRED",
                                                         "FOREVER": "ACTIVE"}

    def codes(status):
        page = shop.client.get(f"{SITE}/promotions?status={status}", headers=h).json()
        assert page["pagination"]["total"] == len(page["items"])
        assert {p["status"] for p in page["items"]} <= {status}
        return sorted(p["code"] for p in page["items"])

    assert codes("ACTIVE") == ["ACTIVE1", "FOREVER"]
    assert codes("SCHEDULED") == ["LATER"]
    assert codes("EXPIRED") == ["GONE"]
    assert codes("EXHAUSTED") == ["USEDUP"]
    listed = shop.client.get(f"{SITE}/promotions?limit=2&page=2", headers=h).json()
    assert listed["pagination"] == {"page": 2, "limit": 2, "total": 5, "totalPages": 3}
    for code in ("LATER", "GONE", "USEDUP"):
        assert shop.client.post(f"{SITE}/promotions/validate", json={"code": code, "cartTotal": 5000}).json()["valid"] is False


def test_promotion_codes_match_case_insensitively(shop):
    h = shop.auth("site_demo", ["read:promotions", "write:promotions"])
    r = shop.client.post(f"{SITE}/promotions", headers=h, json={"code": "Welcome20", "type": "PERCENTAGE", "value": 20})
    assert r.status_code == 201 and r.json()["data"]["code"] == "WELCOME20"
    assert error_of(shop.client.post(f"{SITE}/promotions", headers=h,
                                     json={"code": "welcome20", "type": "FIXED_AMOUNT", "value": 1}), 409)
    assert shop.client.post(f"{SITE}/promotions/validate", json={"code": "wElCoMe20", "cartTotal": 5000}).json() == {
        "success": True, "valid": True, "discount": 1000,
        "promotion": {"id": r.json()["data"]["id"], "code": "WELCOME20", "type": "PERCENTAGE", "value": 20}}


# -- gift cards ----------------------------------------------------------------------------------

def test_gift_cards_as_the_reference_shows_them(shop):
    h = shop.auth("site_demo", ["read:gift-cards", "write:gift-cards"])
    r = shop.client.post(f"{SITE}/gift-cards", headers=h, json={
        "initialBalance": 5000, "customerId": "cust_xyz", "expiresAt": "2099-12-31T23:59:59Z", "note": "Birthday gift"})
    assert r.status_code == 201, r.text
    card = r.json()["data"]
    assert re.fullmatch(r"GIFT-[A-Z2-9]{4}-[A-Z2-9]{4}", card["code"]) and card["id"].startswith("gc_")
    assert (card["remainingBalance"], card["status"], card["initialBalance"]) == (5000, "ACTIVE", 5000)
    r = shop.client.post(f"{SITE}/gift-cards/{card['id']}/redeem", headers=h, json={"amount": 2500, "orderId": "order_xyz"})
    assert r.status_code == 200 and (r.json()["data"]["remainingBalance"], r.json()["data"]["status"]) == (2500, "ACTIVE")
    # never overdrawn: the remaining balance stays
    assert "2500 available, 2600 requested" in error_of(
        shop.client.post(f"{SITE}/gift-cards/{card['id']}/redeem", headers=h, json={"amount": 2600}), 409)
    r = shop.client.post(f"{SITE}/gift-cards/{card['id']}/redeem", headers=h, json={"amount": 2500})
    assert (r.json()["data"]["remainingBalance"], r.json()["data"]["status"]) == (0, "REDEEMED")
    assert "REDEEMED" in error_of(shop.client.post(f"{SITE}/gift-cards/{card['id']}/redeem", headers=h, json={"amount": 1}), 409)
    listed = shop.client.get(f"{SITE}/gift-cards?customerId=cust_xyz&status=REDEEMED", headers=h).json()
    assert [c["id"] for c in listed["items"]] == [card["id"]] and listed["pagination"]["total"] == 1
    by_code = shop.client.get(f"{SITE}/gift-cards?code={card['code'].lower()}", headers=h).json()
    assert [c["id"] for c in by_code["items"]] == [card["id"]]
    assert shop.client.get(f"{SITE}/gift-cards?status=ACTIVE", headers=h).json()["items"] == []


def test_a_given_code_is_kept_and_unique(shop):
    h = shop.auth("site_demo", ["read:gift-cards", "write:gift-cards"])
    r = shop.client.post(f"{SITE}/gift-cards", headers=h, json={"initialBalance": 1000, "code": "gift-xxxx-yyyy"})
    assert r.status_code == 201 and r.json()["data"]["code"] == "GIFT-XXXX-YYYY"
    error_of(shop.client.post(f"{SITE}/gift-cards", headers=h, json={"initialBalance": 1, "code": "GIFT-XXXX-YYYY"}), 409)


def test_void_is_final_and_expired_cards_cannot_be_redeemed(shop):
    h = shop.auth("site_demo", ["read:gift-cards", "write:gift-cards"])
    card = shop.client.post(f"{SITE}/gift-cards", headers=h, json={"initialBalance": 5000}).json()["data"]
    url = f"{SITE}/gift-cards/{card['id']}"
    r = shop.client.patch(url, headers=h, json={"expiresAt": "2099-06-30T02:00:00+02:00"})
    assert r.status_code == 200 and r.json()["data"]["expiresAt"] == "2099-06-30T00:00:00.000Z"  # kept in UTC
    r = shop.client.patch(url, headers=h, json={"status": "VOID"})  # the reference's example
    assert r.status_code == 200 and r.json()["data"]["status"] == "VOID" and r.json()["data"]["voidedAt"]
    assert error_of(shop.client.patch(url, headers=h, json={"status": "ACTIVE"}), 409) == (  # cannot be reactivated
        "Operation refused: cannot move a gift card that is VOID to ACTIVE (VOID is final)")
    assert "VOID" in error_of(shop.client.patch(url, headers=h, json={"expiresAt": None}), 409)
    assert "VOID" in error_of(shop.client.post(f"{url}/redeem", headers=h, json={"amount": 100}), 409)
    assert shop.client.get(f"{SITE}/gift-cards?status=VOID", headers=h).json()["pagination"]["total"] == 1
    # a card past its expiry reads EXPIRED (its stored record says nothing of it) and is refused
    seed(shop, "giftCards", {"id": "gc_old", "code": "GIFT-OLD1-OLD2", "initialBalance": 800, "remainingBalance": 800,
                             "expiresAt": "2021-01-01T00:00:00.000Z"})
    old = shop.client.get(f"{SITE}/gift-cards?status=EXPIRED", headers=h).json()["items"]
    assert [(c["id"], c["status"]) for c in old] == [("gc_old", "EXPIRED")]
    assert "EXPIRED" in error_of(shop.client.post(f"{SITE}/gift-cards/gc_old/redeem", headers=h, json={"amount": 1}), 409)
    # a new expiry makes it redeemable again (it was never void)
    assert shop.client.patch(f"{SITE}/gift-cards/gc_old", headers=h,
                             json={"expiresAt": None}).json()["data"]["status"] == "ACTIVE"
    assert shop.client.post(f"{SITE}/gift-cards/gc_old/redeem", headers=h, json={"amount": 800}).status_code == 200
    # another site's card is not there
    error_of(shop.client.post(f"{OTHER}/gift-cards/{card['id']}/redeem", headers=shop.auth("site_other"),
                              json={"amount": 1}), 404)


# -- loyalty --------------------------------------------------------------------------------------

def test_loyalty_award_redeem_and_tier(shop):
    h = shop.auth("site_demo", ["read:loyalty", "write:loyalty"])
    error_of(shop.client.get(f"{SITE}/loyalty/cust_xyz", headers=h), 404)
    r = shop.client.post(f"{SITE}/loyalty/cust_xyz/award", headers=h, json={"points": 1250, "orderId": "order_xyz"})
    assert r.status_code == 200 and r.json()["data"]["points"] == 1250
    assert r.json()["data"]["transaction"]["type"] == "EARN" and r.json()["data"]["transaction"]["id"].startswith("lt_")
    r = shop.client.post(f"{SITE}/loyalty/cust_xyz/redeem", headers=h, json={"points": 100, "orderId": "order_xyz"})
    assert r.json() == {"success": True, "data": {"discountAmount": 100, "pointsRemaining": 1150}}  # the reference's
    account = shop.client.get(f"{SITE}/loyalty/cust_xyz", headers=h).json()["data"]
    assert (account["customerId"], account["points"], account["tier"]) == ("cust_xyz", 1150, "GOLD")
    assert [(t["type"], t["points"]) for t in account["transactions"]] == [("EARN", 1250), ("REDEEM", -100)]
    r = shop.client.post(f"{SITE}/loyalty/cust_xyz/award", headers=h, json={"points": 500, "note": "Referral bonus"})
    assert r.json()["data"]["points"] == 1650  # the reference's award
    assert "1650 available, 1651 requested" in error_of(
        shop.client.post(f"{SITE}/loyalty/cust_xyz/redeem", headers=h, json={"points": 1651}), 409)
    error_of(shop.client.post(f"{SITE}/loyalty/cust_new/redeem", headers=h, json={"points": 1}), 404)
    # a customer of the site who never earned points has 0 of them
    seed(shop, "customers", {"id": "cust_new", "email": "new@example.com", "firstName": "New", "lastName": "Customer"})
    fresh = shop.client.get(f"{SITE}/loyalty/cust_new", headers=h).json()["data"]
    assert (fresh["points"], fresh["tier"], fresh.get("transactions")) == (0, "BRONZE", [])
    assert "0 available, 1 requested" in error_of(
        shop.client.post(f"{SITE}/loyalty/cust_new/redeem", headers=h, json={"points": 1}), 409)


def test_loyalty_rules_are_site_settings(shop):
    h = shop.auth("site_demo", ["read:loyalty", "write:loyalty"])
    settings = TenantSettings(shop.runtime.store, "shopvo")
    shop.call(settings.update, "site_demo", {"loyaltyRedemptionRate": 5,
                                             "loyaltyTiers": {"MEMBER": 0, "VIP": 2000}})
    shop.client.post(f"{SITE}/loyalty/cust_xyz/award", headers=h, json={"points": 1250})
    r = shop.client.post(f"{SITE}/loyalty/cust_xyz/redeem", headers=h, json={"points": 100})
    assert r.json()["data"] == {"discountAmount": 500, "pointsRemaining": 1150}
    assert shop.client.get(f"{SITE}/loyalty/cust_xyz", headers=h).json()["data"]["tier"] == "MEMBER"
    # another site keeps the defaults
    o = shop.auth("site_other", ["read:loyalty", "write:loyalty"])
    shop.client.post(f"{OTHER}/loyalty/cust_xyz/award", headers=o, json={"points": 600})
    assert shop.client.get(f"{OTHER}/loyalty/cust_xyz", headers=o).json()["data"]["tier"] == "SILVER"
    assert shop.client.post(f"{OTHER}/loyalty/cust_xyz/redeem", headers=o,
                            json={"points": 100}).json()["data"]["discountAmount"] == 100


# -- inventory ------------------------------------------------------------------------------------

def test_inventory_lists_products_and_variants_and_filters_by_sku(shop):
    h = shop.auth("site_demo", ["read:inventory"])
    page = shop.client.get(f"{SITE}/inventory", headers=h).json()
    assert page["pagination"] == {"page": 1, "limit": 20, "total": 4, "totalPages": 1}
    assert page["items"][0] == {"id": "var_s", "productId": "prd_abc", "name": "Classic White T-Shirt — Small / White",
                                "sku": "TS-WHT-S", "inventoryCount": 42, "inventoryStatus": "IN_STOCK", "variantId": "var_s"}
    assert [i["id"] for i in page["items"]] == ["var_s", "var_l", "prd_abc", "prd_mug"]
    assert shop.client.get(f"{SITE}/inventory?sku=TS-WHT-L", headers=h).json()["items"][0]["id"] == "var_l"
    second = shop.client.get(f"{SITE}/inventory?limit=3&page=2", headers=h).json()
    assert [i["id"] for i in second["items"]] == ["prd_mug"] and second["pagination"]["totalPages"] == 2


def test_inventory_adjustments_keep_an_audit_trail_and_never_go_below_zero(shop):
    h = shop.auth("site_demo", ["read:inventory", "write:inventory"])
    r = shop.client.post(f"{SITE}/inventory/prd_abc", headers=h, json={
        "operation": "increment", "quantity": 10, "variantId": "var_s", "reason": "Restock from supplier PO-1234"})
    assert r.status_code == 200
    assert {k: r.json()["data"][k] for k in ("id", "inventoryCount", "inventoryStatus")} == {
        "id": "var_s", "inventoryCount": 52, "inventoryStatus": "IN_STOCK"}  # the reference's answer
    message = error_of(shop.client.post(f"{SITE}/inventory/prd_abc", headers=h,
                                        json={"operation": "decrement", "quantity": 53, "variantId": "var_s"}), 409)
    assert message == "OUT_OF_STOCK: 52 in stock, 53 requested"
    r = shop.client.post(f"{SITE}/inventory/prd_mug", headers=h, json={"operation": "set", "quantity": 0, "reason": "count"})
    assert (r.json()["data"]["inventoryCount"], r.json()["data"]["inventoryStatus"]) == (0, "OUT_OF_STOCK")
    error_of(shop.client.post(f"{SITE}/inventory/prd_mug", headers=h,
                              json={"operation": "increment", "quantity": 1, "variantId": "var_s"}), 404)
    error_of(shop.client.post(f"{OTHER}/inventory/prd_abc", headers=shop.auth("site_other"),
                              json={"operation": "set", "quantity": 1}), 404)
    trail = shop.call(lambda: shop.runtime.store.list(
        shop.runtime.surface.resource("inventoryAdjustments").table_name, "site_demo",
        Query(), PageRequest(limit=10)))
    assert sorted((a["targetType"], a["targetId"], a["operation"], a["quantity"], a["before"], a["after"], a.get("reason"))
                  for a in trail.items) == [
        ("products", "prd_mug", "set", 0, 5, 0, "count"),
        ("variants", "var_s", "increment", 10, 42, 52, "Restock from supplier PO-1234")]


def test_crossing_a_low_stock_threshold_emits_inventory_low(shop):
    h = shop.auth("site_demo", ["write:inventory", "write:catalog"])
    url = f"{SITE}/inventory/prd_abc"
    seed(shop, "variants", {"id": "var_m", "productId": "prd_abc", "name": "Medium / White", "inventoryCount": 20,
                            "lowStockThreshold": 10})
    shop.client.post(url, headers=h, json={"operation": "decrement", "quantity": 10, "variantId": "var_m"})  # 10: not below
    shop.client.post(url, headers=h, json={"operation": "decrement", "quantity": 1, "variantId": "var_m"})  # 9: crosses
    shop.client.post(url, headers=h, json={"operation": "decrement", "quantity": 1, "variantId": "var_m"})  # 8: already below
    shop.client.post(f"{SITE}/inventory/prd_mug", headers=h, json={"operation": "decrement", "quantity": 1})  # 4: crosses 5
    events = shop.call(lambda: shop.runtime.store.outbox_list("shopvo", tenant="site_demo", deliveries=False))
    low = collections.Counter(json.loads(e["body"])["data"]["id"] for e in events if e["event"] == "inventory.low")
    assert low == {"var_m": 1, "prd_mug": 1}


def test_a_paid_order_earns_loyalty_points_by_the_sites_rate(shop):
    from specloom.runtime.services.state_machines import apply_transition

    h = shop.auth("site_demo", ["read:loyalty", "write:loyalty"])
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")
    order = seed(shop, "orders", {"id": "order_xyz", "number": "ORD-1042", "customerId": "cust_xyz", "total": 7137})
    guest = seed(shop, "orders", {"id": "order_guest", "number": "ORD-1043", "total": 9999})
    paid = shop.call(apply_transition, resources, "orders", order, "confirmPayment")
    assert (paid["status"], paid["paymentStatus"]) == ("CONFIRMED", "PAID")
    shop.call(apply_transition, resources, "orders", guest, "confirmPayment")  # no customer: no account
    account = shop.client.get(f"{SITE}/loyalty/cust_xyz", headers=h).json()["data"]
    assert account["points"] == 71  # 1 point per currency unit: 71.37 → 71
    assert [(t["type"], t["points"], t["orderId"]) for t in account["transactions"]] == [("EARN", 71, "order_xyz")]
    # the site's own rate; a second paid order adds to the same account
    shop.call(TenantSettings(shop.runtime.store, "shopvo").update, "site_demo", {"loyaltyPointsPerCurrencyUnit": 2})
    second = seed(shop, "orders", {"id": "order_two", "number": "ORD-1044", "customerId": "cust_xyz", "total": 500})
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")  # a new request's
    shop.call(apply_transition, resources, "orders", second, "confirmPayment")
    assert shop.client.get(f"{SITE}/loyalty/cust_xyz", headers=h).json()["data"]["points"] == 71 + 10

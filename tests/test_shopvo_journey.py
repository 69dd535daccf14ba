"""One Shopvo purchase end to end, as the reference tells it, on SQLite and PostgreSQL.

A merchant loads brands and categories (`data load`), creates a product with variants and a
promotion, and subscribes a webhook receiver to every event. A shopper browses with `expand[]`
and `fields`, reviews the product, fills a cart, checks the coupon, and goes through every
checkout state to `complete`, which places the order and takes its stock. The first payment on
the test provider's hosted page is declined, the second confirmed by its signed callback; the
order is CONFIRMED/PAID, then an admin moves it to PROCESSING. A second cart is left with items
for an hour and the sweep abandons it. Every one of the seven events reaches a real HTTP
receiver, which verifies each delivery with the reference's own `verifyWebhookSignature`.
"""

from __future__ import annotations

import json

import attrs
import pytest

from specloom.runtime.services.data_loading import DataLoader, batches
from specloom.runtime.services.sweeps import SweepRunner
from tests.support import PINNED_NOW
from tests.webhook_receiver import verify_webhook_signature, wait_for

SITE = "/api/v1/site_demo"
NOW = PINNED_NOW  # the served shop's clock (tests/conftest.py): no rate-limit window rolls over mid-test
EVENTS = ["order.created", "order.updated", "payment.confirmed", "payment.failed", "inventory.low",
          "cart.abandoned", "review.created"]


@pytest.fixture
def shop_settings(shop_settings):
    return attrs.evolve(shop_settings, sweeps=False)  # the test runs the abandoning sweep itself, an hour on


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_a_purchase_from_browsing_to_a_paid_processed_order_delivers_every_event(shop, receiver):
    admin = shop.auth("site_demo", ["admin:*"])
    shopper = shop.auth("site_demo", ["read:catalog", "write:catalog", "read:cart", "write:cart",
                                      "read:checkout", "write:checkout", "read:orders"])

    # -- the merchant: brand and category by data load, the rest through the API ------------------
    loader = DataLoader.for_runtime(shop.runtime)
    shop.call(lambda: loader.load("site_demo", batches({"records": {
        "brands": [{"id": "br_1", "name": "Essentials", "slug": "essentials"}],
        "categories": [{"id": "cat_1", "name": "Apparel", "slug": "apparel"}]}}, shop.runtime.surface)))
    secret = ok(shop.client.post(f"{SITE}/webhooks", headers=admin,
                                 json={"url": receiver.url("/shopvo"), "events": EVENTS}), 201)["data"]["secret"]
    product = ok(shop.client.post(f"{SITE}/products", headers=admin, json={
        "name": "Classic White T-Shirt", "slug": "classic-white-t-shirt", "price": 2999, "compareAtPrice": 3999,
        "brandId": "br_1", "categoryIds": ["cat_1"], "images": ["https://cdn.shopvo.eu/img/ts-wht.jpg"]}), 201)["data"]
    small = ok(shop.client.post(f"{SITE}/products/{product['id']}/variants", headers=admin, json={
        "name": "Small / White", "sku": "TS-WHT-S", "inventoryCount": 6,
        "options": {"Size": "Small", "Color": "White"}}), 201)["data"]
    ok(shop.client.post(f"{SITE}/products/{product['id']}/variants", headers=admin, json={
        "name": "Large / Black", "sku": "TS-BLK-L", "inventoryCount": 10,
        "options": {"Size": "Large", "Color": "Black"}, "isDefault": False}), 201)
    ok(shop.client.post(f"{SITE}/promotions", headers=admin, json={
        "code": "WELCOME20", "type": "PERCENTAGE", "value": 20, "minOrderAmount": 1000, "maxUses": 500}), 201)

    # -- the shopper browses: sparse fields, expansion, by slug, variants default first ------------
    listed = ok(shop.client.get(f"{SITE}/products?fields=id,name,price,slug,variants,brand,categories&expand[]=variants&expand[]=brand"
                                "&expand[]=categories", headers=shopper))
    [item] = listed["items"]
    assert set(item) >= {"id", "name", "price", "slug", "variants", "brand", "categories"}
    assert "compareAtPrice" not in item and "description" not in item  # not among the fields asked for
    assert item["brand"]["name"] == "Essentials" and item["categories"][0]["slug"] == "apparel"
    assert [v["name"] for v in item["variants"]] == ["Small / White", "Large / Black"]
    assert ok(shop.client.get(f"{SITE}/products/classic-white-t-shirt", headers=shopper))["data"]["id"] == product["id"]
    variants = ok(shop.client.get(f"{SITE}/products/{product['id']}/variants", headers=shopper))["data"]
    assert variants[0]["isDefault"] is True and variants[0]["inventoryStatus"] == "IN_STOCK"

    review = ok(shop.client.post(f"{SITE}/products/{product['id']}/reviews", headers=shopper, json={
        "rating": 5, "title": "Great quality!", "content": "Wore this for a week and it still looks brand new.",
        "reviewerName": "Jane Smith", "reviewerEmail": "jane@example.com"}), 201)["data"]
    assert review["status"] == "PENDING"

    # -- cart, coupon, checkout through every state --------------------------------------------------
    cart = ok(shop.client.post(f"{SITE}/cart", headers=shopper, json={"sessionId": "sess_abc123", "currency": "EUR"}),
              201)["data"]
    filled = ok(shop.client.patch(f"{SITE}/cart?cartId={cart['id']}", headers=shopper, json={
        "action": "add", "item": {"productId": product["id"], "variantId": small["id"], "name": "T-Shirt S",
                                  "quantity": 2, "price": 1}}))["data"]
    assert filled["total"] == 5998  # the catalog's price, not the client's
    coupon = ok(shop.client.post(f"{SITE}/promotions/validate", json={
        "code": "welcome20", "cartTotal": filled["total"], "email": "jane@example.com"}))
    assert (coupon["valid"], coupon["discount"]) == (True, 1199)

    session = ok(shop.client.post(f"{SITE}/checkout", headers=shopper,
                                  json={"cartId": cart["id"], "promotionCode": "WELCOME20"}), 201)["data"]
    assert session["state"] == "init"
    moves = [("contact", {"email": "jane@example.com"}),
             ("shipping", {"shippingAddress": {"line1": "1 Main St", "city": "Athens", "postalCode": "10431",
                                               "country": "GR"}}),
             ("payment", {}), ("review", {}), ("complete", {})]
    for state, extra in moves:
        moved = ok(shop.client.patch(f"{SITE}/checkout", headers=shopper,
                                     json={"sessionId": session["id"], "state": state, **extra}))["data"]
        assert moved["state"] == state
    order_id = moved["orderId"]
    order = ok(shop.client.get(f"{SITE}/orders/{order_id}", headers=shopper))["data"]
    assert (order["status"], order["paymentStatus"]) == ("PENDING", "PENDING")
    assert (order["subtotal"], order["discount"], order["total"]) == (5998, 1199, 4799)
    assert ok(shop.client.get(f"{SITE}/products/{product['id']}/variants", headers=shopper))["data"][0][
        "inventoryCount"] == 4  # 6 − 2: below the threshold of 5

    # -- payment on the test provider's hosted page: declined, then paid --------------------------
    def pay(outcome: str) -> None:
        started = ok(shop.client.post(f"{SITE}/orders/{order_id}/payment", headers=shopper), 201)["data"]
        assert started["amount"] == 4799 and started["currency"] == "EUR"
        page = started["url"][len("http://testserver"):]
        assert "47.99 EUR" in shop.client.get(page).text
        assert shop.client.post(page, data={"outcome": outcome}).status_code == 200

    pay("failed")
    assert ok(shop.client.get(f"{SITE}/orders/{order_id}", headers=shopper))["data"]["paymentStatus"] == "FAILED"
    pay("succeeded")
    order = ok(shop.client.get(f"{SITE}/orders/{order['number']}", headers=shopper))["data"]
    assert (order["status"], order["paymentStatus"]) == ("CONFIRMED", "PAID")

    # -- the merchant moves it on; another cart is abandoned after an hour --------------------------
    moved = ok(shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "PROCESSING"}))["data"]
    assert moved["status"] == "PROCESSING"
    left = ok(shop.client.post(f"{SITE}/cart", headers=shopper, json={"sessionId": "sess_later", "currency": "EUR"}),
              201)["data"]
    ok(shop.client.patch(f"{SITE}/cart?cartId={left['id']}", headers=shopper, json={
        "action": "add", "item": {"productId": product["id"], "variantId": small["id"], "quantity": 1}}))
    sweeper = SweepRunner(shop.runtime, clock=lambda: NOW + 3600 + 60)
    assert shop.call(lambda: sweeper.run_once(force=True)) == 1

    # -- every event arrived, each verified with the reference's algorithm ---------------------------
    def deliveries():
        got = receiver.received("/shopvo")
        return got if {json.loads(d["raw"])["event"] for d in got} >= set(EVENTS) else None

    got = wait_for(deliveries)
    for delivery in got:
        assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
        body = json.loads(delivery["raw"])
        assert set(body) == {"event", "timestamp", "siteId", "data"} and body["siteId"] == "site_demo"
    by_event = {}
    for delivery in got:
        body = json.loads(delivery["raw"])
        by_event.setdefault(body["event"], []).append(body["data"])
    assert by_event["order.created"] == [{"id": order_id, "number": order["number"], "total": 4799}]
    assert [d["id"] for d in by_event["payment.failed"]] == [order_id]
    assert [d["id"] for d in by_event["payment.confirmed"]] == [order_id]
    assert [d["status"] for d in by_event["order.updated"] if d.get("id") == order_id][-1] == "PROCESSING"
    assert [d["id"] for d in by_event["inventory.low"]] == [small["id"]]
    assert [d["id"] for d in by_event["cart.abandoned"]] == [left["id"]]
    assert [d["id"] for d in by_event["review.created"]] == [review["id"]]

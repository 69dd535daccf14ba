"""One Aly purchase end to end, on SQLite and PostgreSQL (issue 14's journey).

The merchant builds a summer collection (two published products and a draft), a coupon, and
subscribes a webhook receiver to every event. A guest browses the collection (the draft is never
shown), fills a cart (add, change a quantity, remove a line), applies the coupon and checks out:
the answer is a payment session whose URL is the test provider's hosted page. The first payment
is declined by the provider's signed callback, the order stays pending; paying again succeeds and
the order follows (open, paid). The merchant fulfils, then refunds; an illegal transition is
refused (422) and a stale one loses the race (409). Analytics counts the paid order once and the
refund once. A real HTTP receiver gets every event and verifies each delivery's signature.
"""

from __future__ import annotations

import json

import pytest

from specloom.runtime.config import Settings
from tests.support import serve
from tests.test_webhooks import Receiver, verify_webhook_signature, wait_for

ACME = "/api/storefront/v1/stores/acme"
NOW = 1_800_000_030.0  # a pinned clock: rate-limit windows never roll over mid-test
EVENTS = ["order.created", "order.paid", "order.payment_failed", "order.fulfilled", "order.cancelled",
          "order.refunded", "order.returned", "order.exchanged", "product.created", "product.updated",
          "customer.created"]


@pytest.fixture(params=["sqlite", "postgres"])
def aly(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    settings = Settings(validate_responses=True, clock=lambda: NOW, webhook_http_hosts=("127.0.0.1",),
                        webhook_poll_seconds=0.02, sweeps=False)
    with serve("aly", tmp_path, backend=backend, settings=settings) as served:
        yield served


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_a_guest_buys_from_a_collection_and_the_merchant_fulfils_and_refunds(aly, receiver):
    merchant = {"Authorization": f"Bearer {aly.issue_key('acme', ('admin:*',)).token}"}

    # -- the merchant: webhooks, a collection, two published products and a draft, a coupon -------
    secret = ok(aly.client.post(f"{ACME}/webhooks", headers=merchant,
                                json={"url": receiver.url("/aly"), "events": EVENTS}), 201)["data"]["secret"]
    summer = ok(aly.client.post(f"{ACME}/collections", headers=merchant,
                                json={"title": "Summer", "handle": "summer"}), 201)["data"]
    shirt = ok(aly.client.post(f"{ACME}/products", headers=merchant, json={
        "title": "Linen Shirt", "handle": "linen-shirt", "price": 4900, "collection_ids": [summer["id"]],
        "inventory_quantity": 10}), 201)["data"]
    shorts = ok(aly.client.post(f"{ACME}/products", headers=merchant, json={
        "title": "Canvas Shorts", "handle": "canvas-shorts", "price": 3500, "collection_ids": [summer["id"]]}), 201)["data"]
    draft = ok(aly.client.post(f"{ACME}/products", headers=merchant, json={
        "title": "Parka", "handle": "parka", "price": 24900, "status": "draft", "collection_ids": [summer["id"]]}),
        201)["data"]
    ok(aly.client.post(f"{ACME}/coupons", headers=merchant,
                       json={"code": "SUMMER10", "type": "percentage", "value": 10}), 201)

    # -- the guest browses the collection: the draft is never there ------------------------------
    collections = ok(aly.client.get(f"{ACME}/collections"))["data"]
    assert [c["handle"] for c in collections] == ["summer"]
    assert ok(aly.client.get(f"{ACME}/collections/summer"))["data"]["id"] == summer["id"]
    browsed = ok(aly.client.get(f"{ACME}/products?collection={summer['id']}"))["data"]
    assert [p["handle"] for p in browsed] == ["linen-shirt", "canvas-shorts"]
    assert aly.client.get(f"{ACME}/products/{draft['id']}").status_code == 404

    # -- fills a cart: add, change a quantity, remove a line ---------------------------------------
    cart = ok(aly.client.post(f"{ACME}/carts", json={"line_items": [{"product_id": shirt["id"], "quantity": 1}]}),
              201)["data"]
    cart = ok(aly.client.post(f"{ACME}/carts/{cart['id']}/line_items", json={"line_items": [
        {"product_id": shorts["id"], "quantity": 1}, {"product_id": shirt["id"], "quantity": 1}]}))["data"]
    shirt_line, shorts_line = cart["line_items"]
    assert (shirt_line["quantity"], shirt_line["unit_amount"], shorts_line["unit_amount"]) == (2, 4900, 3500)
    cart = ok(aly.client.patch(f"{ACME}/carts/{cart['id']}/line_items/{shorts_line['id']}", json={"quantity": 3}))["data"]
    assert cart["subtotal"] == 2 * 4900 + 3 * 3500
    extra = ok(aly.client.post(f"{ACME}/carts/{cart['id']}/line_items", json={"line_items": [
        {"product_id": shorts["id"], "variant_id": "var_l", "quantity": 1}]}))["data"]["line_items"][-1]
    cart = ok(aly.client.delete(f"{ACME}/carts/{cart['id']}/line_items/{extra['id']}"))["data"]
    assert [line["id"] for line in cart["line_items"]] == [shirt_line["id"], shorts_line["id"]]
    assert cart["subtotal"] == 20300

    # -- applies the coupon, checks out: a payment session on the test provider -------------------
    cart = ok(aly.client.put(f"{ACME}/carts/{cart['id']}/coupon", json={"code": "summer10"}))["data"]
    assert cart["coupon_code"] == "SUMMER10"  # as the coupon spells it
    r = aly.client.put(f"{ACME}/carts/{cart['id']}/coupon", json={"code": "WINTER"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "coupon_not_applicable"
    session = ok(aly.client.post(f"{ACME}/carts/{cart['id']}/checkout", json={"email": "ada@example.com"}), 201)["data"]
    assert session["status"] == "pending" and session["amount"] == 20300 - 2030 and session["currency"] == "usd"
    order_id = session["order_id"]
    checked_out = ok(aly.client.get(f"{ACME}/carts/{cart['id']}"))["data"]
    assert (checked_out["status"], checked_out["discount"], checked_out["total"], checked_out["order_id"]) == (
        "checked_out", 2030, 18270, order_id)
    r = aly.client.post(f"{ACME}/carts/{cart['id']}/line_items", json={"line_items": [{"product_id": shirt["id"], "quantity": 1}]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "operation_refused"  # a checked-out cart is closed

    def pay(started, outcome):
        page = started["url"][len("http://testserver"):]
        assert "182.70" in aly.client.get(page).text
        assert aly.client.post(page, data={"outcome": outcome}).status_code == 200

    pay(session, "failed")  # the provider's signed callback: declined
    order = ok(aly.client.get(f"{ACME}/orders/{order_id}", headers=merchant))["data"]
    assert (order["status"], order["payment_status"]) == ("pending", "failed")
    r = aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=merchant)
    assert r.status_code == 422  # nothing to fulfil before it is paid
    again = ok(aly.client.post(f"{ACME}/orders/{order_id}/payment",
                               json={"return_url": "https://acme.example.com/thanks"}), 201)["data"]
    assert again["return_url"] == "https://acme.example.com/thanks" and again["expires_at"]
    page = again["url"][len("http://testserver"):]
    paid = aly.client.post(page, data={"outcome": "succeeded"}, follow_redirects=False)
    assert (paid.status_code, paid.headers["location"]) == (303, "https://acme.example.com/thanks")
    order = ok(aly.client.get(f"{ACME}/orders/{order_id}", headers=merchant))["data"]
    assert (order["status"], order["payment_status"], order["total_amount"], order["discount_amount"]) == (
        "open", "paid", 18270, 2030)
    assert ok(aly.client.get(f"{ACME}/checkout_sessions/{again['id']}"))["data"]["status"] == "succeeded"
    coupon = ok(aly.client.get(f"{ACME}/coupons/SUMMER10", headers=merchant))["data"]
    assert coupon["used_count"] == 1

    # -- the merchant fulfils, then refunds; an illegal move is 422, a stale one 409 ---------------
    fulfilled = ok(aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=merchant,
                                   json={"tracking_number": "1Z999", "carrier": "UPS", "expected_status": "open"}))["data"]
    assert fulfilled["status"] == "fulfilled"
    refunded = ok(aly.client.post(f"{ACME}/orders/{order_id}/refund", headers=merchant, json={"reason": "damaged"}))["data"]
    assert (refunded["status"], refunded["payment_status"], refunded["refunded_amount"]) == ("refunded", "refunded", 18270)
    illegal = aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=merchant)
    assert illegal.status_code == 422 and illegal.json()["error"]["code"] == "operation_refused"
    stale = aly.client.post(f"{ACME}/orders/{order_id}/return", headers=merchant, json={"expected_status": "fulfilled"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "state_conflict"

    # -- analytics: the paid order once, its refund once ------------------------------------------
    day = order["created_at"][:10]
    figures = ok(aly.client.get(f"{ACME}/analytics?from={day}&to={day}", headers=merchant))["data"]
    assert figures == {"from": day, "to": day, "orders": 1, "gross_revenue": 18270, "refunded": 18270,
                       "net_revenue": 0, "average_order_value": 18270,
                       "top_products": [{"product_id": shorts["id"], "quantity": 3, "amount": 10500},
                                        {"product_id": shirt["id"], "quantity": 2, "amount": 9800}]}

    # -- every event reached the receiver, each delivery signed ------------------------------------
    # (product.updated: the shirt's stock taken at checkout, then given back by the refund)
    wanted = ["product.created"] * 3 + ["product.updated"] * 2 + ["order.created", "order.payment_failed",
                                                                  "order.paid", "order.fulfilled", "order.refunded"]
    wait_for(lambda: len(receiver.requests) >= len(wanted))
    seen, stock = [], []
    for request in receiver.requests:
        assert verify_webhook_signature(request["raw"], request["headers"]["Aly-Signature"], secret)
        body = json.loads(request["raw"])
        assert body["store"] == "acme" and body["id"].startswith("evt_")
        seen.append(body["event"])
        if body["event"].startswith("order."):
            assert body["data"]["id"] == order_id
        if body["event"] == "product.updated":
            assert body["data"]["id"] == shirt["id"]
            stock.append(body["data"]["inventory_quantity"])
    assert sorted(seen) == sorted(wanted)
    assert sorted(stock) == [8, 10]

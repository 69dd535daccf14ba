"""Scalev v3 rules a buyer and a business rely on, on SQLite and PostgreSQL: entitlements are
granted for an order's digital lines only (none for physical goods alone)."""

from __future__ import annotations

import pytest

from tests.support import serve
from tests.test_scalev_business import STORE, ok, path_of, storefront

PDF = b"%PDF-1.4 rules\n" * 4


@pytest.fixture(params=["sqlite", "postgres"])
def app(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("scalev", tmp_path, backend=backend) as served:
        yield served


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else None


def guest(app, tenant=STORE):
    got = ok(app.client.post(f"/v3/stores/{tenant}/public/auth/guest-token", headers=storefront(app, tenant)))
    return {"X-Scalev-Guest-Token": got["guest_token"]}, got["guest_id"]


def bought(app, shopper, products, tenant=STORE):
    """Checks a cart of one of each product out and pays it: the order's id."""
    c = app.client
    cart = ok(c.post(f"/v3/stores/{tenant}/public/carts", headers=shopper, json={}), 201)
    for product in products:
        ok(c.post(f"/v3/stores/{tenant}/public/carts/{cart['id']}/items", headers=shopper,
                  json={"action": "add", "item": {"product_id": product["id"], "quantity": 1}}))
    order_id = ok(c.post(f"/v3/stores/{tenant}/public/carts/{cart['id']}/checkout", headers=shopper,
                         json={"email": "buyer@example.com"}))["order_id"]
    session = ok(c.post(f"/v3/stores/{tenant}/public/orders/{order_id}/payment", headers=shopper, json={}), 201)
    assert c.post(path_of(session["url"]), data={"outcome": "succeeded"}).status_code in (200, 303)
    return order_id


def test_entitlements_cover_digital_lines_only(app):
    c, admin = app.client, app.auth(STORE)
    shirt = ok(c.post("/v3/products", headers=admin, json={"name": "Kaos", "price": 99000}), 201)
    ebook = ok(c.post("/v3/products", headers=admin, json={"name": "E-book", "price": 49000,
                                                           "item_type": "digital"}), 201)
    shopper, _ = guest(app)
    # physical goods alone: paid, no entitlement, no entitlement.granted
    physical = bought(app, shopper, [shirt])
    order = ok(c.get(f"/v3/orders/{physical}", headers=admin))
    assert order["status"] == "paid" and order["entitlement_id"] is None
    assert ok(c.get(f"/v3/entitlements?order_id={physical}", headers=admin))["data"] == []
    # a mixed order: the entitlement names the digital line only
    mixed = bought(app, shopper, [shirt, ebook])
    order = ok(c.get(f"/v3/orders/{mixed}", headers=admin))
    assert order["status"] == "paid" and len(order["items"]) == 2
    [entitlement] = ok(c.get(f"/v3/entitlements?order_id={mixed}", headers=admin))["data"]
    assert entitlement["id"] == order["entitlement_id"]
    assert [(i["product_id"], i["item_type"]) for i in entitlement["items"]] == [(ebook["id"], "digital")]


def refused(response, field):
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error_code"] == "unknown_reference" and f"body.{field}" in body["error"], body
    assert response.headers["X-Ratelimit-Remaining"]


def test_unknown_file_and_customer_ids_are_422_naming_the_field(app):
    c, admin = app.client, app.auth(STORE)
    refused(c.post("/v3/products", headers=admin, json={"name": "E-book", "price": 1, "file_ids": ["file_nope"]}),
            "file_ids.0")
    assert ok(c.get("/v3/products", headers=admin))["data"] == []  # nothing written
    product = ok(c.post("/v3/products", headers=admin, json={"name": "E-book", "price": 1}), 201)
    refused(c.patch(f"/v3/products/{product['id']}", headers=admin, json={"file_ids": ["file_nope"]}), "file_ids.0")
    assert ok(c.get(f"/v3/products/{product['id']}", headers=admin))["file_ids"] == []
    # another store's file is no file of this one
    theirs = app.auth("store_teh")
    upload = ok(c.post("/v3/digital-files/uploads", headers=theirs, json={
        "filename": "a.pdf", "content_type": "application/pdf", "size_bytes": len(PDF),
        "sha256": __import__("hashlib").sha256(PDF).hexdigest()}), 201)
    assert c.put(path_of(upload["upload_url"]), content=PDF).status_code == 200
    their_file = ok(c.post(f"/v3/digital-files/uploads/{upload['id']}/complete", headers=theirs), 201)
    refused(c.patch(f"/v3/products/{product['id']}", headers=admin, json={"file_ids": [their_file["id"]]}),
            "file_ids.0")
    assert ok(c.post("/v3/products", headers=theirs, json={"name": "Ok", "price": 1,
                                                          "file_ids": [their_file["id"]]}), 201)
    # orders and subscriptions name customers of the store
    line = {"product_id": product["id"], "quantity": 1, "price": 1}
    refused(c.post("/v3/orders", headers=admin, json={"customer_id": "cus_nope", "items": [line], "total": 1}),
            "customer_id")
    assert ok(c.post("/v3/orders", headers=admin, json={"customer_id": None, "items": [line], "total": 1}),
              201)["customer_id"] is None
    plan = ok(c.post("/v3/subscription-plans", headers=admin, json={
        "name": "Bulanan", "items": [line], "interval": "P1M"}), 201)
    refused(c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": "cus_nope", "plan_id": plan["id"], "next_renewal_at": "2030-01-01T00:00:00Z"}), "customer_id")
    assert ok(c.get("/v3/subscriptions", headers=admin))["data"] == []


def test_guest_orders_name_the_guest_not_a_customer(app):
    from tests.test_scalev_business import customer

    c, admin = app.client, app.auth(STORE)
    ebook = ok(c.post("/v3/products", headers=admin, json={"name": "E-book", "price": 49000,
                                                           "item_type": "digital"}), 201)
    shopper, guest_id = guest(app)
    cart = ok(c.post(f"/v3/stores/{STORE}/public/carts", headers=shopper, json={}), 201)
    assert (cart["owner_id"], cart["guest_id"], cart["customer_id"]) == (guest_id, guest_id, None)
    guest_order = bought(app, shopper, [ebook])
    order = ok(c.get(f"/v3/orders/{guest_order}", headers=admin))
    assert (order["customer_id"], order["guest_id"], order["status"]) == (None, guest_id, "paid")
    assert ok(c.get(f"/v3/stores/{STORE}/public/orders/{guest_order}", headers=shopper))["id"] == guest_order
    [entitlement] = ok(c.get(f"/v3/entitlements?order_id={guest_order}", headers=admin))["data"]
    assert (entitlement["customer_id"], entitlement["guest_id"]) == (None, guest_id)
    # a signed-in customer's order names the customer and no guest
    signed_in, me = customer(app, "rina@example.com")
    customer_order = bought(app, signed_in, [ebook])
    order = ok(c.get(f"/v3/orders/{customer_order}", headers=admin))
    assert (order["customer_id"], order["guest_id"]) == (me["id"], None)
    # listing by customer_id is truthful: the guest's order is not a customer's
    assert [o["id"] for o in ok(c.get(f"/v3/orders?customer_id={me['id']}", headers=admin))["data"]] == [customer_order]
    assert [o["id"] for o in ok(c.get(f"/v3/orders?customer_id={guest_id}", headers=admin))["data"]] == []
    assert [o["id"] for o in ok(c.get(f"/v3/orders?guest_id={guest_id}", headers=admin))["data"]] == [guest_order]
    # each sees and pays only its own
    assert c.get(f"/v3/stores/{STORE}/public/orders/{customer_order}", headers=shopper).status_code == 404
    assert c.get(f"/v3/stores/{STORE}/public/orders/{guest_order}", headers=signed_in).status_code == 404
    assert c.post(f"/v3/stores/{STORE}/public/orders/{guest_order}/payment", headers=signed_in,
                  json={}).status_code == 404
    # a business order for a customer is the customer's to pay
    line = {"product_id": ebook["id"], "quantity": 1, "price": 49000, "item_type": "digital"}
    placed = ok(c.post("/v3/orders", headers=admin, json={"customer_id": me["id"], "items": [line], "total": 49000}), 201)
    assert ok(c.post(f"/v3/stores/{STORE}/public/orders/{placed['id']}/payment", headers=signed_in, json={}), 201)


def test_a_subscriptions_delivery_history_is_paged_both_ways(backend, tmp_path):
    from specloom.runtime.config import Settings
    from tests.webhook_receiver import Receiver, wait_for

    receiver = Receiver()
    settings = Settings(validate_responses=True, webhook_http_hosts=("127.0.0.1",), webhook_poll_seconds=0.02,
                        webhook_backoff_seconds=0.05, sweeps=False)
    try:
        with serve("scalev", tmp_path, backend=backend, settings=settings) as app:
            c, admin = app.client, app.auth(STORE)
            receiver.answers["/a"] = [500]  # the first delivery fails once, then succeeds
            hook = ok(c.post("/v3/webhooks", headers=admin, json={"url": receiver.url("/a"),
                                                                   "events": ["order.created"]}), 201)
            quiet = ok(c.post("/v3/webhooks", headers=admin, json={"url": receiver.url("/b"),
                                                                    "events": ["order.paid"]}), 201)
            line = {"product_id": "prod_1", "quantity": 1, "price": 100}
            for _ in range(3):
                ok(c.post("/v3/orders", headers=admin, json={"items": [line], "total": 100}), 201)
            history = f"/v3/webhooks/{hook['id']}/deliveries"

            def settled():
                got = ok(c.get(history, headers=admin))
                return got if len(got["data"]) == 3 and all(d["status"] == "delivered" for d in got["data"]) else None

            page = wait_for(settled)
            assert page["is_paginated"] is True and page["page_size"] == 25 and page["has_next"] is False
            assert {d["webhook_id"] for d in page["data"]} == {hook["id"]}
            assert {d["event"] for d in page["data"]} == {"order.created"}
            assert sorted(d["attempts"] for d in page["data"]) == [1, 1, 2]
            assert all(d["response_status"] == 200 and d["last_error"] is None and d["delivered_at"]
                       and d["next_attempt_at"] is None for d in page["data"])
            newest_first = [d["id"] for d in page["data"]]
            assert [d["created_at"] for d in page["data"]] == sorted((d["created_at"] for d in page["data"]),
                                                                     reverse=True)
            first = ok(c.get(f"{history}?page_size=2", headers=admin))
            assert [d["id"] for d in first["data"]] == newest_first[:2] and first["has_next"] is True
            second = ok(c.get(f"{history}?page_size=2&next_cursor={first['next_cursor']}", headers=admin))
            assert [d["id"] for d in second["data"]] == newest_first[2:]
            assert (second["has_next"], second["has_previous"], second["next_cursor"]) == (False, True, None)
            back = ok(c.get(f"{history}?page_size=2&previous_cursor={second['previous_cursor']}", headers=admin))
            assert [d["id"] for d in back["data"]] == newest_first[:2]
            # a cursor of this list is no cursor of another subscription's
            other = c.get(f"/v3/webhooks/{quiet['id']}/deliveries?next_cursor={first['next_cursor']}", headers=admin)
            assert other.status_code == 400 and set(other.json()) == {"error", "error_code"}
            assert ok(c.get(f"/v3/webhooks/{quiet['id']}/deliveries", headers=admin))["data"] == []
            # another store's credentials, a made-up subscription: 404
            for headers, path in ((app.auth("store_teh"), history), (admin, "/v3/webhooks/wh_nope/deliveries")):
                missing = c.get(path, headers=headers)
                assert missing.status_code == 404 and set(missing.json()) == {"error", "error_code"}
                assert missing.headers["X-Ratelimit-Remaining"]
            assert c.get(f"{history}?page_size=101", headers=admin).status_code == 400
    finally:
        receiver.close()


def test_plans_update_and_archive_new_subscriptions_only(app):
    from specloom.runtime.services.sweeps import SweepRunner
    from tests.test_scalev_business import customer

    c, admin = app.client, app.auth(STORE)
    _, me = customer(app, "dewi@example.com")
    line = {"product_id": "prod_kopi", "quantity": 1, "price": 60000}
    plan = ok(c.post("/v3/subscription-plans", headers=admin, json={"name": "Kopi", "interval": "P1M",
                                                                    "items": [line]}), 201)
    old = ok(c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": me["id"], "plan_id": plan["id"], "next_renewal_at": "2027-01-15T12:00:00Z"}), 201)
    changed = ok(c.patch(f"/v3/subscription-plans/{plan['id']}", headers=admin,
                         json={"name": "Kopi 2x", "items": [{**line, "quantity": 2}]}))
    assert (changed["name"], changed["price"], changed["status"]) == ("Kopi 2x", 120000, "active")
    assert ok(c.get(f"/v3/subscriptions/{old['id']}", headers=admin))["price"] == 60000  # kept its terms
    archived = ok(c.patch(f"/v3/subscription-plans/{plan['id']}", headers=admin, json={"status": "archived"}))
    assert archived["status"] == "archived"
    assert [p["id"] for p in ok(c.get("/v3/subscription-plans?status=archived", headers=admin))["data"]] == [plan["id"]]
    assert ok(c.get("/v3/subscription-plans?status=active", headers=admin))["data"] == []
    refused = c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": me["id"], "plan_id": plan["id"], "next_renewal_at": "2027-01-15T12:00:00Z"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["error_code"] == "reference_not_allowed" and "body.plan_id" in refused.json()["error"]
    assert [s["id"] for s in ok(c.get("/v3/subscriptions", headers=admin))["data"]] == [old["id"]]
    # the existing subscription keeps renewing on its own terms
    assert app.call(lambda: SweepRunner(app.runtime, clock=lambda: 1_800_014_400 + 60).run_once(force=True)) == 1
    [renewal] = ok(c.get(f"/v3/orders?subscription_id={old['id']}", headers=admin))["data"]
    assert (renewal["total"], renewal["customer_id"]) == (60000, me["id"])
    # bodies are bounded and checked
    for body in ({}, {"name": ""}, {"name": "x" * 201}, {"status": "deleted"}, {"price": 1}, {"items": []}):
        bad = c.patch(f"/v3/subscription-plans/{plan['id']}", headers=admin, json=body)
        assert bad.status_code == 422 and set(bad.json()) == {"error", "error_code"}, body
    restored = ok(c.patch(f"/v3/subscription-plans/{plan['id']}", headers=admin, json={"status": "active"}))
    assert restored["status"] == "active"
    assert ok(c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": me["id"], "plan_id": plan["id"], "next_renewal_at": "2027-01-15T12:00:00Z"}), 201)["price"] == 120000
    assert c.patch("/v3/subscription-plans/plan_nope", headers=admin, json={"name": "x"}).status_code == 404


def error_with_headers(response, status):
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "error_code"}, response.text
    assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(response.headers)
    return response.json()


def test_page_sizes_quantities_and_strings_are_bounded(app):
    c, admin = app.client, app.auth(STORE)
    shopper, _ = guest(app)
    product = ok(c.post("/v3/products", headers=admin, json={"name": "Kaos", "price": 1000}), 201)
    ok(c.patch(f"/v3/products/{product['id']}", headers=admin, json={"status": "active"}))
    sf = storefront(app)
    # page_size 1..100: outside is 400, never clamped
    for path, headers in (("/v3/orders", admin), ("/v3/subscription-plans", admin),
                          (f"/v3/stores/{STORE}/public/products", sf)):
        for size in ("0", "101", "-1", "ten"):
            error_with_headers(c.get(f"{path}?page_size={size}", headers=headers), 400)
        assert ok(c.get(f"{path}?page_size=100", headers=headers))["page_size"] == 100
    # cart lines: 1..10 000 per request and once added up
    cart = ok(c.post(f"/v3/stores/{STORE}/public/carts", headers=shopper, json={}), 201)
    items = f"/v3/stores/{STORE}/public/carts/{cart['id']}/items"
    for quantity in (0, -1, 10001):
        error_with_headers(c.post(items, headers=shopper, json={
            "action": "add", "item": {"product_id": product["id"], "quantity": quantity}}), 422)
    ok(c.post(items, headers=shopper, json={"action": "add", "item": {"product_id": product["id"], "quantity": 6000}}))
    over = error_with_headers(c.post(items, headers=shopper, json={
        "action": "add", "item": {"product_id": product["id"], "quantity": 6000}}), 422)
    assert over["error_code"] == "too_large" and "body.item.quantity" in over["error"]
    assert ok(c.get(f"/v3/stores/{STORE}/public/carts/{cart['id']}", headers=shopper))["items"][0]["quantity"] == 6000
    error_with_headers(c.post(items, headers=shopper, json={
        "action": "update", "item": {"product_id": product["id"], "quantity": 10001}}), 422)
    assert ok(c.post(items, headers=shopper, json={
        "action": "update", "item": {"product_id": product["id"], "quantity": 10000}}))["total"] == 10000 * 1000
    # string lengths of the new bodies
    plan = ok(c.post("/v3/subscription-plans", headers=admin, json={
        "name": "P", "interval": "P1M", "items": [{"product_id": product["id"], "quantity": 1, "price": 1}]}), 201)
    for body in ({"name": "x" * 201}, {"items": [{"product_id": "p" * 65, "quantity": 1, "price": 1}]},
                 {"items": [{"product_id": "p", "quantity": 1, "price": 1, "name": "n" * 201}]},
                 {"currency": "idr"}):
        error_with_headers(c.patch(f"/v3/subscription-plans/{plan['id']}", headers=admin, json=body), 422)
    for body in ({"customer_id": "c" * 65, "items": [{"product_id": "p", "quantity": 1, "price": 1}], "total": 1},
                 {"items": [{"product_id": "p", "quantity": 1, "price": 1}], "total": 1, "notes": "n" * 2001}):
        error_with_headers(c.post("/v3/orders", headers=admin, json=body), 422)
    error_with_headers(c.get(f"/v3/webhooks/{'w' * 65}/deliveries", headers=admin), 400)


def test_a_cart_holds_at_most_100_lines(tmp_path, backend):
    from specloom.runtime.config import Settings

    with serve("scalev", tmp_path, backend=backend,
               settings=Settings(validate_responses=True, rate_limits=False)) as app:
        c, admin = app.client, app.auth(STORE)
        shopper, _ = guest(app)
        cart = ok(c.post(f"/v3/stores/{STORE}/public/carts", headers=shopper, json={}), 201)
        items = f"/v3/stores/{STORE}/public/carts/{cart['id']}/items"
        products = [ok(c.post("/v3/products", headers=admin, json={"name": f"P{i}", "price": 1}), 201)
                    for i in range(101)]
        for product in products[:100]:
            ok(c.post(items, headers=shopper, json={"action": "add", "item": {"product_id": product["id"], "quantity": 1}}))
        full = c.post(items, headers=shopper, json={"action": "add", "item": {"product_id": products[100]["id"],
                                                                              "quantity": 1}})
        assert full.status_code == 422 and full.json()["error_code"] == "too_many_entries", full.text
        # a line already there may still grow, and lines may go
        assert ok(c.post(items, headers=shopper, json={
            "action": "add", "item": {"product_id": products[0]["id"], "quantity": 1}}))["items"][0]["quantity"] == 2
        assert len(ok(c.post(items, headers=shopper, json={
            "action": "remove", "item": {"product_id": products[0]["id"]}}))["items"]) == 99

"""Scalev v3 business routes and the conventions every route keeps, on SQLite and PostgreSQL:
catalog updates and variants (an unpaginated collection), order status changes and fulfilment,
subscriptions paused, resumed and cancelled (by the business and by the customer), revoked
entitlements, webhook subscriptions; the response format (bare items, `{data, is_paginated:
false}`, 201 on create, 204 on delete, `{error, error_code}`), X-Ratelimit-* headers on every
route, tenant isolation (store A's credentials never see store B's records) and customers/me
isolation between customers."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.support import serve

STORE, OTHER = "store_kopi", "store_teh"
PASSWORD = "correct-horse-battery"
PDF = b"%PDF-1.4 panduan seduh\n" * 10


@pytest.fixture(params=["sqlite", "postgres"])
def app(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("scalev", tmp_path, backend=backend) as served:
        yield served


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def storefront(app, tenant=STORE):
    issued = app.call(lambda: app.runtime.families["storefrontKey"].issue(tenant, ()))
    return {"X-Scalev-Storefront-Api-Key": issued["token"]}


def customer(app, email, tenant=STORE):
    sf = storefront(app, tenant)
    ok(app.client.post(f"/v3/stores/{tenant}/public/auth/register", headers=sf,
                       json={"email": email, "password": PASSWORD}), 201)
    tokens = ok(app.client.post(f"/v3/stores/{tenant}/public/auth/login", headers=sf,
                                json={"email": email, "password": PASSWORD}))
    headers = {"Authorization": f"Bearer {tokens['access']}"}
    return headers, ok(app.client.get(f"/v3/stores/{tenant}/customers/me", headers=headers))


def paid_digital_order(app, admin, shopper, tenant=STORE):
    """A digital product with a file, bought and paid by `shopper`: (order, entitlement)."""
    c = app.client
    upload = ok(c.post("/v3/digital-files/uploads", headers=admin, json={
        "filename": "panduan.pdf", "content_type": "application/pdf", "size_bytes": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest()}), 201)
    assert c.put(path_of(upload["upload_url"]), content=PDF).status_code == 200
    file = ok(c.post(f"/v3/digital-files/uploads/{upload['id']}/complete", headers=admin), 201)
    product = ok(c.post("/v3/products", headers=admin, json={
        "name": "Panduan Seduh", "price": 25000, "item_type": "digital", "file_ids": [file["id"]]}), 201)
    cart = ok(c.post(f"/v3/stores/{tenant}/public/carts", headers=shopper, json={}), 201)
    ok(c.post(f"/v3/stores/{tenant}/public/carts/{cart['id']}/items", headers=shopper,
              json={"action": "add", "item": {"product_id": product["id"], "quantity": 1}}))
    order_id = ok(c.post(f"/v3/stores/{tenant}/public/carts/{cart['id']}/checkout", headers=shopper,
                         json={"email": "buyer@example.com"}))["order_id"]
    session = ok(c.post(f"/v3/stores/{tenant}/public/orders/{order_id}/payment", headers=shopper, json={}), 201)
    assert c.post(path_of(session["url"]), data={"outcome": "succeeded"}).status_code in (200, 303)
    order = ok(c.get(f"/v3/orders/{order_id}", headers=admin))
    assert order["status"] == "paid" and order["entitlement_id"]
    return order, ok(c.get(f"/v3/entitlements?order_id={order_id}", headers=admin))["data"][0]


def test_catalog_updates_variants_and_deletes(app):
    c, admin = app.client, app.auth(STORE)
    product = ok(c.post("/v3/products", headers=admin, json={"name": "Kaos", "price": 99000, "status": "draft"}), 201)
    sf = storefront(app)
    assert c.get(f"/v3/stores/{STORE}/public/products/{product['id']}", headers=sf).status_code == 404
    published = ok(c.patch(f"/v3/products/{product['id']}", headers=admin, json={"status": "active"}))
    assert published["status"] == "active"
    variant = ok(c.post(f"/v3/products/{product['id']}/variants", headers=admin,
                        json={"name": "L / Hitam", "sku": "K-L", "stock": 3}), 201)
    listed = ok(c.get(f"/v3/products/{product['id']}/variants", headers=admin))
    assert listed == {"data": [variant], "is_paginated": False}
    shown = ok(c.get(f"/v3/stores/{STORE}/public/products/{product['id']}", headers=sf))
    assert [v["id"] for v in shown["variants"]] == [variant["id"]]
    assert ok(c.patch(f"/v3/products/{product['id']}/variants/{variant['id']}", headers=admin,
                      json={"stock": 9}))["stock"] == 9
    gone = c.delete(f"/v3/products/{product['id']}/variants/{variant['id']}", headers=admin)
    assert gone.status_code == 204 and gone.content == b""
    assert c.delete(f"/v3/products/{product['id']}", headers=admin).status_code == 204
    assert c.get(f"/v3/products/{product['id']}", headers=admin).status_code == 404


def test_order_status_changes_fulfilment_and_revoked_access(app):
    c, admin = app.client, app.auth(STORE)
    shopper, me = customer(app, "siti@example.com")
    order, entitlement = paid_digital_order(app, admin, shopper)
    assert entitlement["customer_id"] == me["id"]
    refused = c.post(f"/v3/orders/{order['id']}/status", headers=admin, json={"status": "completed"})
    assert refused.status_code == 409 and refused.json()["error_code"] == "invalid_status_change"
    shipped = ok(c.post(f"/v3/orders/{order['id']}/fulfillment", headers=admin,
                        json={"courier": "JNE", "tracking_number": "JNE123"}))
    assert (shipped["status"], shipped["tracking_number"], shipped["courier"]) == ("shipped", "JNE123", "JNE")
    assert ok(c.post(f"/v3/orders/{order['id']}/status", headers=admin, json={"status": "completed"}))[
        "status"] == "completed"
    assert c.post(f"/v3/orders/{order['id']}/status", headers=admin, json={"status": "paid"}).status_code == 422
    # revoking the entitlement ends the customer's links
    links = ok(c.post(f"/v3/stores/{STORE}/customers/me/digital-products/{entitlement['id']}/download-links",
                      headers=shopper))["data"]
    ok(c.post(f"/v3/entitlements/{entitlement['id']}/revoke", headers=admin))
    assert c.get(path_of(links[0]["url"])).status_code == 403
    again = c.post(f"/v3/stores/{STORE}/customers/me/digital-products/{entitlement['id']}/download-links",
                   headers=shopper)
    assert again.status_code == 403 and again.json() == {"error": again.json()["error"], "error_code": "access_revoked"}


def test_subscriptions_pause_resume_and_cancel(app):
    c, admin = app.client, app.auth(STORE)
    shopper, me = customer(app, "siti@example.com")
    product = ok(c.post("/v3/products", headers=admin, json={"name": "Kopi", "price": 60000}), 201)
    plan = ok(c.post("/v3/subscription-plans", headers=admin, json={
        "name": "Kopi mingguan", "interval": "P1W", "items": [{"product_id": product["id"], "quantity": 2, "price": 60000}]}), 201)
    assert plan["price"] == 120000
    assert ok(c.get(f"/v3/subscription-plans/{plan['id']}", headers=admin)) == plan
    sub = ok(c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": me["id"], "plan_id": plan["id"], "next_renewal_at": "2030-01-01T00:00:00Z"}), 201)
    assert c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": me["id"], "plan_id": "plan_missing", "next_renewal_at": "2030-01-01T00:00:00Z"}).status_code == 422
    assert ok(c.post(f"/v3/subscriptions/{sub['id']}/pause", headers=admin))["status"] == "paused"
    assert c.post(f"/v3/subscriptions/{sub['id']}/pause", headers=admin).status_code == 409
    assert ok(c.post(f"/v3/subscriptions/{sub['id']}/resume", headers=admin))["status"] == "active"
    assert ok(c.get(f"/v3/subscriptions?status=active&customer_id={me['id']}", headers=admin))["data"][0]["id"] == sub["id"]
    # the customer cancels their own; another customer cannot
    other, _ = customer(app, "budi@example.com")
    assert c.post(f"/v3/stores/{STORE}/customers/me/subscriptions/{sub['id']}/cancel", headers=other).status_code == 404
    assert c.get(f"/v3/stores/{STORE}/customers/me/subscriptions/{sub['id']}", headers=other).status_code == 404
    cancelled = ok(c.post(f"/v3/stores/{STORE}/customers/me/subscriptions/{sub['id']}/cancel", headers=shopper))
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"]
    assert c.post(f"/v3/subscriptions/{sub['id']}/resume", headers=admin).status_code == 409


def test_profile_update_and_webhook_subscriptions(app):
    c, admin = app.client, app.auth(STORE)
    shopper, me = customer(app, "siti@example.com")
    updated = ok(c.patch(f"/v3/stores/{STORE}/customers/me", headers=shopper, json={"name": "Siti R.", "phone": "+62812"}))
    assert (updated["id"], updated["name"], updated["email"]) == (me["id"], "Siti R.", "siti@example.com")
    assert c.patch(f"/v3/stores/{STORE}/customers/me", headers=shopper, json={"email": "x@example.com"}).status_code == 422
    made = ok(c.post("/v3/webhooks", headers=admin, json={"url": "https://hooks.example.com/scalev",
                                                          "events": ["order.paid"]}), 201)
    assert made["secret"].startswith("whsec_")
    listed = ok(c.get("/v3/webhooks", headers=admin))
    assert listed["is_paginated"] is False and [w["id"] for w in listed["data"]] == [made["id"]]
    assert "secret" not in listed["data"][0]
    assert c.delete(f"/v3/webhooks/{made['id']}", headers=admin).status_code == 204
    assert ok(c.get("/v3/webhooks", headers=admin))["data"] == []


def test_another_stores_credentials_never_see_this_stores_records(app):
    c, admin = app.client, app.auth(STORE)
    shopper, me = customer(app, "siti@example.com")
    order, entitlement = paid_digital_order(app, admin, shopper)
    theirs = app.auth(OTHER)
    for path in (f"/v3/orders/{order['id']}", f"/v3/customers/{me['id']}", f"/v3/products/{order['items'][0]['product_id']}"):
        assert c.get(path, headers=theirs).status_code == 404, path
    assert c.post(f"/v3/entitlements/{entitlement['id']}/revoke", headers=theirs).status_code == 404
    assert ok(c.get("/v3/orders", headers=theirs))["data"] == []
    assert ok(c.get("/v3/entitlements", headers=theirs))["data"] == []
    # the other store's storefront key and customers get nothing of this store
    their_sf = storefront(app, OTHER)
    assert c.get(f"/v3/stores/{STORE}/public/products", headers=their_sf).status_code in (403, 404)
    their_customer, _ = customer(app, "siti@example.com", OTHER)  # the same e-mail, another store
    assert c.get(f"/v3/stores/{STORE}/customers/me", headers=their_customer).status_code in (401, 403, 404)
    assert ok(c.get(f"/v3/stores/{OTHER}/customers/me/orders", headers=their_customer))["data"] == []
    assert c.get(f"/v3/stores/{OTHER}/customers/me/digital-products/{entitlement['id']}",
                 headers=their_customer).status_code == 404


def test_every_route_answers_in_the_documented_format_with_rate_limit_headers(app):
    """Each operation, called with no credential (401) and — business routes — with a key lacking
    its scope (403), answers `{error, error_code}` with X-Ratelimit-* headers."""
    c = app.client
    nothing = app.auth(STORE, [])
    for op in app.runtime.surface.operations:
        path = re.sub(r"\{store_id\}", STORE, op.path)
        path = re.sub(r"\{[a-z_]+\}", "x_missing", path)
        response = c.request(op.method, path, json={} if op.body else None)
        if op.is_public:
            continue
        assert response.status_code == 401, (op.operation_id, response.status_code)
        assert set(response.json()) == {"error", "error_code"}, op.operation_id
        assert "x-ratelimit-limit" in response.headers, op.operation_id
        scoped = [r.scopes for req in op.security for r in req if r.scheme in ("businessKey",)]
        if scoped and scoped[0]:
            refused = c.request(op.method, path, json={} if op.body else None, headers=nothing)
            assert refused.status_code == 403, (op.operation_id, refused.text)
            assert set(refused.json()) == {"error", "error_code"}
            assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(refused.headers), op.operation_id


def test_renewals_are_claimed_once_by_concurrent_sweepers(app):
    """Two sweepers at once over ten due subscriptions: ten renewal orders, each subscription
    renewed once (its row lock and the advanced next_renewal_at keep the other sweeper off)."""
    import asyncio

    from specloom.runtime.services.sweeps import SweepRunner

    c, admin = app.client, app.auth(STORE)
    _, me = customer(app, "siti@example.com")
    product = ok(c.post("/v3/products", headers=admin, json={"name": "Kopi", "price": 60000}), 201)
    plan = ok(c.post("/v3/subscription-plans", headers=admin, json={
        "name": "Kopi", "interval": "P1M", "items": [{"product_id": product["id"], "quantity": 1, "price": 60000}]}), 201)
    subs = [ok(c.post("/v3/subscriptions", headers=admin, json={
        "customer_id": me["id"], "plan_id": plan["id"], "next_renewal_at": "2027-01-15T12:00:00Z"}), 201)
        for _ in range(10)]
    due = 1_800_014_400 + 60
    first, second = (SweepRunner(app.runtime, clock=lambda: due) for _ in range(2))

    async def both():
        return await asyncio.gather(first.run_once(force=True), second.run_once(force=True))

    assert sum(app.call(both)) == 10
    orders = ok(c.get("/v3/orders?page_size=100", headers=admin))["data"]
    assert sorted(o["subscription_id"] for o in orders) == sorted(s["id"] for s in subs)


def test_guests_check_out_their_own_carts_only(app):
    c, admin = app.client, app.auth(STORE)
    sf = storefront(app)
    product = ok(c.post("/v3/products", headers=admin, json={"name": "Kaos", "price": 99000}), 201)
    variant = ok(c.post(f"/v3/products/{product['id']}/variants", headers=admin,
                        json={"name": "L", "price": 109000, "stock": 1}), 201)

    def guest():
        token = ok(c.post(f"/v3/stores/{STORE}/public/auth/guest-token", headers=sf))["guest_token"]
        return {"X-Scalev-Guest-Token": token}

    ana, bob = guest(), guest()
    assert c.post(f"/v3/stores/{STORE}/public/carts", headers=sf, json={}).status_code == 401  # a key has no owner
    cart = ok(c.post(f"/v3/stores/{STORE}/public/carts", headers=ana, json={}), 201)
    assert cart["owner_id"].startswith("gst_")
    line = {"product_id": product["id"], "variant_id": variant["id"], "quantity": 2}
    short = c.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/items", headers=ana, json={"action": "add", "item": line})
    assert short.status_code == 409 and short.json()["error_code"] == "out_of_stock"
    cart = ok(c.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/items", headers=ana,
                     json={"action": "add", "item": {**line, "quantity": 1}}))
    assert cart["total"] == 109000  # the variant's price, from the catalog
    bobs = ok(c.post(f"/v3/stores/{STORE}/public/carts", headers=bob, json={}), 201)
    ok(c.post(f"/v3/stores/{STORE}/public/carts/{bobs['id']}/items", headers=bob,
              json={"action": "add", "item": {**line, "quantity": 1}}))
    for method, path, body in (("GET", "", None), ("POST", "/items", {"action": "add", "item": line}),
                               ("POST", "/checkout", {"email": "bob@example.com"})):
        assert c.request(method, f"/v3/stores/{STORE}/public/carts/{cart['id']}{path}", headers=bob,
                         json=body).status_code == 404, path
    order_id = ok(c.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/checkout", headers=ana,
                         json={"email": "ana@example.com"}))["order_id"]
    order = ok(c.get(f"/v3/stores/{STORE}/public/orders/{order_id}", headers=ana))
    assert ok(c.get(f"/v3/products/{product['id']}/variants", headers=admin))["data"][0]["stock"] == 0  # taken
    late = c.post(f"/v3/stores/{STORE}/public/carts/{bobs['id']}/checkout", headers=bob, json={"email": "bob@example.com"})
    assert late.status_code == 409 and late.json()["error_code"] == "out_of_stock"  # ana took the last one
    assert ok(c.get(f"/v3/stores/{STORE}/public/carts/{bobs['id']}", headers=bob))["status"] == "open"
    assert (order["customer_id"], order["guest_id"], order["email"], order["total"]) == (
        None, cart["owner_id"], "ana@example.com", 109000)  # a guest is no customer
    assert c.get(f"/v3/stores/{STORE}/public/orders/{order_id}", headers=bob).status_code == 404
    assert c.post(f"/v3/stores/{STORE}/public/orders/{order_id}/payment", headers=bob, json={}).status_code == 404
    again = c.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/checkout", headers=ana, json={"email": "ana@example.com"})
    assert again.status_code == 409 and set(again.json()) == {"error", "error_code"}
    # cancelling the order gives its stock back, once; bob can then check out the last one
    cancelled = ok(c.post(f"/v3/orders/{order_id}/status", headers=admin, json={"status": "cancelled"}))
    assert cancelled["status"] == "cancelled" and cancelled["restored_at"]
    assert ok(c.get(f"/v3/products/{product['id']}/variants", headers=admin))["data"][0]["stock"] == 1
    assert c.post(f"/v3/orders/{order_id}/status", headers=admin, json={"status": "cancelled"}).status_code in (409, 422)
    assert ok(c.get(f"/v3/products/{product['id']}/variants", headers=admin))["data"][0]["stock"] == 1
    ok(c.post(f"/v3/stores/{STORE}/public/carts/{bobs['id']}/checkout", headers=bob, json={"email": "bob@example.com"}))
    assert ok(c.get(f"/v3/products/{product['id']}/variants", headers=admin))["data"][0]["stock"] == 0

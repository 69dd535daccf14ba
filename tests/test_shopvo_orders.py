"""Shopvo orders, cart and checkout, as the reference shows them, on SQLite and PostgreSQL:
envelopes, scopes, site isolation, the checkout state machine placing an order, and the
/checkout (10 rpm) and /orders (30 rpm) rate limits."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.resources import TenantResources
from tests.support import serve

SITE = "/api/v1/site_demo"
OTHER = "/api/v1/site_other"
NOW = 1_800_000_030.0  # rate-limit windows are counted by this pinned clock: none rolls over

ORDERS = [
    {"id": "order_a", "number": "ORD-1001", "status": "CONFIRMED", "paymentStatus": "PAID", "customerId": "cust_1",
     "total": 2999, "items": [{"productId": "prd_abc", "name": "T-Shirt", "quantity": 1, "price": 2999}],
     "createdAt": "2026-01-10T10:00:00Z", "updatedAt": "2026-01-10T10:00:00Z"},
    {"id": "order_b", "number": "ORD-1042", "status": "SHIPPED", "paymentStatus": "PAID", "customerId": "cust_2",
     "total": 7137, "items": [], "createdAt": "2026-02-10T10:00:00Z", "updatedAt": "2026-02-10T10:00:00Z"},
    {"id": "order_c", "number": "ORD-1043", "status": "PENDING", "paymentStatus": "PENDING", "customerId": "cust_1",
     "total": 500, "items": [], "createdAt": "2026-03-10T10:00:00Z", "updatedAt": "2026-03-10T10:00:00Z"},
]


@pytest.fixture(params=["sqlite", "postgres"])
def shop(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend, settings=Settings(clock=lambda: NOW)) as served:
        seed_catalog(served)
        yield served


# cart lines must name the site's products and take their prices (H3: stock and prices are the server's)
CATALOG = {
    "products": [{"id": "prd_abc", "name": "T-Shirt", "slug": "t-shirt", "price": 2999},
                 {"id": "prd_mug", "name": "Mug", "slug": "mug", "price": 1250}],
    "variants": [{"id": "var_s", "productId": "prd_abc", "name": "Small / White", "inventoryCount": 42},
                 {"id": "var_l", "productId": "prd_abc", "name": "Large / White", "inventoryCount": 42}],
}


def seed_catalog(shop, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    for name, docs in CATALOG.items():
        for doc in docs:
            shop.call(resources.seed, name, dict(doc))


def seed_orders(shop, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    for doc in ORDERS:
        shop.call(resources.seed, "orders", dict(doc))


def error_of(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    return body["error"]


ITEM = {"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S", "quantity": 2, "price": 2999}


def new_cart(shop, h, *items):
    r = shop.client.post(f"{SITE}/cart", headers=h, json={"sessionId": "sess_abc123", "currency": "EUR"})
    assert r.status_code == 201, r.text
    cart = r.json()["data"]
    for item in items:
        r = shop.client.patch(f"{SITE}/cart?cartId={cart['id']}", headers=h, json={"action": "add", "item": item})
        assert r.status_code == 200, r.text
    return cart["id"]


# -- orders ---------------------------------------------------------------------------------

def test_orders_list_offset_and_cursor_pages_and_filters(shop):
    seed_orders(shop)
    h = shop.auth("site_demo", ["read:orders"])
    r = shop.client.get(f"{SITE}/orders", headers=h)
    assert r.status_code == 200
    body = r.json()
    assert body["success"] is True
    assert [o["number"] for o in body["items"]] == ["ORD-1001", "ORD-1042", "ORD-1043"]
    assert body["pagination"] == {"page": 1, "limit": 20, "total": 3, "totalPages": 1}

    def numbers(query):
        r = shop.client.get(f"{SITE}/orders?{query}", headers=h)
        assert r.status_code == 200, r.text
        return [o["number"] for o in r.json()["items"]]

    assert numbers("status=SHIPPED") == ["ORD-1042"]
    assert numbers("paymentStatus=PENDING") == ["ORD-1043"]
    assert numbers("customerId=cust_1") == ["ORD-1001", "ORD-1043"]
    assert numbers("from=2026-02-01T00:00:00Z") == ["ORD-1042", "ORD-1043"]
    assert numbers("from=2026-02-01T00:00:00Z&to=2026-02-28T00:00:00Z") == ["ORD-1042"]
    assert numbers("page=2&limit=2") == ["ORD-1043"]

    first = shop.client.get(f"{SITE}/orders?cursor=&limit=2", headers=h).json()
    assert set(first) == {"success", "items", "cursor", "hasNextPage", "limit"}
    assert first["hasNextPage"] is True and first["limit"] == 2
    rest = shop.client.get(f"{SITE}/orders?cursor={first['cursor']}&limit=2", headers=h).json()
    assert [o["number"] for o in first["items"] + rest["items"]] == ["ORD-1001", "ORD-1042", "ORD-1043"]
    assert rest["hasNextPage"] is False and rest["cursor"] is None


def test_order_by_id_or_number_and_only_within_its_site(shop):
    seed_orders(shop)
    h = shop.auth("site_demo", ["read:orders"])
    for key in ("order_b", "ORD-1042"):
        r = shop.client.get(f"{SITE}/orders/{key}", headers=h)
        assert r.status_code == 200
        assert r.json()["success"] is True
        data = r.json()["data"]
        assert {k: data[k] for k in ("id", "number", "status", "paymentStatus", "total")} == {
            "id": "order_b", "number": "ORD-1042", "status": "SHIPPED", "paymentStatus": "PAID", "total": 7137}
        assert data["items"] == []
    assert shop.client.get(f"{SITE}/orders/ORD-9999", headers=h).status_code == 404
    other = shop.auth("site_other", ["read:orders"])
    for url in (f"{OTHER}/orders/order_b", f"{SITE}/orders/order_b"):
        r = shop.client.get(url, headers=other)
        assert r.status_code == 404
        error_of(r)
    assert shop.client.get(f"{OTHER}/orders", headers=other).json()["items"] == []


def test_orders_validation_errors_are_400_with_a_message(shop):
    h = shop.auth("site_demo", ["read:orders"])
    for query in ("status=LOST", "paymentStatus=paid", "limit=500", "from=yesterday", "page=0"):
        r = shop.client.get(f"{SITE}/orders?{query}", headers=h)
        assert r.status_code == 400, query
        error_of(r)


def test_each_endpoint_needs_its_scope(shop):
    seed_orders(shop)
    catalog = shop.auth("site_demo", ["read:catalog"])
    writer = shop.auth("site_demo", ["write:cart", "write:checkout"])
    cart_id = new_cart(shop, shop.auth("site_demo", ["write:cart"]), ITEM)
    checks = [
        ("get", f"{SITE}/orders", None, catalog),
        ("get", f"{SITE}/orders/order_a", None, catalog),
        ("get", f"{SITE}/cart?cartId={cart_id}", None, writer),  # read:cart
        ("post", f"{SITE}/cart", {"currency": "EUR"}, catalog),
        ("patch", f"{SITE}/cart?cartId={cart_id}", {"action": "remove", "item": {"productId": "prd_abc"}}, catalog),
        ("delete", f"{SITE}/cart?cartId={cart_id}", None, catalog),
        ("get", f"{SITE}/checkout?sessionId=cs_x", None, writer),  # read:checkout
        ("post", f"{SITE}/checkout", {"cartId": cart_id}, catalog),
        ("patch", f"{SITE}/checkout", {"sessionId": "cs_x", "state": "contact"}, catalog),
    ]
    for method, url, body, h in checks:
        r = shop.client.request(method.upper(), url, headers=h, json=body)
        assert r.status_code == 403, (method, url)
        error_of(r)
    # nothing was changed by the refused requests
    r = shop.client.get(f"{SITE}/cart?cartId={cart_id}", headers=shop.auth("site_demo", ["read:cart"]))
    assert r.status_code == 200 and len(r.json()["data"]["items"]) == 1


# -- cart -----------------------------------------------------------------------------------

def test_cart_items_are_added_updated_removed_and_the_total_follows(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart"])
    r = shop.client.post(f"{SITE}/cart", headers=h, json={"sessionId": "sess_abc123", "currency": "EUR"})
    assert r.status_code == 201
    cart = r.json()["data"]
    assert r.json()["success"] is True
    assert cart["id"].startswith("cart_") and cart["status"] == "ACTIVE"
    assert cart["items"] == [] and cart["total"] == 0 and cart["sessionId"] == "sess_abc123"
    url = f"{SITE}/cart?cartId={cart['id']}"

    def modify(action, item, status=200):
        r = shop.client.patch(url, headers=h, json={"action": action, "item": item})
        assert r.status_code == status, r.text
        return r.json()["data"] if status == 200 else r

    data = modify("add", ITEM)
    assert data["items"] == [ITEM] and data["total"] == 5998  # the reference's example
    data = modify("add", {**ITEM, "quantity": 1})
    assert data["items"] == [{**ITEM, "quantity": 3}] and data["total"] == 8997
    data = modify("add", {"productId": "prd_mug", "name": "Mug", "quantity": 1, "price": 1250})
    assert len(data["items"]) == 2 and data["total"] == 8997 + 1250
    data = modify("update", {"productId": "prd_abc", "variantId": "var_s", "quantity": 1})
    assert data["items"][0]["quantity"] == 1 and data["total"] == 2999 + 1250
    data = modify("remove", {"productId": "prd_mug"})
    assert data["items"] == [{**ITEM, "quantity": 1}] and data["total"] == 2999
    gone = error_of(modify("update", {"productId": "prd_mug", "quantity": 2}, status=409))
    assert gone == "No entry of items matches productId prd_mug"
    error_of(modify("remove", {"productId": "prd_abc", "variantId": "var_l"}, status=409))

    r = shop.client.get(url, headers=h)
    assert r.status_code == 200 and r.json() == {"success": True, "data": r.json()["data"]}
    assert r.json()["data"]["total"] == 2999
    r = shop.client.delete(url, headers=h)
    assert r.status_code == 200 and r.json() == {"success": True, "deleted": True}
    assert shop.client.get(url, headers=h).status_code == 404
    assert shop.client.patch(url, headers=h, json={"action": "add", "item": ITEM}).status_code == 404


def test_cart_validation_errors_are_400_with_a_message(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart"])
    cart_id = new_cart(shop, h)
    url = f"{SITE}/cart?cartId={cart_id}"
    bad = [
        ("post", f"{SITE}/cart", {"currency": "euro"}),
        ("post", f"{SITE}/cart", {"total": 5}),
        ("patch", url, {"action": "add", "item": {"productId": "prd_abc"}}),  # no quantity
        ("patch", url, {"action": "update", "item": {"productId": "prd_abc"}}),  # no quantity
        ("patch", url, {"action": "add", "item": {**ITEM, "quantity": 0}}),
        ("patch", url, {"action": "empty", "item": ITEM}),
        ("patch", f"{SITE}/cart", {"action": "add", "item": ITEM}),  # no cartId
        ("get", f"{SITE}/cart", None),
        ("delete", f"{SITE}/cart", None),
    ]
    for method, target, body in bad:
        r = shop.client.request(method.upper(), target, headers=h, json=body)
        assert r.status_code == 400, (method, target, body, r.text)
        error_of(r)
    assert shop.client.get(url, headers=h).json()["data"]["items"] == []


def test_carts_are_invisible_to_other_sites(shop):
    cart_id = new_cart(shop, shop.auth("site_demo", ["write:cart"]), ITEM)
    other = shop.auth("site_other", ["read:cart", "write:cart", "write:checkout"])
    for method, url, body in [
        ("get", f"{OTHER}/cart?cartId={cart_id}", None),
        ("patch", f"{OTHER}/cart?cartId={cart_id}", {"action": "remove", "item": {"productId": "prd_abc"}}),
        ("delete", f"{OTHER}/cart?cartId={cart_id}", None),
        ("post", f"{OTHER}/checkout", {"cartId": cart_id}),
        ("get", f"{SITE}/cart?cartId={cart_id}", None),
    ]:
        r = shop.client.request(method.upper(), url, headers=other, json=body)
        assert r.status_code == 404, (method, url)
        error_of(r)
    r = shop.client.get(f"{SITE}/cart?cartId={cart_id}", headers=shop.auth("site_demo", ["read:cart"]))
    assert r.json()["data"]["items"] == [ITEM]


# -- checkout -------------------------------------------------------------------------------

def advance(shop, h, session, state, status=200, **extra):
    r = shop.client.patch(f"{SITE}/checkout", headers=h, json={"sessionId": session, "state": state, **extra})
    assert r.status_code == status, r.text
    return r


def test_checkout_moves_state_by_state_and_completing_places_the_order(shop):
    h = shop.auth("site_demo", ["read:cart", "write:cart", "read:checkout", "write:checkout", "read:orders"])
    cart_id = new_cart(shop, h, ITEM, {"productId": "prd_mug", "name": "Mug", "quantity": 1, "price": 1250})
    r = shop.client.post(f"{SITE}/checkout", headers=h, json={"cartId": cart_id})
    assert r.status_code == 201
    session = r.json()["data"]
    assert r.json()["success"] is True
    assert session["id"].startswith("cs_") and session["state"] == "init" and session["cartId"] == cart_id
    assert session["total"] == 5998 + 1250 and len(session["items"]) == 2 and session["orderId"] is None

    data = advance(shop, h, session["id"], "contact", email="jane@example.com").json()["data"]
    assert data["state"] == "contact" and data["email"] == "jane@example.com"
    address = {"name": "Jane Smith", "line1": "Main St 1", "city": "Berlin", "postalCode": "10115", "country": "DE"}
    data = advance(shop, h, session["id"], "shipping", shippingAddress=address).json()["data"]
    assert data == {**data, "state": "shipping", "shippingAddress": address}
    r = shop.client.get(f"{SITE}/checkout?sessionId={session['id']}", headers=h)
    assert r.status_code == 200 and r.json()["data"]["state"] == "shipping"
    assert shop.client.get(f"{SITE}/orders", headers=h).json()["pagination"]["total"] == 0

    advance(shop, h, session["id"], "payment")
    advance(shop, h, session["id"], "review")
    done = advance(shop, h, session["id"], "complete").json()["data"]
    assert done["state"] == "complete" and done["completedAt"] and done["orderId"].startswith("order_")

    order = shop.client.get(f"{SITE}/orders/{done['orderId']}", headers=h).json()["data"]
    assert order["number"].startswith("ORD-") and len(order["number"]) == 10
    assert order["status"] == "PENDING" and order["paymentStatus"] == "PENDING"
    assert order["total"] == 7248 and order["items"] == done["items"] and order["email"] == "jane@example.com"
    assert order["checkoutId"] == session["id"] and order["shippingAddress"] == address
    by_number = shop.client.get(f"{SITE}/orders/{order['number']}", headers=h).json()["data"]
    assert by_number["id"] == order["id"]

    # a completed checkout stays complete: no second order
    r = advance(shop, h, session["id"], "complete", status=409)
    assert "complete" in error_of(r)
    listed = shop.client.get(f"{SITE}/orders", headers=h).json()
    assert listed["pagination"]["total"] == 1 and listed["items"][0]["id"] == order["id"]


def test_invalid_checkout_moves_are_refused_in_the_error_envelope(shop):
    h = shop.auth("site_demo", ["write:cart", "read:checkout", "write:checkout", "read:orders"])
    session = shop.client.post(f"{SITE}/checkout", headers=h, json={"cartId": new_cart(shop, h, ITEM)}).json()["data"]
    r = advance(shop, h, session["id"], "payment", status=409)  # skipping contact and shipping
    assert error_of(r) == ("Operation refused: cannot move a checkout that is init to payment "
                           "(payment follows shipping)")
    advance(shop, h, session["id"], "contact")
    assert "no transition leads there" in error_of(advance(shop, h, session["id"], "init", status=409))
    advance(shop, h, session["id"], "shipping")
    error_of(advance(shop, h, session["id"], "contact", status=409))  # no going back
    error_of(advance(shop, h, session["id"], "complete", status=409))
    r = shop.client.get(f"{SITE}/checkout?sessionId={session['id']}", headers=h)
    assert r.json()["data"]["state"] == "shipping" and r.json()["data"]["orderId"] is None
    assert shop.client.get(f"{SITE}/orders", headers=h).json()["pagination"]["total"] == 0


def test_checkout_validation_unknown_records_and_other_sites(shop):
    h = shop.auth("site_demo", ["write:cart", "read:checkout", "write:checkout"])
    session = shop.client.post(f"{SITE}/checkout", headers=h, json={"cartId": new_cart(shop, h)}).json()["data"]
    for method, url, body in [
        ("post", f"{SITE}/checkout", {}),
        ("post", f"{SITE}/checkout", {"cartId": "cart_x", "state": "review"}),
        ("patch", f"{SITE}/checkout", {"sessionId": session["id"], "state": "paid"}),
        ("patch", f"{SITE}/checkout", {"state": "contact"}),
        ("patch", f"{SITE}/checkout", {"sessionId": session["id"], "state": "contact", "email": "nope"}),
        ("get", f"{SITE}/checkout", None),
    ]:
        r = shop.client.request(method.upper(), url, headers=h, json=body)
        assert r.status_code == 400, (method, body, r.text)
        error_of(r)
    assert error_of(shop.client.post(f"{SITE}/checkout", headers=h, json={"cartId": "cart_missing"})) == "Cart not found"
    assert shop.client.get(f"{SITE}/checkout?sessionId=cs_missing", headers=h).status_code == 404
    error_of(advance(shop, h, "cs_missing", "contact", status=404))

    other = shop.auth("site_other", ["read:checkout", "write:checkout"])
    for method, url, body in [
        ("get", f"{OTHER}/checkout?sessionId={session['id']}", None),
        ("patch", f"{OTHER}/checkout", {"sessionId": session["id"], "state": "contact"}),
        ("get", f"{SITE}/checkout?sessionId={session['id']}", None),
    ]:
        r = shop.client.request(method.upper(), url, headers=other, json=body)
        assert r.status_code == 404, (method, url)
        error_of(r)
    # (a fresh key: `h` has spent its 10 checkout requests a minute)
    r = shop.client.get(f"{SITE}/checkout?sessionId={session['id']}", headers=shop.auth("site_demo", ["read:checkout"]))
    assert r.json()["data"]["state"] == "init"


# -- rate limits ----------------------------------------------------------------------------

def test_checkout_allows_10_requests_a_minute_per_key(shop):
    h = shop.auth("site_demo", ["write:cart", "read:checkout", "write:checkout", "read:catalog"])
    cart_id = new_cart(shop, h, ITEM)
    session = shop.client.post(f"{SITE}/checkout", headers=h, json={"cartId": cart_id})
    assert session.headers["x-ratelimit-limit"] == "10" and session.headers["x-ratelimit-remaining"] == "9"
    session_id = session.json()["data"]["id"]
    requests = [("get", f"{SITE}/checkout?sessionId={session_id}", None)] * 4 + \
               [("post", f"{SITE}/checkout", {"cartId": cart_id})] * 4 + \
               [("patch", f"{SITE}/checkout", {"sessionId": session_id, "state": "contact"})]
    for n, (method, url, body) in enumerate(requests, start=2):  # the POST above was the 1st
        r = shop.client.request(method.upper(), url, headers=h, json=body)
        assert r.status_code in (200, 201), r.text
        assert r.headers["x-ratelimit-remaining"] == str(10 - n)
    r = shop.client.get(f"{SITE}/checkout?sessionId={session_id}", headers=h)  # the 11th
    assert r.status_code == 429
    assert error_of(r).startswith("Rate limit exceeded")
    assert 0 < int(r.headers["retry-after"]) <= 60
    assert r.headers["x-ratelimit-limit"] == "10" and r.headers["x-ratelimit-remaining"] == "0"
    assert 0 < int(r.headers["x-ratelimit-reset"]) <= 60
    assert shop.client.patch(f"{SITE}/checkout", headers=h,
                             json={"sessionId": session_id, "state": "shipping"}).status_code == 429
    # other routes only count against the plan; another key has its own checkout bucket
    products = shop.client.get(f"{SITE}/products", headers=h)
    assert products.status_code == 200 and products.headers["x-ratelimit-limit"] == "1000"
    cart = shop.client.get(f"{SITE}/cart?cartId={cart_id}", headers=shop.auth("site_demo", ["read:cart"]))
    assert cart.status_code == 200 and cart.headers["x-ratelimit-limit"] == "1000"
    fresh = shop.client.get(f"{SITE}/checkout?sessionId={session_id}",
                            headers=shop.auth("site_demo", ["read:checkout"]))
    assert fresh.status_code == 200 and fresh.headers["x-ratelimit-remaining"] == "9"


def test_orders_allow_30_requests_a_minute_per_key_list_and_detail_together(shop):
    seed_orders(shop)
    h = shop.auth("site_demo", ["read:orders", "read:checkout", "read:catalog"])
    for n in range(1, 31):
        url = f"{SITE}/orders" if n % 2 else f"{SITE}/orders/ORD-1042"
        r = shop.client.get(url, headers=h)
        assert r.status_code == 200
        assert r.headers["x-ratelimit-limit"] == "30" and r.headers["x-ratelimit-remaining"] == str(30 - n)
    r = shop.client.get(f"{SITE}/orders", headers=h)  # the 31st
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert r.headers["x-ratelimit-remaining"] == "0"
    error_of(r)
    assert shop.client.get(f"{SITE}/orders/order_a", headers=h).status_code == 429
    assert shop.client.get(f"{SITE}/products", headers=h).status_code == 200
    assert shop.client.get(f"{SITE}/checkout?sessionId=cs_missing", headers=h).status_code == 404  # not 429


def test_demo_data_has_the_references_order_and_cart(tmp_path):
    from specloom.runtime.services.demo_data import load_demo

    with serve("shopvo", tmp_path) as shop:
        assert shop.call(load_demo, "shopvo", shop.runtime) > 0
        h = shop.auth("site_demo", ["read:orders", "read:cart"])
        order = shop.client.get(f"{SITE}/orders/ORD-1042", headers=h).json()["data"]
        assert (order["id"], order["status"], order["paymentStatus"], order["total"]) == ("order_xyz", "CONFIRMED", "PAID", 7137)
        cart = shop.client.get(f"{SITE}/cart?cartId=cart_xyz", headers=h).json()["data"]
        assert cart["total"] == 5998  # derived from its items when loaded

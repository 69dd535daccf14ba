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

"""Two surfaces served on ONE store (SQLite file or PostgreSQL schema): each surface's tables
are its own (`<surface>__<resource>`), so Shopvo and Scalev, which both have `orders` and
`products`, each create and list only their own records — even for the same tenant name — and
never answer 500 with the other's records. Their runtime records (keys, tenants) stay apart
too: a key of one surface is the common 401 on the other."""

from __future__ import annotations

import uuid

import pytest

from tests.support import serve

TENANT = "acme"  # the same tenant name on both surfaces: only the surface keeps them apart
SITE = f"/api/v1/{TENANT}"
ITEM = {"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S", "quantity": 2, "price": 2999}


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'shared.db'}"


def shopvo_places_an_order(shop, headers) -> dict:
    """Cart, checkout and its states to complete, all over HTTP: the order the checkout placed."""
    r = shop.client.post(f"{SITE}/products", headers=headers, json={"name": "T-Shirt", "slug": f"t-shirt-{uuid.uuid4().hex[:8]}", "price": 2999,
                                                                    "status": "DRAFT"})  # not listed below
    assert r.status_code == 201, r.text  # cart lines name the site's catalog
    r = shop.client.post(f"{SITE}/products/{r.json()['data']['id']}/variants", headers=headers,
                         json={"name": "S", "inventoryCount": 5})
    item = {**ITEM, "productId": r.json()["data"]["productId"], "variantId": r.json()["data"]["id"]}
    r = shop.client.post(f"{SITE}/cart", headers=headers, json={"sessionId": "sess_1", "currency": "EUR"})
    assert r.status_code == 201, r.text
    cart = r.json()["data"]["id"]
    r = shop.client.patch(f"{SITE}/cart?cartId={cart}", headers=headers, json={"action": "add", "item": item})
    assert r.status_code == 200, r.text
    r = shop.client.post(f"{SITE}/checkout", headers=headers, json={"cartId": cart})
    assert r.status_code == 201, r.text
    session = r.json()["data"]["id"]
    address = {"name": "Jane Smith", "line1": "Main St 1", "city": "Berlin", "postalCode": "10115", "country": "DE"}
    for state, extra in [("contact", {"email": "jane@example.com"}), ("shipping", {"shippingAddress": address}),
                         ("payment", {}), ("review", {}), ("complete", {})]:
        r = shop.client.patch(f"{SITE}/checkout", headers=headers,
                              json={"sessionId": session, "state": state, **extra})
        assert r.status_code == 200, (state, r.text)
    order_id = r.json()["data"]["orderId"]
    r = shop.client.get(f"{SITE}/orders/{order_id}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_two_surfaces_on_one_store_each_serve_only_their_own_records(store_url, tmp_path):
    with serve("shopvo", tmp_path, backend=store_url) as shop, serve("scalev", tmp_path, backend=store_url) as sv:
        shop_h, sv_h = shop.auth(TENANT), sv.auth(TENANT)
        shop_order = shopvo_places_an_order(shop, shop_h)
        r = sv.client.post("/v3/orders", headers=sv_h,
                           json={"items": [{"product_id": "prod_1", "quantity": 1, "price": 1000}], "total": 1000})
        assert r.status_code == 201, r.text
        sv_order = r.json()
        shop_product = shop.client.post(f"{SITE}/products", headers=shop_h,
                                        json={"name": "Mug", "slug": "mug", "price": 1250}).json()["data"]
        r = sv.client.post("/v3/products", headers=sv_h, json={"name": "Kaos", "price": 99000})
        assert r.status_code == 201, r.text
        sv_product = r.json()

        # each lists its own, and only its own: no 500 from the other's records
        r = shop.client.get(f"{SITE}/orders", headers=shop_h)
        assert r.status_code == 200, r.text
        assert [o["id"] for o in r.json()["items"]] == [shop_order["id"]]
        r = sv.client.get("/v3/orders", headers=sv_h)
        assert r.status_code == 200, r.text
        assert [o["id"] for o in r.json()["data"]] == [sv_order["id"]]
        r = shop.client.get(f"{SITE}/products", headers=shop_h)
        assert r.status_code == 200 and [p["id"] for p in r.json()["items"]] == [shop_product["id"]], r.text
        r = sv.client.get("/v3/products", headers=sv_h)
        assert r.status_code == 200 and [p["id"] for p in r.json()["data"]] == [sv_product["id"]], r.text

        # the other's record is not found here
        assert shop.client.get(f"{SITE}/orders/{sv_order['id']}", headers=shop_h).status_code == 404
        assert sv.client.get(f"/v3/orders/{shop_order['id']}", headers=sv_h).status_code == 404
        assert sv.client.get(f"/v3/products/{shop_product['id']}", headers=sv_h).status_code == 404

        # a key of one surface is the common 401 on the other
        for client, path, foreign in [(sv.client, "/v3/orders", shop_h), (shop.client, f"{SITE}/orders", sv_h)]:
            assert client.get(path, headers=foreign).status_code == 401

        # and each surface's tables carry its name
        tables = {t.name for t in shop.runtime.store.tables.values()} | set(sv.runtime.store.tables)
        assert {"shopvo__orders", "scalev__orders", "shopvo__products", "scalev__products"} <= tables

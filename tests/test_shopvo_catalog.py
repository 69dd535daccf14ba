"""The Shopvo catalog, following the examples of Shopvo's API reference."""

from __future__ import annotations

import pytest

SITE = "/api/v1/site_demo"


@pytest.fixture
def api(shopvo):
    shopvo.headers = shopvo.auth("site_demo", ["read:catalog", "write:catalog"])
    return shopvo


def post(api, path, body):
    r = api.client.post(SITE + path, json=body, headers=api.headers)
    assert r.status_code == 201, r.text
    return r.json()["data"]


def get(api, path, status=200):
    r = api.client.get(SITE + path, headers=api.headers)
    assert r.status_code == status, r.text
    return r.json()


def make_tshirt(api, **extra):
    return post(api, "/products", {"name": "Classic White T-Shirt", "slug": "classic-white-t-shirt",
                                   "price": 2999, "compareAtPrice": 3999,
                                   "images": ["https://cdn.shopvo.eu/img/ts-wht.jpg"], **extra})


def test_list_products_offset_envelope(api):
    for i in range(5):
        post(api, "/products", {"name": f"P{i}", "slug": f"p{i}", "price": 100 + i})
    body = get(api, "/products?page=2&limit=2")
    assert body["success"] is True
    assert body["pagination"] == {"page": 2, "limit": 2, "total": 5, "totalPages": 3}
    assert [p["slug"] for p in body["items"]] == ["p2", "p3"]


def test_cursor_pagination_walks_every_item_once(api):
    made = {post(api, "/products", {"name": f"P{i}", "slug": f"p{i}", "price": i})["id"] for i in range(7)}
    seen, cursor, pages = [], "", 0
    while True:
        body = get(api, f"/products?limit=3&cursor={cursor}")
        assert set(body) == {"success", "items", "cursor", "hasNextPage", "limit"}
        seen += [p["id"] for p in body["items"]]
        pages += 1
        if not body["hasNextPage"]:
            assert body["cursor"] is None
            break
        cursor = body["cursor"]
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == len(made)


def test_a_tampered_or_foreign_cursor_is_400(api):
    for i in range(3):
        post(api, "/products", {"name": f"P{i}", "slug": f"p{i}", "price": i, "featured": i == 2})
    cursor = get(api, "/products?limit=1&cursor=")["cursor"]  # the id of the last product seen
    assert get(api, f"/products?limit=1&cursor={cursor[:-2]}xx", status=400) == {"error": "Invalid cursor"}
    # a cursor is a position in the list: with another filter, the next items of that filter
    assert [p["slug"] for p in get(api, f"/products?cursor={cursor}&featured=true")["items"]] == ["p2"]


def test_filters_and_search(api):
    post(api, "/products", {"name": "Red Mug", "slug": "red-mug", "price": 900, "sku": "MUG-R",
                            "featured": True, "brandId": "br_1", "categoryIds": ["cat_1", "cat_2"]})
    post(api, "/products", {"name": "Blue Mug", "slug": "blue-mug", "price": 900, "status": "DRAFT"})
    post(api, "/products", {"name": "Tee", "slug": "tee", "price": 900, "description": "a mug-free shirt"})
    names = lambda q: sorted(p["name"] for p in get(api, "/products" + q)["items"])  # noqa: E731
    assert names("") == ["Red Mug", "Tee"]  # status defaults to ACTIVE
    assert names("?status=DRAFT") == ["Blue Mug"]
    assert names("?featured=true") == ["Red Mug"]
    assert names("?categoryId=cat_2") == ["Red Mug"]
    assert names("?brandId=br_1") == ["Red Mug"]
    assert names("?search=mug") == ["Red Mug", "Tee"]  # name or description, case-insensitive
    assert names("?search=mug-r") == ["Red Mug"]  # sku
    assert names("?search=%25") == []  # a literal percent sign matches nothing


def test_get_product_by_id_or_slug_includes_variants(api):
    product = make_tshirt(api)
    post(api, f"/products/{product['id']}/variants", {"name": "Small / White", "sku": "TS-WHT-S",
                                                       "inventoryCount": 42, "isDefault": True})
    by_slug = get(api, "/products/classic-white-t-shirt")["data"]
    by_id = get(api, f"/products/{product['id']}")["data"]
    assert by_slug == by_id
    assert by_slug["price"] == 2999 and by_slug["id"].startswith("prd_")
    assert [(v["name"], v["inventoryStatus"], v["isDefault"]) for v in by_slug["variants"]] == [
        ("Small / White", "IN_STOCK", True)]


def test_fields_and_expand(api):
    make_tshirt(api)
    body = get(api, "/products?fields=id,name,price,slug")
    assert set(body["items"][0]) == {"id", "name", "price", "slug"}
    body = get(api, "/products?expand[]=variants&fields=id,variants")
    assert body["items"][0]["variants"] == []


def test_variants_default_first_and_single_default(api):
    product = make_tshirt(api)
    pid = product["id"]
    first = post(api, f"/products/{pid}/variants", {"name": "Small / White"})
    assert first["isDefault"] is True  # the first variant becomes the default
    assert first["inventoryStatus"] == "OUT_OF_STOCK"  # derived from inventoryCount 0
    second = post(api, f"/products/{pid}/variants", {"name": "Large / Black", "sku": "TS-BLK-L",
                                                     "inventoryCount": 10, "options": {"Size": "Large", "Color": "Black"},
                                                     "isDefault": False})
    assert second["inventoryStatus"] == "IN_STOCK" and second["isDefault"] is False
    r = api.client.patch(f"{SITE}/products/{pid}/variants/{second['id']}", json={"isDefault": True}, headers=api.headers)
    assert r.status_code == 200 and r.json()["data"]["isDefault"] is True
    variants = get(api, f"/products/{pid}/variants")["data"]
    assert [v["id"] for v in variants] == [second["id"], first["id"]]
    assert [v["isDefault"] for v in variants] == [True, False]
    # deleting the default promotes the next oldest
    r = api.client.delete(f"{SITE}/products/{pid}/variants/{second['id']}", headers=api.headers)
    assert r.json() == {"success": True, "deleted": True}
    variants = get(api, f"/products/{pid}/variants")["data"]
    assert [(v["id"], v["isDefault"]) for v in variants] == [(first["id"], True)]


def test_update_variant_inventory_example(api):
    pid = make_tshirt(api)["id"]
    var = post(api, f"/products/{pid}/variants", {"name": "S", "inventoryCount": 5})
    r = api.client.patch(f"{SITE}/products/{pid}/variants/{var['id']}",
                         json={"inventoryCount": 0, "inventoryStatus": "OUT_OF_STOCK"}, headers=api.headers)
    assert r.status_code == 200
    assert {k: r.json()["data"][k] for k in ("id", "inventoryStatus")} == {"id": var["id"], "inventoryStatus": "OUT_OF_STOCK"}


def test_variant_of_another_product_is_404(api):
    a = make_tshirt(api)["id"]
    b = post(api, "/products", {"name": "B", "slug": "b", "price": 1})["id"]
    var = post(api, f"/products/{a}/variants", {"name": "S"})
    r = api.client.patch(f"{SITE}/products/{b}/variants/{var['id']}", json={"name": "x"}, headers=api.headers)
    assert r.status_code == 404


def test_update_and_delete_product(api):
    pid = make_tshirt(api)["id"]
    r = api.client.patch(f"{SITE}/products/{pid}", json={"price": 2499, "featured": True}, headers=api.headers)
    data = r.json()["data"]
    assert (data["price"], data["featured"], data["name"]) == (2499, True, "Classic White T-Shirt")
    assert data["updatedAt"] >= data["createdAt"]
    post(api, f"/products/{pid}/variants", {"name": "S"})
    r = api.client.delete(f"{SITE}/products/{pid}", headers=api.headers)
    assert r.status_code == 200 and r.json() == {"success": True, "deleted": True}
    assert get(api, f"/products/{pid}", status=404) == {"error": "Product not found"}
    assert get(api, f"/products/{pid}/variants", status=404) == {"error": "Product not found"}


def test_duplicate_slug_is_409(api):
    make_tshirt(api)
    r = api.client.post(f"{SITE}/products", json={"name": "Other", "slug": "classic-white-t-shirt", "price": 1},
                        headers=api.headers)
    assert r.status_code == 409
    assert "slug" in r.json()["error"]


def test_client_cannot_write_read_only_fields(api):
    r = api.client.post(f"{SITE}/products", json={"id": "prd_mine", "name": "X", "slug": "x", "price": 1},
                        headers=api.headers)
    assert r.status_code == 400
    assert "id" in r.json()["error"]


def test_categories_and_brands_filter_by_slug(api):
    from specloom.runtime.services.resources import TenantResources

    res = TenantResources(api.runtime.surface, api.runtime.store, "site_demo")
    api.call(res.seed, "categories", {"id": "cat_1", "name": "Apparel", "slug": "apparel"})
    api.call(res.seed, "categories", {"id": "cat_2", "name": "Shirts", "slug": "shirts", "parentId": "cat_1"})
    api.call(res.seed, "brands", {"id": "br_1", "name": "Essentials", "slug": "essentials"})
    assert get(api, "/categories?slug=apparel") == {"success": True, "data": [
        {"id": "cat_1", "name": "Apparel", "slug": "apparel", "parentId": None,
         "createdAt": get(api, "/categories?slug=apparel")["data"][0]["createdAt"],
         "updatedAt": get(api, "/categories?slug=apparel")["data"][0]["updatedAt"]}]}
    assert [c["id"] for c in get(api, "/categories?parentId=cat_1")["data"]] == ["cat_2"]
    assert [c["id"] for c in get(api, "/categories")["data"]] == ["cat_1", "cat_2"]
    assert [b["slug"] for b in get(api, "/brands?slug=essentials")["data"]] == ["essentials"]
    assert get(api, "/brands?slug=nope")["data"] == []

"""Shopvo as a reader of its API reference calls it, on SQLite and PostgreSQL: the reference's own
example requests, sent as written, answered in the shape of its example responses. Each test here
pins a mismatch found by sending those examples to a served Shopvo (and since fixed)."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.resources import TenantResources
from tests.support import serve

SITE = "/api/v1/site_demo"
NOW = 1_800_000_030.0  # rate-limit windows are counted by this pinned clock: none rolls over


def seed(shop, name, doc, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    return shop.call(resources.seed, name, dict(doc))


@pytest.fixture(params=["sqlite", "postgres"])
def shop(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend, settings=Settings(clock=lambda: NOW)) as served:
        seed(served, "brands", {"id": "br_1", "name": "Essentials", "slug": "essentials"})
        seed(served, "categories", {"id": "cat_1", "name": "Apparel", "slug": "apparel"})
        seed(served, "products", {"id": "prd_abc123", "name": "Classic White T-Shirt",
                                  "slug": "classic-white-t-shirt", "price": 2999, "compareAtPrice": 3999,
                                  "brandId": "br_1", "categoryIds": ["cat_1"]})
        seed(served, "variants", {"id": "var_s", "productId": "prd_abc123", "name": "Small / White",
                                  "sku": "TS-WHT-S", "inventoryCount": 42, "isDefault": True})
        served.headers = served.auth("site_demo", ["read:catalog"])
        yield served


@pytest.mark.parametrize("ref", ["prd_abc123", "classic-white-t-shirt"])
def test_a_single_product_takes_the_expand_parameter_of_the_products_endpoint(shop, ref):
    # "The /products endpoint supports ... eager expansion of related resources via ?expand[]="
    r = shop.client.get(f"{SITE}/products/{ref}?expand[]=brand&expand[]=categories", headers=shop.headers)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["brand"]["name"] == "Essentials"
    assert [c["slug"] for c in data["categories"]] == ["apparel"]
    # the variants stay: "Returns a single product by ID (cuid) or slug, including all variants"
    assert [v["id"] for v in data["variants"]] == ["var_s"]


def test_a_single_product_takes_the_sparse_fieldset_of_the_products_endpoint(shop):
    r = shop.client.get(f"{SITE}/products/classic-white-t-shirt?fields=id,name,price,slug", headers=shop.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"success": True, "data": {"id": "prd_abc123", "name": "Classic White T-Shirt",
                                                  "price": 2999, "slug": "classic-white-t-shirt"}}


def test_an_unsupported_expansion_of_a_single_product_is_400_in_the_error_shape(shop):
    r = shop.client.get(f"{SITE}/products/prd_abc123?expand[]=reviews", headers=shop.headers)
    assert r.status_code == 400
    assert set(r.json()) == {"error"} and "expand" in r.json()["error"]

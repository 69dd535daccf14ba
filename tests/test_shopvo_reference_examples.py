"""Shopvo as a reader of its API reference calls it, on SQLite and PostgreSQL: the reference's own
example requests, sent as written, answered in the shape of its example responses. Each test here
pins a mismatch found by sending those examples to a served Shopvo (and since fixed)."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.demo_data import load_demo
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


# -- the demo (`specloom serve shopvo --demo`) holds the ids the reference's example requests name --
@pytest.fixture(params=["sqlite", "postgres"])
def demo(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend, settings=Settings(clock=lambda: NOW)) as served:
        assert served.call(lambda: load_demo("shopvo", served.runtime)) > 0
        served.headers = served.auth("site_demo")
        yield served


def test_the_sdk_examples_variant_calls_on_prd_abc_answer_on_the_demo(demo):
    # client.products.listVariants("prd_abc"); client.products.createVariant("prd_abc", {...})
    r = demo.client.get(f"{SITE}/products/prd_abc/variants", headers=demo.headers)
    assert r.status_code == 200, r.text
    assert r.json()["data"][0]["isDefault"] is True  # "ordered with the default variant first"
    r = demo.client.post(f"{SITE}/products/prd_abc/variants", headers=demo.headers, json={
        "name": "Large / Black", "inventoryCount": 10, "options": {"Size": "Large", "Color": "Black"}})
    assert r.status_code == 201, r.text
    assert {"name": "Large / Black", "inventoryStatus": "IN_STOCK"}.items() <= r.json()["data"].items()


def test_the_gift_card_examples_on_gc_abc_answer_as_the_reference_shows(demo):
    r = demo.client.post(f"{SITE}/gift-cards/gc_abc/redeem", headers=demo.headers,
                         json={"amount": 2500, "orderId": "order_xyz"})
    assert r.status_code == 200, r.text
    assert {"id": "gc_abc", "remainingBalance": 2500, "status": "ACTIVE"}.items() <= r.json()["data"].items()
    r = demo.client.patch(f"{SITE}/gift-cards/gc_abc", headers=demo.headers, json={"status": "VOID"})
    assert r.status_code == 200, r.text
    assert {"id": "gc_abc", "status": "VOID"}.items() <= r.json()["data"].items()
    listed = demo.client.get(f"{SITE}/gift-cards?code=GIFT-XXXX-YYYY", headers=demo.headers).json()["items"]
    assert [g["id"] for g in listed] == ["gc_abc"]


def test_the_b2b_examples_on_b2b_abc_answer_and_the_create_example_still_creates(demo):
    r = demo.client.patch(f"{SITE}/b2b/accounts/b2b_abc", headers=demo.headers,
                          json={"status": "SUSPENDED", "paymentTerms": "NET_60"})
    assert r.status_code == 200, r.text
    assert {"id": "b2b_abc", "status": "SUSPENDED"}.items() <= r.json()["data"].items()
    found = demo.client.get(f"{SITE}/b2b/accounts?search=buyer@acme.com", headers=demo.headers).json()["items"]
    assert [a["id"] for a in found] == ["b2b_abc"]
    r = demo.client.post(f"{SITE}/b2b/accounts", headers=demo.headers, json={
        "companyName": "Acme Corp", "taxId": "EL123456789", "paymentTerms": "NET_30", "priceListId": "pl_xyz",
        "contactCustomerIds": ["cust_1"]})
    assert r.status_code == 201, r.text
    assert {"companyName": "Acme Corp", "status": "ACTIVE"}.items() <= r.json()["data"].items()


def test_the_store_credit_and_loyalty_examples_of_cust_xyz_answer_the_references_numbers(demo):
    account = demo.client.get(f"{SITE}/store-credit/cust_xyz", headers=demo.headers).json()["data"]
    assert (account["customerId"], account["balance"]) == ("cust_xyz", 3500)
    assert [(t["id"], t["type"], t["amount"]) for t in account["transactions"]] == [
        ("sct_1", "CREDIT", 5000), ("sct_2", "DEBIT", 1500)]
    r = demo.client.post(f"{SITE}/store-credit/cust_xyz", headers=demo.headers, json={
        "type": "CREDIT", "amount": 2000, "note": "Refund for order ORD-1042", "orderId": "order_xyz"})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["balance"] == 5500  # the reference's example answer
    loyalty = demo.client.get(f"{SITE}/loyalty/cust_xyz", headers=demo.headers).json()["data"]
    assert (loyalty["customerId"], loyalty["points"], loyalty["tier"]) == ("cust_xyz", 1250, "GOLD")
    assert {"lt_1", "lt_2"} <= {t["id"] for t in loyalty["transactions"]}
    r = demo.client.post(f"{SITE}/loyalty/cust_xyz/redeem", headers=demo.headers, json={"points": 100, "orderId": "order_xyz"})
    assert r.json() == {"success": True, "data": {"discountAmount": 100, "pointsRemaining": 1150}}


def test_the_checkout_advance_example_on_cs_abc_answers_state_shipping(demo):
    r = demo.client.patch(f"{SITE}/checkout", headers=demo.headers, json={"sessionId": "cs_abc", "state": "shipping"})
    assert r.status_code == 200, r.text
    assert {"id": "cs_abc", "state": "shipping"}.items() <= r.json()["data"].items()
    r = demo.client.get(f"{SITE}/checkout?sessionId=cs_abc", headers=demo.headers)
    assert {"id": "cs_abc", "state": "shipping"}.items() <= r.json()["data"].items()  # the GET example's answer
    assert r.json()["data"]["total"] == 5998


def test_the_customer_example_and_the_promotion_create_example_answer_on_the_demo(demo):
    customer = demo.client.get(f"{SITE}/customers/cust_xyz", headers=demo.headers).json()["data"]
    assert {k: customer[k] for k in ("id", "email", "firstName", "lastName", "totalOrders", "totalSpent")} == {
        "id": "cust_xyz", "email": "jane@example.com", "firstName": "Jane", "lastName": "Smith",
        "totalOrders": 4, "totalSpent": 28400}
    created = demo.client.post(f"{SITE}/promotions", headers=demo.headers, json={
        "code": "WELCOME20", "type": "PERCENTAGE", "value": 20, "minOrderAmount": 1000, "maxUses": 500,
        "expiresAt": "2026-12-31T23:59:59Z"})
    assert created.status_code == 201, created.text
    assert {k: created.json()["data"][k] for k in ("code", "status")} == {"code": "WELCOME20", "status": "ACTIVE"}
    valid = demo.client.post(f"{SITE}/promotions/validate", json={
        "code": "WELCOME20", "cartTotal": 5000, "email": "jane@example.com"}).json()
    assert (valid["valid"], valid["discount"]) == (True, 1000)

"""Shopvo content, as the reference shows it, on SQLite and PostgreSQL: product reviews (listed
PUBLISHED by default, submitted PENDING unless the site auto-approves, review.created delivered
signed to a real HTTP receiver), published pages by slug, the site configuration, and metafields
on products, customers, orders and the site (unique namespace + key, typed values, the target
must exist in the site); other sites' records are 404."""

from __future__ import annotations

import json

import pytest

from specloom.runtime.services.resources import TenantResources
from specloom.runtime.services.tenant_settings import TenantSettings
from tests.webhook_receiver import verify_webhook_signature, wait_for

SITE = "/api/v1/site_demo"
OTHER = "/api/v1/site_other"

PRODUCTS = [{"id": "prd_abc123", "name": "Classic White T-Shirt", "slug": "classic-white-t-shirt", "price": 2999}]
REVIEWS = [
    {"id": "rev_abc", "productId": "prd_abc123", "rating": 5, "title": "Great quality!",
     "content": "Wore this for a week and it still looks brand new.", "reviewerName": "Jane Smith",
     "reviewerEmail": "jane@example.com", "status": "PUBLISHED", "isVerifiedPurchase": True,
     "createdAt": "2026-01-10T12:00:00Z"},
    {"id": "rev_p1", "productId": "prd_abc123", "rating": 3, "reviewerName": "Pat", "status": "PENDING"},
    {"id": "rev_s1", "productId": "prd_abc123", "rating": 1, "reviewerName": "Bot", "status": "SPAM"},
    {"id": "rev_a1", "productId": "prd_abc123", "rating": 4, "reviewerName": "Old", "status": "ARCHIVED"},
    {"id": "rev_b", "productId": "prd_abc123", "rating": 4, "reviewerName": "Kim", "status": "PUBLISHED",
     "createdAt": "2026-01-11T12:00:00Z"},
]
PAGES = [
    {"id": "pg_1", "title": "About Us", "slug": "about", "content": "We make shirts."},
    {"id": "pg_2", "title": "Shipping", "slug": "shipping", "status": "PUBLISHED"},
    {"id": "pg_3", "title": "Secret sale", "slug": "secret-sale", "status": "DRAFT"},
]
SITE_CONFIG = {"name": "My Store", "locale": "en", "currency": "EUR", "primaryDomain": "mystore.eu",
               "domains": ["mystore.eu", "shop.mystore.eu"], "theme": {"--color-primary": "#6366f1"}}
REVIEW = {"rating": 5, "title": "Great quality!", "content": "Wore this for a week and it still looks brand new.",
          "reviewerName": "Jane Smith", "reviewerEmail": "jane@example.com"}


@pytest.fixture
def shop(shop):
    """Shopvo on each backend (tests/conftest.py), seeded with the reference's content."""
    seed(shop, "products", PRODUCTS)
    seed(shop, "reviews", REVIEWS)
    seed(shop, "pages", PAGES)
    seed(shop, "site", [SITE_CONFIG])
    seed(shop, "customers", [{"id": "cust_xyz", "email": "jane@example.com"}])
    seed(shop, "orders", [{"id": "order_xyz", "number": "ORD-1042", "total": 7137}])
    seed(shop, "products", [{"id": "prd_other", "name": "Theirs", "slug": "theirs", "price": 1}], "site_other")
    seed(shop, "pages", [{"id": "pg_other", "title": "Theirs", "slug": "about"}], "site_other")
    return shop


def seed(shop, resource, docs, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    for doc in docs:
        shop.call(resources.seed, resource, dict(doc))


def error_of(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    return body["error"]


# -- reviews --------------------------------------------------------------------------------

def test_reviews_list_published_by_default_and_filters_other_statuses(shop):
    h = shop.auth("site_demo", ["read:catalog"])
    r = shop.client.get(f"{SITE}/products/prd_abc123/reviews", headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and body["pagination"]["total"] == 2
    assert body["items"][0] == {
        "id": "rev_abc", "productId": "prd_abc123", "rating": 5, "title": "Great quality!",
        "content": "Wore this for a week and it still looks brand new.", "reviewerName": "Jane Smith",
        "status": "PUBLISHED", "isVerifiedPurchase": True, "createdAt": "2026-01-10T12:00:00Z",
        "updatedAt": body["items"][0]["updatedAt"]}
    assert "reviewerEmail" not in json.dumps(body)  # the reviewer's email is never shown

    def ids(query):
        r = shop.client.get(f"{SITE}/products/prd_abc123/reviews?{query}", headers=h)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["items"]]

    assert ids("status=PENDING") == ["rev_p1"]
    assert ids("status=SPAM") == ["rev_s1"]
    assert ids("status=ARCHIVED") == ["rev_a1"]
    assert ids("page=2&limit=1") == ["rev_b"]
    page = shop.client.get(f"{SITE}/products/prd_abc123/reviews?page=2&limit=1", headers=h).json()["pagination"]
    assert page == {"page": 2, "limit": 1, "total": 2, "totalPages": 2}
    r = shop.client.get(f"{SITE}/products/prd_abc123/reviews?status=HIDDEN", headers=h)
    assert r.status_code == 400 and error_of(r)
    r = shop.client.get(f"{SITE}/products/prd_nope/reviews", headers=h)
    assert r.status_code == 404 and error_of(r)
    # another site's product: 404, as if it were not there
    assert shop.client.get(f"{SITE}/products/prd_other/reviews", headers=h).status_code == 404


def test_submitted_review_starts_pending_unless_the_site_auto_approves(shop):
    writer = shop.auth("site_demo", ["write:catalog", "read:catalog"])
    r = shop.client.post(f"{SITE}/products/prd_abc123/reviews", headers=writer, json=REVIEW)
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert data["id"].startswith("rev_") and data["status"] == "PENDING"
    assert data["isVerifiedPurchase"] is False and "reviewerEmail" not in data
    pending = shop.client.get(f"{SITE}/products/prd_abc123/reviews?status=PENDING", headers=writer).json()["items"]
    assert data["id"] in [x["id"] for x in pending]
    # a client cannot publish its own review
    r = shop.client.post(f"{SITE}/products/prd_abc123/reviews", headers=writer, json={**REVIEW, "status": "PUBLISHED"})
    assert r.status_code == 400 and error_of(r)

    shop.call(TenantSettings(shop.runtime.store, "shopvo").update, "site_demo", {"reviewsAutoApprove": True})
    r = shop.client.post(f"{SITE}/products/prd_abc123/reviews", headers=writer, json=REVIEW)
    assert r.status_code == 201 and r.json()["data"]["status"] == "PUBLISHED"
    published = shop.client.get(f"{SITE}/products/prd_abc123/reviews", headers=writer).json()["items"]
    assert r.json()["data"]["id"] in [x["id"] for x in published]


def test_review_validation_scopes_and_other_sites(shop):
    writer = shop.auth("site_demo", ["write:catalog"])
    for bad in ({**REVIEW, "rating": 6}, {**REVIEW, "rating": 0}, {"title": "No rating", "reviewerName": "X"},
                {**REVIEW, "reviewerEmail": "nope"}, {**REVIEW, "isVerifiedPurchase": True}):
        r = shop.client.post(f"{SITE}/products/prd_abc123/reviews", headers=writer, json=bad)
        assert r.status_code == 400, (bad, r.text)
        error_of(r)
    reader = shop.auth("site_demo", ["read:catalog"])
    assert shop.client.post(f"{SITE}/products/prd_abc123/reviews", headers=reader, json=REVIEW).status_code == 403
    assert shop.client.post(f"{SITE}/products/prd_other/reviews", headers=writer, json=REVIEW).status_code == 404
    r = shop.client.post(f"{OTHER}/products/prd_other/reviews", headers=writer, json=REVIEW)
    assert r.status_code == 404


def test_review_created_is_delivered_signed_without_the_reviewer_email(shop, receiver):
    h = shop.auth("site_demo", ["webhooks:write", "write:catalog"])
    r = shop.client.post(f"{SITE}/webhooks", headers=h,
                         json={"url": receiver.url("/hooks/reviews"), "events": ["review.created"]})
    assert r.status_code == 201, r.text
    secret = r.json()["data"]["secret"]
    review = shop.client.post(f"{SITE}/products/prd_abc123/reviews", headers=h, json=REVIEW).json()["data"]
    [delivery] = wait_for(lambda: receiver.received("/hooks/reviews"))
    assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
    payload = json.loads(delivery["raw"])
    assert payload["event"] == "review.created" and payload["siteId"] == "site_demo"
    assert payload["data"]["id"] == review["id"] and payload["data"]["status"] == "PENDING"
    assert payload["data"]["productId"] == "prd_abc123" and payload["data"]["rating"] == 5
    assert b"jane@example.com" not in delivery["raw"]


# -- pages and site config ------------------------------------------------------------------

def test_pages_lists_published_pages_by_slug_and_page(shop):
    h = shop.auth("site_demo", ["read:content"])
    r = shop.client.get(f"{SITE}/pages", headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"success", "data"} and body["success"] is True
    assert [(p["id"], p["title"], p["slug"]) for p in body["data"]] == [("pg_1", "About Us", "about"),
                                                                        ("pg_2", "Shipping", "shipping")]

    def slugs(query):
        r = shop.client.get(f"{SITE}/pages?{query}", headers=h)
        assert r.status_code == 200, r.text
        return [p["slug"] for p in r.json()["data"]]

    assert slugs("slug=about") == ["about"]
    assert slugs("slug=secret-sale") == []  # a draft is not published
    assert slugs("page=2&limit=1") == ["shipping"]
    assert slugs("page=3&limit=1") == []
    r = shop.client.get(f"{SITE}/pages?limit=101", headers=h)
    assert r.status_code == 400 and error_of(r)
    assert shop.client.get(f"{SITE}/pages", headers=shop.auth("site_demo", ["read:catalog"])).status_code == 403


def test_site_config_is_the_sites_own_and_404_until_loaded(shop):
    h = shop.auth("site_demo", ["read:content"])
    r = shop.client.get(f"{SITE}/site", headers=h)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert {k: data[k] for k in ("id", "name", "locale", "currency", "primaryDomain", "theme")} == {
        "id": "site_demo", "name": "My Store", "locale": "en", "currency": "EUR", "primaryDomain": "mystore.eu",
        "theme": {"--color-primary": "#6366f1"}}
    assert data["domains"] == ["mystore.eu", "shop.mystore.eu"]
    r = shop.client.get(f"{OTHER}/site", headers=shop.auth("site_other", ["read:content"]))
    assert r.status_code == 404 and error_of(r)
    assert shop.client.get(f"{OTHER}/site", headers=h).status_code == 404
    assert shop.client.get(f"{SITE}/site", headers=shop.auth("site_demo", ["read:catalog"])).status_code == 403


# -- metafields -----------------------------------------------------------------------------

WARRANTY = {"namespace": "custom", "key": "warranty_months", "value": "24", "valueType": "integer"}


@pytest.mark.parametrize("target", ["product/prd_abc123", "customer/cust_xyz", "order/order_xyz", "site/site_demo"])
def test_metafields_are_added_listed_updated_and_deleted_on_each_resource_type(shop, target):
    h = shop.auth("site_demo", ["metafields:read", "metafields:write"])
    base = f"{SITE}/{target}/metafields"
    r = shop.client.post(base, headers=h, json=WARRANTY)
    assert r.status_code == 201, r.text
    made = r.json()["data"]
    assert made["id"].startswith("mf_")
    assert {k: made[k] for k in WARRANTY} == WARRANTY
    r = shop.client.get(base, headers=h)
    assert r.status_code == 200, r.text
    assert [(m["id"], m["namespace"], m["key"], m["value"]) for m in r.json()["data"]] == [
        (made["id"], "custom", "warranty_months", "24")]
    r = shop.client.patch(f"{base}/{made['id']}", headers=h, json={"value": "36", "valueType": "integer"})
    assert r.status_code == 200, r.text
    assert (r.json()["data"]["id"], r.json()["data"]["value"]) == (made["id"], "36")
    r = shop.client.delete(f"{base}/{made['id']}", headers=h)
    assert r.status_code == 200 and r.json() == {"success": True, "deleted": True}
    assert shop.client.get(base, headers=h).json()["data"] == []
    assert shop.client.delete(f"{base}/{made['id']}", headers=h).status_code == 404


def test_metafield_namespace_and_key_are_unique_per_resource(shop):
    h = shop.auth("site_demo", ["metafields:read", "metafields:write"])
    assert shop.client.post(f"{SITE}/product/prd_abc123/metafields", headers=h, json=WARRANTY).status_code == 201
    r = shop.client.post(f"{SITE}/product/prd_abc123/metafields", headers=h, json={**WARRANTY, "value": "12"})
    assert r.status_code == 409 and error_of(r)
    # the same namespace and key on another resource, or another key on the same one, is fine
    assert shop.client.post(f"{SITE}/customer/cust_xyz/metafields", headers=h, json=WARRANTY).status_code == 201
    r = shop.client.post(f"{SITE}/product/prd_abc123/metafields", headers=h,
                         json={"namespace": "custom", "key": "care", "value": "Wash cold"})
    assert r.status_code == 201 and r.json()["data"]["valueType"] == "string"
    assert len(shop.client.get(f"{SITE}/product/prd_abc123/metafields", headers=h).json()["data"]) == 2


@pytest.mark.parametrize("value_type,good,bad", [
    ("integer", "24", "24 months"), ("boolean", "true", "yes"), ("json", '{"a": [1, 2]}', "{a: 1}")])
def test_metafield_value_must_parse_as_its_value_type(shop, value_type, good, bad):
    h = shop.auth("site_demo", ["metafields:read", "metafields:write"])
    base = f"{SITE}/product/prd_abc123/metafields"
    r = shop.client.post(base, headers=h, json={"namespace": "custom", "key": "k", "value": bad, "valueType": value_type})
    assert r.status_code == 400 and "value" in error_of(r)
    assert shop.client.get(base, headers=h).json()["data"] == []
    r = shop.client.post(base, headers=h, json={"namespace": "custom", "key": "k", "value": good, "valueType": value_type})
    assert r.status_code == 201, r.text
    made = r.json()["data"]
    # an update is checked again: a new value, or a new type the old value does not fit
    r = shop.client.patch(f"{base}/{made['id']}", headers=h, json={"value": bad})
    assert r.status_code == 400 and "value" in error_of(r)
    r = shop.client.patch(f"{base}/{made['id']}", headers=h, json={"valueType": "string"})
    assert r.status_code == 200 and r.json()["data"]["valueType"] == "string"
    r = shop.client.patch(f"{base}/{made['id']}", headers=h, json={"value": bad})
    assert r.status_code == 200 and r.json()["data"]["value"] == bad
    if value_type != "json":
        r = shop.client.patch(f"{base}/{made['id']}", headers=h, json={"valueType": value_type})
        assert r.status_code == 400 and "value" in error_of(r)


def test_metafield_targets_must_exist_in_the_site(shop):
    h = shop.auth("site_demo", ["metafields:read", "metafields:write"])
    for target in ("product/prd_nope", "product/prd_other", "customer/cust_nope", "order/order_nope",
                   "site/site_other"):
        r = shop.client.get(f"{SITE}/{target}/metafields", headers=h)
        assert r.status_code == 404 and error_of(r), target
        r = shop.client.post(f"{SITE}/{target}/metafields", headers=h, json=WARRANTY)
        assert r.status_code == 404, target
    r = shop.client.get(f"{SITE}/brand/br_1/metafields", headers=h)
    assert r.status_code == 400 and error_of(r)
    made = shop.client.post(f"{SITE}/product/prd_abc123/metafields", headers=h, json=WARRANTY).json()["data"]
    # a metafield is found only through its own resource, and only in its own site
    for path in (f"{SITE}/customer/cust_xyz/metafields/{made['id']}",
                 f"{OTHER}/product/prd_other/metafields/{made['id']}"):
        other = shop.auth("site_other", ["metafields:write"]) if path.startswith(OTHER) else h
        assert shop.client.patch(path, headers=other, json={"value": "1"}).status_code == 404
        assert shop.client.delete(path, headers=other).status_code == 404
    reader = shop.auth("site_demo", ["metafields:read"])
    assert shop.client.post(f"{SITE}/product/prd_abc123/metafields", headers=reader, json=WARRANTY).status_code == 403
    # the site is the tenant itself: it has metafields before its configuration is loaded
    other = shop.auth("site_other", ["metafields:read", "metafields:write"])
    assert shop.client.get(f"{OTHER}/site", headers=shop.auth("site_other", ["read:content"])).status_code == 404
    r = shop.client.post(f"{OTHER}/site/site_other/metafields", headers=other, json=WARRANTY)
    assert r.status_code == 201, r.text
    assert [m["key"] for m in shop.client.get(f"{OTHER}/site/site_other/metafields", headers=other).json()["data"]] == [
        "warranty_months"]
    assert shop.client.get(f"{SITE}/site/site_demo/metafields", headers=h).json()["data"] == []
    assert shop.client.get(f"{SITE}/product/prd_abc123/metafields",
                           headers=shop.auth("site_demo", ["read:catalog"])).status_code == 403


def test_metafield_routes_do_not_shadow_the_catalog_routes(shop):
    h = shop.auth("site_demo", ["admin:*"])
    r = shop.client.get(f"{SITE}/products/prd_abc123/variants", headers=h)
    assert r.status_code == 200 and r.json()["data"] == []
    r = shop.client.get(f"{SITE}/products/prd_abc123/reviews", headers=h)
    assert r.status_code == 200 and len(r.json()["items"]) == 2
    r = shop.client.post(f"{SITE}/product/prd_abc123/metafields", headers=h, json=WARRANTY)
    assert r.status_code == 201
    # deleting the product takes its metafields with it
    assert shop.client.delete(f"{SITE}/products/prd_abc123", headers=h).status_code == 200
    assert shop.client.get(f"{SITE}/product/prd_abc123/metafields", headers=h).status_code == 404
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")
    assert shop.call(resources.store.get, shop.runtime.surface.resource("metafields").table_name,
                     "site_demo", r.json()["data"]["id"]) is None


def test_a_test_key_has_its_own_site_config_and_site_metafields_named_by_the_site(shop):
    from specloom.runtime.security.sandbox import storage_tenant

    test = {"Authorization": f"Bearer {shop.issue_key('site_demo', ('admin:*',), test=True).token}"}
    live = shop.auth("site_demo", ["admin:*"])
    assert shop.client.get(f"{SITE}/site", headers=test).status_code == 404  # the sandbox's is not loaded
    seed(shop, "site", [{**SITE_CONFIG, "name": "My Store (test)"}], storage_tenant("site_demo", True))
    r = shop.client.get(f"{SITE}/site", headers=test)
    assert r.status_code == 200 and r.json()["data"]["id"] == "site_demo"  # never the sandbox's partition name
    assert r.json()["data"]["name"] == "My Store (test)"
    assert shop.client.get(f"{SITE}/site", headers=live).json()["data"]["name"] == "My Store"
    r = shop.client.post(f"{SITE}/site/site_demo/metafields", headers=test, json=WARRANTY)
    assert r.status_code == 201, r.text
    assert shop.client.get(f"{SITE}/site/site_demo/metafields", headers=live).json()["data"] == []
    assert len(shop.client.get(f"{SITE}/site/site_demo/metafields", headers=test).json()["data"]) == 1

"""Shopvo customers and B2B accounts, as the reference shows them, on SQLite and PostgreSQL:
listing with search, group filter, offset and cursor pages; a customer with totalOrders and
totalSpent derived from its orders; profile updates; B2B accounts made from existing customers
as contacts, searched by company or contact email, suspended; other sites' records are 404."""

from __future__ import annotations

import pytest

from specloom.runtime.services.resources import TenantResources

SITE = "/api/v1/site_demo"
OTHER = "/api/v1/site_other"

CUSTOMERS = [
    {"id": "cust_xyz", "email": "jane@example.com", "firstName": "Jane", "lastName": "Smith", "groupId": "grp_vip"},
    {"id": "cust_1", "email": "buyer@acme.com", "firstName": "Bob", "lastName": "Buyer", "groupId": "grp_b2b"},
    {"id": "cust_2", "email": "ann@acme.com", "firstName": "Ann", "lastName": "Jones"},
]
# Jane's orders: three paid (28400 in all) and one still unpaid, which counts but is not spent
ORDERS = [
    {"id": "order_1", "number": "ORD-1001", "customerId": "cust_xyz", "paymentStatus": "PAID", "status": "CONFIRMED", "total": 10000},
    {"id": "order_2", "number": "ORD-1002", "customerId": "cust_xyz", "paymentStatus": "PAID", "status": "DELIVERED", "total": 12000},
    {"id": "order_3", "number": "ORD-1003", "customerId": "cust_xyz", "paymentStatus": "PAID", "status": "SHIPPED", "total": 6400},
    {"id": "order_4", "number": "ORD-1004", "customerId": "cust_xyz", "paymentStatus": "PENDING", "status": "PENDING", "total": 999},
    {"id": "order_5", "number": "ORD-1005", "customerId": "cust_1", "paymentStatus": "PAID", "status": "CONFIRMED", "total": 500},
]


@pytest.fixture
def shop(shop):
    """Shopvo on each backend (tests/conftest.py), seeded with the reference's customers and orders."""
    seed(shop, "customers", CUSTOMERS)
    seed(shop, "orders", ORDERS)
    seed(shop, "customers", [{"id": "cust_other", "email": "x@other.com", "firstName": "Jane"}], "site_other")
    return shop


def seed(shop, resource, docs, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    for doc in docs:
        shop.call(resources.seed, resource, dict(doc))


def error_of(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    return body["error"]


# -- customers ------------------------------------------------------------------------------

def test_get_customer_derives_total_orders_and_total_spent_from_its_orders(shop):
    h = shop.auth("site_demo", ["read:customers"])
    r = shop.client.get(f"{SITE}/customers/cust_xyz", headers=h)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert r.json()["success"] is True
    assert {k: data[k] for k in ("id", "email", "firstName", "lastName", "totalOrders", "totalSpent")} == {
        "id": "cust_xyz", "email": "jane@example.com", "firstName": "Jane", "lastName": "Smith",
        "totalOrders": 4, "totalSpent": 28400}
    # a payment confirmed later shows at once: the totals are never stored, so never stale
    writer = shop.auth("site_demo", ["admin:*"])
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")
    order = shop.call(resources.lookup, "orders", "order_4")
    shop.call(resources.update, "orders", order, {"paymentStatus": "PAID"})
    data = shop.client.get(f"{SITE}/customers/cust_xyz", headers=writer).json()["data"]
    assert (data["totalOrders"], data["totalSpent"]) == (4, 29399)
    fresh = shop.client.get(f"{SITE}/customers/cust_2", headers=h).json()["data"]
    assert (fresh["totalOrders"], fresh["totalSpent"]) == (0, 0)


def test_list_customers_searches_email_and_names_filters_group_and_pages(shop):
    h = shop.auth("site_demo", ["read:customers"])

    def ids(query=""):
        r = shop.client.get(f"{SITE}/customers?{query}", headers=h)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["items"]]

    body = shop.client.get(f"{SITE}/customers", headers=h).json()
    assert body["pagination"] == {"page": 1, "limit": 20, "total": 3, "totalPages": 1}
    assert [c["id"] for c in body["items"]] == ["cust_xyz", "cust_1", "cust_2"]
    assert body["items"][0]["totalSpent"] == 28400
    assert ids("search=jane") == ["cust_xyz"]            # first name and email; not another site's Jane
    assert ids("search=ACME.com") == ["cust_1", "cust_2"]  # email, any case
    assert ids("search=jones") == ["cust_2"]             # last name
    assert ids("group=grp_b2b") == ["cust_1"]
    assert ids("page=2&limit=2") == ["cust_2"]
    first = shop.client.get(f"{SITE}/customers?cursor=&limit=2", headers=h).json()
    assert [c["id"] for c in first["items"]] == ["cust_xyz", "cust_1"]
    assert first["hasNextPage"] is True and "pagination" not in first
    second = shop.client.get(f"{SITE}/customers?cursor={first['cursor']}&limit=2", headers=h).json()
    assert [c["id"] for c in second["items"]] == ["cust_2"] and second["hasNextPage"] is False
    # the reference's cursor is the last id seen
    assert first["cursor"] == "cust_1"
    assert ids("cursor=cust_xyz&limit=2") == ["cust_1", "cust_2"]
    assert ids("cursor=cust_xyz&search=acme") == ["cust_1", "cust_2"]
    for bad in ("cust_other", "cust_nope"):  # another site's customer, or none: not a place in this list
        r = shop.client.get(f"{SITE}/customers?cursor={bad}", headers=h)
        assert r.status_code == 400 and error_of(r)


def test_update_customer_profile_and_email_rules(shop):
    h = shop.auth("site_demo", ["write:customers"])
    r = shop.client.patch(f"{SITE}/customers/cust_xyz", headers=h,
                          json={"firstName": "Jane", "lastName": "Smith", "phone": "+30 210 1234567"})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["phone"] == "+30 210 1234567" and data["totalOrders"] == 4
    r = shop.client.patch(f"{SITE}/customers/cust_xyz", headers=h, json={"email": "jane.smith@example.com"})
    assert r.status_code == 200 and r.json()["data"]["email"] == "jane.smith@example.com"
    r = shop.client.patch(f"{SITE}/customers/cust_xyz", headers=h, json={"email": "buyer@acme.com"})
    assert r.status_code == 409 and "email" in error_of(r)
    for bad in ({"email": "not-an-email"}, {}, {"totalSpent": 1}, {"phone": "call me"}):
        r = shop.client.patch(f"{SITE}/customers/cust_xyz", headers=h, json=bad)
        assert r.status_code == 400, (bad, r.text)
        error_of(r)
    r = shop.client.get(f"{SITE}/customers/cust_xyz", headers=shop.auth("site_demo", ["read:customers"]))
    assert r.json()["data"]["email"] == "jane.smith@example.com"


def test_customers_need_their_scopes_and_other_sites_records_are_404(shop):
    reader = shop.auth("site_demo", ["read:customers"])
    assert shop.client.patch(f"{SITE}/customers/cust_xyz", headers=reader, json={"firstName": "J"}).status_code == 403
    assert shop.client.get(f"{SITE}/customers", headers=shop.auth("site_demo", ["read:orders"])).status_code == 403
    for path in ("/customers/cust_other",):
        r = shop.client.get(f"{SITE}{path}", headers=reader)
        assert r.status_code == 404 and error_of(r)
    r = shop.client.patch(f"{SITE}/customers/cust_other", headers=shop.auth("site_demo", ["write:customers"]),
                          json={"firstName": "Mallory"})
    assert r.status_code == 404
    assert shop.client.get(f"{OTHER}/customers", headers=reader).status_code == 404
    r = shop.client.get(f"{SITE}/customers/cust_xyz", headers=shop.auth("site_demo", ["admin:*"]))
    assert r.status_code == 200


# -- B2B accounts ---------------------------------------------------------------------------

ACME = {"companyName": "Acme Corp", "taxId": "EL123456789", "paymentTerms": "NET_30",
        "priceListId": "pl_xyz", "contactCustomerIds": ["cust_1"]}


def test_create_b2b_account_attaches_customers_as_contacts(shop):
    h = shop.auth("site_demo", ["write:b2b", "read:b2b"])
    r = shop.client.post(f"{SITE}/b2b/accounts", headers=h, json=ACME)
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert data["id"].startswith("b2b_") and data["companyName"] == "Acme Corp" and data["status"] == "ACTIVE"
    assert data["contacts"] == [{"id": "cust_1", "email": "buyer@acme.com", "isPrimary": True}]
    assert "contactCustomerIds" not in data and "contactEmails" not in data
    r = shop.client.post(f"{SITE}/b2b/accounts", headers=h,
                         json={"companyName": "Globex", "contactCustomerIds": ["cust_2", "cust_xyz"], "status": "PENDING"})
    assert r.status_code == 201
    assert [(c["id"], c["isPrimary"]) for c in r.json()["data"]["contacts"]] == [("cust_2", True), ("cust_xyz", False)]
    listed = shop.client.get(f"{SITE}/b2b/accounts", headers=h).json()
    assert [a["companyName"] for a in listed["items"]] == ["Acme Corp", "Globex"]
    assert listed["items"][0] == {**data, "updatedAt": listed["items"][0]["updatedAt"]}


def test_b2b_contacts_must_be_customers_of_this_site(shop):
    h = shop.auth("site_demo", ["write:b2b", "read:b2b"])
    for ids in (["cust_nope"], ["cust_1", "cust_other"]):
        r = shop.client.post(f"{SITE}/b2b/accounts", headers=h, json={**ACME, "contactCustomerIds": ids})
        assert r.status_code == 404, r.text
        assert "contactCustomerIds" in error_of(r) and ids[-1] in error_of(r)
    assert shop.client.get(f"{SITE}/b2b/accounts", headers=h).json()["items"] == []  # nothing half-written
    for bad in ({"taxId": "EL1"}, {**ACME, "status": "CLOSED"}, {**ACME, "paymentTerms": "SOON"}):
        r = shop.client.post(f"{SITE}/b2b/accounts", headers=h, json=bad)
        assert r.status_code == 400, (bad, r.text)
        error_of(r)


def test_b2b_list_searches_company_and_contact_email_filters_status_and_pages(shop):
    h = shop.auth("site_demo", ["write:b2b", "read:b2b"])
    made = []
    for body in (ACME, {"companyName": "Globex", "contactCustomerIds": ["cust_2"], "status": "PENDING"},
                 {"companyName": "Initech"}):
        made.append(shop.client.post(f"{SITE}/b2b/accounts", headers=h, json=body).json()["data"]["id"])

    def names(query):
        r = shop.client.get(f"{SITE}/b2b/accounts?{query}", headers=h)
        assert r.status_code == 200, r.text
        return [a["companyName"] for a in r.json()["items"]]

    assert names("search=acme corp") == ["Acme Corp"]
    assert names("search=buyer@acme.com") == ["Acme Corp"]       # a contact's email
    assert names("search=acme.com") == ["Acme Corp", "Globex"]
    assert names("status=PENDING") == ["Globex"]
    assert names("page=2&limit=2") == ["Initech"]
    first = shop.client.get(f"{SITE}/b2b/accounts?cursor=&limit=2", headers=h).json()
    assert [a["id"] for a in first["items"]] == made[:2] and first["hasNextPage"] is True
    rest = shop.client.get(f"{SITE}/b2b/accounts?cursor={first['cursor']}&limit=2", headers=h).json()
    assert [a["id"] for a in rest["items"]] == made[2:]
    assert first["cursor"] == made[1]
    assert [a["id"] for a in shop.client.get(f"{SITE}/b2b/accounts?cursor={made[0]}", headers=h).json()["items"]] == made[1:]
    r = shop.client.get(f"{SITE}/b2b/accounts?status=CLOSED", headers=h)
    assert r.status_code == 400 and error_of(r)


def test_update_b2b_account_status_terms_and_price_list(shop):
    h = shop.auth("site_demo", ["write:b2b", "read:b2b"])
    account = shop.client.post(f"{SITE}/b2b/accounts", headers=h, json=ACME).json()["data"]
    r = shop.client.patch(f"{SITE}/b2b/accounts/{account['id']}", headers=h,
                          json={"status": "SUSPENDED", "paymentTerms": "NET_60"})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["id"], data["status"], data["paymentTerms"], data["priceListId"]) == (
        account["id"], "SUSPENDED", "NET_60", "pl_xyz")
    assert data["contacts"] == account["contacts"]
    r = shop.client.patch(f"{SITE}/b2b/accounts/{account['id']}", headers=h, json={"priceListId": "pl_new"})
    assert r.json()["data"]["priceListId"] == "pl_new"
    for bad in ({"companyName": "Renamed"}, {"contacts": []}, {"status": "ARCHIVED"}, {}):
        r = shop.client.patch(f"{SITE}/b2b/accounts/{account['id']}", headers=h, json=bad)
        assert r.status_code == 400, (bad, r.text)
        error_of(r)
    other = shop.auth("site_other", ["write:b2b"])
    r = shop.client.patch(f"{OTHER}/b2b/accounts/{account['id']}", headers=other, json={"status": "ACTIVE"})
    assert r.status_code == 404 and error_of(r)
    assert shop.client.post(f"{SITE}/b2b/accounts", headers=shop.auth("site_demo", ["read:b2b"]),
                            json=ACME).status_code == 403


# -- lint -----------------------------------------------------------------------------------

def test_lint_names_wrong_fields_and_resources_of_the_content_keywords(tmp_path):
    import yaml

    from specloom.generator.pipeline import lint
    from tests.support import ROOT

    doc = yaml.safe_load((ROOT / "specs" / "shopvo" / "openapi.yaml").read_text(encoding="utf-8"))
    _, clean = lint(ROOT / "specs" / "shopvo" / "openapi.yaml")
    assert not [p for p in clean if p.level == "error"]
    resources = doc["x-specloom"]["resources"]
    resources["customers"]["aggregates"]["totalSpent"]["sum"] = "grandTotal"
    resources["customers"]["aggregates"]["totalOrders"]["resource"] = "purchases"
    resources["b2bAccounts"]["references"]["contactCustomerIds"]["into"] = "people"
    resources["metafields"]["owner"]["resources"]["brand"] = "labels"
    resources["metafields"]["typedValue"]["typeField"] = "kind"
    resources["reviews"]["private"] = ["email"]
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    _, problems = lint(spec)
    messages = "\n".join(p.message for p in problems if p.level == "error")
    for expected in ("'grandTotal' is not a property", "unknown resource 'purchases'", "'people' is not a property",
                     "unknown resource 'labels'", "typedValue typeField 'kind'", "private: 'email'"):
        assert expected in messages, (expected, messages)

"""Shopvo's cross-cutting behaviour, as its API reference states it, on both backends:
cursor pagination by last id (`?cursor=prd_abc123`, `"cursor": "prd_xyz789"`), rate-limit
headers on every response, test-mode keys (`sk_test_…`) in a sandbox, replay protection of
signed requests, optional Idempotency-Key on writes, variants default first then oldest."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.security import signatures
from tests.support import PINNED_NOW, serve

SITE = "/api/v1/site_demo"


@pytest.fixture(params=["sqlite", "postgres"])
def api(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend,
               settings=Settings(validate_responses=True, clock=lambda: PINNED_NOW)) as served:
        served.backend = request.param
        served.h = served.auth("site_demo", ["admin:*"])
        yield served


def post(api, path, body, headers=None, status=201, site=SITE):
    r = api.client.post(site + path, json=body, headers=headers or api.h)
    assert r.status_code == status, r.text
    return r.json().get("data")


def products(api, n, **extra):
    return [post(api, "/products", {"name": f"P{i}", "slug": f"p{i}", "price": 100 + i, **extra})["id"]
            for i in range(n)]


# -- 1. cursor pagination: the cursor is the last id seen -----------------------------------------
def test_cursor_is_the_last_items_id_and_pages_on_after_it(api):
    ids = products(api, 5)
    first = api.client.get(SITE + "/products?cursor=&limit=2", headers=api.h).json()
    assert [p["id"] for p in first["items"]] == ids[:2]
    assert first["cursor"] == ids[1] and first["hasNextPage"] is True and first["limit"] == 2
    assert "pagination" not in first
    # the reference's own form: ?cursor=<a product id>
    second = api.client.get(SITE + f"/products?cursor={ids[1]}&limit=2", headers=api.h).json()
    assert [p["id"] for p in second["items"]] == ids[2:4] and second["cursor"] == ids[3]
    last = api.client.get(SITE + f"/products?cursor={ids[3]}&limit=2", headers=api.h).json()
    assert [p["id"] for p in last["items"]] == ids[4:] and last["hasNextPage"] is False and last["cursor"] is None
    # any id of the list works as a cursor, not only one a response gave
    assert [p["id"] for p in api.client.get(SITE + f"/products?cursor={ids[0]}&limit=10",
                                            headers=api.h).json()["items"]] == ids[1:]


def test_cursor_pages_keep_filters_and_stay_stable_as_records_are_added(api):
    ids = products(api, 3, featured=True)
    post(api, "/products", {"name": "plain", "slug": "plain", "price": 1, "featured": False})
    page = api.client.get(SITE + f"/products?featured=true&cursor={ids[0]}&limit=1", headers=api.h).json()
    assert [p["id"] for p in page["items"]] == [ids[1]]
    added = post(api, "/products", {"name": "late", "slug": "late", "price": 9, "featured": True})["id"]
    rest = api.client.get(SITE + f"/products?featured=true&cursor={page['cursor']}&limit=10", headers=api.h).json()
    assert [p["id"] for p in rest["items"]] == [ids[2], added]  # nothing lost, nothing repeated
    # sparse fieldsets still give the cursor
    sparse = api.client.get(SITE + "/products?cursor=&limit=1&fields=name", headers=api.h).json()
    assert sparse["items"] == [{"name": "P0"}] and sparse["cursor"] == ids[0]


def test_unknown_or_other_tenants_cursor_is_400_in_shopvos_envelope(api):
    products(api, 2)
    other = api.auth("site_other", ["admin:*"])
    foreign = post(api, "/products", {"name": "X", "slug": "x", "price": 1}, headers=other, site="/api/v1/site_other")
    api_other = api.client.get(f"/api/v1/site_other/products?cursor={foreign['id']}", headers=other)
    assert api_other.status_code == 200
    for cursor in (foreign["id"], "prd_doesnotexist", "eyJwIjpbMV0sImQiOiJuZXh0In0.abc"):
        r = api.client.get(SITE + f"/products?cursor={cursor}", headers=api.h)
        assert r.status_code == 400 and r.json() == {"error": "Invalid cursor"}, r.text


# -- 3. test-mode keys: a sandbox ------------------------------------------------------------------
def sandbox_key(api, scopes=("admin:*",)):
    issued = api.issue_key("site_demo", scopes, test=True)
    assert issued.token.startswith("sk_test_")
    return {"Authorization": f"Bearer {issued.token}"}


def test_live_and_test_keys_never_see_each_others_records(api):
    live, test = api.h, sandbox_key(api)
    assert api.issue_key("site_demo", ("admin:*",)).token.startswith("sk_live_")  # the default stays live
    live_product = post(api, "/products", {"name": "Live", "slug": "shirt", "price": 1}, headers=live)
    # the same slug is free in the sandbox: unique rules hold per partition
    test_product = post(api, "/products", {"name": "Test", "slug": "shirt", "price": 2}, headers=test)
    for headers, mine, theirs in ((live, live_product, test_product), (test, test_product, live_product)):
        listed = api.client.get(SITE + "/products", headers=headers).json()["items"]
        assert [p["id"] for p in listed] == [mine["id"]]
        assert api.client.get(SITE + f"/products/{theirs['id']}", headers=headers).status_code == 404
        assert api.client.get(SITE + "/products/shirt", headers=headers).json()["data"]["id"] == mine["id"]
        r = api.client.patch(SITE + f"/products/{theirs['id']}", json={"price": 5}, headers=headers)
        assert r.status_code == 404
        # a cursor naming the other partition's record is unknown here
        assert api.client.get(SITE + f"/products?cursor={theirs['id']}", headers=headers).status_code == 400
    # webhook subscriptions too
    sub = post(api, "/webhooks", {"url": "https://hooks.example.com/test", "events": ["inventory.low"]}, headers=test)
    assert [w["id"] for w in api.client.get(SITE + "/webhooks", headers=test).json()["data"]] == [sub["id"]]
    assert api.client.get(SITE + "/webhooks", headers=live).json()["data"] == []
    assert api.client.delete(SITE + f"/webhooks/{sub['id']}", headers=live).status_code == 404


def test_a_sandbox_is_not_reachable_by_naming_it_in_the_path(api):
    test = sandbox_key(api)
    post(api, "/products", {"name": "Test", "slug": "t", "price": 2}, headers=test)
    # the validation route needs no key: it must not reach a sandbox either
    for site in ("site_demo%1Ftest", "site_demo%1ftest"):
        r = api.client.post(f"/api/v1/{site}/promotions/validate", json={"code": "X", "cartTotal": 1})
        assert r.status_code == 404 and r.json() == {"error": "Not found"}


def test_surfaces_without_a_test_prefix_issue_no_test_keys(tmp_path):
    with serve("notebook", tmp_path, spec=Path(__file__).parent / "fixtures" / "notebook" / "openapi.yaml") as nb:
        with pytest.raises(ValueError, match="no test-mode prefix"):
            nb.issue_key("ws_1", ("notes:read",), test=True)


# -- 5. optional Idempotency-Key ---------------------------------------------------------------------
def test_idempotency_key_is_optional_and_replays_a_retried_create(api):
    body = {"name": "Once", "slug": "once", "price": 10}
    first = api.client.post(SITE + "/products", json=body, headers={**api.h, "Idempotency-Key": "k-1"})
    again = api.client.post(SITE + "/products", json=body, headers={**api.h, "Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["idempotent-replayed"] == "true"
    assert len(api.client.get(SITE + "/products", headers=api.h).json()["items"]) == 1
    other = api.client.post(SITE + "/products", json={**body, "slug": "twice"}, headers={**api.h, "Idempotency-Key": "k-1"})
    assert other.status_code == 409
    assert other.json() == {"error": "This Idempotency-Key was already used with another request"}
    # without the header a write simply runs (the key is optional)
    plain = api.client.post(SITE + "/products", json={**body, "slug": "plain"}, headers=api.h)
    assert plain.status_code == 201 and "idempotent-replayed" not in plain.headers
    # a test key's Idempotency-Key is its own: the same key from the live key is not replayed to it
    test = sandbox_key(api)
    mine = api.client.post(SITE + "/products", json=body, headers={**test, "Idempotency-Key": "k-1"})
    assert mine.status_code == 201 and "idempotent-replayed" not in mine.headers


# -- 6. variants: the default first, then the oldest -------------------------------------------------
def test_variants_are_listed_default_first_then_oldest_first(api):
    product = post(api, "/products", {"name": "Tee", "slug": "tee", "price": 10})
    names = ["S", "M", "L", "XL"]
    made = [post(api, f"/products/{product['id']}/variants", {"name": n, "sku": f"TEE-{n}"}) for n in names]
    listed = lambda: [v["name"] for v in api.client.get(SITE + f"/products/{product['id']}/variants",  # noqa: E731
                                                        headers=api.h).json()["data"]]
    assert listed() == ["S", "M", "L", "XL"]  # the first variant is the default
    r = api.client.patch(SITE + f"/products/{product['id']}/variants/{made[2]['id']}", json={"isDefault": True},
                         headers=api.h)
    assert r.status_code == 200
    assert listed() == ["L", "S", "M", "XL"]
    assert api.client.delete(SITE + f"/products/{product['id']}/variants/{made[2]['id']}", headers=api.h).status_code == 200
    assert listed() == ["S", "M", "XL"]  # the next oldest was promoted
    expanded = api.client.get(SITE + f"/products/{product['id']}", headers=api.h).json()["data"]
    assert [v["name"] for v in expanded["variants"]] == ["S", "M", "XL"]


# -- 4. replay protection -------------------------------------------------------------------------------
def test_a_signed_request_is_accepted_once(api):
    issued = api.issue_key("site_demo", ("admin:*",), signing_secret=True)
    auth = {"Authorization": f"Bearer {issued.token}", "Content-Type": "application/json"}
    body = json.dumps({"name": "Signed", "slug": "signed", "price": 1}).encode()
    header = signatures.sign(issued.signing_secret, body)
    signed = {**auth, "X-Shopvo-Signature": header}
    assert api.client.post(SITE + "/products", content=body, headers=signed).status_code == 201
    replayed = api.client.post(SITE + "/products", content=body, headers=signed)
    assert replayed.status_code == 401 and replayed.json() == {"error": "Unauthorized"}
    # extra values or another spelling of the same signature make no new signature
    timestamp, value = header.split(",")
    for respelt in (f"{timestamp},{value},sha256=00", f"{timestamp},{value.upper().replace('SHA256', 'sha256')}"):
        assert api.client.post(SITE + "/products", content=body,
                               headers={**auth, "X-Shopvo-Signature": respelt}).status_code == 401
    # two different body-less requests signed in the same second are both genuine
    now = int(time.time())
    get_header = {**auth, "X-Shopvo-Signature": signatures.sign(issued.signing_secret, b"", now)}
    assert api.client.get(SITE + "/products", headers=get_header).status_code == 200
    assert api.client.get(SITE + "/webhooks", headers=get_header).status_code == 200
    assert api.client.get(SITE + "/products", headers=get_header).status_code == 401  # that one again
    # a fresh signature of the same body is a new request
    later = {**auth, "X-Shopvo-Signature": signatures.sign(issued.signing_secret, body, int(time.time()) + 1)}
    assert api.client.post(SITE + "/products", content=body, headers=later).status_code == 409  # slug taken: it ran


def test_replay_records_leave_the_store_once_out_of_the_window(api):
    from specloom.runtime.policies.signing import REPLAYS

    store = api.runtime.store
    assert api.call(lambda: store.kv_add(REPLAYS, "sig-a", {}, expires_at=100.0, now=50.0)) is True
    assert api.call(lambda: store.kv_add(REPLAYS, "sig-a", {}, expires_at=200.0, now=60.0)) is False  # live: a replay
    assert api.call(lambda: store.kv_add(REPLAYS, "sig-b", {}, expires_at=90.0, now=50.0)) is True
    assert api.call(lambda: store.kv_purge_expired(REPLAYS, 95.0)) == 1  # sig-b expired, sig-a stays
    assert api.call(lambda: store.kv_get(REPLAYS, "sig-a", 95.0)) is not None
    assert api.call(lambda: store.kv_add(REPLAYS, "sig-a", {}, expires_at=300.0, now=100.0)) is True  # expired: reusable


# -- 6. store credit of a customer who never had any ------------------------------------------------
def seed_customer(api, tenant="site_demo", **doc):
    from specloom.runtime.services.resources import TenantResources

    resources = TenantResources(api.runtime.surface, api.runtime.store, tenant)
    record = {"id": "cust_xyz", "email": "jane@example.com", "firstName": "Jane", "lastName": "Smith", **doc}
    return api.call(lambda: resources.seed("customers", record))


def test_store_credit_of_a_customer_without_any_reads_as_balance_0(api):
    seed_customer(api)
    r = api.client.get(SITE + "/store-credit/cust_xyz", headers=api.h)
    assert r.status_code == 200, r.text
    account = r.json()["data"]
    assert (account["customerId"], account["balance"], account["transactions"]) == ("cust_xyz", 0, [])
    # nothing was stored by reading it: the first credit opens the account as before
    r = api.client.post(SITE + "/store-credit/cust_xyz", json={"type": "CREDIT", "amount": 2000}, headers=api.h)
    assert r.status_code == 200 and r.json()["data"]["balance"] == 2000
    account = api.client.get(SITE + "/store-credit/cust_xyz", headers=api.h).json()["data"]
    assert account["balance"] == 2000 and [t["amount"] for t in account["transactions"]] == [2000]
    # a customer the site does not have is still 404, as is another site's customer
    seed_customer(api, tenant="site_other", id="cust_other")
    for unknown in ("cust_nobody", "cust_other"):
        r = api.client.get(SITE + f"/store-credit/{unknown}", headers=api.h)
        assert r.status_code == 404 and "error" in r.json()
    # the sandbox has no customers of the live site
    assert api.client.get(SITE + "/store-credit/cust_xyz", headers=sandbox_key(api)).status_code == 404


@pytest.fixture
def receiver():
    from tests.test_webhooks import Receiver

    r = Receiver()
    yield r
    r.close()


@pytest.fixture(params=["sqlite", "postgres"])
def delivering(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    settings = Settings(validate_responses=True, clock=lambda: PINNED_NOW, webhook_http_hosts=("127.0.0.1",),
                        webhook_poll_seconds=0.02, webhook_backoff_seconds=0.05)
    with serve("shopvo", tmp_path, backend=backend, settings=settings) as served:
        yield served


def test_a_test_keys_webhooks_get_only_test_mode_events(delivering, receiver):
    from tests.test_webhooks import verify_webhook_signature, wait_for

    api = delivering
    live, test = api.auth("site_demo", ["admin:*"]), sandbox_key(api)
    secrets_by_path, variants_by_path = {}, {}
    for path, headers in (("/live", live), ("/test", test)):
        sub = post(api, "/webhooks", {"url": receiver.url(path), "events": ["inventory.low"]}, headers=headers)
        secrets_by_path[path] = sub["secret"]
        product = post(api, "/products", {"name": "Tee", "slug": "tee", "price": 10}, headers=headers)
        variant = post(api, f"/products/{product['id']}/variants", {"name": "S", "inventoryCount": 10}, headers=headers)
        variants_by_path[path] = variant["id"]
        r = api.client.patch(SITE + f"/products/{product['id']}/variants/{variant['id']}",
                             json={"inventoryCount": 2}, headers=headers)
        assert r.status_code == 200, r.text
    wait_for(lambda: receiver.received("/live") and receiver.received("/test"))
    time.sleep(0.3)  # a delivery to the wrong subscription would come within a few polls
    for path in ("/live", "/test"):
        got = receiver.received(path)
        assert len(got) == 1, got
        payload = json.loads(got[0]["raw"])
        assert payload["event"] == "inventory.low" and payload["siteId"] == "site_demo"  # the site, as clients name it
        assert payload["data"]["id"] == variants_by_path[path]
        assert verify_webhook_signature(got[0]["raw"], got[0]["headers"]["X-Shopvo-Signature"], secrets_by_path[path])
    # the operator's view of the live site lists the live deliveries only
    store = api.runtime.store
    listed = api.call(lambda: store.outbox_list("shopvo", tenant="site_demo"))
    assert [json.loads(d["body"])["data"]["id"] for d in listed] == [variants_by_path["/live"]]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_cli_makes_test_keys_and_loads_data_into_the_sandbox(backend, tmp_path, request):
    """`specloom keys create shopvo --tenant T --test` mints sk_test_…; `data load --test` fills
    the sandbox (categories have no write endpoint): test keys see that data, live keys do not."""
    from tests.test_data_load import specloom

    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'cli.db'}"
    made = specloom(tmp_path, "keys", "create", "shopvo", "--tenant", "site_demo", "--scopes", "read:catalog",
                    "--test", "--json", "--backend", url)
    assert made.returncode == 0, made.stderr
    issued = json.loads(made.stdout)
    assert issued["token"].startswith("sk_test_") and issued["mode"] == "test"
    live = json.loads(specloom(tmp_path, "keys", "create", "shopvo", "--tenant", "site_demo", "--scopes",
                               "read:catalog", "--json", "--backend", url).stdout)
    assert live["token"].startswith("sk_live_") and live["mode"] == "live"
    data = tmp_path / "sandbox.json"
    data.write_text(json.dumps({"records": {"categories": [{"id": "cat_1", "name": "Apparel", "slug": "apparel"}]}}))
    loaded = specloom(tmp_path, "data", "load", "shopvo", str(data), "--tenant", "site_demo", "--test", "--json",
                      "--backend", url)
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["tenant"] == "site_demo" and json.loads(loaded.stdout)["mode"] == "test"
    refused = specloom(tmp_path, "keys", "create", "shopvo", "--tenant", "site\x01demo", "--json", "--backend", url)
    assert refused.returncode != 0 and "control characters" in refused.stderr + refused.stdout
    with serve("shopvo", tmp_path, backend=url) as api:
        as_test = api.client.get(SITE + "/categories", headers={"Authorization": f"Bearer {issued['token']}"})
        as_live = api.client.get(SITE + "/categories", headers={"Authorization": f"Bearer {live['token']}"})
        assert [c["slug"] for c in as_test.json()["data"]] == ["apparel"]
        assert as_live.json()["data"] == []


def test_customers_b2b_and_orders_page_by_last_id_too(api):
    """The cursor style is the surface's: every cursor-paged list gets it by declaration."""
    for n in range(3):
        seed_customer(api, id=f"cust_{n}", email=f"c{n}@example.com", firstName=f"C{n}")
    first = api.client.get(SITE + "/customers?cursor=&limit=2", headers=api.h).json()
    assert [c["id"] for c in first["items"]] == ["cust_0", "cust_1"] and first["cursor"] == "cust_1"
    rest = api.client.get(SITE + "/customers?cursor=cust_1&limit=2", headers=api.h).json()
    assert [c["id"] for c in rest["items"]] == ["cust_2"] and rest["hasNextPage"] is False
    # with a search: the items after cust_0 that match it
    found = api.client.get(SITE + "/customers?cursor=cust_0&search=example.com", headers=api.h).json()
    assert [c["id"] for c in found["items"]] == ["cust_1", "cust_2"]
    accounts = [post(api, "/b2b/accounts", {"companyName": f"Acme {n}", "contactCustomerIds": [f"cust_{n}"]})["id"]
                for n in range(2)]
    page = api.client.get(SITE + f"/b2b/accounts?cursor={accounts[0]}", headers=api.h).json()
    assert [a["id"] for a in page["items"]] == [accounts[1]]
    # a customer's id is no cursor of the B2B list, nor an account's of the orders list
    for path in ("/b2b/accounts?cursor=cust_0", f"/orders?cursor={accounts[0]}"):
        r = api.client.get(SITE + path, headers=api.h)
        assert r.status_code == 400 and r.json() == {"error": "Invalid cursor"}, path


def test_a_records_keyset_position_is_where_its_page_ended(api):
    """Store.keyset_position gives the position a keyset page of the same order ends at, so a
    lastId cursor continues exactly where the page it came from stopped (no offset involved)."""
    from specloom.backends.base import PageRequest, Query, SortKey

    ids = products(api, 4)
    store, table = api.runtime.store, api.runtime.surface.resource("products").table_name
    for query in (Query(), Query(sort=(SortKey("slug", descending=True),))):
        page = api.call(lambda: store.list(table, "site_demo", query, PageRequest(limit=2, keyset=True)))
        last = page.items[-1]["id"]
        assert api.call(lambda: store.keyset_position(table, "site_demo", last, query)) == page.last_position
        after = api.call(lambda: store.list(table, "site_demo", query,
                                            PageRequest(limit=10, keyset=True, after=page.last_position)))
        assert [p["id"] for p in page.items + after.items] == (ids if not query.sort else ids[::-1])
    assert api.call(lambda: store.keyset_position(table, "site_other", ids[0], Query())) is None


def test_a_sandbox_reads_its_sites_settings_and_may_override_them(api):
    """Site settings (`specloom tenants set`) are configuration, not data: a test key's sandbox
    reads the site's (reviews auto-approved), and a sandbox's own setting stays its own."""
    from specloom.runtime.security.sandbox import storage_tenant
    from specloom.runtime.services.tenant_settings import TenantSettings

    settings = TenantSettings(api.runtime.store, "shopvo")
    api.call(lambda: settings.update("site_demo", {"reviewsAutoApprove": True}))
    test = sandbox_key(api)
    review = {"rating": 5, "title": "Great quality!", "content": "Still looks new.", "reviewerName": "Jane Smith",
              "reviewerEmail": "jane@example.com"}
    for headers in (api.h, test):
        product = post(api, "/products", {"name": "Tee", "slug": "tee", "price": 1}, headers=headers)
        assert post(api, f"/products/{product['id']}/reviews", review, headers=headers)["status"] == "PUBLISHED"
    api.call(lambda: settings.update(storage_tenant("site_demo", True), {"reviewsAutoApprove": False}))
    product = post(api, "/products", {"name": "Mug", "slug": "mug", "price": 1}, headers=test)
    assert post(api, f"/products/{product['id']}/reviews", review, headers=test)["status"] == "PENDING"
    assert api.call(lambda: settings.get("site_demo")) == {"reviewsAutoApprove": True}  # the site's own, untouched


def test_a_surface_without_rules_counts_only_requests_with_no_credential(tmp_path):
    """The ledgerbook declares no rate limits: a key's answers carry no headers (its refusal
    is not counted anywhere), while a bad key's 401 counts in the address's public bucket (the
    runtime's default rule, 60 a minute)."""
    from tests.support import FIXTURES

    with serve("ledgerbook", tmp_path, spec=FIXTURES / "ledgerbook" / "openapi.yaml") as book:
        key = book.auth("acme")
        refused = book.client.get("/t/other/wallets/wal_1", headers=key)  # refused by a policy: another tenant
        assert refused.status_code == 404 and "x-ratelimit-limit" not in refused.headers
        bad = book.client.get("/t/acme/wallets/wal_1", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401 and bad.headers["x-ratelimit-limit"] == "60"
        assert bad.headers["x-ratelimit-remaining"] == "59"

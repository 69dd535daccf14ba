"""Rate limits declared in the spec, counted in the store."""

from __future__ import annotations

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.http.app import create_app
from specloom.runtime.surfaces import load_surface
from tests.support import FIXTURES, GENERATED, Served, pinned_clock

NOTES = "/workspaces/ws_1/notes"


def test_limit_headers_on_every_response_and_429_with_retry_after(notebook):
    h = notebook.auth("ws_1", ["notes:read"])
    remaining = []
    for _ in range(5):
        r = notebook.client.get(NOTES, headers=h)
        assert r.status_code == 200
        assert r.headers["x-ratelimit-limit"] == "5"
        assert 0 < int(r.headers["x-ratelimit-reset"]) <= 60
        remaining.append(int(r.headers["x-ratelimit-remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    r = notebook.client.get(NOTES, headers=h)
    assert r.status_code == 429
    assert 0 < int(r.headers["retry-after"]) <= 60
    assert r.headers["x-ratelimit-remaining"] == "0"
    assert r.json()["error"]["code"] == "rate_limited"
    # error responses carry the headers too
    r = notebook.client.get(NOTES + "?limit=0", headers=notebook.auth("ws_1", ["notes:read"]))
    assert r.status_code == 400 and r.headers["x-ratelimit-remaining"] == "4"


def test_each_credential_has_its_own_bucket_and_bad_keys_are_not_charged(notebook):
    key = notebook.issue_key("ws_1", ["notes:read"])
    good = {"Authorization": f"Bearer {key.token}"}
    forged = {"Authorization": f"Bearer {key.token[:-3]}AAA"}
    for _ in range(10):
        assert notebook.client.get(NOTES, headers=forged).status_code == 401
    r = notebook.client.get(NOTES, headers=good)
    assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "4"


def test_route_rule_applies_only_with_its_query_parameter(shopvo):
    h = shopvo.auth("site_demo", ["read:catalog"])
    plain = shopvo.client.get("/api/v1/site_demo/products", headers=h)
    assert plain.headers["x-ratelimit-limit"] == "1000"
    searched = shopvo.client.get("/api/v1/site_demo/products?search=tee", headers=h)
    assert searched.headers["x-ratelimit-limit"] == "60"
    assert searched.headers["x-ratelimit-remaining"] == "59"


def test_two_apps_on_one_store_share_the_buckets(tmp_path):
    generated = load_surface("notebook", spec=FIXTURES / "notebook" / "openapi.yaml", out_dir=GENERATED)
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    from starlette.testclient import TestClient

    a_store, b_store = open_store(url), open_store(url)
    a_app = create_app(generated, a_store, settings=Settings(clock=pinned_clock))
    b_app = create_app(generated, b_store, settings=Settings(clock=pinned_clock))
    with TestClient(a_app) as a, TestClient(b_app) as b:
        key = Served(a, a_app).issue_key("ws_1", ["notes:read"])
        h = {"Authorization": f"Bearer {key.token}"}
        statuses = [(a if i % 2 else b).get(NOTES, headers=h).status_code for i in range(8)]
    assert statuses.count(200) == 5 and statuses.count(429) == 3


def test_a_valid_keys_refused_request_is_charged_and_carries_the_headers(shopvo):
    key = shopvo.issue_key("site_demo", ["read:catalog"], rate_limits={"plan": 30})
    h = {"Authorization": f"Bearer {key.token}"}
    refused = shopvo.client.get("/api/v1/site_demo/orders", headers=h)  # needs read:orders
    assert refused.status_code == 403
    assert (refused.headers["x-ratelimit-limit"], refused.headers["x-ratelimit-remaining"]) == ("30", "29")
    other_site = shopvo.client.get("/api/v1/site_other/products", headers=h)
    assert other_site.status_code == 404 and other_site.headers["x-ratelimit-remaining"] == "28"
    assert shopvo.client.get("/api/v1/site_demo/products", headers=h).headers["x-ratelimit-remaining"] == "27"

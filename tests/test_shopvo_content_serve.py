"""Shopvo content as an operator runs it, against a real `specloom serve shopvo` process on SQLite
and PostgreSQL: the site configuration, pages, a product and customers loaded with `specloom data
load`, auto-approval switched on with `specloom tenants set`, a key from `specloom keys create`;
then the storefront reads the site and its pages, a review is published at once, and the site
carries metafields."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from tests.servers import Server
from tests.support import ROOT

SITE = "site_demo"
DATA = {
    "records": {
        "site": [{"name": "My Store", "locale": "en", "currency": "EUR", "primaryDomain": "mystore.eu",
                  "domains": ["mystore.eu"], "theme": {"--color-primary": "#6366f1"}}],
        "pages": [{"id": "pg_1", "title": "About Us", "slug": "about"},
                  {"id": "pg_2", "title": "Draft", "slug": "draft", "status": "DRAFT"}],
        "products": [{"id": "prd_abc123", "name": "Classic White T-Shirt", "slug": "classic-white-t-shirt",
                      "price": 2999}],
        "customers": [{"id": "cust_xyz", "email": "jane@example.com", "firstName": "Jane", "lastName": "Smith"}],
    }
}


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'shop.db'}"


def specloom(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_SPECS": str(ROOT / "specs"), "SPECLOOM_STATE_DIR": str(tmp_path / "state")})
    run = subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True, text=True,
                         env=env, timeout=180, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def test_loaded_content_served_by_a_real_process(tmp_path, backend):
    data = tmp_path / "content.json"
    data.write_text(json.dumps(DATA), encoding="utf-8")
    specloom(tmp_path, "data", "load", "shopvo", str(data), "--tenant", SITE, "--backend", backend)
    specloom(tmp_path, "tenants", "set", "shopvo", SITE, "reviewsAutoApprove=true", "--backend", backend)
    key = json.loads(specloom(tmp_path, "keys", "create", "shopvo", "--tenant", SITE, "--scopes",
                              "read:content read:catalog write:catalog metafields:read metafields:write read:customers",
                              "--json", "--backend", backend).stdout)["token"]
    (tmp_path / "state").mkdir(exist_ok=True)
    server = Server("shopvo", backend, tmp_path / "state").start()
    try:
        server.wait_ready()
        h = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=f"{server.url}/api/v1/{SITE}", headers=h, trust_env=False, timeout=30) as api:
            site = api.get("/site")
            assert site.status_code == 200, site.text
            assert {k: site.json()["data"][k] for k in ("id", "name", "currency", "primaryDomain")} == {
                "id": SITE, "name": "My Store", "currency": "EUR", "primaryDomain": "mystore.eu"}
            pages = api.get("/pages").json()
            assert [p["slug"] for p in pages["data"]] == ["about"]
            review = api.post("/products/prd_abc123/reviews",
                              json={"rating": 5, "title": "Great quality!", "reviewerName": "Jane Smith",
                                    "reviewerEmail": "jane@example.com"})
            assert review.status_code == 201, review.text
            assert review.json()["data"]["status"] == "PUBLISHED" and "reviewerEmail" not in review.text
            listed = api.get("/products/prd_abc123/reviews").json()
            assert [r["id"] for r in listed["items"]] == [review.json()["data"]["id"]]
            mf = api.post(f"/site/{SITE}/metafields", json={"namespace": "custom", "key": "launch", "value": "true",
                                                            "valueType": "boolean"})
            assert mf.status_code == 201, mf.text
            assert [m["key"] for m in api.get(f"/site/{SITE}/metafields").json()["data"]] == ["launch"]
            customer = api.get("/customers/cust_xyz").json()["data"]
            assert (customer["totalOrders"], customer["totalSpent"]) == (0, 0)
    finally:
        server.stop()

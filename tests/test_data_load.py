"""`specloom data load SURFACE FILE --tenant T`: records from YAML or JSON, validated against the
resource schemas, written through the API's own create path (ids, defaults, derived fields,
flags, numbering, unique rules, events), all or nothing; and the demo data loaded the same way.
Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from specloom.backends import open_store
from specloom.runtime.services.data_loading import DataLoader, LoadError, batches
from specloom.runtime.services.demo_data import demo_tenant, load_demo
from tests.support import GENERATED, ROOT, serve

SITE = "site_load"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'load.db'}"


def specloom(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_SPECS": str(ROOT / "specs"), "SPECLOOM_STATE_DIR": str(tmp_path / "state")})
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True, text=True,
                          env=env, timeout=180, cwd=tmp_path)


CATALOG = {
    "records": {
        "brands": [{"id": "br_1", "name": "Essentials", "slug": "essentials"}],
        "categories": [{"id": "cat_1", "name": "Apparel", "slug": "apparel"},
                       {"id": "cat_2", "name": "T-Shirts", "slug": "t-shirts", "parentId": "cat_1"}],
        "products": [{"id": "prd_abc123", "name": "Classic White T-Shirt", "slug": "classic-white-t-shirt",
                      "price": 2999, "compareAtPrice": 3999, "brandId": "br_1", "categoryIds": ["cat_1", "cat_2"],
                      "createdAt": "2026-01-10T12:00:00.000Z", "updatedAt": "2026-01-10T12:00:00.000Z"}],
        "variants": [
            {"id": "var_s", "productId": "prd_abc123", "name": "Small / White", "sku": "TS-WHT-S",
             "inventoryCount": 42, "options": {"Size": "Small", "Color": "White"}},
            {"productId": "prd_abc123", "name": "Large / White", "sku": "TS-WHT-L", "inventoryCount": 0},
        ],
        "orders": [{"customerId": "cust_xyz", "email": "jane@example.com", "currency": "EUR", "total": 5998,
                    "status": "CONFIRMED", "paymentStatus": "PAID",
                    "items": [{"productId": "prd_abc123", "variantId": "var_s", "name": "Classic White T-Shirt",
                               "quantity": 2, "price": 2999}]}],
    }
}


def test_a_good_file_loads_through_the_create_path_and_records_its_events(tmp_path, backend):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(CATALOG))
    run = specloom(tmp_path, "data", "load", "shopvo", str(path), "--tenant", SITE, "--backend", backend, "--json")
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout)
    assert outcome["loaded"] == {"brands": 1, "categories": 2, "products": 1, "variants": 2, "orders": 1}
    assert outcome["total"] == 7 and outcome["events"] == 1  # order.created; catalog writes emit nothing

    with serve("shopvo", tmp_path, backend=backend) as shopvo:
        h = shopvo.auth(SITE)
        (product,) = shopvo.client.get(f"/api/v1/{SITE}/products", params=[("expand[]", "brand"),
                                       ("expand[]", "categories")], headers=h).json()["items"]
        assert product["brand"]["slug"] == "essentials" and [c["id"] for c in product["categories"]] == ["cat_1", "cat_2"]
        assert product["status"] == "ACTIVE" and product["featured"] is False  # schema defaults
        assert product["createdAt"] == "2026-01-10T12:00:00.000Z"  # imported history keeps its times
        variants = shopvo.client.get(f"/api/v1/{SITE}/products/prd_abc123/variants", headers=h).json()["data"]
        by_sku = {v["sku"]: v for v in variants}
        assert by_sku["TS-WHT-S"]["isDefault"] is True and by_sku["TS-WHT-L"]["isDefault"] is False  # firstIsSet
        assert by_sku["TS-WHT-L"]["id"].startswith("var_")  # an id made with the resource's prefix
        assert by_sku["TS-WHT-L"]["inventoryStatus"] == "OUT_OF_STOCK"  # derived from inventoryCount
        (order,) = shopvo.client.get(f"/api/v1/{SITE}/orders", headers=h).json()["items"]
        assert re.fullmatch(r"ORD-\d{6}", order["number"])  # numbering drew a number
        events = shopvo.call(lambda: shopvo.runtime.store.outbox_list("shopvo", tenant=SITE, deliveries=False))
        assert [(e["event"], json.loads(e["body"])["data"]["id"]) for e in events] == [("order.created", order["id"])]

    again = specloom(tmp_path, "data", "load", "shopvo", str(path), "--tenant", SITE, "--backend", backend)
    assert again.returncode == 2
    assert "brands[0] (id br_1): field 'id': another record already has this id; nothing was loaded" in again.stderr


def _store_counts(backend: str, tables: list[str]) -> dict[str, list[str]]:
    async def run():
        from specloom.runtime.config import Settings
        from specloom.runtime.surface_runtime import SurfaceRuntime
        from specloom.runtime.surfaces import load_surface, spec_path

        store = open_store(backend)
        try:
            generated = load_surface("shopvo", spec=spec_path("shopvo", ROOT / "specs"), out_dir=GENERATED)
            await SurfaceRuntime(generated, store, Settings()).ensure_ready()
            out = {t: await store.tenants(f"shopvo__{t}") for t in tables}
            out["events"] = [e["id"] for e in await store.outbox_list("shopvo", deliveries=False)]
            return out
        finally:
            await store.close()
    return asyncio.run(run())


def test_a_bad_record_in_the_middle_leaves_nothing_written_and_is_named_with_its_field(tmp_path, backend):
    data = {"tenant": SITE, "records": {
        "brands": [{"id": "br_1", "name": "Essentials", "slug": "essentials"}],
        "orders": [{"id": "order_1", "email": "a@example.com", "total": 100, "items": []}],
        "products": [{"id": "prd_1", "name": "Tee", "slug": "tee", "price": 100},
                     {"id": "prd_2", "name": "Mug", "slug": "mug", "price": "12.50"},
                     {"id": "prd_3", "name": "Cap", "slug": "cap", "price": 900}]}}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    run = specloom(tmp_path, "data", "load", "shopvo", str(path), "--backend", backend)  # the file's tenant
    assert run.returncode == 2
    assert "products[1] (id prd_2): field 'price': " in run.stderr and "nothing was loaded" in run.stderr
    assert _store_counts(backend, ["brands", "orders", "products"]) == {
        "brands": [], "orders": [], "products": [], "events": []}


@pytest.mark.parametrize("records, where, field, message", [
    ({"widgets": [{"name": "x"}]}, "widgets", None, "unknown resource 'widgets'"),
    ({"brands": [{"name": "E", "slug": "e", "colour": "red"}]}, "brands[0]", "colour", "unknown field"),
    ({"products": [{"name": "T", "slug": "t", "price": 1, "variants": []}]}, "products[0]", "variants",
     "a relation cannot be given inline"),
    ({"variants": [{"productId": "prd_missing", "name": "S"}]}, "variants[0]", "productId", "no product 'prd_missing'"),
    ({"brands": [{"name": "E", "slug": "e"}, {"name": "F", "slug": "e"}]}, "brands[1]", "slug",
     "another brand already has this slug"),
    ({"products": [{"name": "T", "slug": "Not A Slug", "price": 1}]}, "products[0]", "slug", "does not match"),
    ({"brands": [{"id": "br_1", "slug": "e"}]}, "brands[0] (id br_1)", "name", "required"),
])
def test_bad_input_is_refused_naming_the_record_and_field(tmp_path, backend, records, where, field, message):
    with serve("shopvo", tmp_path, backend=backend) as shopvo:
        loader = DataLoader.for_runtime(shopvo.runtime)
        with pytest.raises(LoadError) as refused:
            shopvo.call(lambda: loader.load(SITE, batches({"records": records}, shopvo.runtime.surface)))
        brand_tenants = shopvo.call(lambda: shopvo.runtime.store.tenants("shopvo__brands"))
    exc = refused.value
    assert exc.where().startswith(where) and exc.field == field and message in exc.message, str(exc)
    assert brand_tenants == []  # nothing of the file stays, not even the records before the bad one


@pytest.mark.parametrize("surface", ["shopvo", "alva", "alza", "scalev"])
def test_every_surfaces_demo_loads_through_the_loader_once(tmp_path, surface):
    with serve(surface, tmp_path) as served:
        loaded = served.call(lambda: load_demo(surface, served.runtime))
        assert loaded > 0
        assert served.call(lambda: load_demo(surface, served.runtime)) == 0  # into an empty tenant only
        assert demo_tenant(surface)


def test_shopvo_demo_serves_categories_brands_pages_and_site_config(tmp_path, backend):
    with serve("shopvo", tmp_path, backend=backend) as shopvo:
        assert shopvo.call(lambda: load_demo("shopvo", shopvo.runtime)) > 0
        h = shopvo.auth("site_demo")
        site = "/api/v1/site_demo"
        categories = shopvo.client.get(f"{site}/categories", headers=h).json()["data"]
        assert {"id": "cat_1", "name": "Apparel", "slug": "apparel"}.items() <= next(
            c for c in categories if c["id"] == "cat_1").items()
        children = shopvo.client.get(f"{site}/categories", params={"parentId": "cat_1"}, headers=h).json()["data"]
        assert sorted(c["slug"] for c in children) == ["outerwear", "t-shirts"]
        brands = shopvo.client.get(f"{site}/brands", params={"slug": "essentials"}, headers=h).json()["data"]
        assert [b["id"] for b in brands] == ["br_1"]
        product = shopvo.client.get(f"{site}/products/prd_abc123", headers=h).json()["data"]
        assert product["slug"] == "classic-white-t-shirt" and product["price"] == 2999
        pages = shopvo.client.get(f"{site}/pages", headers=h).json()["data"]
        assert {"about", "shipping-returns", "faq"} <= {p["slug"] for p in pages}
        assert "holiday-sale" not in {p["slug"] for p in pages}  # a draft is not published
        config = shopvo.client.get(f"{site}/site", headers=h).json()["data"]
        assert config["name"] == "My Store" and config["currency"] == "EUR" and config["locale"] == "en"
        assert config["primaryDomain"] == "mystore.eu" and config["theme"]["--color-primary"] == "#6366f1"


def test_a_long_file_reports_progress_and_explicit_order_is_kept(tmp_path, backend):
    brands = [{"id": f"br_{i}", "name": f"Brand {i}", "slug": f"brand-{i}"} for i in range(1200)]
    data = {"records": [{"brands": brands}, {"categories": [{"name": "Apparel", "slug": "apparel"}]},
                        {"brands": [{"name": "Late", "slug": "late"}]}]}  # a resource may come back later
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data))
    run = specloom(tmp_path, "data", "load", "shopvo", str(path), "--tenant", SITE, "--backend", backend)
    assert run.returncode == 0, run.stderr
    assert [line.split(": ")[1].split(" ")[0] for line in run.stderr.splitlines()] == ["500/1202", "1000/1202",
                                                                                         "1202/1202"]
    assert f"shopvo: loaded 1202 record(s) into tenant {SITE} (brands 1201, categories 1); 0 event(s) recorded" \
        in run.stdout

"""Stores made before each surface's tables were its own, upgraded on SQLite and PostgreSQL.

That layout named a resource's table `res_<resource>` (same DDL, same index plan, migration
state version 1). The fixture makes such a store with today's code under that naming, serving
over HTTP as that version did; the test then serves the surface as it is now: on its first start
the store renames each table the surface's state records to `<surface>__<resource>`, with its
records and its indexes under their new names, and serves them. `specloom migrate --dry-run`
shows the renames first; a table two surfaces shared waits for `--adopt`.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from typer.testing import CliRunner

from specloom.backends import migrations
from specloom.generator import ir
from specloom.runtime.cli import app as cli
from tests.backends.test_migrations import live_tables, raw
from tests.support import ROOT, serve
from tests.test_surfaces_share_a_store import SITE, TENANT, shopvo_places_an_order


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'old.db'}"


@contextlib.contextmanager
def older_layout(monkeypatch):
    """specloom as it was: `res_<resource>` tables, state version 1."""
    with monkeypatch.context() as m:
        m.setattr(ir.Resource, "table_name", property(lambda resource: "res_" + ir.snake_case(resource.name)))
        m.setattr(migrations, "STATE_VERSION", 1)
        yield


def cli_migrate(tmp_path, *args):
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    return CliRunner().invoke(cli, ["migrate", *args], env=env)


def state_of(store_url: str, surface: str) -> dict:
    (value,) = raw(store_url, f"SELECT value FROM sl_meta WHERE key = 'schema:{surface}'")[0]
    return json.loads(value)


@pytest.mark.slow  # the store is served three times and migrated by the CLI in between
def test_a_store_of_the_older_layout_is_renamed_on_first_start_and_serves_its_records(store_url, tmp_path,
                                                                                          monkeypatch):
    with older_layout(monkeypatch), serve("shopvo", tmp_path, backend=store_url) as old:
        h = old.auth(TENANT)
        order = shopvo_places_an_order(old, h)
        product = old.client.post(f"{SITE}/products", headers=h,
                                  json={"name": "Mug", "slug": "mug", "price": 1250}).json()["data"]
        key = h  # the key (sl_credentials, untouched by the layout) keeps working after the upgrade
    assert {"res_orders", "res_products", "res_carts", "res_checkouts"} <= live_tables(store_url)
    assert state_of(store_url, "shopvo")["version"] == 1

    # the dry run lists the renames (and the indexes they take), and changes nothing
    r = cli_migrate(tmp_path, "shopvo", "--backend", store_url, "--dry-run")
    assert r.exit_code == 0, r.output
    assert ("  rename table res_orders to shopvo__orders with its 1 record(s) (each surface's tables are "
            "its own)") in r.output
    # the mug and the catalog product the order's cart line named
    assert "  rename table res_products to shopvo__products with its 2 record(s)" in r.output
    assert "create unique index ux_shopvo__products_slug_" in r.output
    assert "(dry run: nothing applied)" in r.output
    assert "res_orders" in live_tables(store_url) and "shopvo__orders" not in live_tables(store_url)

    # the first start migrates by itself and serves the records it had
    with serve("shopvo", tmp_path, backend=store_url) as new:
        r = new.client.get(f"{SITE}/orders", headers=key)
        assert r.status_code == 200, r.text
        assert [o["id"] for o in r.json()["items"]] == [order["id"]]
        assert new.client.get(f"{SITE}/orders/{order['number']}", headers=key).json()["data"] == order
        assert new.client.get(f"{SITE}/products/mug", headers=key).json()["data"] == {**product, "variants": []}
        r = new.client.post(f"{SITE}/products", headers=key, json={"name": "Mug 2", "slug": "mug", "price": 1})
        assert r.status_code == 409, r.text  # the unique slug index came along
        second = shopvo_places_an_order(new, new.auth(TENANT))  # a fresh key: /checkout allows 10 a minute
        listed = new.client.get(f"{SITE}/orders", headers=key).json()["items"]
        assert sorted(o["id"] for o in listed) == sorted([order["id"], second["id"]])
    tables = live_tables(store_url)
    assert {"shopvo__orders", "shopvo__products", "shopvo__carts", "shopvo__checkouts"} <= tables
    assert not {t for t in tables if t.startswith("res_")}
    state = state_of(store_url, "shopvo")
    assert state["version"] == 2 and "shopvo__orders" in state["tables"] and "res_orders" not in state["tables"]
    r = cli_migrate(tmp_path, "shopvo", "--backend", store_url)
    assert r.exit_code == 0 and "the schema is up to date" in r.output, r.output


@pytest.mark.slow  # several serves and CLI runs on one store
def test_tables_two_surfaces_shared_wait_for_adopt_then_each_surface_serves_its_own(store_url, tmp_path,
                                                                                     monkeypatch):
    with older_layout(monkeypatch):
        with serve("shopvo", tmp_path, backend=store_url) as old:
            h = old.auth(TENANT)
            order = shopvo_places_an_order(old, h)
        # Scalev served on Shopvo's store planned its columns over Shopvo's orders and products (that
        # version recorded them in Scalev's state too) and served Shopvo's records, breaking its schema
        states = raw(store_url, "SELECT key, value FROM sl_meta WHERE key = 'schema:shopvo'")
        raw(store_url, "DELETE FROM sl_meta WHERE key = 'schema:shopvo'")  # today's planner would refuse
        with serve("scalev", tmp_path, backend=store_url) as scalev:
            assert scalev.client.get("/v3/orders", headers=scalev.auth(TENANT)).status_code == 500
        (key, value), = states
        raw(store_url, "INSERT INTO sl_meta (key, value) VALUES ('{}', '{}')".format(key, value.replace("'", "''")))
    assert "res_orders" in state_of(store_url, "scalev")["tables"]

    # the upgrade cannot tell whose the shared records are: refused, naming --adopt
    r = cli_migrate(tmp_path, "shopvo", "--backend", store_url, "--dry-run")
    assert r.exit_code == 1
    refusal = " ".join(r.output.split())
    assert ("orders: its table res_orders is of the layout before each surface's tables were its own, and "
            "surface(s) scalev recorded it too: its 1 record(s) cannot be told apart by surface; give them all "
            "to shopvo with `specloom migrate shopvo --adopt orders`") in refusal
    r = cli_migrate(tmp_path, "shopvo", "--backend", store_url, "--adopt", "orders", "--adopt", "products",
                     "--adopt", "variants", "--adopt", "carts")
    assert r.exit_code == 0, r.output
    assert "rename table res_orders to shopvo__orders with its 1 record(s)" in r.output

    # now both serve on the one store, each its own records; Scalev starts its orders afresh
    with serve("shopvo", tmp_path, backend=store_url) as shop, serve("scalev", tmp_path, backend=store_url) as sv:
        shop_h, sv_h = shop.auth(TENANT), sv.auth(TENANT)
        assert [o["id"] for o in shop.client.get(f"{SITE}/orders", headers=shop_h).json()["items"]] == [order["id"]]
        r = sv.client.get("/v3/orders", headers=sv_h)
        assert r.status_code == 200 and r.json()["data"] == [], r.text
        r = sv.client.post("/v3/orders", headers=sv_h,
                           json={"items": [{"product_id": "prod_1", "quantity": 1, "price": 1000}], "total": 1000})
        assert r.status_code == 201, r.text
        assert [o["id"] for o in sv.client.get("/v3/orders", headers=sv_h).json()["data"]] == [r.json()["id"]]
        assert [o["id"] for o in shop.client.get(f"{SITE}/orders", headers=shop_h).json()["items"]] == [order["id"]]
    assert not {t for t in live_tables(store_url) if t.startswith("res_")}
    assert not [name for s in ("shopvo", "scalev") for name in state_of(store_url, s)["tables"]
                if name.startswith("res_")]

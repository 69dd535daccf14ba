"""Per-key plans: a rate-limit rule declaring `credentialLimits` lets each API key carry its own
limit (Shopvo: "all routes: plan-dependent, 30–1 000 rpm"), set by `specloom keys create
--rate-limit` and changed by `specloom keys set-rate-limit`, on both backends."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml
from typer.testing import CliRunner

from specloom.backends import open_store
from specloom.generator.pipeline import lint
from specloom.runtime.cli import app as cli
from tests.support import ROOT, serve

PRODUCTS = "/api/v1/site_demo/products"


def test_a_key_on_the_30_rpm_plan_gets_30_and_then_429(shopvo):
    small = shopvo.issue_key("site_demo", ["read:catalog"], rate_limits={"plan": 30})
    default = shopvo.auth("site_demo", ["read:catalog"])
    h = {"Authorization": f"Bearer {small.token}"}
    for i in range(30):
        r = shopvo.client.get(PRODUCTS, headers=h)
        assert r.status_code == 200, r.text
        assert r.headers["x-ratelimit-limit"] == "30"
        assert r.headers["x-ratelimit-remaining"] == str(29 - i)
    r = shopvo.client.get(PRODUCTS, headers=h)
    assert r.status_code == 429
    assert r.json() == {"error": "Rate limit exceeded: at most 30 requests per window; retry in "
                                 f"{r.headers['retry-after']} s"}
    assert 0 < int(r.headers["retry-after"]) <= 60
    # another key of the same site is on its own plan and its own bucket
    r = shopvo.client.get(PRODUCTS, headers=default)
    assert r.status_code == 200 and r.headers["x-ratelimit-limit"] == "1000"


def test_route_rules_still_apply_on_top_of_the_plan(shopvo):
    key = shopvo.issue_key("site_demo", ["read:catalog"], rate_limits={"plan": 500})
    h = {"Authorization": f"Bearer {key.token}"}
    plain = shopvo.client.get(PRODUCTS, headers=h)
    assert plain.headers["x-ratelimit-limit"] == "500"
    searched = shopvo.client.get(PRODUCTS + "?search=tee", headers=h)
    assert searched.headers["x-ratelimit-limit"] == "60"  # the tighter rule is reported


def test_a_plan_change_applies_on_the_next_request(shopvo):
    key = shopvo.issue_key("site_demo", ["read:catalog"], rate_limits={"plan": 30})
    h = {"Authorization": f"Bearer {key.token}"}
    assert shopvo.client.get(PRODUCTS, headers=h).headers["x-ratelimit-limit"] == "30"
    assert shopvo.call(shopvo.runtime.store.set_credential_rate_limits, "shopvo", key.key_id, {"plan": 300})
    r = shopvo.client.get(PRODUCTS, headers=h)
    assert r.headers["x-ratelimit-limit"] == "300"
    assert r.headers["x-ratelimit-remaining"] == "298"  # the window's count carried over


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_cli_creates_keys_on_a_plan_and_changes_it(backend, tmp_path, request):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'shopvo.db'}"
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    runner = CliRunner()
    made = runner.invoke(cli, ["keys", "create", "shopvo", "--tenant", "site_demo", "--scopes", "read:catalog",
                               "--rate-limit", "plan=30", "--json", "--backend", url], env=env)
    assert made.exit_code == 0, made.output
    issued = json.loads(made.stdout.strip().splitlines()[-1])
    assert issued["rate_limits"] == {"plan": 30}
    h = {"Authorization": f"Bearer {issued['token']}"}
    with serve("shopvo", tmp_path, backend=url) as served:
        assert served.client.get(PRODUCTS, headers=h).headers["x-ratelimit-limit"] == "30"
        changed = runner.invoke(cli, ["keys", "set-rate-limit", "shopvo", issued["key_id"], "plan=1000",
                                      "--backend", url], env=env)
        assert changed.exit_code == 0, changed.output
        assert served.client.get(PRODUCTS, headers=h).headers["x-ratelimit-limit"] == "1000"


@pytest.mark.parametrize("args, message", [
    (["--rate-limit", "plan=29"], "the spec allows 30–1000 requests per 60 s for rule 'plan'"),
    (["--rate-limit", "plan=1001"], "the spec allows 30–1000 requests per 60 s for rule 'plan'"),
    (["--rate-limit", "plan=lots"], "--rate-limit expects RULE=REQUESTS"),
    (["--rate-limit", "productSearch=10"], "no rate-limit rule 'productSearch' that keys may set; "
                                           "rules with per-key limits: plan (30–1000)"),
])
def test_cli_refuses_a_plan_outside_what_the_spec_allows(args, message, tmp_path):
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    db = tmp_path / "shopvo.db"
    r = CliRunner().invoke(cli, ["keys", "create", "shopvo", "--tenant", "site_demo", *args,
                                 "--backend", f"sqlite:///{db}"], env=env)
    assert r.exit_code == 2
    assert message in " ".join(r.output.split())
    assert not db.exists() or sqlite3.connect(db).execute(
        "SELECT COUNT(*) FROM sl_credentials").fetchone() == (0,)  # nothing issued


def test_set_rate_limit_on_an_unknown_key_fails(tmp_path):
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    r = CliRunner().invoke(cli, ["keys", "set-rate-limit", "shopvo", "a" * 16, "plan=30",
                                 "--backend", f"sqlite:///{tmp_path / 'shopvo.db'}"], env=env)
    assert r.exit_code == 1 and "no active key" in r.output


@pytest.mark.parametrize("rule, message", [
    ({"name": "plan", "limit": 1000, "windowSeconds": 60, "per": "client",
      "credentialLimits": {"minimum": 30, "maximum": 1000}}, "credentialLimits needs per: credential"),
    ({"name": "plan", "limit": 10, "windowSeconds": 60,
      "credentialLimits": {"minimum": 30, "maximum": 1000}}, "limit 10 (for keys without their own) is outside"),
    ({"name": "plan", "limit": 50, "windowSeconds": 60,
      "credentialLimits": {"minimum": 100, "maximum": 30}}, "minimum 100 is above maximum 30"),
])
def test_lint_points_at_an_impossible_plan_rule(rule, message, tmp_path):
    doc = yaml.safe_load((ROOT / "specs" / "shopvo" / "openapi.yaml").read_text())
    doc["x-specloom"]["rateLimits"] = [rule]
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    problems = [p for p in lint(spec)[1] if p.level == "error"]
    assert any(message in p.message and p.pointer.startswith("/x-specloom/rateLimits/0") for p in problems), problems


def test_a_store_made_before_plans_existed_gains_the_column(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("""CREATE TABLE sl_credentials (
        key_id TEXT PRIMARY KEY, surface TEXT NOT NULL, tenant TEXT NOT NULL,
        kind TEXT NOT NULL, secret_hash TEXT NOT NULL, scopes TEXT NOT NULL,
        signing_secret TEXT, created_at TEXT NOT NULL, revoked_at TEXT)""")
    conn.execute("INSERT INTO sl_credentials VALUES ('k1', 'shopvo', 't', 'apiKey', 'h', '[]', NULL, 'now', NULL)")
    conn.commit()
    conn.close()
    store = open_store(f"sqlite:///{db}")
    import asyncio

    async def check():
        try:
            assert (await store.get_credential("k1"))["rate_limits"] == {}
            assert await store.set_credential_rate_limits("shopvo", "k1", {"plan": 30})
            assert (await store.get_credential("k1"))["rate_limits"] == {"plan": 30}
        finally:
            await store.close()

    asyncio.run(check())

"""Scheduled sweeps (`x-specloom.resources.<name>.sweeps`): Shopvo's "cart.abandoned — a cart was
left inactive with items for 1 hour". A sweep's change and its event are one transaction taken
under the record's row lock, so each cart is abandoned, and its event recorded, exactly once —
by two runners on one store, and by two real `specloom serve` processes delivering to a real
HTTP receiver that verifies each signature. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone

import httpx
import jsonschema_rs
import pytest
import yaml

from specloom.backends import open_store
from specloom.backends.base import PageRequest, Query
from specloom.generator.build import bundle
from specloom.runtime.config import Settings
from specloom.runtime.services.data_loading import DataLoader, batches
from specloom.runtime.services.sweeps import SweepRunner
from specloom.runtime.surface_runtime import SurfaceRuntime
from tests.servers import SPECS, Server, generate, issue_key, start_all
from tests.support import FIXTURES, pinned_clock, serve
from tests.webhook_receiver import Receiver, verify_webhook_signature, wait_for

SITE = "site_sweep"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc).timestamp()
HOUR = 3600
# the app's own worker stays off: each test runs the sweeps itself, at the time it pins
QUIET = Settings(validate_responses=True, sweeps=False, webhook_delivery=False, clock=pinned_clock)


def iso(at: float) -> str:
    return datetime.fromtimestamp(at, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def cart(cart_id: str, *, items: int = 1, idle_since: float = T0, **extra) -> dict:
    lines = [{"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S", "quantity": 1, "price": 2999}] * items
    return {"id": cart_id, "sessionId": f"sess_{cart_id}", "currency": "EUR", "items": lines,
            "createdAt": iso(idle_since), "updatedAt": iso(idle_since), **extra}


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'sweeps.db'}"


def load(served, carts: list[dict]) -> None:
    loader = DataLoader.for_runtime(served.runtime)
    served.call(lambda: loader.load(SITE, batches({"records": {"carts": carts}}, served.runtime.surface)))


def abandoned_events(served) -> list[str]:
    rows = served.call(lambda: served.runtime.store.outbox_list("shopvo", tenant=SITE, deliveries=False, limit=1000))
    return sorted(json.loads(r["body"])["data"]["id"] for r in rows if r["event"] == "cart.abandoned")


def status(served, cart_id: str) -> dict:
    return served.call(lambda: served.runtime.store.get("shopvo__carts", SITE, cart_id))


def test_a_cart_left_with_items_for_an_hour_is_abandoned_once_with_its_event(tmp_path, backend):
    with serve("shopvo", tmp_path, backend=backend, settings=QUIET) as shopvo:
        load(shopvo, [cart("cart_idle"), cart("cart_empty", items=0), cart("cart_recent", idle_since=T0 + 1800)])
        now = [T0 + HOUR - 1]
        runner = SweepRunner(shopvo.runtime, clock=lambda: now[0])

        assert shopvo.call(lambda: runner.run_once(force=True)) == 0  # idle 59:59 is not an hour
        now[0] = T0 + HOUR
        assert shopvo.call(lambda: runner.run_once(force=True)) == 1
        idle = status(shopvo, "cart_idle")
        assert idle["status"] == "ABANDONED" and idle["updatedAt"] == iso(T0 + HOUR)
        assert status(shopvo, "cart_empty")["status"] == "ACTIVE"  # no items: nothing was abandoned
        assert status(shopvo, "cart_recent")["status"] == "ACTIVE"
        assert abandoned_events(shopvo) == ["cart_idle"]

        assert shopvo.call(lambda: runner.run_once(force=True)) == 0  # swept once: it no longer matches
        now[0] = T0 + 1800 + HOUR
        assert shopvo.call(lambda: runner.run_once(force=True)) == 1
        assert abandoned_events(shopvo) == ["cart_idle", "cart_recent"]
        (event,) = [json.loads(r["body"]) for r in shopvo.call(
            lambda: shopvo.runtime.store.outbox_list("shopvo", tenant=SITE, deliveries=False))
            if json.loads(r["body"])["data"]["id"] == "cart_recent"]
        assert set(event) == {"event", "timestamp", "siteId", "data"}  # the reference's payload format
        assert event["event"] == "cart.abandoned" and event["siteId"] == SITE
        assert event["data"]["status"] == "ABANDONED" and event["data"]["total"] == 2999
        described = shopvo.runtime.generated.document["webhooks"]["cart.abandoned"]["post"]["requestBody"]
        schema = bundle(shopvo.runtime.generated.document, described["content"]["application/json"]["schema"])
        assert not list(jsonschema_rs.validator_for(schema).iter_errors(event))  # as the spec's webhooks section says

        h = shopvo.auth(SITE, ["read:cart"])
        read = shopvo.client.get(f"/api/v1/{SITE}/cart", params={"cartId": "cart_idle"}, headers=h)
        assert read.status_code == 200 and read.json()["data"]["status"] == "ABANDONED"


def test_every_sweep_waits_its_interval_between_runs(tmp_path, backend):
    with serve("shopvo", tmp_path, backend=backend, settings=QUIET) as shopvo:
        now = [T0 + 2 * HOUR]
        runner = SweepRunner(shopvo.runtime, clock=lambda: now[0])
        assert shopvo.call(runner.run_once) == 0  # the first run: nothing idle yet
        load(shopvo, [cart("cart_a")])
        now[0] += 59
        assert shopvo.call(runner.run_once) == 0  # `every: 60` has not passed
        now[0] += 1
        assert shopvo.call(runner.run_once) == 1


def test_two_runners_on_one_store_sweep_each_cart_exactly_once(tmp_path, backend):
    carts = [cart(f"cart_{i:03d}") for i in range(120)]
    with serve("shopvo", tmp_path, backend=backend, settings=QUIET) as shopvo:
        load(shopvo, carts)
        generated = shopvo.runtime.generated

        async def race() -> list[int]:
            other = open_store(backend)  # a second process's store: its own connections
            try:
                second = SurfaceRuntime(generated, other, QUIET)
                await second.ensure_ready()
                runners = [SweepRunner(shopvo.runtime, clock=lambda: T0 + 2 * HOUR),
                           SweepRunner(second, clock=lambda: T0 + 2 * HOUR)]
                return list(await asyncio.gather(*(r.run_once(force=True) for r in runners)))
            finally:
                await other.close()

        counts = shopvo.call(race)
        assert sum(counts) == 120
        assert abandoned_events(shopvo) == sorted(c["id"] for c in carts)  # one event per cart


def test_lint_refuses_a_sweep_that_would_not_take_a_record_out_of_its_where(tmp_path):
    from specloom.generator.pipeline import lint
    from tests.support import ROOT

    spec = yaml.safe_load((ROOT / "specs" / "shopvo" / "openapi.yaml").read_text())
    spec["x-specloom"]["resources"]["carts"]["sweeps"] = [
        {"name": "again", "where": {"status": "ACTIVE"}, "idleFor": 60, "set": {"currency": "EUR"}},
        {"name": "unknown", "where": {"colour": "red"}, "set": {"colour": "blue"}, "emit": "cart.gone"},
        {"name": "drift", "where": {"status": "ACTIVE"}, "due": {"field": "updatedAt"},
         "advance": {"field": "createdAt", "by": "P1M"}, "creates": {"resource": "orders", "values": {"colour": 1}}},
    ]
    path = tmp_path / "shopvo" / "openapi.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    _, problems = lint(path)
    messages = [p.message for p in problems if p.level == "error"]
    assert any("sweep again: set must change a where field" in m for m in messages), messages
    assert any("sweep unknown: where: 'colour' is not a property of Cart" in m for m in messages), messages
    assert any("sweep unknown: event 'cart.gone' is not in webhooks.events" in m for m in messages), messages
    assert any("sweep drift: advance must move the due field (updatedAt)" in m for m in messages), messages
    assert any("sweep drift: creates: 'colour' is not a property of Order" in m for m in messages), messages


# -- renewals: `advance` and `creates` (tests/fixtures/renewals) ----------------------------------------
RENEWALS = FIXTURES / "renewals" / "openapi.yaml"


def test_a_due_subscription_renews_once_per_period_into_a_new_order(tmp_path, backend):
    jan31 = datetime(2026, 1, 31, 9, 0, tzinfo=timezone.utc).timestamp()
    with serve("renewals", tmp_path, backend=backend, spec=RENEWALS, settings=QUIET) as app:
        loader = DataLoader.for_runtime(app.runtime)
        subs = [{"id": "sub_month", "customerId": "cus_1", "price": 990, "interval": "P1M", "nextRenewalAt": iso(jan31)},
                {"id": "sub_week", "customerId": "cus_2", "price": 300, "interval": "P7D", "nextRenewalAt": iso(jan31)},
                {"id": "sub_paused", "customerId": "cus_3", "price": 500, "interval": "P1M", "status": "paused",
                 "nextRenewalAt": iso(jan31)},
                {"id": "sub_later", "customerId": "cus_4", "price": 700, "interval": "P1M",
                 "nextRenewalAt": iso(jan31 + 40 * 86400)}]
        app.call(lambda: loader.load("store_1", batches({"records": {"subscriptions": subs}}, app.runtime.surface)))
        now = [jan31 + 3600]
        runner = SweepRunner(app.runtime, clock=lambda: now[0])

        def sub(sub_id):
            return app.call(lambda: app.runtime.store.get("renewals__subscriptions", "store_1", sub_id))

        def orders():
            page = app.call(lambda: app.runtime.store.list("renewals__orders", "store_1", Query(), PageRequest(limit=100)))
            return sorted((o["subscriptionId"], o["total"], o["kind"]) for o in page.items)

        assert app.call(lambda: runner.run_once(force=True)) == 2
        assert app.call(lambda: runner.run_once(force=True)) == 0  # this period is renewed: not again
        assert orders() == [("sub_month", 990, "renewal"), ("sub_week", 300, "renewal")]
        month = sub("sub_month")
        assert month["nextRenewalAt"] == iso(datetime(2026, 2, 28, 9, 0, tzinfo=timezone.utc).timestamp())  # calendar month
        assert sub("sub_week")["nextRenewalAt"] == iso(jan31 + 7 * 86400)
        assert sub("sub_paused")["nextRenewalAt"] == iso(jan31) and sub("sub_later")["renewedAt"] is None
        placed = app.call(lambda: app.runtime.store.get("renewals__orders", "store_1", month["lastOrderId"]))
        assert placed["number"].startswith("R-") and placed["customerId"] == "cus_1"

        now[0] = jan31 + 15 * 86400  # the weekly one missed a period: each period is renewed once, in turn
        assert app.call(lambda: runner.run_once(force=True)) == 1
        assert app.call(lambda: runner.run_once(force=True)) == 1
        assert app.call(lambda: runner.run_once(force=True)) == 0
        assert sub("sub_week")["nextRenewalAt"] == iso(jan31 + 21 * 86400)
        events = app.call(lambda: app.runtime.store.outbox_list("renewals", tenant="store_1", deliveries=False, limit=100))
        bodies = [json.loads(e["body"]) for e in events]
        renewed = sorted(b["data"]["id"] for b in bodies if b["event"] == "subscription.renewed")
        assert renewed == ["sub_month", "sub_week", "sub_week", "sub_week"]
        created = [b["data"] for b in bodies if b["event"] == "order.created"]  # the order's own event, same transaction
        assert len(created) == 4 and {c["subscriptionId"] for c in created} == {"sub_month", "sub_week"}


def test_two_runners_renew_each_period_once(tmp_path, backend):
    start = datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp()
    subs = [{"id": f"sub_{i:03d}", "customerId": "cus", "price": 100, "interval": "P1M", "nextRenewalAt": iso(start)}
            for i in range(80)]
    with serve("renewals", tmp_path, backend=backend, spec=RENEWALS, settings=QUIET) as app:
        loader = DataLoader.for_runtime(app.runtime)
        app.call(lambda: loader.load("store_1", batches({"records": {"subscriptions": subs}}, app.runtime.surface)))

        async def race() -> list[int]:
            other = open_store(backend)
            try:
                second = SurfaceRuntime(app.runtime.generated, other, QUIET)
                await second.ensure_ready()
                runners = [SweepRunner(app.runtime, clock=lambda: start + 60), SweepRunner(second, clock=lambda: start + 60)]
                return list(await asyncio.gather(*(r.run_once(force=True) for r in runners)))
            finally:
                await other.close()

        assert sum(app.call(race)) == 80
        page = app.call(lambda: app.runtime.store.list("renewals__orders", "store_1", Query(), PageRequest(limit=200)))
        assert sorted(o["subscriptionId"] for o in page.items) == [s["id"] for s in subs]  # one order each


# -- two real `specloom serve` processes ---------------------------------------------------------------
@pytest.mark.slow
def test_two_serve_processes_deliver_cart_abandoned_exactly_once_per_cart(tmp_path, backend):
    n = 60
    generate("shopvo", tmp_path)
    token = issue_key("shopvo", tmp_path, backend, SITE)
    env = {"SPECLOOM_SWEEP_POLL_SECONDS": "0.05", "SPECLOOM_SWEEP_EVERY_SECONDS": "0.05",
           "SPECLOOM_WEBHOOK_POLL_SECONDS": "0.05", "SPECLOOM_WEBHOOK_HTTP_HOSTS": "127.0.0.1"}
    receiver = Receiver()
    servers = start_all([Server("shopvo", backend, tmp_path, env=env), Server("shopvo", backend, tmp_path, env=env)])
    try:
        made = httpx.post(f"{servers[0].url}/api/v1/{SITE}/webhooks", headers={"Authorization": f"Bearer {token}"},
                          json={"url": receiver.url("/hooks"), "events": ["cart.abandoned"]}, timeout=30, trust_env=False)
        assert made.status_code == 201, made.text
        secret = made.json()["data"]["secret"]
        # an hour-idle cart per id, and as many that are not due (empty, or touched just now)
        now = datetime.now(timezone.utc).timestamp()
        records = ([cart(f"cart_{i:03d}", idle_since=now - HOUR - 5) for i in range(n)]
                   + [cart(f"cart_empty_{i}", items=0, idle_since=now - HOUR - 5) for i in range(5)]
                   + [cart(f"cart_fresh_{i}", idle_since=now) for i in range(5)])
        data = tmp_path / "carts.yaml"
        data.write_text(yaml.safe_dump({"records": {"carts": records}}))
        cli_env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
        cli_env.update({"SPECLOOM_STATE_DIR": str(tmp_path), "SPECLOOM_SPECS": str(SPECS["shopvo"])})
        loaded = subprocess.run([sys.executable, "-m", "specloom.runtime.cli", "data", "load", "shopvo", str(data),
                                 "--tenant", SITE, "--backend", backend], capture_output=True, text=True,
                                env=cli_env, cwd=tmp_path, timeout=180)
        assert loaded.returncode == 0, loaded.stderr  # one commit: both servers' sweeps race for the carts

        deliveries = wait_for(lambda: len(receiver.received("/hooks")) >= n and receiver.received("/hooks"), 90)

        async def settled():
            store = open_store(backend)
            try:
                await SurfaceRuntime(generate("shopvo", tmp_path), store, Settings()).ensure_ready()
                page = await store.list("shopvo__carts", SITE, Query(), PageRequest(limit=100))
                events = await store.outbox_list("shopvo", tenant=SITE, deliveries=False, limit=1000)
                return {c["id"]: c["status"] for c in page.items}, events
            finally:
                await store.close()

        carts, events = asyncio.run(settled())
        assert sorted(k for k, v in carts.items() if v == "ABANDONED") == [f"cart_{i:03d}" for i in range(n)]
        assert all(v == "ACTIVE" for k, v in carts.items() if not k.startswith("cart_0"))
        # every cart is ABANDONED, and its event was written in that same transaction: no more can come
        assert sorted(json.loads(e["body"])["data"]["id"] for e in events) == [f"cart_{i:03d}" for i in range(n)]
        wait_for(lambda: all(s["status"] == "delivered" for s in asyncio.run(_deliveries(backend))), 60)
        deliveries = receiver.received("/hooks")
        ids = [json.loads(d["raw"])["data"]["id"] for d in deliveries]
        assert sorted(ids) == [f"cart_{i:03d}" for i in range(n)]  # each exactly once
        for d in deliveries:
            assert verify_webhook_signature(d["raw"], d["headers"]["X-Shopvo-Signature"], secret)
            assert json.loads(d["raw"])["event"] == "cart.abandoned"
        # what each process says it swept adds up to one sweep per cart
        swept = [sum(int(m) for m in re.findall(r"sweep carts\.abandonCarts: (\d+) record", s.log.read_text()))
                 for s in servers]
        assert sum(swept) == n, swept
    finally:
        for s in servers:
            s.stop()
        receiver.close()


async def _deliveries(backend: str) -> list[dict]:
    store = open_store(backend)
    try:
        return await store.outbox_list("shopvo", tenant=SITE, deliveries=True, limit=1000)
    finally:
        await store.close()

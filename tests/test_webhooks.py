"""Outgoing webhooks: subscriptions, the transactional outbox and signed delivery.

A real HTTP receiver (http.server on 127.0.0.1) gets the deliveries and checks each one the way
Shopvo's reference tells receivers to: recompute the HMAC-SHA256 over `<t>.<raw body>`, refuse
timestamps more than 300 s away, compare in constant time. Every behaviour test runs on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import time

import attrs
import httpx
import pytest

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.security.outbound_urls import public_url_problem
from specloom.runtime.security.sealed_secrets import SealedSecretError, SecretBox
from tests.support import FIXTURES, serve
from tests.webhook_receiver import Receiver, verify_webhook_signature, wait_for  # noqa: F401 - Receiver: other test modules import it from here

DISPATCH = FIXTURES / "dispatch" / "openapi.yaml"
FAST = Settings(validate_responses=True, webhook_http_hosts=("127.0.0.1",), webhook_poll_seconds=0.02,
                webhook_backoff_seconds=0.05)


@pytest.fixture(params=["sqlite", "postgres"])
def dispatch(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("dispatch", tmp_path, spec=DISPATCH, backend=backend, settings=FAST) as served:
        yield served


def subscribe(served, headers, shop, url, events):
    response = served.client.post(f"/shops/{shop}/webhooks", headers=headers, json={"url": url, "events": events})
    assert response.status_code == 201, response.text
    return response.json()["data"]


def outbox(served, shop, *, deliveries=True):
    return served.call(lambda: served.runtime.store.outbox_list("dispatch", tenant=shop, deliveries=deliveries))


def all_dispatched(served, shop):
    events = outbox(served, shop, deliveries=False)
    return events and all(e["status"] == "dispatched" for e in events)


# -- subscriptions -------------------------------------------------------------------------------------
def test_subscriptions_are_made_listed_and_deleted_with_their_scopes(dispatch):
    reader = dispatch.auth("shop_a", ["webhooks:read"])
    writer = dispatch.auth("shop_a", ["webhooks:write"])
    neither = dispatch.auth("shop_a", ["parcels:write"])
    body = {"url": "https://hooks.example.com/dispatch", "events": ["parcel.created"]}

    assert dispatch.client.get("/shops/shop_a/webhooks", headers=neither).status_code == 403
    assert dispatch.client.post("/shops/shop_a/webhooks", headers=neither, json=body).status_code == 403
    assert dispatch.client.post("/shops/shop_a/webhooks", headers=reader, json=body).status_code == 403

    created = dispatch.client.post("/shops/shop_a/webhooks", headers=writer, json=body)
    assert created.status_code == 201, created.text
    sub = created.json()["data"]
    assert sub["url"] == body["url"] and sub["events"] == ["parcel.created"]
    assert sub["secret"].startswith("whsec_") and len(sub["secret"]) == len("whsec_") + 40

    listed = dispatch.client.get("/shops/shop_a/webhooks", headers=reader)
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()["data"]] == [sub["id"]]
    assert "secret" not in listed.json()["data"][0]
    assert sub["secret"] not in listed.text  # the secret is shown once, on creation

    assert dispatch.client.delete(f"/shops/shop_a/webhooks/{sub['id']}", headers=reader).status_code == 403
    assert dispatch.client.delete(f"/shops/shop_a/webhooks/{sub['id']}", headers=writer).status_code == 204
    assert dispatch.client.get("/shops/shop_a/webhooks", headers=reader).json()["data"] == []
    assert dispatch.client.delete(f"/shops/shop_a/webhooks/{sub['id']}", headers=writer).status_code == 404


def test_the_secret_is_kept_sealed_and_not_in_the_record(dispatch):
    headers = dispatch.auth("shop_a")
    sub = subscribe(dispatch, headers, "shop_a", "https://hooks.example.com/x", ["parcel.created"])
    stored = dispatch.call(lambda: dispatch.runtime.store.kv_get("webhook-secrets:dispatch", sub["id"], time.time()))
    assert sub["secret"] not in json.dumps(stored)
    record = dispatch.call(lambda: dispatch.runtime.store.get("dispatch__webhooks", "shop_a", sub["id"]))
    assert "secret" not in record and sub["secret"] not in json.dumps(record)
    pepper = dispatch.call(dispatch.runtime.api_keys.pepper)
    box = SecretBox(pepper, "webhook signing")
    assert stored["value"]["sealed"].startswith("sealed:v1:")
    assert box.open(stored["value"]["sealed"], f"dispatch:{sub['id']}") == sub["secret"]


@pytest.mark.parametrize("url, code", [
    ("http://hooks.example.com/x", "scheme_not_allowed"),
    ("ftp://hooks.example.com/x", "scheme_not_allowed"),
    ("https://localhost/x", "host_not_allowed"),
    ("https://intranet/x", "host_not_allowed"),
    ("https://10.0.0.7/x", "host_not_allowed"),
    ("https://169.254.169.254/latest/meta-data", "host_not_allowed"),
    ("https://[::1]/x", "host_not_allowed"),
    ("https://user:pw@hooks.example.com/x", "invalid_url"),
    ("https://hooks.example.com/x#frag", "invalid_url"),
    ("not a url", "scheme_not_allowed"),
    ("https://", "invalid_url"),
])
def test_unsafe_urls_are_refused_with_the_validation_status(tmp_path, url, code):
    with serve("dispatch", tmp_path, spec=DISPATCH, settings=Settings(webhook_delivery=False)) as served:
        response = served.client.post("/shops/shop_a/webhooks", headers=served.auth("shop_a"),
                                      json={"url": url, "events": ["parcel.created"]})
        assert response.status_code == 422, response.text  # the fixture's validationStatus
        assert response.json()["error"]["code"] == code
        assert served.client.get("/shops/shop_a/webhooks", headers=served.auth("shop_a")).json()["data"] == []


def test_plain_http_is_only_for_allow_listed_hosts():
    assert public_url_problem("http://127.0.0.1:8080/hook")[0] == "scheme_not_allowed"
    assert public_url_problem("https://127.0.0.1:8080/hook")[0] == "host_not_allowed"
    assert public_url_problem("http://127.0.0.1:8080/hook", ("127.0.0.1",)) is None
    assert public_url_problem("http://localhost/hook", ("localhost",)) is None
    assert public_url_problem("http://evil.example.com/hook", ("127.0.0.1",))[0] == "scheme_not_allowed"
    assert public_url_problem("https://hooks.example.com/hook") is None
    assert public_url_problem("https://93.184.216.34/hook") is None


def test_sealed_values_do_not_open_under_another_pepper_purpose_owner_or_when_tampered():
    sealed = SecretBox(b"pepper-one", "webhook signing").seal("whsec_abc", "shop:wh_1")
    assert SecretBox(b"pepper-one", "webhook signing").open(sealed, "shop:wh_1") == "whsec_abc"
    tampered = sealed[:-4] + ("AAAA" if sealed[-4:] != "AAAA" else "BBBB")
    for box, owner, value in [(SecretBox(b"pepper-two", "webhook signing"), "shop:wh_1", sealed),
                              (SecretBox(b"pepper-one", "request signing"), "shop:wh_1", sealed),
                              (SecretBox(b"pepper-one", "webhook signing"), "shop:wh_2", sealed),
                              (SecretBox(b"pepper-one", "webhook signing"), "shop:wh_1", tampered)]:
        with pytest.raises(SealedSecretError):
            box.open(value, owner)


# -- delivery -------------------------------------------------------------------------------------------
def test_subscribed_events_are_delivered_signed_and_others_are_not(dispatch, receiver):
    headers = dispatch.auth("shop_a", ["parcels:write", "webhooks:write"])
    sub = subscribe(dispatch, headers, "shop_a", receiver.url("/a"), ["parcel.created", "parcel.shipped"])

    parcel = dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "Box 1"}).json()["data"]
    assert dispatch.client.patch(f"/shops/shop_a/parcels/{parcel['id']}", headers=headers,
                                 json={"label": "Box one"}).status_code == 200  # parcel.updated: not subscribed
    shipped = dispatch.client.post(f"/shops/shop_a/parcels/{parcel['id']}/ship", headers=headers)
    assert shipped.status_code == 200

    got = wait_for(lambda: len(receiver.received("/a")) >= 2 and receiver.received("/a"))
    wait_for(lambda: all_dispatched(dispatch, "shop_a"))
    for request in got:
        assert verify_webhook_signature(request["raw"], request["headers"]["X-Dispatch-Signature"], sub["secret"])
        assert not verify_webhook_signature(request["raw"] + b" ", request["headers"]["X-Dispatch-Signature"],
                                            sub["secret"])
        assert request["headers"]["Content-Type"] == "application/json"
    bodies = sorted((json.loads(r["raw"]) for r in got), key=lambda b: b["event"])
    assert [b["event"] for b in bodies] == ["parcel.created", "parcel.shipped"]
    created, ship = bodies
    assert created["data"] == {"id": parcel["id"], "label": "Box 1"}  # the event's declared fields
    assert created["shopId"] == "shop_a" and created["id"].startswith("evt_")
    assert time.strptime(created["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    assert ship["data"]["status"] == "shipped" and ship["data"]["label"] == "Box one"

    deliveries = wait_for(lambda: (lambda ds: len(ds) == 2 and all(d["status"] != "pending" for d in ds) and ds)(
        outbox(dispatch, "shop_a")))
    assert sorted(d["event"] for d in deliveries) == ["parcel.created", "parcel.shipped"]
    assert all(d["status"] == "delivered" and d["attempts"] == 1 and d["last_status"] == 200 for d in deliveries)
    events = outbox(dispatch, "shop_a", deliveries=False)
    assert sorted(e["event"] for e in events) == ["parcel.created", "parcel.shipped", "parcel.updated"]
    time.sleep(0.2)
    assert len(receiver.received("/a")) == 2  # each delivered once


def test_an_upsert_emits_created_then_updated(dispatch, receiver):
    headers = dispatch.auth("shop_a", ["parcels:write", "webhooks:write"])
    subscribe(dispatch, headers, "shop_a", receiver.url("/crates"), ["crate.created", "crate.updated"])
    made = dispatch.client.put("/shops/shop_a/crates/C-1", headers=headers, json={"size": "S"})
    assert made.status_code == 201, made.text
    changed = dispatch.client.put("/shops/shop_a/crates/C-1", headers=headers, json={"size": "L"})
    assert changed.status_code == 200, changed.text
    got = wait_for(lambda: len(receiver.received("/crates")) >= 2 and receiver.received("/crates"))
    bodies = sorted((json.loads(r["raw"]) for r in got), key=lambda b: b["event"])
    assert [(b["event"], b["data"]["size"]) for b in bodies] == [("crate.created", "S"), ("crate.updated", "L")]
    assert {b["data"]["id"] for b in bodies} == {made.json()["data"]["id"]}


def test_events_go_only_to_their_own_tenants_subscriptions(dispatch, receiver):
    a = dispatch.auth("shop_a")
    b = dispatch.auth("shop_b")
    sub_a = subscribe(dispatch, a, "shop_a", receiver.url("/a"), ["parcel.created"])
    subscribe(dispatch, b, "shop_b", receiver.url("/b"), ["parcel.created"])

    dispatch.client.post("/shops/shop_a/parcels", headers=a, json={"label": "for A"})
    wait_for(lambda: receiver.received("/a"))
    wait_for(lambda: all_dispatched(dispatch, "shop_a"))
    assert receiver.received("/b") == []
    assert json.loads(receiver.received("/a")[0]["raw"])["shopId"] == "shop_a"

    # shop B can neither list nor delete shop A's subscriptions
    assert dispatch.client.get("/shops/shop_a/webhooks", headers=b).status_code == 404
    assert dispatch.client.delete(f"/shops/shop_a/webhooks/{sub_a['id']}", headers=b).status_code == 404
    assert dispatch.client.delete(f"/shops/shop_b/webhooks/{sub_a['id']}", headers=b).status_code == 404
    assert [s["id"] for s in dispatch.client.get("/shops/shop_a/webhooks", headers=a).json()["data"]] == [sub_a["id"]]


def test_a_failed_delivery_is_retried_and_then_succeeds(dispatch, receiver):
    headers = dispatch.auth("shop_a")
    sub = subscribe(dispatch, headers, "shop_a", receiver.url("/flaky"), ["parcel.created"])
    receiver.answers["/flaky"] = [500]

    dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "retry me"})
    got = wait_for(lambda: len(receiver.received("/flaky")) >= 2 and receiver.received("/flaky"))
    assert got[0]["raw"] == got[1]["raw"]  # the same event, byte for byte
    for request in got:
        assert verify_webhook_signature(request["raw"], request["headers"]["X-Dispatch-Signature"], sub["secret"])
    (delivery,) = wait_for(lambda: [d for d in outbox(dispatch, "shop_a") if d["status"] == "delivered"])
    assert delivery["attempts"] == 2 and delivery["last_status"] == 200 and delivery["last_error"] is None


def test_a_delivery_fails_after_its_last_attempt(dispatch, receiver):
    headers = dispatch.auth("shop_a")
    subscribe(dispatch, headers, "shop_a", receiver.url("/down"), ["parcel.created"])
    receiver.answers["/down"] = [500] * 10

    dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "never lands"})
    (delivery,) = wait_for(lambda: [d for d in outbox(dispatch, "shop_a") if d["status"] == "failed"])
    assert delivery["attempts"] == 3  # the fixture's maxAttempts
    assert delivery["last_status"] == 500 and "500" in delivery["last_error"]
    time.sleep(0.3)
    assert len(receiver.received("/down")) == 3


def test_refused_and_invalid_writes_emit_nothing(dispatch, receiver):
    headers = dispatch.auth("shop_a")
    subscribe(dispatch, headers, "shop_a", receiver.url("/a"),
              ["parcel.created", "parcel.updated", "parcel.shipped", "parcel.stock_low"])

    assert dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": ""}).status_code == 422
    assert dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"nope": 1}).status_code == 422
    parcel = dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "p"}).json()["data"]
    assert dispatch.client.patch(f"/shops/shop_a/parcels/{parcel['id']}", headers=headers,
                                 json={"stock": -1}).status_code == 422
    # a transition the state refuses is rolled back: no second parcel.shipped
    assert dispatch.client.post(f"/shops/shop_a/parcels/{parcel['id']}/ship", headers=headers).status_code == 200
    assert dispatch.client.post(f"/shops/shop_a/parcels/{parcel['id']}/ship", headers=headers).status_code == 422
    # a transition not listed by the event emits nothing
    assert dispatch.client.post(f"/shops/shop_a/parcels/{parcel['id']}/deliver", headers=headers).status_code == 200

    events = outbox(dispatch, "shop_a", deliveries=False)
    assert sorted(e["event"] for e in events) == ["parcel.created", "parcel.shipped"]


def test_a_threshold_event_fires_when_the_value_drops_below_it(dispatch, receiver):
    headers = dispatch.auth("shop_a")
    subscribe(dispatch, headers, "shop_a", receiver.url("/low"), ["parcel.stock_low"])
    parcel = dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "p", "stock": 8}).json()["data"]
    low = dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "q", "stock": 2}).json()["data"]
    path = f"/shops/shop_a/parcels/{parcel['id']}"
    for stock in (6, 5, 3, 1, 7, 4):  # crosses below 5 twice: 5 → 3 and 7 → 4
        assert dispatch.client.patch(path, headers=headers, json={"stock": stock}).status_code == 200
    assert dispatch.client.patch(f"/shops/shop_a/parcels/{low['id']}", headers=headers,
                                 json={"stock": 1}).status_code == 200  # already below: no crossing

    got = wait_for(lambda: len(receiver.received("/low")) >= 2 and receiver.received("/low"))
    wait_for(lambda: all_dispatched(dispatch, "shop_a"))
    time.sleep(0.2)
    assert [json.loads(r["raw"])["data"]["stock"] for r in receiver.received("/low")] in ([3, 4], [4, 3])
    assert len(got) == 2


def test_a_deleted_subscription_gets_nothing_more(dispatch, receiver):
    headers = dispatch.auth("shop_a")
    sub = subscribe(dispatch, headers, "shop_a", receiver.url("/gone"), ["parcel.created"])
    assert dispatch.client.delete(f"/shops/shop_a/webhooks/{sub['id']}", headers=headers).status_code == 204
    dispatch.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "p"})
    wait_for(lambda: all_dispatched(dispatch, "shop_a"))
    assert outbox(dispatch, "shop_a") == [] and receiver.received("/gone") == []


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_stop_mid_delivery_leaves_nothing_unretrieved_and_the_delivery_is_made_later(backend, tmp_path, request,
                                                                                      receiver):
    """A stop (no grace) cancels the round in flight. It collects the round's outcome, so the
    event loop is told of no exception that was never retrieved (a stopped dispatcher once left
    `_GatheringFuture exception was never retrieved` at exit), and the cancelled delivery is not
    lost: its claim's lease runs out and the next dispatcher delivers it."""
    from specloom.runtime.webhooks.dispatcher import WebhookDispatcher

    url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    unhandled: list[dict] = []

    async def capture_unhandled():
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: unhandled.append(context))

    def stop_mid_delivery_then_deliver_later() -> None:
        with serve("dispatch", tmp_path, spec=DISPATCH, backend=url, settings=FAST) as served:
            served.call(capture_unhandled)
            headers = served.auth("shop_a")
            subscribe(served, headers, "shop_a", receiver.url("/slow"), ["parcel.created"])
            answer = receiver.hold("/slow")
            assert served.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "p"}).status_code == 201
            wait_for(lambda: receiver.received("/slow"))  # the delivery is in flight, its answer held

            served.call(served.runtime.service(WebhookDispatcher).stop)
            answer.set()
            [delivery] = outbox(served, "shop_a")
            assert (delivery["status"], delivery["attempts"]) == ("pending", 0)  # still claimed, not settled

            later = WebhookDispatcher(served.runtime, clock=lambda: time.time() + 3600)  # past the claim's lease

            async def start_later():
                later.start()

            served.call(start_later)
            wait_for(lambda: outbox(served, "shop_a")[0]["status"] == "delivered")
            served.call(later.stop)

    stop_mid_delivery_then_deliver_later()
    gc.collect()  # an unretrieved exception is reported when its future is collected
    again = receiver.received("/slow")
    assert len(again) == 2 and again[0]["raw"] == again[1]["raw"]  # the same event, delivered at least once
    assert unhandled == []


# -- the outbox in the store ---------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'outbox.db'}"


def _event(surface="s", tenant="t", n=0, now=1000.0):
    return {"id": f"evt_{n}", "surface": surface, "tenant": tenant, "event": "thing.created",
            "subscription": None, "body": "{}", "status": "pending", "attempts": 0,
            "next_attempt_at": now, "created_at": now + n / 1000, "updated_at": now}


def test_events_are_written_with_the_write_or_not_at_all(store_url):
    from specloom.backends.base import Column, Mutation, Refused, Table, UniqueViolation

    async def scenario():
        store = open_store(store_url)
        try:
            await store.migrate([Table("res_things", (Column("key"),), unique=(("key",),))])
            counter = iter(range(100))

            def outbox(written):
                return [_event(n=next(counter)) for table, before, after in written]

            await store.insert("res_things", "t", {"id": "a", "key": "k", "n": 1}, outbox=outbox)
            with pytest.raises(UniqueViolation):  # the insert fails: its event goes with it
                await store.insert("res_things", "t", {"id": "b", "key": "k", "n": 2}, outbox=outbox)

            def refuse(doc):
                raise Refused("no")

            with pytest.raises(Refused):
                await store.modify("res_things", "t", "a", refuse, outbox=outbox)
            await store.modify("res_things", "t", "a", lambda doc: Mutation({"n": 3}), outbox=outbox)

            def boom(written):
                raise RuntimeError("the outbox failed")

            with pytest.raises(RuntimeError):  # an outbox that fails takes the write down with it
                await store.update("res_things", "t", "a", {"n": 4}, outbox=boom)
            assert (await store.get("res_things", "t", "a"))["n"] == 3
            return await store.outbox_list("s", deliveries=False)
        finally:
            await store.close()

    events = asyncio.run(scenario())
    assert len(events) == 2


def test_a_row_is_claimed_by_one_claimer_until_its_lease_runs_out(store_url):
    # rows are written through a write's outbox, as the runtime does
    from specloom.backends.base import Table

    async def run():
        store = open_store(store_url)
        try:
            await store.migrate([Table("res_things")])
            for n in range(6):
                await store.insert("res_things", "t", {"id": f"r{n}"}, outbox=lambda w, n=n: [_event(n=n)])
            await store.insert("res_things", "t", {"id": "other"},
                               outbox=lambda w: [_event(surface="other", n=99)])
            first, second = await asyncio.gather(store.outbox_claim("s", 1000.0, 1060.0, 4),
                                                 store.outbox_claim("s", 1000.0, 1060.0, 4))
            third = await store.outbox_claim("s", 1001.0, 1061.0, 4)
            ids = [r["id"] for r in first + second]
            assert len(ids) == 6 and len(set(ids)) == 6 and third == []  # each row to one claimer
            assert all(r["surface"] == "s" for r in first + second)
            row = first[0]
            assert not await store.outbox_settle(row["id"], "another-claim", {"status": "delivered"}, 1002.0)
            later = await store.outbox_claim("s", 1070.0, 1130.0, 10)  # the leases ran out
            assert sorted(r["id"] for r in later) == sorted(ids)
            assert not await store.outbox_settle(row["id"], row["claim"], {"status": "delivered"}, 1071.0)
            mine = next(r for r in later if r["id"] == row["id"])
            delivery = {**_event(n=50), "id": "dlv_1", "subscription": "wh_1"}
            assert await store.outbox_settle(mine["id"], mine["claim"], {"status": "dispatched"}, 1072.0, [delivery])
            (listed,) = await store.outbox_list("s", deliveries=True)
            assert listed["id"] == "dlv_1" and listed["status"] == "pending"
            assert [r["id"] for r in await store.outbox_claim("s", 1073.0, 1133.0, 10)] == ["dlv_1"]
        finally:
            await store.close()

    asyncio.run(run())


def test_finished_rows_past_the_retention_are_purged_and_pending_ones_kept(store_url):
    from specloom.backends.base import Table

    async def run():
        store = open_store(store_url)
        try:
            await store.migrate([Table("res_things")])
            for n in range(3):
                await store.insert("res_things", "t", {"id": f"r{n}"}, outbox=lambda w, n=n: [_event(n=n)])
            a, b, c = await store.outbox_claim("s", 1000.0, 1060.0, 10)
            await store.outbox_settle(a["id"], a["claim"], {"status": "delivered", "delivered_at": 1001.0}, 1001.0)
            await store.outbox_settle(b["id"], b["claim"], {"status": "failed"}, 5000.0)
            await store.outbox_settle(c["id"], c["claim"], {"status": "pending", "next_attempt_at": 2000.0}, 1001.0)
            assert await store.outbox_purge("other", 9999.0) == 0  # another surface's rows only
            assert await store.outbox_purge("s", 2000.0) == 1  # delivered at 1001; failed at 5000 stays
            left = {r["id"]: r["status"] for r in await store.outbox_list("s", deliveries=False)}
            assert left == {b["id"]: "failed", c["id"]: "pending"}
            assert await store.outbox_purge("s", 9999.0) == 1  # the pending row is never purged
            assert [r["id"] for r in await store.outbox_list("s", deliveries=False)] == [c["id"]]
        finally:
            await store.close()

    asyncio.run(run())


# -- Shopvo ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_shopvo_pushes_inventory_low_signed_with_x_shopvo_signature(backend, tmp_path, request, receiver):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    with serve("shopvo", tmp_path, backend=url, settings=FAST) as shopvo:
        headers = shopvo.auth("site_abc", ["write:catalog", "webhooks:write", "webhooks:read"])
        created = shopvo.client.post("/api/v1/site_abc/webhooks", headers=headers,
                                     json={"url": receiver.url("/shopvo"), "events": ["inventory.low"]})
        assert created.status_code == 201, created.text
        secret = created.json()["data"]["secret"]
        assert secret.startswith("whsec_")
        refused = shopvo.client.post("/api/v1/site_abc/webhooks", headers=headers,
                                     json={"url": "http://example.com/hook", "events": ["inventory.low"]})
        assert refused.status_code == 400 and refused.json() == {"error": "body.url: must use https"}
        forbidden = shopvo.client.post("/api/v1/site_abc/webhooks", headers=shopvo.auth("site_abc", ["webhooks:read"]),
                                       json={"url": receiver.url("/x"), "events": ["inventory.low"]})
        assert forbidden.status_code == 403

        product = shopvo.client.post("/api/v1/site_abc/products", headers=headers,
                                     json={"name": "Tee", "slug": "tee", "price": 2999}).json()["data"]
        variant = shopvo.client.post(f"/api/v1/site_abc/products/{product['id']}/variants", headers=headers,
                                     json={"name": "S", "inventoryCount": 10}).json()["data"]
        path = f"/api/v1/site_abc/products/{product['id']}/variants/{variant['id']}"
        assert shopvo.client.patch(path, headers=headers, json={"inventoryCount": 2}).status_code == 200

        (delivery,) = wait_for(lambda: receiver.received("/shopvo"))
        assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
        payload = json.loads(delivery["raw"])
        assert set(payload) == {"event", "timestamp", "siteId", "data"}
        assert payload["event"] == "inventory.low" and payload["siteId"] == "site_abc"
        assert payload["data"]["id"] == variant["id"] and payload["data"]["inventoryCount"] == 2
        listed = shopvo.client.get("/api/v1/site_abc/webhooks", headers=headers)
        assert listed.status_code == 200 and secret not in listed.text


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_shopvo_pushes_order_created_when_a_checkout_places_the_order(backend, tmp_path, request, receiver):
    """The order is inserted by the checkout's `complete` transition; its event is written in
    that same transaction and carries the reference's example data: id, number, total."""
    url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    site = "/api/v1/site_abc"
    with serve("shopvo", tmp_path, backend=url, settings=FAST) as shopvo:
        h = shopvo.auth("site_abc", ["write:cart", "write:checkout", "webhooks:write"])
        from specloom.runtime.services.resources import TenantResources  # the site's catalog: cart lines name it

        catalog = TenantResources(shopvo.runtime.surface, shopvo.runtime.store, "site_abc")
        shopvo.call(catalog.seed, "products", {"id": "prd_abc", "name": "T-Shirt", "slug": "t-shirt", "price": 2999})
        shopvo.call(catalog.seed, "variants", {"id": "var_s", "productId": "prd_abc", "name": "S", "inventoryCount": 9})
        secret = shopvo.client.post(f"{site}/webhooks", headers=h, json={
            "url": receiver.url("/orders"), "events": ["order.created"]}).json()["data"]["secret"]
        cart = shopvo.client.post(f"{site}/cart", headers=h, json={"sessionId": "sess_1", "currency": "EUR"}).json()["data"]
        item = {"productId": "prd_abc", "variantId": "var_s", "name": "T-Shirt S", "quantity": 2, "price": 2999}
        assert shopvo.client.patch(f"{site}/cart?cartId={cart['id']}", headers=h,
                                   json={"action": "add", "item": item}).status_code == 200
        session = shopvo.client.post(f"{site}/checkout", headers=h, json={"cartId": cart["id"]}).json()["data"]
        address = {"name": "Jane Smith", "line1": "Main St 1", "city": "Berlin", "postalCode": "10115", "country": "DE"}
        steps = [("contact", {"email": "jane@example.com"}), ("shipping", {"shippingAddress": address}),
                 ("payment", {}), ("review", {})]
        for state, extra in steps:
            r = shopvo.client.patch(f"{site}/checkout", headers=h, json={"sessionId": session["id"], "state": state, **extra})
            assert r.status_code == 200, r.text
        done = shopvo.client.patch(f"{site}/checkout", headers=h, json={"sessionId": session["id"], "state": "complete"})
        assert done.status_code == 200, done.text
        refused = shopvo.client.patch(f"{site}/checkout", headers=h, json={"sessionId": session["id"], "state": "complete"})
        assert refused.status_code == 409  # refused and rolled back: no second order, no second event

        (delivery,) = wait_for(lambda: receiver.received("/orders"))
        assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
        payload = json.loads(delivery["raw"])
        assert payload["event"] == "order.created" and payload["siteId"] == "site_abc"
        assert set(payload["data"]) == {"id", "number", "total"}
        assert payload["data"]["id"] == done.json()["data"]["orderId"] and payload["data"]["total"] == 5998
        time.sleep(0.3)
        assert len(receiver.received("/orders")) == 1


# -- where a delivery connects ------------------------------------------------------------------------
def _resolving_to(monkeypatch, *addresses):
    async def getaddrinfo(self, host, port, **kwargs):
        if not addresses:
            raise OSError(-2, "Name or service not known")
        return [(2, 1, 6, "", (a, port or 0)) for a in addresses]

    from asyncio import base_events

    monkeypatch.setattr(base_events.BaseEventLoop, "getaddrinfo", getaddrinfo)


def test_a_delivery_connects_to_the_address_checked_not_a_second_lookup(monkeypatch):
    from specloom.runtime.security.outbound_urls import Pinned, resolve

    _resolving_to(monkeypatch, "93.184.216.34")
    target, problem = asyncio.run(resolve("https://hooks.example.com:8443/in?x=1"))
    assert problem is None
    assert target == Pinned("https://93.184.216.34:8443/in?x=1", "hooks.example.com:8443", "hooks.example.com")


@pytest.mark.parametrize("addresses, code", [(("10.0.0.7",), "host_not_allowed"),
                                             (("93.184.216.34", "127.0.0.1"), "host_not_allowed"),
                                             ((), "unresolvable")])
def test_a_host_resolving_to_a_private_address_or_nothing_is_refused(monkeypatch, addresses, code):
    from specloom.runtime.security.outbound_urls import resolve

    _resolving_to(monkeypatch, *addresses)
    target, problem = asyncio.run(resolve("https://hooks.example.com/in"))
    assert target is None and problem[0] == code


def test_an_allow_listed_host_may_resolve_to_a_private_address(monkeypatch):
    from specloom.runtime.security.outbound_urls import resolve

    _resolving_to(monkeypatch, "::1")
    target, problem = asyncio.run(resolve("http://localhost:9000/hook", ("localhost",)))
    assert problem is None and target.url == "http://[::1]:9000/hook" and target.host_header == "localhost:9000"


# -- several processes ------------------------------------------------------------------------------------
@pytest.mark.slow  # real serve processes
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_serve_processes_deliver_each_event_once(backend, tmp_path, request, receiver):
    """Two `specloom serve` processes on one store both run the delivery worker: writes made on
    either are delivered, each exactly once (a row is claimed by one process)."""
    from tests.servers import Server, issue_key, start_all

    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'dispatch.db'}"
    env = {"SPECLOOM_WEBHOOK_HTTP_HOSTS": "127.0.0.1", "SPECLOOM_WEBHOOK_POLL_SECONDS": "0.05"}
    token = issue_key("dispatch", tmp_path, url, "shop_a", ("parcels:write", "webhooks:write"))
    servers = start_all([Server("dispatch", url, tmp_path, env=env), Server("dispatch", url, tmp_path, env=env)])
    try:
        headers = {"Authorization": f"Bearer {token}"}
        a, b = servers
        made = httpx.post(a.url + "/shops/shop_a/webhooks", headers=headers, trust_env=False, timeout=30,
                          json={"url": receiver.url("/both"), "events": ["parcel.created"]})
        assert made.status_code == 201, made.text
        secret = made.json()["data"]["secret"]
        ids = []
        for n in range(20):
            server = servers[n % 2]
            r = httpx.post(server.url + "/shops/shop_a/parcels", headers=headers, trust_env=False, timeout=30,
                           json={"label": f"parcel {n}"})
            assert r.status_code == 201, r.text
            ids.append(r.json()["data"]["id"])
        wait_for(lambda: len(receiver.received("/both")) >= 20)
        time.sleep(0.5)  # a duplicate would arrive within a few polls
        got = receiver.received("/both")
        assert all(verify_webhook_signature(r["raw"], r["headers"]["X-Dispatch-Signature"], secret) for r in got)
        delivered = [json.loads(r["raw"])["data"]["id"] for r in got]
        assert sorted(delivered) == sorted(ids)  # every event, none twice
    finally:
        for s in servers:
            s.stop()


def test_a_store_that_refuses_writes_pauses_delivery_with_one_line_a_round(pg_url, tmp_path, receiver, caplog):
    """A read-only database (a hot standby, say) with events due: the worker cannot claim them.
    It says so in one line a round, backing off, never with a traceback per poll; the events stay
    due for when the store takes writes again."""
    from tests.backends.test_postgres_connections import with_params

    quiet = Settings(validate_responses=True, webhook_delivery=False, webhook_http_hosts=("127.0.0.1",))
    with serve("dispatch", tmp_path, spec=DISPATCH, backend=pg_url, settings=quiet) as served:
        headers = served.auth("shop_a", ["parcels:write", "webhooks:write"])
        subscribe(served, headers, "shop_a", receiver.url("/a"), ["parcel.created"])
        assert served.client.post("/shops/shop_a/parcels", headers=headers, json={"label": "Box"}).status_code == 201

    read_only = with_params(pg_url, options="-cdefault_transaction_read_only=on")
    polling = attrs.evolve(FAST, rate_limits=False)
    with caplog.at_level(logging.WARNING, logger="specloom"):
        with serve("dispatch", tmp_path, spec=DISPATCH, backend=read_only, settings=polling) as served:
            wait_for(lambda: sum("webhook delivery paused" in r.getMessage() for r in caplog.records) >= 2)
            events = outbox(served, "shop_a", deliveries=False)
    paused = [r for r in caplog.records if "webhook delivery paused" in r.getMessage()]
    assert all(r.exc_info is None for r in caplog.records if r.name.startswith("specloom"))
    assert "StoreReadOnly" in paused[0].getMessage()
    assert len(paused) < 20  # backing off from the 0.02 s poll, not a line per poll
    assert [e["status"] for e in events] == ["pending"] and receiver.received("/a") == []

"""Idempotency-Key, declared by the notebook spec: required on writes, 409 on reuse."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from specloom.runtime.config import Settings
from tests.support import FIXTURES, serve

NOTES = "/workspaces/ws_1/notes"


def headers(api, key=None, tenant="ws_1"):
    h = api.auth(tenant, ["notes:read", "notes:write"])
    if key is not None:
        h["Idempotency-Key"] = key
    return h


def test_a_completed_key_replays_the_stored_response_byte_for_byte(notebook):
    h = headers(notebook, "k-1")
    first = notebook.client.post(NOTES, json={"text": "hello"}, headers=h)
    second = notebook.client.post(NOTES, json={"text": "hello"}, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert "idempotent-replayed" not in first.headers
    assert second.headers["idempotent-replayed"] == "true"
    listed = notebook.client.get(NOTES + "?limit=50", headers=h).json()["data"]
    assert len(listed) == 1  # ran once


def test_same_key_with_another_body_is_refused(notebook):
    h = headers(notebook, "k-2")
    assert notebook.client.post(NOTES, json={"text": "a"}, headers=h).status_code == 201
    r = notebook.client.post(NOTES, json={"text": "b"}, headers=h)
    assert r.status_code == 409  # the notebook declares mismatchStatus: 409
    assert r.json()["error"]["code"] == "idempotency_key_reused"


def test_missing_and_overlong_keys_are_400(notebook):
    h = headers(notebook)
    r = notebook.client.post(NOTES, json={"text": "a"}, headers=h)
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency_key_required"
    r = notebook.client.post(NOTES, json={"text": "a"}, headers={**h, "Idempotency-Key": "x" * 256})
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency_key_invalid"


def test_a_request_rejected_by_validation_stores_nothing(notebook):
    h = headers(notebook, "k-3")
    bad = notebook.client.post(NOTES, json={"text": ""}, headers=h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "validation_failed"
    good = notebook.client.post(NOTES, json={"text": "fixed"}, headers=h)
    assert good.status_code == 201
    assert "idempotent-replayed" not in good.headers


def test_two_tenants_using_the_same_key_never_see_each_others_responses(notebook):
    a = notebook.client.post(NOTES, json={"text": "from a"}, headers=headers(notebook, "shared"))
    b = notebook.client.post("/workspaces/ws_2/notes", json={"text": "from b"},
                             headers=headers(notebook, "shared", tenant="ws_2"))
    assert a.status_code == b.status_code == 201
    assert a.json()["text"] == "from a" and b.json()["text"] == "from b"
    assert "idempotent-replayed" not in b.headers


def test_a_handler_refusal_is_replayed_too(notebook):
    h = headers(notebook, "k-del")
    first = notebook.client.delete(NOTES + "/note_missing", headers=h)
    second = notebook.client.delete(NOTES + "/note_missing", headers=h)
    assert first.status_code == second.status_code == 404
    assert first.content == second.content and second.headers["idempotent-replayed"] == "true"


def test_a_concurrent_duplicate_in_flight_gets_409(tmp_path):
    with serve("notebook", tmp_path, spec=FIXTURES / "notebook" / "openapi.yaml") as api:
        h = headers(api, "k-race")
        store = api.runtime.store
        original = store.insert

        async def slow_insert(*args, **kwargs):
            await asyncio.sleep(0.3)
            return await original(*args, **kwargs)

        store.insert = slow_insert

        async def race():
            transport = httpx.ASGITransport(app=api.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await asyncio.gather(*[client.post(NOTES, json={"text": "once"}, headers=h) for _ in range(4)])

        responses = api.call(race)
        store.insert = original
        # one request runs; a duplicate gets 409 while it is in flight or, if it reached the store
        # only once the first committed (SQLite serialises it behind the first's unit of work),
        # the first's response replayed
        ran = [r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers]
        assert len(ran) == 1
        for r in responses:
            if r is ran[0]:
                continue
            if r.status_code == 409:
                assert r.json()["error"]["code"] == "idempotency_in_flight"
            else:
                assert (r.status_code, r.headers["idempotent-replayed"], r.content) == (201, "true", ran[0].content)
        listed = api.client.get(NOTES + "?limit=50", headers=headers(api)).json()["data"]
        assert [n["text"] for n in listed] == ["once"]


def test_keys_are_per_credential_not_global(notebook):
    key = str(uuid.uuid4())
    one = notebook.client.post(NOTES, json={"text": "x"}, headers=headers(notebook, key))
    other_key_same_tenant = notebook.client.post(NOTES, json={"text": "y"}, headers=headers(notebook, key))
    assert one.status_code == other_key_same_tenant.status_code == 201
    assert one.json()["id"] != other_key_same_tenant.json()["id"]


def test_the_in_flight_time_is_a_setting_read_like_the_other_limits(monkeypatch):
    monkeypatch.setenv("SPECLOOM_IDEMPOTENCY_IN_FLIGHT_SECONDS", "1.5")
    assert Settings.from_env().idempotency_in_flight_seconds == 1.5
    for wrong in ("0", "-5", "nan", "\uff16\uff10", "soon"):
        monkeypatch.setenv("SPECLOOM_IDEMPOTENCY_IN_FLIGHT_SECONDS", wrong)
        with pytest.raises(ValueError, match="SPECLOOM_IDEMPOTENCY_IN_FLIGHT_SECONDS must be"):
            Settings.from_env()

"""Several `specloom serve` processes on one store behave as one: credentials, idempotency
records and rate-limit buckets live in the store. Two processes of the notebook surface
(rate limit: 5 requests per credential per 60 s window) on one PostgreSQL database, and the
same on one SQLite file."""

from __future__ import annotations

import asyncio
import collections
import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.surface_runtime import SurfaceRuntime
from tests.servers import SPECS, Server, at_once, generate, issue_key, start_all

pytestmark = pytest.mark.slow  # real `specloom serve` processes sharing one store

NOTES = "/workspaces/ws_1/notes"


@pytest.fixture(params=["postgres", "sqlite"])
def pair(request, tmp_path):
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'nb.db'}"
    generate("notebook", tmp_path)
    servers = start_all([Server("notebook", url, tmp_path), Server("notebook", url, tmp_path)])
    yield servers, url, tmp_path
    for s in servers:
        s.stop()


def cli(*args: str, state) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(state), "SPECLOOM_SPECS": str(SPECS["notebook"])})
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True,
                          text=True, env=env, cwd=state, timeout=120)


def call(method, server, path, token, **kwargs) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
    return httpx.request(method, server.url + path, headers=headers, timeout=30, trust_env=False, **kwargs)


def test_two_processes_share_keys_idempotency_and_rate_limits(pair):
    (a, b), url, state = pair
    # a key made by another process (the CLI) works on both servers
    made = cli("keys", "create", "notebook", "--tenant", "ws_1", "--scopes", "notes:read notes:write",
               "--json", "--backend", url, state=state)
    assert made.returncode == 0, made.stderr
    key = json.loads(made.stdout)
    assert call("GET", a, NOTES, key["token"]).status_code == 200
    assert call("GET", b, NOTES, key["token"]).status_code == 200
    # an idempotency key used on one process replays on the other
    first = call("POST", a, NOTES, key["token"], json={"text": "shared"}, headers={"Idempotency-Key": "k-1"})
    again = call("POST", b, NOTES, key["token"], json={"text": "shared"}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    other = call("POST", b, NOTES, key["token"], json={"text": "changed"}, headers={"Idempotency-Key": "k-1"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    # revoked through the CLI: both processes refuse it at once
    revoked = cli("keys", "revoke", "notebook", key["key_id"], "--backend", url, state=state)
    assert revoked.returncode == 0, revoked.stderr
    assert call("GET", a, NOTES, key["token"]).status_code == 401
    assert call("GET", b, NOTES, key["token"]).status_code == 401

    # 2N requests spread over both processes against a limit of N: exactly N pass
    token = issue_key("notebook", state, url, "ws_1", ("notes:read",))
    left = 60 - time.time() % 60
    if left < 10:  # do not straddle two rate-limit windows
        time.sleep(left + 0.5)
    servers = (a, b)
    responses = at_once(10, lambda i, c: c.get(servers[i % 2].url + NOTES, headers={"Authorization": f"Bearer {token}"}))
    assert collections.Counter(r.status_code for r in responses) == {200: 5, 429: 5}
    per_process = collections.Counter((i % 2, r.status_code) for i, r in enumerate(responses))
    assert per_process[(0, 200)] + per_process[(1, 200)] == 5
    limited = [r for r in responses if r.status_code == 429]
    assert all(r.headers["x-ratelimit-remaining"] == "0" and int(r.headers["retry-after"]) >= 1 for r in limited)


def test_an_oauth_token_minted_by_one_process_works_on_the_other(pg_url, tmp_path):
    """Alza: the token endpoint of one process issues a Bearer token the other one accepts."""
    generated = generate("alza", tmp_path)
    store = open_store(pg_url)

    async def client():
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            await store.put_tenant("alza", "SUP_A", True)
            return await runtime.families["supplierAuth"].create_client("SUP_A", ())
        finally:
            await store.close()

    made = asyncio.run(client())
    a, b = start_all([Server("alza", pg_url, tmp_path), Server("alza", pg_url, tmp_path)])
    try:
        r = httpx.post(a.url + "/connect/token", data={"grant_type": "client_credentials", "client_id": made.client_id,
                                                        "client_secret": made.client_secret}, trust_env=False)
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        for server in (b, a):
            orders = call("GET", server, "/api/v1/orders?date=2026-06-05", token)
            assert orders.status_code == 200, orders.text
        assert call("GET", b, "/api/v1/orders?date=2026-06-05", token + "x").status_code == 401
    finally:
        for s in (a, b):
            s.stop()

"""Refresh-token reuse detection under races (issue 10, fault 4), on SQLite and PostgreSQL.

Many refreshes of one refresh token at once: one spends it, the others present a spent token,
which revokes the family. Whatever the interleaving, afterwards no token issued from the family
works — the original pair and any pair the winning refresh was handed — for customer sessions
(Scalev storefront) and OAuth authorization-code grants (Scalev apps). A code exchanged twice
revokes the tokens of its first exchange (RFC 6749 §4.1.2), also when both exchanges race.

The races run in process, the requests sent together on the app's event loop (every store call
of a request is a point where another request's may run), repeated; `slow` tests repeat them
with two real `specloom serve` processes on one store, requests released together from threads.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from specloom.runtime.config import Settings
from tests.servers import Server, at_once, start_all
from tests.support import ROOT, pinned_clock, serve

STORE = "store_kopi"
CALLBACK = "https://app.example.com/callback"
REFRESH = f"/v3/stores/{STORE}/public/auth/jwt/refresh"
ME = f"/v3/stores/{STORE}/customers/me"
TOKEN = "/v3/oauth/token"
PARALLEL = 10
TRIALS = 10


@pytest.fixture(params=["sqlite", "postgres"])
def scalev(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    # the surface's own per-client limits (30 refreshes a minute) would stop the repetitions
    with serve("scalev", tmp_path, backend=backend,
               settings=Settings(validate_responses=True, rate_limits=False, clock=pinned_clock)) as served:
        yield served


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def at_once_in_process(served, requests: list[tuple[str, str, dict]]) -> list[httpx.Response]:
    """Send (method, path, kwargs) requests together on the app's own event loop."""
    async def run():
        transport = httpx.ASGITransport(app=served.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await asyncio.gather(*(client.request(m, p, **kw) for m, p, kw in requests))
    return served.call(run)


# -- customer sessions -------------------------------------------------------------------------
def storefront_key(served) -> dict[str, str]:
    family = served.runtime.families["storefrontKey"]
    return {"X-Scalev-Storefront-Api-Key": served.call(lambda: family.issue(STORE, ()))["token"]}


def sign_in(client, key, email: str) -> dict[str, str]:
    r = client.post(f"/v3/stores/{STORE}/public/auth/register", json={"email": email, "password": "pw-12345678"},
                    headers=key)
    assert r.status_code == 201, r.text
    r = client.post(f"/v3/stores/{STORE}/public/auth/login", json={"email": email, "password": "pw-12345678"},
                    headers=key)
    assert r.status_code == 200, r.text
    return r.json()


def assert_session_dead(client, key, first: dict[str, str], answers: list[httpx.Response]) -> None:
    issued = [first] + [r.json() for r in answers if r.status_code == 200]
    assert all(r.status_code in (200, 401) for r in answers), [r.status_code for r in answers]
    assert sum(r.status_code == 200 for r in answers) <= 1  # one refresh token, spent once
    for tokens in issued:
        assert client.get(ME, headers=bearer(tokens["access"])).status_code == 401
    for tokens in issued[1:]:
        assert client.post(REFRESH, json={"refresh": tokens["refresh"]}, headers=key).status_code == 401


def test_parallel_refreshes_of_one_session_token_leave_no_working_token(scalev):
    key = storefront_key(scalev)
    for trial in range(TRIALS):
        first = sign_in(scalev.client, key, f"race{trial}@example.com")
        answers = at_once_in_process(scalev, [("POST", REFRESH, {"json": {"refresh": first["refresh"]},
                                                                  "headers": key})] * PARALLEL)
        assert_session_dead(scalev.client, key, first, answers)
    # a session nobody raced is untouched
    calm = sign_in(scalev.client, key, "calm@example.com")
    assert scalev.client.get(ME, headers=bearer(calm["access"])).status_code == 200


# -- OAuth authorization-code grants -------------------------------------------------------------
def register_app(served) -> dict[str, str]:
    family = served.runtime.families["oauth"]
    return served.call(lambda: family.create_client("store_dev", (), redirect_uris=[CALLBACK], name="Kirim")).as_json()


def new_code(client, business: dict[str, str], app: dict[str, str]) -> str:
    r = client.post("/v3/oauth/authorize", json={"client_id": app["client_id"], "redirect_uri": CALLBACK,
                                                 "scope": "orders:read"}, headers=business)
    assert r.status_code == 200, r.text
    return r.json()["code"]


def token_body(app, **body) -> dict:
    return {"client_id": app["client_id"], "client_secret": app["client_secret"], **body}


def assert_grant_dead(client, app, issued: list[dict], answers: list[httpx.Response]) -> None:
    assert all(r.status_code in (200, 400) for r in answers), [r.status_code for r in answers]
    assert sum(r.status_code == 200 for r in answers) <= 1
    issued = issued + [r.json() for r in answers if r.status_code == 200]
    for tokens in issued:
        assert client.get("/v3/orders", headers=bearer(tokens["access_token"])).status_code == 401
        again = client.post(TOKEN, json=token_body(app, grant_type="refresh_token",
                                                   refresh_token=tokens["refresh_token"]))
        assert again.status_code == 400 and again.json()["error_code"] == "invalid_grant"


def test_parallel_refreshes_of_one_oauth_token_leave_no_working_token(scalev):
    business = scalev.auth(STORE, ("orders:read",))
    app = register_app(scalev)
    for _ in range(TRIALS):
        code = new_code(scalev.client, business, app)
        first = scalev.client.post(TOKEN, json=token_body(app, grant_type="authorization_code", code=code,
                                                          redirect_uri=CALLBACK)).json()
        assert scalev.client.get("/v3/orders", headers=bearer(first["access_token"])).status_code == 200
        body = token_body(app, grant_type="refresh_token", refresh_token=first["refresh_token"])
        answers = at_once_in_process(scalev, [("POST", TOKEN, {"json": body})] * PARALLEL)
        assert_grant_dead(scalev.client, app, [first], answers)


def test_a_code_exchanged_twice_revokes_the_tokens_of_the_first_exchange(scalev):
    business = scalev.auth(STORE, ("orders:read",))
    app = register_app(scalev)
    code = new_code(scalev.client, business, app)
    body = token_body(app, grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    first = scalev.client.post(TOKEN, json=body)
    assert first.status_code == 200
    tokens = first.json()
    assert scalev.client.get("/v3/orders", headers=bearer(tokens["access_token"])).status_code == 200
    second = scalev.client.post(TOKEN, json=body)
    assert second.status_code == 400 and second.json()["error_code"] == "invalid_grant"
    assert_grant_dead(scalev.client, app, [tokens], [second])
    # another code of the same app is another grant: untouched
    other = scalev.client.post(TOKEN, json=token_body(app, grant_type="authorization_code",
                                                      code=new_code(scalev.client, business, app),
                                                      redirect_uri=CALLBACK)).json()
    assert scalev.client.get("/v3/orders", headers=bearer(other["access_token"])).status_code == 200


def test_parallel_exchanges_of_one_code_leave_no_working_token(scalev):
    business = scalev.auth(STORE, ("orders:read",))
    app = register_app(scalev)
    for _ in range(TRIALS):
        body = token_body(app, grant_type="authorization_code", code=new_code(scalev.client, business, app),
                          redirect_uri=CALLBACK)
        answers = at_once_in_process(scalev, [("POST", TOKEN, {"json": body})] * PARALLEL)
        assert_grant_dead(scalev.client, app, [], answers)


# -- the same races between two real server processes on one store ----------------------------------
@pytest.fixture(params=["sqlite", "postgres"])
def two_servers(request, tmp_path):
    backend = (request.getfixturevalue("pg_url") if request.param == "postgres"
               else f"sqlite:///{tmp_path / 'scalev.db'}")
    env = {"SPECLOOM_SPECS": str(ROOT / "specs"), "SPECLOOM_RATE_LIMITS": "0", "SPECLOOM_WEBHOOK_DELIVERY": "0"}
    servers = start_all([Server("scalev", backend, tmp_path, env=env) for _ in range(2)])
    try:
        with serve("scalev", tmp_path, backend=backend) as served:  # to issue keys into the same store
            yield served, servers
    finally:
        for s in servers:
            s.stop()


@pytest.mark.slow
def test_parallel_refreshes_across_processes_leave_no_working_token(two_servers):
    served, servers = two_servers
    key = storefront_key(served)
    business = served.auth(STORE, ("orders:read",))
    app = register_app(served)
    with httpx.Client(base_url=servers[0].url, timeout=60, trust_env=False) as client:
        for trial in range(TRIALS):
            first = sign_in(client, key, f"proc{trial}@example.com")
            refresh = {"refresh": first["refresh"]}
            answers = at_once(PARALLEL, lambda i, c, refresh=refresh: c.post(servers[i % 2].url + REFRESH,
                                                                           json=refresh, headers=key))
            assert_session_dead(client, key, first, answers)

            code = new_code(client, business, app)
            grant = client.post(TOKEN, json=token_body(app, grant_type="authorization_code", code=code,
                                                       redirect_uri=CALLBACK)).json()
            body = token_body(app, grant_type="refresh_token", refresh_token=grant["refresh_token"])
            answers = at_once(PARALLEL, lambda i, c, body=body: c.post(servers[i % 2].url + TOKEN, json=body))
            assert_grant_dead(client, app, [grant], answers)

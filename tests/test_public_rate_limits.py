"""Operations callable without a credential are throttled per client IP (issue 10, fault 5):
the surface's `publicRateLimits`, or the runtime's default when a spec declares none. Rules
counting failures limit wrong client secrets on token endpoints. Every refusal is a 429 in the
surface's envelope with Retry-After; another client address is unaffected; switching rate limits
off (`SPECLOOM_RATE_LIMITS=0`, as the fuzzer does) switches these off too."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import yaml

from specloom.generator.pipeline import lint
from specloom.runtime.config import Settings
from tests.support import ROOT, pinned_clock, serve

PROMOTIONS = "/api/v1/site_demo/promotions/validate"


def backend_url(request) -> str | None:
    return request.getfixturevalue("pg_url") if request.param == "postgres" else None


@pytest.fixture(params=["sqlite", "postgres"])
def shopvo(request, tmp_path):
    with serve("shopvo", tmp_path, backend=backend_url(request)) as served:
        yield served


@pytest.fixture(params=["sqlite", "postgres"])
def alza(request, tmp_path):
    with serve("alza", tmp_path, backend=backend_url(request)) as served:
        yield served


def from_address(served, address: str, method: str, path: str, **kwargs) -> httpx.Response:
    """One request from another client IP than the test client's."""
    async def run():
        transport = httpx.ASGITransport(app=served.app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, path, **kwargs)
    return served.call(run)


# -- declared: Shopvo's public coupon check ---------------------------------------------------------
def test_coupon_guesses_from_one_address_are_stopped_at_the_declared_limit(shopvo):
    guesses = [shopvo.client.post(PROMOTIONS, json={"code": f"GUESS{i:03}", "cartTotal": 5000}) for i in range(30)]
    assert {r.status_code for r in guesses} == {200}
    assert guesses[0].headers["x-ratelimit-limit"] == "30" and guesses[-1].headers["x-ratelimit-remaining"] == "0"
    refused = shopvo.client.post(PROMOTIONS, json={"code": "WELCOME20", "cartTotal": 5000})
    assert refused.status_code == 429
    assert set(refused.json()) == {"error"} and "Rate limit exceeded" in refused.json()["error"]  # Shopvo's envelope
    assert int(refused.headers["retry-after"]) > 0
    # another address has its own bucket
    other = from_address(shopvo, "203.0.113.7", "POST", PROMOTIONS, json={"code": "WELCOME20", "cartTotal": 5000})
    assert other.status_code == 200


# -- declared: Alza's token endpoint, requests and wrong secrets -----------------------------------
def alza_client(alza):
    alza.call(alza.runtime.store.put_tenant, "alza", "SUP_A", True)
    return alza.call(alza.runtime.families["supplierAuth"].create_client, "SUP_A", ())


def token_request(alza, client, secret=None):
    return alza.client.post("/connect/token", data={"grant_type": "client_credentials", "client_id": client.client_id,
                                                    "client_secret": secret or client.client_secret})


def test_wrong_client_secrets_are_stopped_after_ten(alza):
    client = alza_client(alza)
    wrong = [token_request(alza, client, "wrong-" + str(i)) for i in range(10)]
    assert {r.status_code for r in wrong} == {401}
    # blocked for the rest of the window, even with the right secret
    blocked = token_request(alza, client)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    body = blocked.json()
    assert body["status"] == 429 and body["code"] == "rate_limited" and "failed attempts" in body["title"]
    # the client itself, from its own address, still gets its token
    other = from_address(alza, "198.51.100.20", "POST", "/connect/token",
                         data={"client_id": client.client_id, "client_secret": client.client_secret})
    assert other.status_code == 200


def test_the_token_endpoint_takes_sixty_requests_a_minute_from_one_address(alza):
    client = alza_client(alza)
    assert {token_request(alza, client).status_code for _ in range(60)} == {200}
    refused = token_request(alza, client)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"


# -- the runtime's default, where a spec declares none (Scalev) -------------------------------------
def scalev_app(scalev):
    family = scalev.runtime.families["oauth"]
    return scalev.call(lambda: family.create_client("store_dev", (), redirect_uris=["https://app.example.com/cb"],
                                                    name="Kirim")).as_json()


def test_a_surface_declaring_no_public_limits_gets_the_runtime_default(tmp_path):
    settings = Settings(validate_responses=True, clock=pinned_clock, public_rate_limit=5, public_failure_limit=3)
    with serve("scalev", tmp_path, settings=settings) as scalev:
        assert scalev.runtime.surface.public_rate_limits is None
        app = scalev_app(scalev)
        body = {"grant_type": "refresh_token", "client_id": app["client_id"], "refresh_token": "x"}
        wrong = [scalev.client.post("/v3/oauth/token", json={**body, "client_secret": "no"}) for _ in range(3)]
        assert {r.status_code for r in wrong} == {401}
        blocked = scalev.client.post("/v3/oauth/token", json={**body, "client_secret": app["client_secret"]})
        assert blocked.status_code == 429 and blocked.json()["error_code"] == "rate_limited"  # Scalev's envelope
        assert int(blocked.headers["retry-after"]) > 0
    (tmp_path / "again").mkdir()
    with serve("scalev", tmp_path / "again", settings=settings) as scalev:
        app = scalev_app(scalev)
        body = {"grant_type": "refresh_token", "client_id": app["client_id"], "client_secret": app["client_secret"],
                "refresh_token": "x"}
        answers = [scalev.client.post("/v3/oauth/token", json=body) for _ in range(6)]
        assert [r.status_code for r in answers] == [400] * 5 + [429]
        assert answers[0].headers["x-ratelimit-limit"] == "5"


def test_the_default_comes_from_the_environment_and_zero_switches_it_off(monkeypatch, tmp_path):
    monkeypatch.setenv("SPECLOOM_PUBLIC_RATE_LIMIT", "2")
    monkeypatch.setenv("SPECLOOM_PUBLIC_FAILURE_LIMIT", "0")
    settings = Settings.from_env()
    assert (settings.public_rate_limit, settings.public_failure_limit) == (2, 0)
    assert (Settings().public_rate_limit, Settings().public_failure_limit) == (60, 10)
    monkeypatch.setenv("SPECLOOM_PUBLIC_RATE_LIMIT", "lots")
    with pytest.raises(ValueError, match="SPECLOOM_PUBLIC_RATE_LIMIT must be a whole number"):
        Settings.from_env()
    with serve("scalev", tmp_path, settings=Settings(clock=pinned_clock, public_rate_limit=0,
                                                    public_failure_limit=0)) as scalev:
        app = scalev_app(scalev)
        body = {"grant_type": "refresh_token", "client_id": app["client_id"], "client_secret": "no",
                "refresh_token": "x"}
        # only the operation's own declared rule (30 a minute) is left
        answers = [scalev.client.post("/v3/oauth/token", json=body) for _ in range(31)]
        assert [r.status_code for r in answers] == [401] * 30 + [429]


def test_rate_limits_off_switches_public_limits_off_too(tmp_path):
    """What the fuzzer does (runtime/fuzz/runner.py), so fuzzing from one address is never throttled."""
    with serve("shopvo", tmp_path, settings=Settings(clock=pinned_clock, rate_limits=False)) as shopvo:
        answers = [shopvo.client.post(PROMOTIONS, json={"code": f"G{i}", "cartTotal": 1}) for i in range(40)]
        assert {r.status_code for r in answers} == {200}


# -- lint ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("place, rule, message", [
    ("publicRateLimits", {"name": "p", "limit": 5, "windowSeconds": 60, "per": "credential"},
     "publicRateLimits count per client IP"),
    ("rateLimits", {"name": "f", "limit": 5, "windowSeconds": 60, "count": "failures"},
     "count: failures needs per: client"),
])
def test_lint_refuses_rules_that_cannot_count_per_client(place, rule, message, tmp_path):
    doc = yaml.safe_load((ROOT / "specs" / "shopvo" / "openapi.yaml").read_text())
    doc["x-specloom"][place] = [rule]
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    problems = [p for p in lint(spec)[1] if p.level == "error"]
    assert any(message in p.message and p.pointer.startswith(f"/x-specloom/{place}/0") for p in problems), problems


def test_parallel_wrong_secrets_never_get_far_past_the_limit(alza):
    """Failures are counted once answered, so a burst can overshoot by the requests in flight;
    the declared requests rule still bounds the burst."""
    client = alza_client(alza)

    async def burst():
        transport = httpx.ASGITransport(app=alza.app, client=("192.0.2.50", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await asyncio.gather(*(http.post("/connect/token", data={
                "client_id": client.client_id, "client_secret": f"wrong{i}"}) for i in range(80)))

    statuses = [r.status_code for r in alza.call(burst)]
    assert statuses.count(401) <= 60 and statuses.count(429) >= 20

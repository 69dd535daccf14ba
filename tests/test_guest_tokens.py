"""Scalev guest tokens (`X-Scalev-Guest-Token`) through HTTP: the `guestToken` family
(runtime/auth/guest_tokens.py) and the `guestToken.issue` action, configured by
specs/scalev/openapi.yaml alone. A storefront trades its publishable key for a short-lived token
bound to the store and to an anonymous guest, usable on the public storefront routes instead
of the key, allowed from the store's CORS origins and counted by the client/IP rate limiter."""

from __future__ import annotations

import base64
import contextlib
import json
import time

import jwt
import pytest

from specloom.runtime.auth.guest_tokens import GuestTokens
from tests.support import serve
from tests.test_scalev import ORIGIN, OTHER, STORE, Scalev, bearer, create_products

UNAUTHORIZED = b'{"error":"Unauthorized","error_code":"unauthorized"}'
PRODUCTS = f"/v3/stores/{STORE}/public/products"


@pytest.fixture(params=["sqlite", "postgres"])
def scalev(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("scalev", tmp_path, backend=backend) as served:
        yield Scalev(served)


def issue(scalev, tenant=STORE, key=None):
    return scalev.client.post(f"/v3/stores/{tenant}/public/auth/guest-token", headers=key or scalev.publishable(tenant))


def guest(scalev, tenant=STORE, key=None) -> dict[str, str]:
    r = issue(scalev, tenant, key)
    assert r.status_code == 200, r.text
    return {"X-Scalev-Guest-Token": r.json()["guest_token"]}


@contextlib.contextmanager
def from_ip(scalev, ip: str):
    """Requests of the block come from another client address."""
    transport = scalev.client._transport
    before, transport.client = transport.client, (ip, 50000)
    try:
        yield
    finally:
        transport.client = before


def test_a_publishable_key_buys_a_guest_token_that_opens_the_storefront(scalev):
    products = create_products(scalev, 2)
    r = issue(scalev)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"guest_token", "guest_id", "expires_in"}
    assert body["guest_id"].startswith("gst_") and body["expires_in"] == 3600
    claims = jwt.decode(body["guest_token"], options={"verify_signature": False})
    assert claims["aud"] == STORE and claims["sub"] == body["guest_id"] and claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(body["guest_token"])["alg"] == "HS256"
    h = {"X-Scalev-Guest-Token": body["guest_token"]}
    page = scalev.client.get(PRODUCTS, headers=h)
    assert page.status_code == 200 and [p["id"] for p in page.json()["data"]] == [p["id"] for p in products]
    one = scalev.client.get(f"{PRODUCTS}/{products[0]['id']}", headers=h).json()
    assert one.pop("variants") == [] and one == products[0]  # the product page embeds its variants
    # each call is a new guest
    assert issue(scalev).json()["guest_id"] != body["guest_id"]


def test_a_guest_token_signs_customers_up_and_in_like_the_key(scalev):
    h = guest(scalev)
    scalev.register("siti@example.com", key=h)
    r = scalev.login("siti@example.com", key=h)
    assert r.status_code == 200 and set(r.json()) == {"access", "refresh"}


def test_only_a_publishable_key_buys_guest_tokens(scalev):
    url = f"/v3/stores/{STORE}/public/auth/guest-token"
    assert scalev.client.post(url).content == UNAUTHORIZED
    assert scalev.client.post(url, headers=guest(scalev)).content == UNAUTHORIZED  # a guest cannot renew itself
    assert scalev.client.post(url, headers=scalev.business()).content == UNAUTHORIZED
    # another store's key on this store's path: as if nothing were there
    assert scalev.client.post(url, headers=scalev.publishable(OTHER)).status_code == 404


def test_a_guest_token_is_refused_on_another_store_exactly_like_that_stores_key(scalev):
    other_store = f"/v3/stores/{OTHER}/public/products"
    by_key = scalev.client.get(other_store, headers=scalev.publishable(STORE))
    by_guest = scalev.client.get(other_store, headers=guest(scalev, STORE))
    assert by_guest.status_code == by_key.status_code == 404
    assert by_guest.content == by_key.content
    assert scalev.client.get(other_store, headers=guest(scalev, OTHER)).status_code == 200


def test_expired_forged_and_foreign_tokens_are_the_common_401(scalev):
    family = scalev.runtime.families["guestToken"]
    genuine = guest(scalev)["X-Scalev-Guest-Token"]
    pepper = scalev.call(scalev.runtime.api_keys.pepper)
    an_hour_ago = GuestTokens(scalev.runtime.store, "scalev", family.scheme, pepper=pepper,
                              clock=lambda: time.time() - 3601)
    expired = scalev.call(lambda: an_hour_ago.issue(STORE))["token"]
    claims = jwt.decode(genuine, options={"verify_signature": False})
    unsigned = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    customer = scalev.signed_in("siti@example.com")["access"]
    cases = {
        "expired": expired,
        "forged (wrong key)": jwt.encode(claims, b"k" * 32, algorithm="HS256"),
        "alg none": f"{unsigned({'alg': 'none', 'typ': 'JWT'})}.{unsigned(claims)}.",
        "tampered store": ".".join([genuine.split(".")[0], unsigned({**claims, "aud": OTHER}), genuine.split(".")[2]]),
        "a customer access token": customer,
        "a publishable key": scalev.publishable()["X-Scalev-Storefront-Api-Key"],
        "garbage": "not-a-token",
    }
    for name, token in cases.items():
        r = scalev.client.get(PRODUCTS, headers={"X-Scalev-Guest-Token": token})
        assert r.status_code == 401 and r.content == UNAUTHORIZED, name
    # a guest token is no bearer and no customer session
    assert scalev.client.get(PRODUCTS, headers=bearer(genuine)).content == UNAUTHORIZED
    assert scalev.client.get(f"/v3/stores/{STORE}/customers/me",
                             headers={"X-Scalev-Guest-Token": genuine}).content == UNAUTHORIZED
    assert scalev.client.get("/v3/orders", headers={"X-Scalev-Guest-Token": genuine}).content == UNAUTHORIZED
    assert scalev.client.get(PRODUCTS, headers={"X-Scalev-Guest-Token": genuine}).status_code == 200


def test_guest_tokens_pass_cors_like_the_publishable_key(scalev):
    key = scalev.publishable(origins=[ORIGIN])
    r = scalev.client.options(f"/v3/stores/{STORE}/public/auth/guest-token", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-scalev-storefront-api-key"})
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == ORIGIN
    r = issue(scalev, key={**key, "Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN
    h = {"X-Scalev-Guest-Token": r.json()["guest_token"]}
    r = scalev.client.options(PRODUCTS, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET",
                                                 "Access-Control-Request-Headers": "x-scalev-guest-token"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert "X-Scalev-Guest-Token" in r.headers["access-control-allow-headers"]
    r = scalev.client.get(PRODUCTS, headers={**h, "Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN
    assert "X-Ratelimit-Remaining" in r.headers["access-control-expose-headers"]
    # from an origin the store did not allow: refused, token or not
    r = scalev.client.options(PRODUCTS, headers={"Origin": "https://evil.example.com",
                                                 "Access-Control-Request-Method": "GET"})
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    r = scalev.client.get(PRODUCTS, headers={**h, "Origin": "https://evil.example.com"})
    assert r.status_code == 403 and r.json()["error_code"] == "origin_not_allowed"


def test_guest_traffic_is_counted_per_client_ip_not_per_token(scalev):
    first, second = guest(scalev), guest(scalev)
    key = scalev.publishable()
    remaining = [int(scalev.client.get(PRODUCTS, headers=h).headers["x-ratelimit-remaining"])
                 for h in (first, second, key)]
    assert scalev.client.get(PRODUCTS, headers=first).headers["x-ratelimit-limit"] == "60"
    # two guests and the key spend one bucket: this client's
    assert remaining[1] == remaining[0] - 1 and remaining[2] == remaining[1] - 1
    tokens = [first, second]
    status, left, i = 200, remaining[2], 0
    while left > 0:
        r = scalev.client.get(PRODUCTS, headers=tokens[i % 2])
        status, left, i = r.status_code, int(r.headers["x-ratelimit-remaining"]), i + 1
        assert status == 200
    r = scalev.client.get(PRODUCTS, headers=second)
    assert r.status_code == 429 and r.json()["error_code"] == "rate_limited" and "retry-after" in r.headers
    # another client address has its own bucket, with the very same guest token
    with from_ip(scalev, "203.0.113.9"):
        r = scalev.client.get(PRODUCTS, headers=second)
        assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "59"


def test_the_family_provisions_a_working_guest_token(scalev):
    headers = scalev.call(lambda: scalev.runtime.families["guestToken"].provision(STORE, ("admin:*",)))
    assert set(headers) == {"X-Scalev-Guest-Token".lower()}
    assert scalev.client.get(PRODUCTS, headers=headers).status_code == 200

"""Scalev API v3 through HTTP: the source's envelopes, bidirectional cursors, publishable
storefront keys with allowed CORS origins, customer auth (password, OTP, rotating refresh
tokens), customers/me isolation, business keys and OAuth apps, rate limits — each on SQLite and
PostgreSQL (conftest's `backend`)."""

from __future__ import annotations

import base64
import json
import re
import time

import jwt
import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.mail import Outbox
from specloom.runtime.services.tenant_settings import TenantSettings
from tests.support import serve

STORE = "store_kopi"
OTHER = "store_teh"
ORIGIN = "https://kopi.example.com"
PASSWORD = "correct-horse-battery"


class Scalev:
    """The served surface plus what the tests need to set up: keys, customers, settings."""

    def __init__(self, served):
        self.s = served
        self.client = served.client
        self.runtime = served.runtime

    def call(self, fn, *args):
        return self.s.call(fn, *args)

    def business(self, tenant=STORE, scopes=("admin:*",)) -> dict[str, str]:
        return self.s.auth(tenant, scopes)

    def publishable(self, tenant=STORE, origins=()) -> dict[str, str]:
        family = self.runtime.families["storefrontKey"]
        issued = self.call(lambda: family.issue(tenant, (), origins=list(origins)))
        assert issued["token"].startswith("sfpk_")
        return {"X-Scalev-Storefront-Api-Key": issued["token"]}

    def set_store(self, tenant, **settings):
        self.call(lambda: TenantSettings(self.runtime.store, "scalev").update(tenant, settings))

    def outbox(self, tenant, to):
        """Mail queued for `to` in the store's outbox, oldest first: `{to, template, subject, text, …}`."""
        sent = self.call(lambda: Outbox(self.runtime.store, "scalev").sent(tenant))
        return [m for m in sent if m["to"] == to]

    def mailed_code(self, tenant, to) -> str:
        """The one-time code in the latest message to `to` (only the e-mail carries it)."""
        return re.search(r"code is (\d+)", self.outbox(tenant, to)[-1]["text"]).group(1)

    def register(self, email, tenant=STORE, key=None, **extra):
        key = key or self.publishable(tenant)
        r = self.client.post(f"/v3/stores/{tenant}/public/auth/register",
                             json={"email": email, "password": PASSWORD, **extra}, headers=key)
        assert r.status_code == 201, r.text
        return r.json()

    def login(self, email, tenant=STORE, key=None, password=PASSWORD):
        key = key or self.publishable(tenant)
        return self.client.post(f"/v3/stores/{tenant}/public/auth/login",
                                json={"email": email, "password": password}, headers=key)

    def signed_in(self, email, tenant=STORE) -> dict[str, str]:
        self.register(email, tenant)
        r = self.login(email, tenant)
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture
def scalev(tmp_path, backend):
    """The app on each backend in turn (conftest's `backend`: SQLite, then PostgreSQL)."""
    with serve("scalev", tmp_path, backend=backend) as served:
        yield Scalev(served)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def create_products(scalev, n, tenant=STORE):
    h = scalev.business(tenant)
    return [scalev.client.post("/v3/products", json={"name": f"Produk {i}", "price": 1000 * (i + 1)},
                               headers=h).json() for i in range(n)]


# -- response format -----------------------------------------------------------------------
def test_single_resources_are_bare_and_creates_are_201(scalev):
    h = scalev.business()
    r = scalev.client.post("/v3/products", json={"name": "Kaos Polos", "price": 99000}, headers=h)
    assert r.status_code == 201
    product = r.json()
    assert product["id"].startswith("prod_")
    assert product == {"id": product["id"], "name": "Kaos Polos", "price": 99000, "currency": "IDR",
                       "status": "active", "item_type": "physical", "file_ids": [],
                       "created_at": product["created_at"], "updated_at": product["updated_at"]}
    assert scalev.client.get(f"/v3/products/{product['id']}", headers=h).json() == product


def test_paginated_collections_have_the_documented_envelope(scalev):
    create_products(scalev, 3)
    body = scalev.client.get("/v3/products?page_size=2", headers=scalev.business()).json()
    assert list(body) == ["data", "is_paginated", "has_next", "has_previous", "next_cursor",
                          "previous_cursor", "page_size"]
    assert body["is_paginated"] is True
    assert body["has_next"] is True and body["has_previous"] is False
    assert isinstance(body["next_cursor"], str) and body["previous_cursor"] is None
    assert body["page_size"] == 2 and len(body["data"]) == 2


def test_errors_are_error_and_error_code_body_validation_422_parameters_400(scalev):
    h = scalev.business()
    r = scalev.client.post("/v3/products", json={"name": "", "price": -1}, headers=h)
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"error", "error_code"}
    assert body["error_code"] == "validation_failed"
    # "400 Bad Request - Invalid request format, parameters, or cursor"
    r = scalev.client.get("/v3/products?page_size=500", headers=h)
    assert r.status_code == 400 and r.json()["error_code"] == "validation_failed"
    r = scalev.client.get("/v3/products?colour=red", headers=h)
    assert r.status_code == 400 and set(r.json()) == {"error", "error_code"}
    r = scalev.client.get("/v3/products/prod_missing", headers=h)
    assert r.status_code == 404 and r.json() == {"error": "Product not found", "error_code": "not_found"}
    r = scalev.client.get("/v3/products?next_cursor=forged.token", headers=h)
    assert r.status_code == 400 and r.json() == {"error": "Invalid cursor", "error_code": "invalid_cursor"}


def test_cursors_walk_forward_and_backward(scalev):
    ids = [p["id"] for p in create_products(scalev, 7)]
    h = scalev.business()
    pages, cursor = [], None
    while True:
        url = "/v3/products?page_size=3" + (f"&next_cursor={cursor}" if cursor else "")
        page = scalev.client.get(url, headers=h).json()
        pages.append(page)
        if not page["has_next"]:
            break
        cursor = page["next_cursor"]
    assert [[p["id"] for p in page["data"]] for page in pages] == [ids[0:3], ids[3:6], ids[6:7]]
    assert [(p["has_previous"], p["has_next"]) for p in pages] == [(False, True), (True, True), (True, False)]
    assert pages[-1]["next_cursor"] is None
    # and back from the last page, with previous_cursor
    back = scalev.client.get(f"/v3/products?page_size=3&previous_cursor={pages[-1]['previous_cursor']}",
                             headers=h).json()
    assert [p["id"] for p in back["data"]] == ids[3:6]
    assert back["has_next"] is True and back["has_previous"] is True
    first = scalev.client.get(f"/v3/products?page_size=3&previous_cursor={back['previous_cursor']}",
                              headers=h).json()
    assert [p["id"] for p in first["data"]] == ids[0:3]
    assert first["has_previous"] is False and first["previous_cursor"] is None
    assert first["next_cursor"] is not None
    # a cursor is bound to its store: another store's key cannot use it
    other = scalev.client.get(f"/v3/products?page_size=3&next_cursor={pages[0]['next_cursor']}",
                              headers=scalev.business(OTHER))
    assert other.status_code == 400


# -- publishable keys and CORS -------------------------------------------------------------
def test_storefront_routes_need_the_stores_publishable_key(scalev):
    create_products(scalev, 2)
    url = f"/v3/stores/{STORE}/public/products"
    assert scalev.client.get(url).status_code == 401
    assert scalev.client.get(url, headers={"X-Scalev-Storefront-Api-Key": "sfpk_nope"}).status_code == 401
    r = scalev.client.get(url, headers=scalev.publishable())
    assert r.status_code == 200
    assert len(r.json()["data"]) == 2 and r.json()["is_paginated"] is True
    # another store's key, on this store's path: as if nothing were there
    assert scalev.client.get(url, headers=scalev.publishable(OTHER)).status_code == 404
    # a business key is no storefront key, in either header
    business = scalev.business()["Authorization"].split()[1]
    assert scalev.client.get(url, headers={"X-Scalev-Storefront-Api-Key": business}).status_code == 401
    assert scalev.client.get(url, headers=bearer(business)).status_code == 401


def test_a_storefront_key_on_a_business_route_is_401(scalev):
    key = scalev.publishable()["X-Scalev-Storefront-Api-Key"]
    assert scalev.client.get("/v3/orders", headers=bearer(key)).status_code == 401
    assert scalev.client.get("/v3/orders", headers={"X-Scalev-Storefront-Api-Key": key}).status_code == 401
    r = scalev.client.get("/v3/orders", headers=scalev.business())
    assert r.status_code == 200


def test_preflight_from_an_allowed_origin(scalev):
    scalev.publishable(origins=[ORIGIN])
    r = scalev.client.options(f"/v3/stores/{STORE}/public/products", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-scalev-storefront-api-key"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert "GET" in r.headers["access-control-allow-methods"]
    assert "X-Scalev-Storefront-Api-Key" in r.headers["access-control-allow-headers"]
    assert r.headers["access-control-max-age"] == "600"


def test_preflight_and_requests_from_other_origins_are_refused(scalev):
    key = scalev.publishable(origins=[ORIGIN])
    scalev.publishable(OTHER, origins=["https://teh.example.com"])
    url = f"/v3/stores/{STORE}/public/products"
    for origin in ("https://evil.example.com", "https://teh.example.com"):
        r = scalev.client.options(url, headers={"Origin": origin, "Access-Control-Request-Method": "GET"})
        assert r.status_code == 403, origin
        assert "access-control-allow-origin" not in r.headers
        assert r.json() == {"error": "This origin is not allowed to call this API",
                            "error_code": "origin_not_allowed"}
        r = scalev.client.get(url, headers={**key, "Origin": origin})
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers


def test_requests_from_an_allowed_origin_get_cors_headers_even_on_errors(scalev):
    key = scalev.publishable(origins=[ORIGIN])
    url = f"/v3/stores/{STORE}/public/products"
    r = scalev.client.get(url, headers={**key, "Origin": ORIGIN})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert "X-Ratelimit-Remaining" in r.headers["access-control-expose-headers"]
    r = scalev.client.get(url, headers={"Origin": ORIGIN})  # no key
    assert r.status_code == 401 and r.headers["access-control-allow-origin"] == ORIGIN
    # servers (no Origin header) are not browsers: CORS does not apply
    assert scalev.client.get(url, headers=key).status_code == 200


def test_business_routes_are_not_open_to_browsers(scalev):
    scalev.publishable(origins=[ORIGIN])
    r = scalev.client.options("/v3/orders", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    r = scalev.client.get("/v3/orders", headers={**scalev.business(), "Origin": ORIGIN})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


# -- customer auth -------------------------------------------------------------------------
def test_register_then_login_without_otp_returns_tokens(scalev):
    customer = scalev.register("Siti@Example.com", name="Siti Rahma")
    assert customer["id"].startswith("cus_") and customer["email"] == "siti@example.com"
    assert "password" not in customer
    r = scalev.login("siti@example.com")
    assert r.status_code == 200
    tokens = r.json()
    assert set(tokens) == {"access", "refresh"}
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    assert claims["sub"] == customer["id"] and claims["aud"] == STORE
    assert claims["exp"] - claims["iat"] == 900
    assert jwt.get_unverified_header(tokens["access"])["alg"] == "HS256"
    me = scalev.client.get(f"/v3/stores/{STORE}/customers/me", headers=bearer(tokens["access"]))
    assert me.status_code == 200 and me.json() == customer


def test_a_duplicate_registration_is_409(scalev):
    scalev.register("budi@example.com")
    r = scalev.client.post(f"/v3/stores/{STORE}/public/auth/register",
                           json={"email": "BUDI@example.com", "password": PASSWORD}, headers=scalev.publishable())
    assert r.status_code == 409 and r.json()["error_code"] == "already_exists"


def test_wrong_password_and_unknown_customer_get_the_same_401(scalev):
    scalev.register("budi@example.com")
    wrong = scalev.login("budi@example.com", password="not-the-password")
    unknown = scalev.login("nobody@example.com")
    no_key = scalev.client.get(f"/v3/stores/{STORE}/customers/me")
    assert wrong.status_code == unknown.status_code == no_key.status_code == 401
    assert wrong.content == unknown.content == no_key.content == b'{"error":"Unauthorized","error_code":"unauthorized"}'


def test_passwords_are_stored_as_argon2_hashes(scalev):
    customer = scalev.register("budi@example.com")
    record = scalev.call(lambda: scalev.runtime.store.kv_get(
        "passwords", f"scalev:customers:{STORE}:{customer['id']}", 0.0))
    assert record["value"]["hash"].startswith("$argon2id$")
    assert PASSWORD not in json.dumps(record)


def test_login_with_otp_mails_a_code_that_verifies_once(scalev):
    scalev.set_store(STORE, customerOtpRequired=True)
    key = scalev.publishable()
    scalev.register("siti@example.com", key=key)
    r = scalev.login("siti@example.com", key=key)
    assert r.status_code == 200
    assert r.json() == {"message": "We sent a one-time code to your email. Enter it to continue."}
    mail = scalev.outbox(STORE, "siti@example.com")
    assert len(mail) == 1 and mail[0]["template"] == "customer_otp"
    assert mail[0]["subject"] == "Your Scalev login code"
    code = scalev.mailed_code(STORE, "siti@example.com")
    assert len(code) == 6
    # the store keeps the code's hash only (and the message sealed until it is sent)
    stored = scalev.call(lambda: scalev.runtime.store.outbox_list("mail:scalev", tenant=STORE))
    assert stored and all(code not in json.dumps(row) for row in stored)
    verify = f"/v3/stores/{STORE}/public/auth/otp/verify"
    r = scalev.client.post(verify, json={"email": "siti@example.com", "otp": code}, headers=key)
    assert r.status_code == 200
    tokens = r.json()
    assert set(tokens) == {"access", "refresh", "store_unique_id"} and tokens["store_unique_id"] == STORE
    assert scalev.client.get(f"/v3/stores/{STORE}/customers/me", headers=bearer(tokens["access"])).status_code == 200
    # the code works once
    again = scalev.client.post(verify, json={"email": "siti@example.com", "otp": code}, headers=key)
    assert again.status_code == 401
    # a store without OTP is unaffected
    scalev.register("budi@example.com", tenant=OTHER)
    assert set(scalev.login("budi@example.com", tenant=OTHER).json()) == {"access", "refresh"}


def _otp_login(scalev, email="siti@example.com"):
    scalev.set_store(STORE, customerOtpRequired=True)
    key = scalev.publishable()
    scalev.register(email, key=key)
    scalev.login(email, key=key)
    code = scalev.mailed_code(STORE, email)
    return key, code, ("000000" if code != "000000" else "111111")


def test_otp_verification_is_limited_to_5_per_minute_per_client(scalev):
    key, _, wrong = _otp_login(scalev)
    verify = f"/v3/stores/{STORE}/public/auth/otp/verify"
    codes = [scalev.client.post(verify, json={"email": "siti@example.com", "otp": wrong}, headers=key).status_code
             for _ in range(6)]
    assert codes == [401] * 5 + [429]
    r = scalev.client.post(verify, json={"email": "siti@example.com", "otp": wrong}, headers=key)
    assert r.json()["error_code"] == "rate_limited" and int(r.headers["retry-after"]) > 0
    assert r.headers["x-ratelimit-limit"] == "5" and r.headers["x-ratelimit-remaining"] == "0"


def test_a_code_dies_after_five_wrong_tries(tmp_path, backend):
    with serve("scalev", tmp_path, backend=backend,
               settings=Settings(validate_responses=True, rate_limits=False)) as served:
        scalev = Scalev(served)
        key, code, wrong = _otp_login(scalev)
        verify = f"/v3/stores/{STORE}/public/auth/otp/verify"
        for _ in range(5):
            r = scalev.client.post(verify, json={"email": "siti@example.com", "otp": wrong}, headers=key)
            assert r.status_code == 401
        r = scalev.client.post(verify, json={"email": "siti@example.com", "otp": code}, headers=key)
        assert r.status_code == 401
        # a new login mails a new code, which works
        scalev.login("siti@example.com", key=key)
        code = scalev.mailed_code(STORE, "siti@example.com")
        r = scalev.client.post(verify, json={"email": "siti@example.com", "otp": code}, headers=key)
        assert r.status_code == 200


def test_refresh_rotates_and_reuse_revokes_the_whole_session(scalev):
    key = scalev.publishable()
    tokens = scalev.signed_in("siti@example.com")
    refresh_url = f"/v3/stores/{STORE}/public/auth/jwt/refresh"
    me = f"/v3/stores/{STORE}/customers/me"
    r = scalev.client.post(refresh_url, json={"refresh": tokens["refresh"]}, headers=key)
    assert r.status_code == 200
    second = r.json()
    assert set(second) == {"access", "refresh"} and second["refresh"] != tokens["refresh"]
    assert scalev.client.get(me, headers=bearer(second["access"])).status_code == 200
    r = scalev.client.post(refresh_url, json={"refresh": second["refresh"]}, headers=key)
    third = r.json()
    assert scalev.client.get(me, headers=bearer(third["access"])).status_code == 200
    # the first (spent) refresh token comes back: someone copied it. The family is revoked.
    reused = scalev.client.post(refresh_url, json={"refresh": tokens["refresh"]}, headers=key)
    assert reused.status_code == 401
    assert scalev.client.post(refresh_url, json={"refresh": third["refresh"]}, headers=key).status_code == 401
    for access in (second["access"], third["access"]):
        assert scalev.client.get(me, headers=bearer(access)).status_code == 401
    # other sessions of the same customer are untouched
    fresh = scalev.login("siti@example.com").json()
    assert scalev.client.get(me, headers=bearer(fresh["access"])).status_code == 200


def test_a_refresh_token_of_another_store_is_refused_without_burning_it(scalev):
    tokens = scalev.signed_in("siti@example.com")
    r = scalev.client.post(f"/v3/stores/{OTHER}/public/auth/jwt/refresh", json={"refresh": tokens["refresh"]},
                           headers=scalev.publishable(OTHER))
    assert r.status_code == 401
    r = scalev.client.post(f"/v3/stores/{STORE}/public/auth/jwt/refresh", json={"refresh": tokens["refresh"]},
                           headers=scalev.publishable())
    assert r.status_code == 200


def _forge(claims, key: bytes | str = b"x" * 32, alg="HS256", headers=None) -> str:
    return jwt.encode(claims, key, algorithm=alg, headers=headers)


@pytest.mark.filterwarnings("ignore:The HMAC key is")  # the HS512 forgery reuses the 32-byte key
def test_expired_forged_and_wrong_alg_tokens_are_401(scalev):
    tokens = scalev.signed_in("siti@example.com")
    me = f"/v3/stores/{STORE}/customers/me"
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    now = int(time.time())
    family = scalev.runtime.families["customerAccess"]

    async def signing_key():
        return await (await family.sessions())._key()

    key = scalev.call(signing_key)
    header, payload, signature = tokens["access"].split(".")
    unsigned = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    cases = {
        "expired (right key)": _forge({**claims, "iat": now - 1000, "exp": now - 10}, key),
        "forged (wrong key)": _forge(claims),
        "tampered payload": f"{header}.{unsigned({**claims, 'sub': 'cus_someone_else'})}.{signature}",
        "alg none": f"{unsigned({'alg': 'none', 'typ': 'JWT'})}.{unsigned(claims)}.",
        "alg HS512 (right key)": _forge(claims, key, alg="HS512"),
        "not an access token": _forge({**claims, "typ": "refresh"}, key),
        "another issuer": _forge({**claims, "iss": "someone"}, key),
        "garbage": "not.a.jwt",
    }
    for name, token in cases.items():
        r = scalev.client.get(me, headers=bearer(token))
        assert r.status_code == 401, name
        assert r.json() == {"error": "Unauthorized", "error_code": "unauthorized"}, name
    # the genuine one still works, and a token re-signed with the right key too (sanity)
    assert scalev.client.get(me, headers=bearer(tokens["access"])).status_code == 200
    assert scalev.client.get(me, headers=bearer(_forge(claims, key))).status_code == 200


# -- customers/me isolation ------------------------------------------------------------------
def test_customers_see_only_their_own_orders(scalev):
    a = scalev.register("a@example.com")
    b = scalev.register("b@example.com")
    biz = scalev.business()
    orders = {}
    for who, n in ((a, 3), (b, 2)):
        orders[who["id"]] = [scalev.client.post("/v3/orders", json={
            "customer_id": who["id"], "items": [{"product_id": "prod_1", "quantity": 1, "price": 5000}],
            "total": 5000}, headers=biz).json()["id"] for _ in range(n)]
    ta = scalev.login("a@example.com").json()["access"]
    tb = scalev.login("b@example.com").json()["access"]
    base = f"/v3/stores/{STORE}/customers/me"
    assert scalev.client.get(base, headers=bearer(ta)).json()["id"] == a["id"]
    assert scalev.client.get(base, headers=bearer(tb)).json()["id"] == b["id"]
    page = scalev.client.get(f"{base}/orders?page_size=2", headers=bearer(ta)).json()
    assert page["has_next"] is True and page["is_paginated"] is True
    rest = scalev.client.get(f"{base}/orders?page_size=2&next_cursor={page['next_cursor']}", headers=bearer(ta)).json()
    assert [o["id"] for o in page["data"] + rest["data"]] == orders[a["id"]]
    listed_b = scalev.client.get(f"{base}/orders", headers=bearer(tb)).json()
    assert [o["id"] for o in listed_b["data"]] == orders[b["id"]]
    # A's cursor means nothing to B
    assert scalev.client.get(f"{base}/orders?next_cursor={page['next_cursor']}", headers=bearer(tb)).status_code == 400
    # one order by id: the owner sees it, the other customer gets 404
    mine = orders[a["id"]][0]
    assert scalev.client.get(f"{base}/orders/{mine}", headers=bearer(ta)).status_code == 200
    r = scalev.client.get(f"{base}/orders/{mine}", headers=bearer(tb))
    assert r.status_code == 404 and r.json()["error_code"] == "not_found"
    # a customer's token on another store's path is as if nothing were there
    assert scalev.client.get(f"/v3/stores/{OTHER}/customers/me", headers=bearer(ta)).status_code == 404


def test_wrong_credential_family_on_each_route_family_is_401(scalev):
    tokens = scalev.signed_in("siti@example.com")
    business = scalev.business()
    storefront = scalev.publishable()
    me = f"/v3/stores/{STORE}/customers/me"
    assert scalev.client.get(me, headers=business).status_code == 401
    assert scalev.client.get(me, headers=storefront).status_code == 401
    assert scalev.client.get("/v3/orders", headers=bearer(tokens["access"])).status_code == 401
    r = scalev.client.get(f"/v3/stores/{STORE}/public/products", headers=bearer(tokens["access"]))
    assert r.status_code == 401


# -- business keys, scopes, rate limits ------------------------------------------------------
def test_business_keys_are_bound_to_their_store_and_scopes(scalev):
    create_products(scalev, 2, tenant=STORE)
    other = scalev.client.get("/v3/products", headers=scalev.business(OTHER)).json()
    assert other["data"] == []
    r = scalev.client.get("/v3/orders", headers=scalev.business(scopes=("products:read",)))
    assert r.status_code == 403 and r.json()["error_code"] == "insufficient_scope"


def test_business_requests_carry_rate_limit_headers_of_the_burst_bucket(scalev):
    h = scalev.business()
    r = scalev.client.get("/v3/orders", headers=h)
    assert r.headers["x-ratelimit-limit"] == "100"
    assert r.headers["x-ratelimit-remaining"] == "99"
    assert 0 < int(r.headers["x-ratelimit-reset"]) <= 10


def test_the_business_burst_limit_is_100_per_10_seconds_per_key(scalev):
    h = scalev.business()
    codes = [scalev.client.get("/v3/orders?page_size=1", headers=h).status_code for _ in range(101)]
    assert codes[:100] == [200] * 100 and codes[100] == 429
    assert scalev.client.get("/v3/orders", headers=scalev.business()).status_code == 200  # another key


def test_storefront_requests_are_limited_per_client_ip(scalev):
    r = scalev.client.get(f"/v3/stores/{STORE}/public/products", headers=scalev.publishable())
    assert r.headers["x-ratelimit-limit"] == "60"
    assert r.headers["x-ratelimit-remaining"] == "59"
    # counted before authentication: a request without a key spends the same client bucket
    r = scalev.client.get(f"/v3/stores/{STORE}/public/products")
    assert r.status_code == 401 and r.headers["x-ratelimit-remaining"] == "58"


# -- OAuth authorization code ----------------------------------------------------------------
def _register_app(scalev, owner="store_dev"):
    family = scalev.runtime.families["oauth"]
    return scalev.call(lambda: family.create_client(owner, (), redirect_uris=["https://app.example.com/callback"],
                                                    name="Kirim")).as_json()


def _authorize(scalev, app, scope="orders:read", **extra):
    r = scalev.client.post("/v3/oauth/authorize", json={
        "client_id": app["client_id"], "redirect_uri": "https://app.example.com/callback",
        "scope": scope, "state": "xyz", **extra}, headers=scalev.business(STORE, ("orders:read", "products:read")))
    return r


def _token(scalev, app, **body):
    return scalev.client.post("/v3/oauth/token", json={
        "client_id": app["client_id"], "client_secret": app["client_secret"], **body})


def test_oauth_code_flow_gives_the_app_the_business_with_granted_scopes(scalev):
    create_products(scalev, 1)
    scalev.client.post("/v3/orders", json={"items": [{"product_id": "p", "quantity": 1, "price": 1}], "total": 1},
                       headers=scalev.business())
    app = _register_app(scalev)
    r = _authorize(scalev, app)
    assert r.status_code == 200
    grant = r.json()
    assert grant["state"] == "xyz"
    assert grant["redirect_to"].startswith("https://app.example.com/callback?code=")
    r = _token(scalev, app, grant_type="authorization_code", code=grant["code"],
               redirect_uri="https://app.example.com/callback")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    tokens = r.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    assert tokens["access_token"].startswith("scalev_oat_") and tokens["scope"] == "orders:read"
    orders = scalev.client.get("/v3/orders", headers=bearer(tokens["access_token"]))
    assert orders.status_code == 200 and len(orders.json()["data"]) == 1
    assert orders.headers["x-ratelimit-limit"] == "100"
    # only the granted scope
    assert scalev.client.get("/v3/products", headers=bearer(tokens["access_token"])).status_code == 403
    # the code is single-use
    again = _token(scalev, app, grant_type="authorization_code", code=grant["code"],
                   redirect_uri="https://app.example.com/callback")
    assert again.status_code == 400 and again.json()["error_code"] == "invalid_grant"


def test_oauth_refresh_rotates_and_reuse_revokes_the_grant(scalev):
    app = _register_app(scalev)
    code = _authorize(scalev, app).json()["code"]
    first = _token(scalev, app, grant_type="authorization_code", code=code,
                   redirect_uri="https://app.example.com/callback").json()
    second = _token(scalev, app, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert scalev.client.get("/v3/orders", headers=bearer(first["access_token"])).status_code == 401
    assert scalev.client.get("/v3/orders", headers=bearer(second["access_token"])).status_code == 200
    reused = _token(scalev, app, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reused.status_code == 400 and reused.json()["error_code"] == "invalid_grant"
    assert scalev.client.get("/v3/orders", headers=bearer(second["access_token"])).status_code == 401
    assert _token(scalev, app, grant_type="refresh_token",
                  refresh_token=second["refresh_token"]).status_code == 400


def test_oauth_refuses_bad_clients_redirects_scopes_and_verifiers(scalev):
    app = _register_app(scalev)
    # a wrong client secret is the same 401 as any other
    r = scalev.client.post("/v3/oauth/token", json={"grant_type": "refresh_token", "client_id": app["client_id"],
                                                    "client_secret": "wrong", "refresh_token": "x"})
    assert r.status_code == 401 and r.json() == {"error": "Unauthorized", "error_code": "unauthorized"}
    # a redirect URI the app did not register
    r = scalev.client.post("/v3/oauth/authorize", json={"client_id": app["client_id"],
                                                        "redirect_uri": "https://evil.example.com/cb"},
                           headers=scalev.business())
    assert r.status_code == 400 and r.json()["error_code"] == "invalid_request"
    r = scalev.client.post("/v3/oauth/authorize", headers=scalev.business(),
                           json={"client_id": "app_unknown", "redirect_uri": "https://a.example.com/cb"})
    assert r.status_code == 404 and r.json()["error_code"] == "unknown_client"
    # more than the approving key has
    r = _authorize(scalev, app, scope="orders:write")
    assert r.status_code == 400 and r.json()["error_code"] == "invalid_scope"
    # PKCE: the verifier must match the challenge
    verifier = "v" * 50
    from specloom.runtime.auth.oauth_code import pkce_s256

    code = _authorize(scalev, app, code_challenge=pkce_s256(verifier)).json()["code"]
    bad = _token(scalev, app, grant_type="authorization_code", code=code,
                 redirect_uri="https://app.example.com/callback", code_verifier="w" * 50)
    assert bad.status_code == 400
    code = _authorize(scalev, app, code_challenge=pkce_s256(verifier)).json()["code"]
    good = _token(scalev, app, grant_type="authorization_code", code=code,
                  redirect_uri="https://app.example.com/callback", code_verifier=verifier)
    assert good.status_code == 200
    # the token endpoint validates its body like every other: 422
    r = scalev.client.post("/v3/oauth/token", json={"grant_type": "password", "client_id": "a", "client_secret": "b"})
    assert r.status_code == 422 and r.json()["error_code"] == "validation_failed"


def test_oauth_token_requests_may_be_form_encoded(scalev):
    app = _register_app(scalev)
    code = _authorize(scalev, app).json()["code"]
    r = scalev.client.post("/v3/oauth/token", data={
        "grant_type": "authorization_code", "client_id": app["client_id"], "client_secret": app["client_secret"],
        "code": code, "redirect_uri": "https://app.example.com/callback"})
    assert r.status_code == 200, r.text
    tokens = r.json()
    assert tokens["access_token"].startswith("scalev_oat_")
    assert scalev.client.get("/v3/orders", headers=bearer(tokens["access_token"])).status_code == 200
    r = scalev.client.post("/v3/oauth/token", data={
        "grant_type": "refresh_token", "client_id": app["client_id"], "client_secret": "wrong",
        "refresh_token": tokens["refresh_token"]})
    assert r.status_code == 401 and r.json() == {"error": "Unauthorized", "error_code": "unauthorized"}


# -- provisioning for the fuzzer ---------------------------------------------------------------
def test_every_family_provisions_working_credentials(scalev):
    checks = {
        "storefrontKey": f"/v3/stores/{STORE}/public/products",
        "guestToken": f"/v3/stores/{STORE}/public/products",
        "customerAccess": f"/v3/stores/{STORE}/customers/me",
        "businessKey": "/v3/orders",
        "oauth": "/v3/orders",
    }
    for scheme, url in checks.items():
        headers = scalev.call(lambda: scalev.runtime.families[scheme].provision(STORE, ("admin:*",)))
        assert scalev.client.get(url, headers=headers).status_code == 200, scheme


# -- the command line --------------------------------------------------------------------------
@pytest.mark.slow  # the CLI run as a real process, several times
def test_cli_creates_publishable_keys_with_origins_and_sets_store_settings(tmp_path, backend):
    import os
    import subprocess
    import sys

    from tests.support import ROOT

    db = backend
    env = {**os.environ, "SPECLOOM_SPECS": str(ROOT / "specs"), "SPECLOOM_STATE_DIR": str(tmp_path / "state")}
    env.pop("SPECLOOM_BACKEND", None)

    def specloom(*args):
        return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args, "--backend", db], cwd=tmp_path,
                              capture_output=True, text=True, env=env, timeout=120)

    r = specloom("keys", "create", "scalev", "--tenant", STORE, "--scheme", "storefrontKey",
                 "--origin", "https://Kopi.Example.com/", "--json")
    assert r.returncode == 0, r.stderr
    issued = json.loads(r.stdout)
    assert issued["token"].startswith("sfpk_") and issued["origins"] == [ORIGIN]
    r = specloom("tenants", "set", "scalev", STORE, "customerOtpRequired=true")
    assert r.returncode == 0, r.stderr
    bad = specloom("keys", "create", "scalev", "--tenant", STORE, "--scheme", "storefrontKey", "--origin", "kopi")
    assert bad.returncode == 2 and "not an origin" in bad.stderr
    # OAuth apps are clients, made one way only
    old_way = specloom("keys", "create", "scalev", "--tenant", "store_dev", "--scheme", "oauth",
                       "--redirect-uri", "https://app.example.com/callback")
    assert old_way.returncode == 2 and "specloom clients create scalev" in old_way.stderr
    r = specloom("clients", "create", "scalev", "--tenant", "store_dev", "--redirect-uri",
                 "https://app.example.com/callback", "--json")
    assert r.returncode == 0, r.stderr
    app = json.loads(r.stdout)
    assert app["client_id"].startswith("app_") and app["redirect_uris"] == ["https://app.example.com/callback"]
    with serve("scalev", tmp_path, backend=db) as served:
        scalev = Scalev(served)
        key = {"X-Scalev-Storefront-Api-Key": issued["token"]}
        r = scalev.client.options(f"/v3/stores/{STORE}/public/products",
                                  headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
        assert r.status_code == 204
        scalev.register("siti@example.com", key=key)
        assert scalev.login("siti@example.com", key=key).json() == {
            "message": "We sent a one-time code to your email. Enter it to continue."}

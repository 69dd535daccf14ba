"""Aly's `aly_oauth_…` merchant tokens through HTTP: the authorization-code family
(runtime/auth/oauth_code.py) configured by specs/aly/openapi.yaml alone — a merchant approves an
app with its `aly_…` key, the app trades the code (JSON or form-encoded) for a scoped token bound
to that store, refresh tokens rotate and a reused one revokes the grant; every refusal is in
Aly's error envelope."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from specloom.runtime.cli import app as cli
from tests.support import ROOT, serve

BASE = "/api/storefront/v1/stores"
ACME = f"{BASE}/acme"
GLOBEX = f"{BASE}/globex"
CALLBACK = "https://app.example.com/callback"
UNAUTHORIZED = b'{"error":{"code":"unauthorized","message":"Unauthorized","details":[]}}'


@pytest.fixture(params=["sqlite", "postgres"])
def aly(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("aly", tmp_path, backend=backend) as served:
        yield served


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def merchant(aly, store="acme", scopes=("admin:*",)) -> dict[str, str]:
    return bearer(aly.issue_key(store, scopes).token)


def register_app(aly, owner="devshop", scopes=()):
    family = aly.runtime.families["oauth"]
    app = aly.call(lambda: family.create_client(owner, tuple(scopes), redirect_uris=[CALLBACK], name="Shipper"))
    return app.as_json()


def authorize(aly, app, store="acme", key=None, **body):
    key = key or merchant(aly, store, ("orders:read", "orders:write"))
    return aly.client.post(f"{BASE}/{store}/oauth/authorize", headers=key, json={
        "client_id": app["client_id"], "redirect_uri": CALLBACK, "state": "xyz", **body})


def token(aly, app, store="acme", form=False, **body):
    payload = {"client_id": app["client_id"], "client_secret": app["client_secret"], **body}
    if form:
        return aly.client.post(f"{BASE}/{store}/oauth/token", data=payload)
    return aly.client.post(f"{BASE}/{store}/oauth/token", json=payload)


def code_for(aly, app, store="acme", **body) -> str:
    r = authorize(aly, app, store, **body)
    assert r.status_code == 200, r.text
    return r.json()["data"]["code"]


def exchange(aly, app, store="acme", form=False, **body) -> dict:
    code = code_for(aly, app, store, **body)
    r = token(aly, app, store, form=form, grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert r.status_code == 200, r.text
    return r.json()


def new_order(aly, headers, store=ACME):
    r = aly.client.post(f"{store}/orders", headers=headers, json={
        "email": "ada@example.com", "line_items": [{"product_id": "prod_1", "quantity": 1, "unit_amount": 100}],
        "total_amount": 100})
    assert r.status_code == 201, r.text
    return r.json()["data"]


def test_authorize_code_token_call_refresh_and_reuse_revokes_the_grant(aly):
    order = new_order(aly, merchant(aly))
    new_order(aly, merchant(aly, "globex"), store=GLOBEX)
    app = register_app(aly)
    # the merchant approves the app; the answer is in Aly's {"data": …} envelope
    r = authorize(aly, app, scope="orders:read")
    assert r.status_code == 200
    grant = r.json()["data"]
    assert grant["state"] == "xyz"
    assert grant["redirect_to"] == f"{CALLBACK}?code={grant['code']}&state=xyz"
    # the app trades the code: an RFC 6749 token answer, not enveloped
    r = token(aly, app, grant_type="authorization_code", code=grant["code"], redirect_uri=CALLBACK)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    first = r.json()
    assert set(first) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert first["access_token"].startswith("aly_oauth_") and first["token_type"] == "Bearer"
    assert first["expires_in"] == 3600 and first["scope"] == "orders:read"
    # the token acts for acme, on acme's records only
    r = aly.client.get(f"{ACME}/orders", headers=bearer(first["access_token"]))
    assert r.status_code == 200 and [o["id"] for o in r.json()["data"]] == [order["id"]]
    assert aly.client.get(f"{ACME}/orders/{order['id']}", headers=bearer(first["access_token"])).status_code == 200
    # the code works once; a second exchange revokes what the first got (RFC 6749 §4.1.2)
    again = token(aly, app, grant_type="authorization_code", code=grant["code"], redirect_uri=CALLBACK)
    assert again.status_code == 400
    assert again.json() == {"error": {"code": "invalid_grant", "details": [],
                                      "message": "The authorization code is invalid or expired"}}
    assert aly.client.get(f"{ACME}/orders", headers=bearer(first["access_token"])).content == UNAUTHORIZED
    first = token(aly, app, grant_type="authorization_code", code=code_for(aly, app, scope="orders:read"),
                  redirect_uri=CALLBACK).json()
    # refresh rotates both tokens; the old access token ends
    second = token(aly, app, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["access_token"].startswith("aly_oauth_") and second["refresh_token"] != first["refresh_token"]
    assert second["scope"] == "orders:read"
    assert aly.client.get(f"{ACME}/orders", headers=bearer(first["access_token"])).content == UNAUTHORIZED
    assert aly.client.get(f"{ACME}/orders", headers=bearer(second["access_token"])).status_code == 200
    # presenting the spent refresh token again revokes the whole grant
    reused = token(aly, app, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reused.status_code == 400 and reused.json()["error"]["code"] == "invalid_grant"
    assert aly.client.get(f"{ACME}/orders", headers=bearer(second["access_token"])).status_code == 401
    r = token(aly, app, grant_type="refresh_token", refresh_token=second["refresh_token"])
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_grant"


def test_granted_scopes_only_and_workspace_mismatch_are_403(aly):
    app = register_app(aly)
    tokens = exchange(aly, app, scope="orders:read")
    h = bearer(tokens["access_token"])
    r = aly.client.post(f"{ACME}/orders", headers=h, json={
        "line_items": [{"product_id": "p", "quantity": 1, "unit_amount": 1}], "total_amount": 1})
    assert r.status_code == 403 and r.json()["error"]["code"] == "insufficient_scope"
    assert "orders:write" in r.json()["error"]["message"]
    assert aly.client.get(f"{ACME}/customers", headers=h).status_code == 403
    # the token is bound to acme: naming globex is the documented workspace mismatch
    r = aly.client.get(f"{GLOBEX}/orders", headers=h)
    assert r.status_code == 403 and r.json()["error"]["code"] == "tenant_mismatch"
    # a token granted orders:write may write
    writer = bearer(exchange(aly, app, scope="orders:read orders:write")["access_token"])
    assert aly.client.post(f"{ACME}/orders", headers=writer, json={
        "line_items": [{"product_id": "p", "quantity": 1, "unit_amount": 1}], "total_amount": 1}).status_code == 201


def test_the_token_endpoint_takes_form_encoded_requests(aly):
    app = register_app(aly)
    code = code_for(aly, app, scope="orders:read")
    r = token(aly, app, form=True, grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["access_token"].startswith("aly_oauth_")
    assert aly.client.get(f"{ACME}/orders", headers=bearer(first["access_token"])).status_code == 200
    r = token(aly, app, form=True, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert r.status_code == 200 and r.json()["refresh_token"] != first["refresh_token"]
    # a form body is validated like a JSON one, in Aly's vocabulary
    r = aly.client.post(f"{ACME}/oauth/token", data={"grant_type": "password", "client_id": "a", "client_secret": "b"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "validation_failed"
    assert r.json()["error"]["details"] == [{"path": "grant_type", "code": "invalid_value",
                                             "options": ["authorization_code", "refresh_token"]}]
    r = aly.client.post(f"{ACME}/oauth/token", content=b"<xml/>", headers={"Content-Type": "text/xml"})
    assert r.status_code == 415


def test_an_oauth_string_not_issued_by_the_flow_and_a_bad_client_get_the_common_401(aly):
    app = register_app(aly)
    real = exchange(aly, app, scope="orders:read")["access_token"]
    missing = aly.client.get(f"{ACME}/orders")
    forged = aly.client.get(f"{ACME}/orders", headers=bearer("aly_oauth_" + "A" * 43))
    tampered = aly.client.get(f"{ACME}/orders", headers=bearer(real[:-1] + ("A" if real[-1] != "A" else "B")))
    bare_prefix = aly.client.get(f"{ACME}/orders", headers=bearer("aly_oauth_"))
    wrong_secret = aly.client.post(f"{ACME}/oauth/token", json={
        "grant_type": "refresh_token", "client_id": app["client_id"], "client_secret": "wrong", "refresh_token": "x"})
    unknown_app = aly.client.post(f"{ACME}/oauth/token", json={
        "grant_type": "refresh_token", "client_id": "app_nope", "client_secret": "x", "refresh_token": "x"})
    for r in (missing, forged, tampered, bare_prefix, wrong_secret, unknown_app):
        assert r.status_code == 401 and r.content == UNAUTHORIZED
    assert aly.client.get(f"{ACME}/orders", headers=bearer(real)).status_code == 200
    # the merchant's own aly_ keys work exactly as before
    assert aly.client.get(f"{ACME}/orders", headers=merchant(aly, scopes=("orders:read",))).status_code == 200


def test_a_stores_token_endpoint_trades_only_that_stores_codes_and_tokens(aly):
    app = register_app(aly)
    code = code_for(aly, app, scope="orders:read")
    r = token(aly, app, store="globex", grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_grant"
    # the code was not spent by the wrong store's endpoint
    r = token(aly, app, grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert r.status_code == 200
    refresh = r.json()["refresh_token"]
    r = token(aly, app, store="globex", grant_type="refresh_token", refresh_token=refresh)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_grant"
    assert token(aly, app, grant_type="refresh_token", refresh_token=refresh).status_code == 200


def test_authorize_refusals(aly):
    app = register_app(aly, scopes=("orders:read",))
    # an app never gets more than it registered for, even from an all-powerful key
    r = authorize(aly, app, key=merchant(aly), scope="orders:write")
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_scope"
    # without a scope it gets what both the key and the app allow
    r = authorize(aly, app, key=merchant(aly))
    code = r.json()["data"]["code"]
    assert token(aly, app, grant_type="authorization_code", code=code,
                 redirect_uri=CALLBACK).json()["scope"] == "orders:read"
    # never more than the approving key has
    other = register_app(aly)
    r = authorize(aly, other, key=merchant(aly, scopes=("orders:read",)), scope="orders:read orders:write")
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_scope"
    # an unregistered redirect URI, an unknown app
    r = authorize(aly, other, redirect_uri="https://evil.example.com/cb")
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_request"
    r = authorize(aly, {"client_id": "app_unknown"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_client"
    # a merchant approves only for its own store; an OAuth token cannot approve apps
    r = authorize(aly, other, store="globex", key=merchant(aly, "acme"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "tenant_mismatch"
    oauth = bearer(exchange(aly, other, scope="orders:read")["access_token"])
    assert authorize(aly, other, key=oauth).status_code == 401


def test_removing_an_app_ends_its_tokens(aly):
    app = register_app(aly)
    tokens = exchange(aly, app, scope="orders:read")
    family = aly.runtime.families["oauth"]
    assert aly.call(lambda: family.revoke_client(app["client_id"])) is True
    assert aly.client.get(f"{ACME}/orders", headers=bearer(tokens["access_token"])).content == UNAUTHORIZED
    r = token(aly, app, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert r.status_code == 401 and r.content == UNAUTHORIZED


def test_the_family_provisions_a_working_token(aly):
    headers = aly.call(lambda: aly.runtime.families["oauth"].provision("acme", ("orders:read",)))
    assert headers["Authorization"].startswith("Bearer aly_oauth_")
    assert aly.client.get(f"{ACME}/orders", headers=headers).status_code == 200


# -- the command line: one way to make OAuth clients --------------------------------------------
def test_clients_create_registers_an_app_and_keys_create_points_there(tmp_path):
    backend = f"sqlite:///{tmp_path / 'aly.db'}"
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    runner = CliRunner()
    old_way = runner.invoke(cli, ["keys", "create", "aly", "--tenant", "devshop", "--scheme", "oauth",
                                  "--backend", backend], env=env)
    assert old_way.exit_code == 2 and "specloom clients create aly" in old_way.output
    no_uri = runner.invoke(cli, ["clients", "create", "aly", "--tenant", "devshop", "--backend", backend], env=env)
    assert no_uri.exit_code == 2 and "--redirect-uri" in no_uri.output
    not_oauth = runner.invoke(cli, ["clients", "create", "aly", "--tenant", "devshop", "--scheme", "bearer",
                                    "--redirect-uri", CALLBACK, "--backend", backend], env=env)
    assert not_oauth.exit_code == 2 and "not an OAuth security scheme" in not_oauth.output
    made = runner.invoke(cli, ["clients", "create", "aly", "--tenant", "devshop", "--redirect-uri", CALLBACK,
                               "--scopes", "orders:read", "--json", "--backend", backend], env=env)
    assert made.exit_code == 0, made.output
    app = json.loads(made.stdout.strip().splitlines()[-1])
    assert set(app) == {"client_id", "client_secret", "tenant", "scopes", "redirect_uris"}
    assert app["tenant"] == "devshop" and app["scopes"] == ["orders:read"] and app["redirect_uris"] == [CALLBACK]
    with serve("aly", tmp_path, backend=backend) as served:
        tokens = exchange(served, app, scope="orders:read")
        assert served.client.get(f"{ACME}/orders", headers=bearer(tokens["access_token"])).status_code == 200
    revoked = runner.invoke(cli, ["clients", "revoke", "aly", app["client_id"], "--backend", backend], env=env)
    assert revoked.exit_code == 0, revoked.output
    with serve("aly", tmp_path, backend=backend) as served:
        assert served.client.get(f"{ACME}/orders", headers=bearer(tokens["access_token"])).status_code == 401

"""Alza Trade supplier order export, as its guide describes it: an API client that must be
approved, a token endpoint trading client id and secret for an expiring Bearer token, and a
daily order download authorised by that token."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from specloom.runtime.cli import app as cli
from specloom.runtime.services.resources import TenantResources
from tests.support import ROOT, serve

DAY = "2026-06-05"


@pytest.fixture
def alza(tmp_path):
    with serve("alza", tmp_path) as served:
        yield served


def family(served):
    return served.runtime.families["supplierAuth"]


def client_of(served, supplier="SUP_A", approved=True):
    if approved:
        served.call(served.runtime.store.put_tenant, "alza", supplier, True)
    return served.call(family(served).create_client, supplier, ())


def token_for(served, client) -> str:
    r = served.client.post("/connect/token", data={"grant_type": "client_credentials", "client_id": client.client_id,
                                                   "client_secret": client.client_secret})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def seed_orders(served, supplier, *orders):
    resources = TenantResources(served.runtime.surface, served.runtime.store, supplier)
    for number, day in orders:
        served.call(resources.seed, "orders", {
            "id": f"ord_{supplier.lower()}_{number}", "orderNumber": number, "orderDate": day, "totalPrice": 499.0,
            "items": [{"alzaCode": "ABC123", "supplierCode": "SUP-1", "ean": None, "name": "USB-C cable",
                       "quantity": 2, "unitPrice": 249.5}]})


# -- 1. the API client must be approved ---------------------------------------------------------
def test_clients_create_refuses_an_unapproved_supplier_then_its_client_gets_a_token(tmp_path):
    backend = f"sqlite:///{tmp_path / 'alza.db'}"
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    runner = CliRunner()
    args = ["clients", "create", "alza", "--tenant", "SUPPLIER", "--json", "--backend", backend]
    refused = runner.invoke(cli, args, env=env)
    assert refused.exit_code == 1 and "not approved" in refused.output
    assert runner.invoke(cli, ["tenants", "approve", "alza", "SUPPLIER", "--backend", backend], env=env).exit_code == 0
    made = runner.invoke(cli, args, env=env)
    assert made.exit_code == 0, made.output
    client = json.loads(made.stdout.strip().splitlines()[-1])
    assert set(client) == {"client_id", "client_secret", "tenant", "scopes"} and client["tenant"] == "SUPPLIER"
    with serve("alza", tmp_path, backend=backend) as served:
        seed_orders(served, "SUPPLIER", ("412345678", DAY))
        r = served.client.post("/connect/token", data={"client_id": client["client_id"],
                                                       "client_secret": client["client_secret"]})
        assert r.status_code == 200, r.text
        orders = served.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(r.json()["access_token"]))
        assert orders.status_code == 200 and orders.json()["totalCount"] == 1
    revoked = runner.invoke(cli, ["clients", "revoke", "alza", client["client_id"], "--backend", backend], env=env)
    assert revoked.exit_code == 0, revoked.output
    with serve("alza", tmp_path, backend=backend) as served:
        r = served.client.post("/connect/token", data={"client_id": client["client_id"],
                                                       "client_secret": client["client_secret"]})
        assert r.status_code == 401


def test_a_suspended_supplier_gets_no_token_and_its_tokens_stop_working(alza):
    client = client_of(alza)
    token = token_for(alza, client)
    alza.call(alza.runtime.store.put_tenant, "alza", "SUP_A", False)
    r = alza.client.post("/connect/token", data={"client_id": client.client_id, "client_secret": client.client_secret})
    assert r.status_code == 400
    assert r.json() == {"error": "unauthorized_client", "error_description": "API access is not active for this client"}
    r = alza.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(token))
    assert r.status_code == 403 and r.json()["code"] == "access_not_active"


# -- 2. the token endpoint ----------------------------------------------------------------------
def test_the_token_endpoint_issues_an_expiring_bearer_token(alza):
    client = client_of(alza)
    r = alza.client.post("/connect/token", data={"grant_type": "client_credentials", "client_id": client.client_id,
                                                 "client_secret": client.client_secret})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["scope"] == ""
    assert body["access_token"].startswith("alza_at_")
    assert r.headers["cache-control"] == "no-store"
    # repeated use until it expires; a second token works alongside the first
    for _ in range(3):
        assert alza.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(body["access_token"])).status_code == 200
    assert token_for(alza, client) != body["access_token"]


def test_a_wrong_secret_and_an_unknown_client_get_the_same_401(alza):
    client = client_of(alza)
    other = client_of(alza, "SUP_B")
    alza.call(family(alza).revoke_client, other.client_id)
    attempts = [{"client_id": client.client_id, "client_secret": "wrong"},
                {"client_id": client.client_id, "client_secret": other.client_secret},
                {"client_id": "00000000-0000-4000-8000-000000000000", "client_secret": client.client_secret},
                {"client_id": "your_client_id", "client_secret": "your_secret_key"},
                {"client_id": other.client_id, "client_secret": other.client_secret}]  # revoked
    answers = [alza.client.post("/connect/token", data=a) for a in attempts]
    assert {r.status_code for r in answers} == {401}
    assert len({r.content for r in answers}) == 1
    assert answers[0].json() == {"error": "invalid_client", "error_description": "Client authentication failed"}


def test_token_request_errors_follow_rfc_6749(alza):
    client = client_of(alza)
    r = alza.client.post("/connect/token", data={"client_id": client.client_id})
    assert (r.status_code, r.json()["error"]) == (400, "invalid_request")
    r = alza.client.post("/connect/token", data={"grant_type": "password", "client_id": client.client_id,
                                                 "client_secret": client.client_secret})
    assert (r.status_code, r.json()["error"]) == (400, "unsupported_grant_type")
    r = alza.client.post("/connect/token", data={"client_id": client.client_id, "client_secret": client.client_secret,
                                                 "scope": "orders:write"})
    assert (r.status_code, r.json()["error"]) == (400, "invalid_scope")
    assert alza.client.post("/connect/token").json()["error"] == "invalid_request"


def test_secrets_and_tokens_are_stored_hashed(alza):
    client = client_of(alza)
    token = token_for(alza, client)
    row = alza.call(alza.runtime.store.get_credential, client.client_id)
    assert row["kind"] == "oauthClient" and len(row["secret_hash"]) == 64
    assert client.client_secret not in json.dumps(row)
    token_id, secret = token[len("alza_at_"):].split(".")
    record = alza.call(alza.runtime.store.kv_get, family(alza).namespace, token_id, 0)
    assert record["group"] == client.client_id and secret not in json.dumps(record)


# -- 3. expiry and re-authentication ------------------------------------------------------------
def test_an_expired_token_gets_the_same_401_and_the_client_reauthenticates(alza, monkeypatch):
    client = client_of(alza)
    seed_orders(alza, "SUP_A", ("412345678", DAY))
    token = token_for(alza, client)
    assert alza.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(token)).status_code == 200
    fam = family(alza)
    now = fam.clock()
    monkeypatch.setattr(fam, "clock", lambda: now + 3601)
    expired = alza.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(token))
    assert expired.status_code == 401
    bad = [alza.client.get("/api/v1/orders", params={"date": DAY}, headers=h)
           for h in ({}, bearer("alza_at_garbage"), bearer("alza_at_" + "a" * 20 + "." + "B" * 40), bearer(token[:-1] + "x"))]
    assert {r.content for r in bad} == {expired.content}
    assert expired.json() == {"type": "about:blank", "title": "Unauthorized", "status": 401, "code": "unauthorized",
                              "errors": []}
    fresh = token_for(alza, client)  # "call the token acquisition endpoint again and use it"
    assert alza.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(fresh)).json()["totalCount"] == 1


def test_a_short_ttl_from_the_scheme_options(tmp_path):
    import yaml

    doc = yaml.safe_load((ROOT / "specs" / "alza" / "openapi.yaml").read_text(encoding="utf-8"))
    doc["components"]["securitySchemes"]["supplierAuth"]["x-specloom"]["options"]["tokenTtlSeconds"] = 60
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with serve("alza_short", tmp_path, spec=spec) as served:
        served.call(served.runtime.store.put_tenant, "alza_short", "SUP_A", True)
        client = served.call(served.runtime.families["supplierAuth"].create_client, "SUP_A", ())
        r = served.client.post("/connect/token", data={"client_id": client.client_id,
                                                       "client_secret": client.client_secret})
        assert r.json()["expires_in"] == 60


# -- 4. the daily order download ----------------------------------------------------------------
def test_orders_download_by_day_for_the_tokens_supplier_only(alza):
    a, b = client_of(alza, "SUP_A"), client_of(alza, "SUP_B")
    seed_orders(alza, "SUP_A", ("1001", DAY), ("1002", DAY), ("1003", "2026-06-06"))
    seed_orders(alza, "SUP_B", ("2001", DAY))
    token_a, token_b = token_for(alza, a), token_for(alza, b)
    page = alza.client.get("/api/v1/orders", params={"date": DAY}, headers=bearer(token_a)).json()
    assert [o["orderNumber"] for o in page["items"]] == ["1001", "1002"]
    assert (page["page"], page["pageSize"], page["totalCount"], page["totalPages"]) == (1, 100, 2, 1)
    order = page["items"][0]
    assert order["orderDate"] == DAY and order["items"][0]["alzaCode"] == "ABC123" and order["currency"] == "CZK"
    second = alza.client.get("/api/v1/orders", params={"date": DAY, "pageSize": 1, "page": 2}, headers=bearer(token_a))
    assert [o["orderNumber"] for o in second.json()["items"]] == ["1002"]
    assert [o["orderNumber"] for o in alza.client.get(
        "/api/v1/orders", params={"date": DAY}, headers=bearer(token_b)).json()["items"]] == ["2001"]
    assert alza.client.get("/api/v1/orders/1001", headers=bearer(token_a)).json()["orderNumber"] == "1001"
    assert alza.client.get("/api/v1/orders/1001", headers=bearer(token_b)).status_code == 404
    missing = alza.client.get("/api/v1/orders", headers=bearer(token_a))
    assert missing.status_code == 400 and missing.json()["errors"][0]["path"] == "query.date"
    assert alza.client.get("/api/v1/orders", params={"date": "5.6.2026"}, headers=bearer(token_a)).status_code == 400


def test_the_family_provisions_working_credentials_for_the_fuzzer(alza):
    headers = alza.call(family(alza).provision, "SUP_FUZZ", ("admin:*",))
    assert alza.client.get("/api/v1/orders", params={"date": DAY}, headers=headers).status_code == 200

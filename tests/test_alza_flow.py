"""Alza Trade end to end, on SQLite and PostgreSQL: the token endpoint takes what OAuth 2.0
client-credentials clients send (form or JSON bodies, HTTP Basic client authentication), a
supplier acknowledges exported orders so the next daily download lists only new ones, and the
whole flow of the guide runs through token expiry on a pinned clock."""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest

from specloom.runtime.services.resources import TenantResources
from tests.support import serve

DAY = "2026-06-05"
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def alza(request, tmp_path):
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'alza.db'}"
    with serve("alza", tmp_path, backend=url) as served:
        yield served


def family(served):
    return served.runtime.families["supplierAuth"]


def new_client(served, supplier="SUP_A"):
    return served.call(family(served).create_client, supplier, ())


def approve(served, supplier="SUP_A"):
    served.call(served.runtime.store.put_tenant, "alza", supplier, True)


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def seed_orders(served, supplier, *orders):
    resources = TenantResources(served.runtime.surface, served.runtime.store, supplier)
    for number, day in orders:
        served.call(resources.seed, "orders", {
            "id": f"ord_{supplier.lower()}_{number}", "orderNumber": number, "orderDate": day, "totalPrice": 499.0,
            "items": [{"alzaCode": "ABC123", "supplierCode": "SUP-1", "ean": None, "name": "USB-C cable",
                       "quantity": 2, "unitPrice": 249.5}]})


def download(served, token, **params):
    return served.client.get("/api/v1/orders", params={"date": DAY, **params}, headers=bearer(token))


# -- token endpoint formats ---------------------------------------------------------------------
def test_the_token_endpoint_takes_form_json_and_http_basic(alza):
    approve(alza)
    client = new_client(alza)
    body = {"grant_type": "client_credentials", "client_id": client.client_id, "client_secret": client.client_secret}
    tokens = [alza.client.post("/connect/token", data=body), alza.client.post("/connect/token", json=body),
              alza.client.post("/connect/token", data={"grant_type": "client_credentials"},
                               headers=basic(client.client_id, client.client_secret)),
              alza.client.post("/connect/token", json={"grant_type": "client_credentials"},
                               headers=basic(client.client_id, client.client_secret)),
              alza.client.post("/connect/token", headers=basic(client.client_id, client.client_secret))]
    for r in tokens:
        assert r.status_code == 200, r.text
        assert r.json()["token_type"] == "Bearer" and r.headers["cache-control"] == "no-store"
        assert download(alza, r.json()["access_token"]).status_code == 200


def test_http_basic_refusals_are_rfc_6749_errors(alza):
    approve(alza)
    client = new_client(alza)
    wrong = alza.client.post("/connect/token", headers=basic(client.client_id, "not-the-secret"))
    unknown = alza.client.post("/connect/token", headers=basic("9b2b3f9e-0000-4000-8000-000000000000", "x" * 30))
    for r in (wrong, unknown):
        assert r.status_code == 401
        assert r.json() == {"error": "invalid_client", "error_description": "Client authentication failed"}
        assert r.headers["www-authenticate"].startswith("Basic")
    for header in ("Basic !!!not-base64!!!", "Basic " + base64.b64encode(b"no-colon").decode(),
                   "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode()):
        r = alza.client.post("/connect/token", headers={"Authorization": header})
        assert r.status_code == 401 and r.json()["error"] == "invalid_client", header
    both = alza.client.post("/connect/token", data={"client_secret": client.client_secret},
                            headers=basic(client.client_id, client.client_secret))
    assert both.status_code == 400 and both.json()["error"] == "invalid_request"
    # an unapproved supplier's client authenticates but gets no token
    other = new_client(alza, "SUP_NEW")
    r = alza.client.post("/connect/token", headers=basic(other.client_id, other.client_secret))
    assert r.status_code == 400 and r.json()["error"] == "unauthorized_client"


# -- export acknowledgement ---------------------------------------------------------------------
def test_acknowledging_is_idempotent_and_scoped_to_the_supplier(alza):
    approve(alza)
    approve(alza, "SUP_B")
    seed_orders(alza, "SUP_A", ("500001", DAY))
    seed_orders(alza, "SUP_B", ("600001", DAY))
    token = alza.call(family(alza).issue_token, *_credentials(alza, "SUP_A")).access_token
    first = alza.client.post("/api/v1/orders/500001/acknowledgement", headers=bearer(token))
    assert first.status_code == 200, first.text
    order = first.json()
    assert order["exportStatus"] == "Acknowledged" and order["acknowledgedAt"]
    again = alza.client.post(f"/api/v1/orders/{order['id']}/acknowledgement", headers=bearer(token))
    assert again.status_code == 200
    same = {k: v for k, v in again.json().items() if k != "updatedAt"}
    assert same == {k: v for k, v in order.items() if k != "updatedAt"}  # its first acknowledgedAt
    assert alza.client.post("/api/v1/orders/600001/acknowledgement", headers=bearer(token)).status_code == 404
    assert alza.client.post("/api/v1/orders/999/acknowledgement", headers=bearer(token)).status_code == 404
    assert alza.client.post("/api/v1/orders/500001/acknowledgement").status_code == 401
    bad = download(alza, token, exportStatus="Downloaded")
    assert bad.status_code == 400 and bad.json()["code"]


def _credentials(served, supplier):
    client = new_client(served, supplier)
    return client.client_id, client.client_secret


# -- the flow of the guide ----------------------------------------------------------------------
def test_the_daily_download_flow_from_request_to_token_expiry(alza):
    # the supplier requests an API client: it exists, but works only once approved
    client = new_client(alza)
    creds = {"grant_type": "client_credentials", "client_id": client.client_id, "client_secret": client.client_secret}
    refused = alza.client.post("/connect/token", data=creds)
    assert refused.status_code == 400 and refused.json()["error"] == "unauthorized_client"
    approve(alza)
    fam = family(alza)
    now = fam.clock()
    fam.clock = lambda: now  # a pinned clock: the token's hour passes when the test says so
    r = alza.client.post("/connect/token", data=creds)
    assert r.status_code == 200
    token = r.json()["access_token"]
    assert r.json()["expires_in"] == 3600
    seed_orders(alza, "SUP_A", ("412345678", DAY), ("412345702", DAY), ("412346001", "2026-06-06"))

    # today's download: both orders of the day, not yet acknowledged
    today = download(alza, token, exportStatus="Pending")
    assert today.status_code == 200, today.text
    assert [o["orderNumber"] for o in today.json()["items"]] == ["412345678", "412345702"]
    for order in today.json()["items"]:
        ack = alza.client.post(f"/api/v1/orders/{order['id']}/acknowledgement", headers=bearer(token))
        assert ack.status_code == 200 and ack.json()["exportStatus"] == "Acknowledged"

    # the next run of the day finds nothing new; a new order of the day shows up alone
    again = download(alza, token, exportStatus="Pending")
    assert again.json()["items"] == [] and again.json()["totalCount"] == 0
    assert download(alza, token).json()["totalCount"] == 2  # without the filter: the whole day
    seed_orders(alza, "SUP_A", ("412345999", DAY))
    assert [o["orderNumber"] for o in download(alza, token, exportStatus="Pending").json()["items"]] == ["412345999"]

    # the token expires: 401, a new token, and the download works again
    fam.clock = lambda: now + 3601
    expired = download(alza, token, exportStatus="Pending")
    assert expired.status_code == 401 and expired.json()["code"] == "unauthorized"
    renewed = alza.client.post("/connect/token", headers=basic(client.client_id, client.client_secret))
    assert renewed.status_code == 200
    fresh = download(alza, renewed.json()["access_token"], exportStatus="Pending")
    assert fresh.status_code == 200 and [o["orderNumber"] for o in fresh.json()["items"]] == ["412345999"]


# -- orders come from somewhere -----------------------------------------------------------------
ORDERS_FILE = """records:
  orders:
    - orderNumber: "412399001"
      orderDate: "2026-06-05"
      totalPrice: 499.0
      items:
        - { alzaCode: ABC123, supplierCode: SUP-USB-C-1M, ean: "8590000000012", name: USB-C cable 1 m,
            quantity: 2, unitPrice: 249.5 }
    - orderNumber: "412399002"
      orderDate: "2026-06-05"
      totalPrice: 1290.0
      items:
        - { alzaCode: DEF456, supplierCode: SUP-CHRG-65W, ean: null, name: 65 W charger, quantity: 1,
            unitPrice: 1290.0 }
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_orders_loaded_with_data_load_are_downloaded_and_acknowledged(backend, tmp_path, request):
    from typer.testing import CliRunner

    from specloom.runtime.cli import app as cli
    from tests.support import ROOT

    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'alza.db'}"
    data = tmp_path / "orders.yaml"
    data.write_text(ORDERS_FILE, encoding="utf-8")
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    loaded = CliRunner().invoke(cli, ["data", "load", "alza", str(data), "--tenant", "SUP_A", "--backend", url],
                                env=env)
    assert loaded.exit_code == 0, loaded.output
    with serve("alza", tmp_path, backend=url) as alza:
        approve(alza)
        token = alza.call(family(alza).issue_token, *_credentials(alza, "SUP_A")).access_token
        orders = download(alza, token, exportStatus="Pending").json()["items"]
        assert [(o["orderNumber"], o["exportStatus"], o["acknowledgedAt"]) for o in orders] == [
            ("412399001", "Pending", None), ("412399002", "Pending", None)]
        assert alza.client.post("/api/v1/orders/412399001/acknowledgement", headers=bearer(token)).status_code == 200
        assert [o["orderNumber"] for o in download(alza, token, exportStatus="Pending").json()["items"]] == ["412399002"]

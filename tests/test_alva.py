"""Alva, as its "Set up API access" guide describes it: approved shops, hashed scoped keys,
identical 401s, idempotency keys on every write, shop-scoped records, remote ingest jobs,
product mappings with Shopify GIDs, order assignments and order access changes."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time

import pytest
import yaml
from typer.testing import CliRunner

from specloom.runtime.cli import app as cli
from specloom.runtime.config import Settings
from specloom.runtime.services.jobs import JobRunner
from specloom.runtime.services.mail import Outbox
from tests.support import ROOT, pinned_clock, serve

PDF = b"%PDF-1.4\n" + b"alva download " * 200
GID = "gid://shopify/Product/123"


# -- a file server on 127.0.0.1, allow-listed by a copy of the spec ----------------------------
class Files(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/files/guide.pdf":
            self._send(200, PDF, {"Content-Type": "application/pdf"})
        elif self.path == "/files/big.bin":
            self._send(200, b"x" * 5000, {"Content-Type": "application/octet-stream"})
        elif self.path == "/files/moved":
            self._send(302, b"", {"Location": "https://evil.example.com/guide.pdf"})
        elif self.path == "/files/hop":
            self._send(302, b"", {"Location": "/files/guide.pdf"})
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})

    def _send(self, status, body, headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def files():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# the deployment allows the loopback file server (over http, at a private address): configuration
LOCAL = Settings(validate_responses=True, clock=pinned_clock, ingest_http_hosts=("127.0.0.1",))


@pytest.fixture(scope="module")
def local_spec(tmp_path_factory):
    """The Alva spec with a 4 KB cap on remote ingest."""
    doc = yaml.safe_load((ROOT / "specs" / "alva" / "openapi.yaml").read_text(encoding="utf-8"))
    settings = doc["paths"]["/api/v1/assets"]["post"]["x-specloom"]["with"]
    settings.update(maxBytes=4096, timeoutSeconds=5)
    path = tmp_path_factory.mktemp("alva_local") / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def alva(tmp_path):
    with serve("alva", tmp_path) as served:
        yield served


@pytest.fixture
def alva_local(tmp_path, local_spec):
    with serve("alva_local", tmp_path, spec=local_spec, settings=LOCAL) as served:
        yield served


def approve(served, shop):
    served.call(served.runtime.store.put_tenant, served.runtime.surface.name, shop, True)


def shop_key(served, shop="shop_a", scopes=("admin:*",)):
    approve(served, shop)
    return served.auth(shop, scopes)


_n = 0


def write(headers):
    """The headers plus a fresh Idempotency-Key."""
    global _n
    _n += 1
    return {**headers, "Idempotency-Key": f"key-{_n}-{time.time_ns()}"}


def poll(served, headers, job_id, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        r = served.client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        assert r.status_code == 200, r.text
        job = r.json()["data"]
        if job["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.02)


def ingest(served, headers, url, **extra):
    r = served.client.post("/api/v1/assets", headers=write(headers), json={"source_url": url, **extra})
    assert r.status_code == 202, r.text
    return r.json()["data"]


def seed_asset(served, shop="shop_a"):
    from specloom.runtime.services.resources import TenantResources, new_id

    resources = TenantResources(served.runtime.surface, served.runtime.store, shop)
    doc = {"id": new_id("ast_"), "filename": "guide.pdf", "content_type": "application/pdf",
           "size_bytes": 10, "sha256": "0" * 64, "created_at": "2026-06-05T10:00:00.000Z",
           "updated_at": "2026-06-05T10:00:00.000Z"}
    return served.call(resources.seed, "assets", doc)


def mapped(served, headers, shop="shop_a", gid=GID):
    asset = seed_asset(served, shop)
    r = served.client.post("/api/v1/mappings", headers=write(headers),
                           json={"shopify_product_id": gid, "asset_ids": [asset["id"]]})
    assert r.status_code in (200, 201), r.text
    return r.json()["data"]


def assign(served, headers, order="1001", **body):
    payload = {"customer": {"email": "buyer@example.com", "first_name": "Ada"},
               "shopify_product_ids": [GID], **body}
    return served.client.post(f"/api/v1/orders/{order}/assignments", headers=write(headers), json=payload)


# -- 1. approval -------------------------------------------------------------------------------
def test_an_unapproved_shop_is_refused_until_alva_approves_it(alva):
    headers = alva.auth("shop_new")
    r = alva.client.get("/api/v1/mappings", headers=headers)
    assert r.status_code == 403
    assert r.json() == {"error": {"code": "access_not_active", "message": "API access is not active for this account",
                                  "details": []}}
    approve(alva, "shop_new")
    assert alva.client.get("/api/v1/mappings", headers=headers).status_code == 200
    alva.call(alva.runtime.store.put_tenant, "alva", "shop_new", False)  # suspended again
    assert alva.client.get("/api/v1/mappings", headers=headers).status_code == 403


def test_keys_create_refuses_an_unapproved_shop_and_the_key_it_makes_later_works(tmp_path):
    db = tmp_path / "alva.db"
    env = {"SPECLOOM_STATE_DIR": str(tmp_path / "state"), "SPECLOOM_SPECS": str(ROOT / "specs")}
    runner = CliRunner()
    backend = f"sqlite:///{db}"
    refused = runner.invoke(cli, ["keys", "create", "alva", "--tenant", "shop_cli", "--scopes", "mappings:read",
                                  "--json", "--backend", backend], env=env)
    assert refused.exit_code == 1
    assert "not approved" in refused.output and "specloom tenants approve alva shop_cli" in refused.output
    assert runner.invoke(cli, ["tenants", "approve", "alva", "shop_cli", "--backend", backend], env=env).exit_code == 0
    made = runner.invoke(cli, ["keys", "create", "alva", "--tenant", "shop_cli", "--scopes", "mappings:read",
                               "--json", "--backend", backend], env=env)
    assert made.exit_code == 0, made.output
    issued = json.loads(made.stdout.strip().splitlines()[-1])
    assert issued["token"].startswith("adk_live_") and issued["scopes"] == ["mappings:read"]
    with serve("alva", tmp_path, backend=backend) as served:
        r = served.client.get("/api/v1/mappings", headers={"Authorization": f"Bearer {issued['token']}"})
        assert r.status_code == 200, r.text


# -- 2. authentication and scopes --------------------------------------------------------------
def test_missing_malformed_unknown_and_revoked_keys_get_the_same_401(alva):
    approve(alva, "shop_a")
    issued = alva.issue_key("shop_a")
    alva.call(alva.runtime.api_keys.revoke, issued.key_id)
    attempts = [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"},
                {"Authorization": "Bearer adk_live_garbage"},
                {"Authorization": "Bearer adk_live_" + "a" * 16 + "_" + "B" * 40},
                {"Authorization": f"Bearer {issued.token}"}]
    answers = [alva.client.get("/api/v1/mappings", headers=h) for h in attempts]
    assert {r.status_code for r in answers} == {401}
    assert len({r.content for r in answers}) == 1
    assert answers[0].json()["error"]["code"] == "unauthorized"


def test_keys_are_stored_as_a_key_id_and_a_hash(alva):
    issued = alva.issue_key("shop_a")
    row = alva.call(alva.runtime.store.get_credential, issued.key_id)
    secret = issued.token.rsplit("_", 1)[1]
    assert issued.token.startswith(f"adk_live_{issued.key_id}_")
    assert secret not in json.dumps(row) and len(row["secret_hash"]) == 64


def test_a_key_without_the_scope_gets_403(alva):
    headers = shop_key(alva, scopes=("mappings:read",))
    assert alva.client.get("/api/v1/mappings", headers=headers).status_code == 200
    r = alva.client.post("/api/v1/mappings", headers=write(headers),
                         json={"shopify_product_id": GID, "asset_ids": ["ast_x"]})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "insufficient_scope"


# -- 3. shop scoping ---------------------------------------------------------------------------
def test_a_body_naming_a_shop_is_refused(alva):
    headers = shop_key(alva)
    for field in ("shop_id", "shop_domain"):
        r = alva.client.post("/api/v1/mappings", headers=write(headers),
                             json={"shopify_product_id": GID, "asset_ids": ["ast_x"], field: "shop_b"})
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "tenant_in_body"
    r = alva.client.post("/api/v1/orders/1001/access/extra-downloads", headers=write(headers),
                         json={"additional_downloads": 1, "shop_id": "shop_b"})
    assert (r.status_code, r.json()["error"]["code"]) == (400, "tenant_in_body")


def test_another_shops_records_are_not_found(alva):
    a, b = shop_key(alva, "shop_a"), shop_key(alva, "shop_b")
    mapping = mapped(alva, a)
    asset_id = mapping["asset_ids"][0]
    assert assign(alva, a).status_code == 201
    job = alva.client.post("/api/v1/assets", headers=write(a),
                           json={"source_url": "https://cdn.shopify.com/s/files/guide.pdf"}).json()["data"]
    for path in (f"/api/v1/mappings/{mapping['id']}", f"/api/v1/jobs/{job['id']}", "/api/v1/orders/1001",
                 f"/api/v1/assets/{asset_id}"):
        assert alva.client.get(path, headers=a).status_code == 200, path
        assert alva.client.get(path, headers=b).status_code == 404, path
    assert alva.client.get("/api/v1/mappings", headers=b).json()["data"] == []
    r = alva.client.post("/api/v1/orders/1001/access/revoke", headers=write(b))
    assert r.status_code == 404
    assert alva.client.get("/api/v1/orders/1001", headers=a).json()["data"]["access_status"] == "active"
    # shop B's mapping of the same product is its own
    assert mapped(alva, b, "shop_b")["id"] != mapping["id"]


# -- 4. idempotency ----------------------------------------------------------------------------
def test_every_write_needs_an_idempotency_key_and_a_retry_replays(alva):
    headers = shop_key(alva)
    asset = seed_asset(alva)
    body = {"shopify_product_id": GID, "asset_ids": [asset["id"]]}
    r = alva.client.post("/api/v1/mappings", headers=headers, json=body)
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency_key_required"
    for path in ("/api/v1/orders/1/access/revoke", "/api/v1/orders/1/access/resend-email"):
        assert alva.client.post(path, headers=headers).json()["error"]["code"] == "idempotency_key_required"
    keyed = {**headers, "Idempotency-Key": "map-123"}
    first = alva.client.post("/api/v1/mappings", headers=keyed, json=body)
    again = alva.client.post("/api/v1/mappings", headers=keyed, json=body)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["idempotent-replayed"] == "true"
    listed = alva.client.get("/api/v1/mappings", headers=headers).json()["data"]
    assert [m["id"] for m in listed] == [first.json()["data"]["id"]]
    other = alva.client.post("/api/v1/mappings", headers=keyed, json={**body, "title": "Other"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"


# -- 5. mappings -------------------------------------------------------------------------------
def test_a_mapping_is_created_then_updated_for_the_same_product(alva):
    headers = shop_key(alva)
    asset = seed_asset(alva)
    created = alva.client.post("/api/v1/mappings", headers=write(headers),
                               json={"shopify_product_id": GID, "asset_ids": [asset["id"]]})
    assert created.status_code == 201
    mapping = created.json()["data"]
    assert mapping["id"].startswith("map_") and mapping["shopify_product_id"] == GID
    assert mapping["download_limit"] is None and mapping["created_at"] == mapping["updated_at"]
    updated = alva.client.post("/api/v1/mappings", headers=write(headers),
                               json={"shopify_product_id": GID, "asset_ids": [asset["id"]], "download_limit": 5})
    assert updated.status_code == 200
    assert updated.json()["data"]["id"] == mapping["id"] and updated.json()["data"]["download_limit"] == 5
    page = alva.client.get("/api/v1/mappings", params={"shopify_product_id": GID}, headers=headers).json()
    assert [m["id"] for m in page["data"]] == [mapping["id"]] and page["has_more"] is False


def test_product_ids_must_be_shopify_gids_and_assets_must_exist(alva):
    headers = shop_key(alva)
    asset = seed_asset(alva)
    for bad in ("123", "gid://shopify/Variant/123", "gid://shopify/Product/abc"):
        r = alva.client.post("/api/v1/mappings", headers=write(headers),
                             json={"shopify_product_id": bad, "asset_ids": [asset["id"]]})
        assert r.status_code == 400, bad
        assert r.json()["error"]["details"][0]["path"] == "body.shopify_product_id"
    r = alva.client.post("/api/v1/mappings", headers=write(headers),
                         json={"shopify_product_id": GID, "asset_ids": [asset["id"], "ast_missing"]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_reference"
    assert r.json()["error"]["details"] == [{"path": "body.asset_ids.1", "code": "unknown_reference",
                                             "message": "no asset ast_missing exists"}]
    assert alva.client.get("/api/v1/mappings", headers=headers).json()["data"] == []


# -- 6. remote ingest --------------------------------------------------------------------------
def test_remote_ingest_job_goes_from_pending_to_completed(alva_local, files):
    headers = shop_key(alva_local)
    job = ingest(alva_local, headers, f"{files}/files/guide.pdf", title="Guide")
    assert job["status"] == "pending" and job["id"].startswith("job_")
    assert job["type"] == "asset_ingest" and job["asset_id"] is None and job["error"] is None
    done = poll(alva_local, headers, job["id"])
    assert done["status"] == "completed", done
    assert done["completed_at"] and done["asset_id"].startswith("ast_")
    asset = alva_local.client.get(f"/api/v1/assets/{done['asset_id']}", headers=headers).json()["data"]
    assert asset["filename"] == "guide.pdf" and asset["title"] == "Guide"
    assert asset["content_type"] == "application/pdf" and asset["size_bytes"] == len(PDF)
    assert asset["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert asset["source_url"] == f"{files}/files/guide.pdf"
    # an allow-listed redirect is followed
    hop = poll(alva_local, headers, ingest(alva_local, headers, f"{files}/files/hop", filename="x.pdf")["id"])
    assert hop["status"] == "completed"


def test_a_host_off_the_allow_list_is_refused_at_once(alva):
    headers = shop_key(alva)
    for url, code in (("https://evil.example.com/guide.pdf", "host_not_allowed"),
                      ("https://cdn.shopify.com.evil.example/guide.pdf", "host_not_allowed"),
                      ("http://cdn.shopify.com/guide.pdf", "scheme_not_allowed"),
                      ("https://user:pw@cdn.shopify.com/guide.pdf", "invalid_url"),
                      ("http://127.0.0.1/guide.pdf", "scheme_not_allowed")):
        r = alva.client.post("/api/v1/assets", headers=write(headers), json={"source_url": url})
        assert r.status_code == 422, url
        error = r.json()["error"]
        assert error["code"] == code, url
        assert error["details"][0]["path"] == "body.source_url" and error["details"][0]["code"] == code, url
    assert "is not allowed for remote ingest" in alva.client.post(
        "/api/v1/assets", headers=write(headers), json={"source_url": "https://evil.example.com/x"}).text
    assert alva.call(alva.runtime.store.kv_list, "jobs:alva", "queued", time.time()) == []


def test_a_failing_download_ends_the_job_failed_with_the_reason(alva_local, files):
    headers = shop_key(alva_local)
    for path, code in (("/files/missing.pdf", "download_failed"), ("/files/big.bin", "file_too_large"),
                       ("/files/moved", "host_not_allowed")):
        job = poll(alva_local, headers, ingest(alva_local, headers, files + path)["id"])
        assert job["status"] == "failed", job
        assert job["error"]["code"] == code and job["error"]["message"] and job["asset_id"] is None
    assert "404" in poll(alva_local, headers, ingest(alva_local, headers, files + "/nope")["id"])["error"]["message"]


def test_queued_jobs_survive_a_restart(tmp_path, local_spec, files, monkeypatch):
    backend = f"sqlite:///{tmp_path / 'jobs.db'}"
    start = JobRunner._start
    monkeypatch.setattr(JobRunner, "_start", lambda self, entry: None)  # the process dies before running it
    with serve("alva_local", tmp_path, spec=local_spec, backend=backend, settings=LOCAL) as first:
        headers = shop_key(first)
        job = ingest(first, headers, f"{files}/files/guide.pdf")
        assert poll(first, headers, job["id"], timeout=0.2)["status"] == "pending"
    monkeypatch.setattr(JobRunner, "_start", start)
    with serve("alva_local", tmp_path, spec=local_spec, backend=backend, settings=LOCAL) as second:
        assert poll(second, headers, job["id"])["status"] == "completed"


# -- 7. assignments and order access -----------------------------------------------------------
def test_an_assignment_creates_the_customer_and_purchase_and_can_send_the_email(alva):
    headers = shop_key(alva)
    mapped(alva, headers)
    r = assign(alva, headers, send_email=True, download_limit=3)
    assert r.status_code == 201, r.text
    access = r.json()["data"]
    assert access["shopify_order_id"] == "1001" and access["id"].startswith("pur_")
    assert access["customer_id"].startswith("cus_") and access["customer"]["email"] == "buyer@example.com"
    assert access["shopify_product_ids"] == [GID] and access["access_status"] == "active"
    assert access["download_limit"] == 3 and access["extra_downloads"] == 0 and access["email_sent_at"]
    sent = alva.call(Outbox(alva.runtime.store, "alva").sent, "shop_a")
    assert [(m["to"], m["template"]) for m in sent] == [("buyer@example.com", "delivery")]
    # a second product for the same order joins the purchase; the customer is reused
    mapped(alva, headers, gid="gid://shopify/Product/456")
    again = assign(alva, headers, shopify_product_ids=["gid://shopify/Product/456"])
    assert again.status_code == 200
    assert again.json()["data"]["id"] == access["id"]
    assert again.json()["data"]["shopify_product_ids"] == [GID, "gid://shopify/Product/456"]
    other = assign(alva, headers, order="1002")
    assert other.json()["data"]["customer_id"] == access["customer_id"]
    assert other.json()["data"]["email_sent_at"] is None
    assert len(alva.call(Outbox(alva.runtime.store, "alva").sent, "shop_a")) == 1


def test_only_mapped_products_can_be_assigned(alva):
    headers = shop_key(alva)
    r = assign(alva, headers)
    assert r.status_code == 422
    assert r.json()["error"]["details"][0] == {"path": "body.shopify_product_ids.0", "code": "unknown_reference",
                                               "message": f"no mapping {GID} exists"}
    assert alva.client.get("/api/v1/orders/1001", headers=headers).status_code == 404


def test_order_access_can_be_revoked_restored_extended_and_the_email_resent(alva):
    headers = shop_key(alva)
    mapped(alva, headers)
    assert assign(alva, headers).status_code == 201
    base = "/api/v1/orders/1001/access"

    revoked = alva.client.post(f"{base}/revoke", headers=write(headers), json={"reason": "Refunded"})
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["data"]["access_status"] == "revoked"
    assert revoked.json()["data"]["revoked_at"] and revoked.json()["data"]["revoke_reason"] == "Refunded"
    twice = alva.client.post(f"{base}/revoke", headers=write(headers))
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "invalid_state"
    resend = alva.client.post(f"{base}/resend-email", headers=write(headers))
    assert resend.status_code == 409 and resend.json()["error"]["code"] == "invalid_state"

    restored = alva.client.post(f"{base}/restore", headers=write(headers))
    assert restored.status_code == 200
    assert restored.json()["data"]["access_status"] == "active" and restored.json()["data"]["revoked_at"] is None
    assert alva.client.post(f"{base}/restore", headers=write(headers)).status_code == 409

    extra = alva.client.post(f"{base}/extra-downloads", headers=write(headers), json={"additional_downloads": 2})
    extra = alva.client.post(f"{base}/extra-downloads", headers=write(headers), json={"additional_downloads": 3})
    assert extra.status_code == 200 and extra.json()["data"]["extra_downloads"] == 5
    bad = alva.client.post(f"{base}/extra-downloads", headers=write(headers), json={"additional_downloads": 0})
    assert bad.status_code == 400

    sent = alva.client.post(f"{base}/resend-email", headers=write(headers))
    assert sent.status_code == 200 and sent.json()["data"]["email_sent_at"]
    assert [m["to"] for m in alva.call(Outbox(alva.runtime.store, "alva").sent, "shop_a")] == ["buyer@example.com"]

    for action in ("revoke", "restore", "resend-email"):
        assert alva.client.post(f"/api/v1/orders/999/access/{action}", headers=write(headers)).status_code == 404
    assert alva.client.post("/api/v1/orders/not-a-number/access/revoke", headers=write(headers)).status_code == 400

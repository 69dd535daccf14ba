"""Alva's files with real `specloom serve` processes, on SQLite and PostgreSQL: a server killed
(-9) in the middle of an upload or an ingest loses nothing and keeps nothing half-written —
after a restart the upload takes its bytes again and the ingest job finishes with the whole
file; and a download in progress stops when access is revoked."""

from __future__ import annotations

import asyncio
import hashlib
import http.server
import os
import threading
import time

import httpx
import pytest

from specloom.backends import open_store
from specloom.backends.blobs import blob_store
from specloom.runtime.services import downloads as dl
from specloom.runtime.services.mail import Outbox
from tests.servers import Server, issue_key

pytestmark = pytest.mark.slow
BACKENDS = ["sqlite", "postgres"]
GID = "gid://shopify/Product/7"
BIG = os.urandom(6 * 1024 * 1024)


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'alva.db'}"


class SlowFiles(http.server.BaseHTTPRequestHandler):
    """Serves BIG in 64 KiB pieces, 10 ms apart (about 1 s): long enough to kill a server mid-way."""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(BIG)))
        self.end_headers()
        try:
            for at in range(0, len(BIG), 65536):
                self.wfile.write(BIG[at:at + 65536])
                time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_files():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowFiles)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


ENV = {"SPECLOOM_RATE_LIMITS": "0", "SPECLOOM_INGEST_HTTP_HOSTS": "127.0.0.1", "SPECLOOM_ACCESS_LOG": "0",
       "SPECLOOM_JOB_HEARTBEAT_SECONDS": "0.5"}  # a dead process's job is taken over after 1.5 s


def start(url, state):
    return Server("alva", url, state, env=ENV).start().wait_ready()


def setup(url, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    token = issue_key("alva", state, url, "shop_a")

    async def approve():
        store = open_store(url)
        try:
            await store.put_tenant("alva", "shop_a", True)
        finally:
            await store.close()
    asyncio.run(approve())
    return state, {"Authorization": f"Bearer {token}"}


_n = 0


def write(headers):
    global _n
    _n += 1
    return {**headers, "Idempotency-Key": f"crash-{_n}-{time.time_ns()}"}


def blob_size(url, asset_id):
    async def size():
        store = open_store(url)
        try:
            blobs = blob_store(store)
            got = await blobs.size(dl.blob_key("alva", "shop_a", asset_id))
            digest = hashlib.sha256()
            if got is not None:
                async for chunk in blobs.read(dl.blob_key("alva", "shop_a", asset_id)):
                    digest.update(chunk)
            return got, digest.hexdigest()
        finally:
            await store.close()
    return asyncio.run(size())


def test_an_upload_cut_by_kill_9_keeps_nothing_and_is_taken_after_restart(url, tmp_path):
    state, headers = setup(url, tmp_path)
    server = start(url, state)
    try:
        with httpx.Client(base_url=server.url, timeout=30, trust_env=False) as client:
            made = client.post("/api/v1/uploads", headers=write(headers), json={
                "filename": "big.bin", "content_type": "application/octet-stream", "size_bytes": len(BIG),
                "sha256": hashlib.sha256(BIG).hexdigest()}).json()["data"]
        path = "/" + made["upload_url"].split("://", 1)[1].split("/", 1)[1]
        sent = threading.Event()

        def slowly():
            for at in range(0, len(BIG), 256 * 1024):
                yield BIG[at:at + 256 * 1024]
                if at >= 2 * 1024 * 1024:
                    sent.set()
                time.sleep(0.05)

        def put():
            try:
                httpx.put(server.url + path, content=slowly(), headers={"Content-Length": str(len(BIG))},
                          timeout=30, trust_env=False)
            except httpx.HTTPError:
                pass  # the server died under it
        thread = threading.Thread(target=put)
        thread.start()
        assert sent.wait(30)
        server.kill()  # SIGKILL mid-upload
        thread.join(30)
    finally:
        server.kill()
    assert blob_size(url, made["asset_id"])[0] is None  # nothing half-written is visible
    server = start(url, state)
    try:
        with httpx.Client(base_url=server.url, timeout=60, trust_env=False) as client:
            status = client.get(f"/api/v1/uploads/{made['id']}", headers=headers).json()["data"]["status"]
            assert status == "pending"
            assert client.put(path, content=BIG).status_code == 200
            done = client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
            assert done.status_code == 201, done.text
    finally:
        server.stop()
    assert blob_size(url, made["asset_id"]) == (len(BIG), hashlib.sha256(BIG).hexdigest())


def test_an_ingest_cut_by_kill_9_finishes_with_the_whole_file_after_restart(url, tmp_path, slow_files):
    state, headers = setup(url, tmp_path)
    server = start(url, state)
    try:
        with httpx.Client(base_url=server.url, timeout=30, trust_env=False) as client:
            r = client.post("/api/v1/assets", headers=write(headers), json={"source_url": f"{slow_files}/big.bin"})
            assert r.status_code == 202, r.text
            job = r.json()["data"]
        time.sleep(0.4)  # the download is under way
    finally:
        server.kill()  # SIGKILL mid-download
    server = start(url, state)
    try:
        with httpx.Client(base_url=server.url, timeout=30, trust_env=False) as client:
            deadline = time.monotonic() + 60
            while True:
                polled = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).json()["data"]
                if polled["status"] in ("completed", "failed") or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
    finally:
        server.stop()
    assert polled["status"] == "completed", polled["error"]
    assert blob_size(url, polled["asset_id"]) == (len(BIG), hashlib.sha256(BIG).hexdigest())


def test_a_download_in_progress_stops_when_access_is_revoked(url, tmp_path):
    state, headers = setup(url, tmp_path)
    data = os.urandom(48 * 1024 * 1024)
    server = start(url, state)
    try:
        with httpx.Client(base_url=server.url, timeout=60, trust_env=False) as client:
            made = client.post("/api/v1/uploads", headers=write(headers), json={
                "filename": "big.bin", "content_type": "application/octet-stream", "size_bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest()}).json()["data"]
            path = "/" + made["upload_url"].split("://", 1)[1].split("/", 1)[1]
            assert client.put(path, content=data).status_code == 200
            client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers)).raise_for_status()
            client.post("/api/v1/mappings", headers=write(headers),
                        json={"shopify_product_id": GID, "asset_ids": [made["asset_id"]]}).raise_for_status()
            client.post("/api/v1/orders/5001/assignments", headers=write(headers), json={
                "customer": {"email": "buyer@example.com"}, "shopify_product_ids": [GID],
                "send_email": True}).raise_for_status()

            async def link():
                store = open_store(url)
                try:
                    text = (await Outbox(store, "alva").sent("shop_a"))[-1]["text"]
                finally:
                    await store.close()
                return text[text.index("/_specloom/downloads/"):].split()[0]
            link_path = asyncio.run(link())
            received, cut = 0, False
            try:
                with client.stream("GET", link_path) as response:
                    assert response.status_code == 200
                    for chunk in response.iter_bytes(256 * 1024):
                        received += len(chunk)
                        if received == 1024 * 1024:
                            client.post("/api/v1/orders/5001/access/revoke", headers=write(headers),
                                        json={"reason": "chargeback"}).raise_for_status()
                        time.sleep(0.01)
            except httpx.HTTPError:
                cut = True
            assert cut and received < len(data), received
            refused = client.get(link_path)
            assert refused.status_code == 403 and refused.json()["error"]["code"] == "access_revoked"
    finally:
        server.stop()

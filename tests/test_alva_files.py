"""Alva's files end to end, on SQLite and PostgreSQL: the bytes of ingested and directly
uploaded assets in the blob store, the delivery e-mail (received by a real SMTP server) with
expiring download links, downloads counted against the purchase's limit, revoked and restored
access, extra downloads; upload refusals that keep nothing; concurrent downloads never past the
limit."""

from __future__ import annotations

import asyncio
import hashlib
import re

import pytest

from specloom.backends.blobs import blob_store
from specloom.runtime.config import Settings
from specloom.runtime.services import downloads as dl
from tests.smtp_server import Inbox, smtp_server
from tests.support import pinned_clock, serve
from tests.test_alva import GID, PDF, files, ingest, poll, shop_key, write  # noqa: F401 - files: fixture

BACKENDS = ["sqlite", "postgres"]
LINK = re.compile(r"https?://[^\s]+/_specloom/downloads/[A-Za-z0-9_-]+")


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'alva.db'}"


@pytest.fixture
def inbox():
    box = Inbox()
    with smtp_server(box) as port:
        box.url = f"smtp://127.0.0.1:{port}"
        yield box


def settings(inbox) -> Settings:
    return Settings(validate_responses=True, clock=pinned_clock, ingest_http_hosts=("127.0.0.1",),
                    smtp_url=inbox.url, mail_poll_seconds=0.05)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def upload(served, headers, data: bytes, **declared):
    body = {"filename": "book.epub", "content_type": "application/epub+zip", "size_bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), **declared}
    r = served.client.post("/api/v1/uploads", headers=write(headers), json=body)
    assert r.status_code == 201, r.text
    return r.json()["data"]


def map_and_assign(served, headers, asset_id, order="1001", **extra):
    r = served.client.post("/api/v1/mappings", headers=write(headers),
                           json={"shopify_product_id": GID, "asset_ids": [asset_id]})
    assert r.status_code in (200, 201), r.text
    r = served.client.post(f"/api/v1/orders/{order}/assignments", headers=write(headers),
                           json={"customer": {"email": "buyer@example.com", "first_name": "Ada"},
                                 "shopify_product_ids": [GID], "send_email": True, **extra})
    assert r.status_code == 201, r.text
    return r.json()["data"]


def mailed_link(inbox, count=1) -> str:
    message = inbox.wait(count)[-1]
    assert message["To"] == "buyer@example.com"
    links = LINK.findall(message.get_content())
    assert len(links) == 1, message.get_content()
    return links[0]


def access(served, headers, action, **body):
    r = served.client.post(f"/api/v1/orders/1001/access/{action}", headers=write(headers), json=body or None)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def check_access_flow(served, headers, link: str, data: bytes) -> None:
    """The link downloads the bytes; revoke refuses it; restore brings it back; the limit (2)
    stops it; extra downloads raise the limit."""
    got = served.client.get(path_of(link))
    assert got.status_code == 200, got.text
    assert got.content == data and got.headers["content-length"] == str(len(data))
    assert got.headers["cache-control"] == "no-store" and "attachment" in got.headers["content-disposition"]
    assert served.client.get("/api/v1/orders/1001", headers=headers).json()["data"]["downloads_used"] == 1
    access(served, headers, "revoke", reason="Refunded")
    refused = served.client.get(path_of(link))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "access_revoked"
    access(served, headers, "restore")
    assert served.client.get(path_of(link)).content == data  # the second of 2
    spent = served.client.get(path_of(link))
    assert spent.status_code == 403 and spent.json()["error"]["code"] == "download_limit_reached"
    access(served, headers, "extra-downloads", additional_downloads=1)
    assert served.client.get(path_of(link)).content == data
    assert served.client.get(path_of(link)).status_code == 403
    order = served.client.get("/api/v1/orders/1001", headers=headers).json()["data"]
    assert order["downloads_used"] == 3 and order["download_limit"] == 2 and order["extra_downloads"] == 1
    unknown = served.client.get("/_specloom/downloads/" + "x" * 43)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "link_not_found"


# -- the mission flow ---------------------------------------------------------------------------
def test_ingest_map_assign_mail_download_revoke_restore_extra_limit(tmp_path, backend, files, inbox):  # noqa: F811
    with serve("alva", tmp_path, backend=backend, settings=settings(inbox)) as alva:
        headers = shop_key(alva)  # the shop approved, a key issued
        job = poll(alva, headers, ingest(alva, headers, f"{files}/files/guide.pdf")["id"])
        assert job["status"] == "completed", job
        map_and_assign(alva, headers, job["asset_id"], download_limit=2)
        check_access_flow(alva, headers, mailed_link(inbox), PDF)


def test_direct_upload_map_assign_mail_download_revoke_restore_extra_limit(tmp_path, backend, inbox):
    data = bytes(range(256)) * 9000 + b"tail"  # 2.2 MB: several chunks
    with serve("alva", tmp_path, backend=backend, settings=settings(inbox)) as alva:
        headers = shop_key(alva)
        made = upload(alva, headers, data, title="The Book")
        assert made["status"] == "pending" and made["upload_url"].startswith("http")
        early = alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
        assert early.status_code == 409 and early.json()["error"]["code"] == "upload_incomplete"
        put = alva.client.put(path_of(made["upload_url"]), content=data)
        assert put.status_code == 200, put.text
        assert put.json()["data"]["status"] == "received" and "upload_url" not in put.json()["data"]
        done = alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
        assert done.status_code == 201, done.text
        asset = done.json()["data"]
        assert asset["id"] == made["asset_id"] and asset["size_bytes"] == len(data)
        assert asset["sha256"] == hashlib.sha256(data).hexdigest() and asset["title"] == "The Book"
        again = alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
        assert again.status_code == 200 and again.json()["data"] == asset
        late = alva.client.put(path_of(made["upload_url"]), content=data)
        assert late.status_code == 409 and late.json()["error"]["code"] == "upload_completed"
        map_and_assign(alva, headers, asset["id"], download_limit=2)
        check_access_flow(alva, headers, mailed_link(inbox), data)


# -- uploads that keep nothing ------------------------------------------------------------------
def test_an_upload_with_other_bytes_than_declared_keeps_nothing(tmp_path, backend):
    data = b"0123456789" * 1000
    with serve("alva", tmp_path, backend=backend, settings=Settings(validate_responses=True, clock=pinned_clock)) as alva:
        headers = shop_key(alva)
        made = upload(alva, headers, data)
        blobs = blob_store(alva.runtime.store)
        key = dl.blob_key("alva", "shop_a", made["asset_id"])
        for content, code in ((data + b"!", "size_mismatch"), (data[:-1], "size_mismatch"),
                              (data[:-1] + b"X", "checksum_mismatch")):
            r = alva.client.put(path_of(made["upload_url"]), content=content)
            assert r.status_code == 422 and r.json()["error"]["code"] == code, r.text
            assert alva.call(blobs.size, key) is None
        def more():  # no Content-Length: the count passes the declared size mid-stream
            yield data
            yield b"more"
        r = alva.client.put(path_of(made["upload_url"]), content=more())
        assert r.status_code == 422 and r.json()["error"]["code"] == "size_mismatch"
        assert alva.call(blobs.size, key) is None
        status = alva.client.get(f"/api/v1/uploads/{made['id']}", headers=headers).json()["data"]["status"]
        assert status == "pending"
        too_big = alva.client.post("/api/v1/uploads", headers=write(headers), json={
            "filename": "x.bin", "content_type": "application/octet-stream", "size_bytes": 524288001,
            "sha256": "0" * 64})
        assert too_big.status_code in (400, 422)
        assert alva.client.put("/_specloom/uploads/nope", content=b"x").status_code == 404
        assert alva.client.get(path_of(made["upload_url"])).status_code == 405
        # the right bytes after all that are taken
        assert alva.client.put(path_of(made["upload_url"]), content=data).status_code == 200
        assert alva.call(blobs.size, key) == len(data)


# -- concurrency --------------------------------------------------------------------------------
def test_concurrent_downloads_never_take_more_than_the_limit(tmp_path, backend):
    with serve("alva", tmp_path, backend=backend, settings=Settings(validate_responses=True, clock=pinned_clock)) as alva:
        headers = shop_key(alva)
        made = upload(alva, headers, b"abc")
        alva.client.put(path_of(made["upload_url"]), content=b"abc")
        alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
        order = map_and_assign(alva, headers, made["asset_id"], download_limit=3)
        store, surface = alva.runtime.store, alva.runtime.surface

        async def race():
            async def one():
                try:
                    await dl.take_download(surface, store, "shop_a", order["id"])
                    return True
                except dl.DownloadRefused:
                    return False
            return await asyncio.gather(*(one() for _ in range(12)))

        outcomes = alva.call(race)
        assert outcomes.count(True) == 3
        assert alva.client.get("/api/v1/orders/1001", headers=headers).json()["data"]["downloads_used"] == 3

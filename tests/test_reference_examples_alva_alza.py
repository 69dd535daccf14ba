"""Alva and Alza Trade as an acceptance tester drives them from their guides, on SQLite and
PostgreSQL: regressions for what such a run found where the answers and the spec's own words
disagreed — re-acknowledging an Alza order answers it unchanged (not even its `updatedAt`), an
Alva upload above 500 MB is refused 422 `file_too_large` as its description says, an upload URL
takes the bytes again until the upload is completed, and an assignment's `download_limit` counts
every download of the purchase."""

from __future__ import annotations

import hashlib
import re

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.resources import TenantResources
from tests.smtp_server import Inbox, smtp_server
from tests.support import pinned_clock, serve
from tests.test_alva import shop_key, write

BACKENDS = ["sqlite", "postgres"]
DAY = "2026-06-05"
LINK = re.compile(r"https?://[^\s]+/_specloom/downloads/[A-Za-z0-9_-]+")


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'r.db'}"


@pytest.fixture
def inbox():
    box = Inbox()
    with smtp_server(box) as port:
        box.url = f"smtp://127.0.0.1:{port}"
        yield box


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# -- Alza: acknowledging again changes nothing ---------------------------------------------------
def test_acknowledging_an_order_again_answers_it_unchanged(tmp_path, backend):
    with serve("alza", tmp_path, backend=backend) as alza:
        alza.call(alza.runtime.store.put_tenant, "alza", "SUPPLIER", True)
        resources = TenantResources(alza.runtime.surface, alza.runtime.store, "SUPPLIER")
        alza.call(resources.seed, "orders", {
            "id": "ord_r2_1", "orderNumber": "412345678", "orderDate": DAY, "totalPrice": 499.0,
            "items": [{"alzaCode": "ABC123", "supplierCode": "SUP-1", "name": "USB-C cable", "quantity": 2,
                       "unitPrice": 249.5}]})
        client = alza.call(alza.runtime.families["supplierAuth"].create_client, "SUPPLIER", ())
        token = alza.client.post("/connect/token", data={"grant_type": "client_credentials",
                                                         "client_id": client.client_id,
                                                         "client_secret": client.client_secret})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        first = alza.client.post("/api/v1/orders/412345678/acknowledgement", headers=headers)
        assert first.status_code == 200, first.text
        assert first.json()["exportStatus"] == "Acknowledged"
        again = alza.client.post("/api/v1/orders/ord_r2_1/acknowledgement", headers=headers)
        assert again.status_code == 200, again.text
        assert again.json() == first.json()  # the same order, its updatedAt too
        stored = alza.client.get("/api/v1/orders/ord_r2_1", headers=headers)
        assert stored.json() == first.json()
        pending = alza.client.get("/api/v1/orders", params={"date": DAY, "exportStatus": "Pending"}, headers=headers)
        assert pending.status_code == 200 and pending.json()["totalCount"] == 0


# -- Alva: uploads -------------------------------------------------------------------------------
def test_an_upload_above_500_mb_is_refused_as_file_too_large(tmp_path, backend):
    with serve("alva", tmp_path, backend=backend) as alva:
        headers = shop_key(alva)
        body = {"filename": "huge.zip", "content_type": "application/zip", "size_bytes": 524288001,
                "sha256": "0" * 64}
        r = alva.client.post("/api/v1/uploads", headers=write(headers), json=body)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert error["code"] == "file_too_large" and error["details"][0]["path"] == "body.size_bytes"
        at_limit = alva.client.post("/api/v1/uploads", headers=write(headers), json={**body, "size_bytes": 524288000})
        assert at_limit.status_code == 201, at_limit.text


def test_an_upload_url_takes_the_bytes_again_until_the_upload_is_completed(tmp_path, backend):
    first, second = b"first version " * 100, b"second version" * 100
    with serve("alva", tmp_path, backend=backend) as alva:
        headers = shop_key(alva)
        r = alva.client.post("/api/v1/uploads", headers=write(headers), json={
            "filename": "notes.txt", "content_type": "text/plain", "size_bytes": len(second),
            "sha256": hashlib.sha256(second).hexdigest()})
        assert r.status_code == 201, r.text
        made = r.json()["data"]
        url = path_of(made["upload_url"])
        wrong = alva.client.put(url, content=first)
        assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "checksum_mismatch"
        for _ in range(2):  # sent again: still taken
            put = alva.client.put(url, content=second)
            assert put.status_code == 200 and put.json()["data"]["status"] == "received", put.text
        done = alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
        assert done.status_code == 201 and done.json()["data"]["sha256"] == hashlib.sha256(second).hexdigest()
        late = alva.client.put(url, content=second)
        assert late.status_code == 409 and late.json()["error"]["code"] == "upload_completed"


# -- Alva: the purchase's download limit ---------------------------------------------------------
def test_an_assignments_download_limit_counts_every_download_of_the_purchase(tmp_path, backend, inbox):
    settings = Settings(validate_responses=True, clock=pinned_clock, smtp_url=inbox.url, mail_poll_seconds=0.05)
    files = {"a.txt": b"first file " * 50, "b.txt": b"second file" * 50}
    with serve("alva", tmp_path, backend=backend, settings=settings) as alva:
        headers = shop_key(alva)
        gids = []
        for n, (name, data) in enumerate(files.items(), start=1):
            r = alva.client.post("/api/v1/uploads", headers=write(headers), json={
                "filename": name, "content_type": "text/plain", "size_bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest()})
            made = r.json()["data"]
            assert alva.client.put(path_of(made["upload_url"]), content=data).status_code == 200
            done = alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers))
            gid = f"gid://shopify/Product/{700 + n}"
            mapping = alva.client.post("/api/v1/mappings", headers=write(headers),
                                       json={"shopify_product_id": gid, "asset_ids": [done.json()["data"]["id"]]})
            assert mapping.status_code == 201, mapping.text
            gids.append(gid)
        r = alva.client.post("/api/v1/orders/3001/assignments", headers=write(headers), json={
            "customer": {"email": "buyer@example.com", "first_name": "Ada"}, "shopify_product_ids": gids,
            "download_limit": 1, "send_email": True})
        assert r.status_code == 201, r.text
        links = LINK.findall(inbox.wait(1)[-1].get_content())
        assert len(links) == 2
        got = alva.client.get(path_of(links[0]))
        assert got.status_code == 200 and got.content in files.values()
        other = alva.client.get(path_of(links[1]))  # another file, the same purchase: its one download is used
        assert other.status_code == 403 and other.json()["error"]["code"] == "download_limit_reached"
        order = alva.client.get("/api/v1/orders/3001", headers=headers).json()["data"]
        assert order["downloads_used"] == 1 and order["download_limit"] == 1


# -- Alva: the delivery e-mail to a customer given without a first name --------------------------
def test_the_delivery_email_greets_a_customer_without_a_first_name(tmp_path, backend, inbox):
    settings = Settings(validate_responses=True, clock=pinned_clock, smtp_url=inbox.url, mail_poll_seconds=0.05)
    data = b"a file" * 100
    with serve("alva", tmp_path, backend=backend, settings=settings) as alva:
        headers = shop_key(alva)
        made = alva.client.post("/api/v1/uploads", headers=write(headers), json={
            "filename": "f.txt", "content_type": "text/plain", "size_bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}).json()["data"]
        assert alva.client.put(path_of(made["upload_url"]), content=data).status_code == 200
        asset = alva.client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write(headers)).json()["data"]
        gid = "gid://shopify/Product/801"
        assert alva.client.post("/api/v1/mappings", headers=write(headers),
                                json={"shopify_product_id": gid, "asset_ids": [asset["id"]]}).status_code == 201
        r = alva.client.post("/api/v1/orders/3002/assignments", headers=write(headers), json={
            "customer": {"email": "nameless@example.com"}, "shopify_product_ids": [gid], "send_email": True})
        assert r.status_code == 201, r.text
        text = inbox.wait(1)[-1].get_content()
        assert text.splitlines()[0] == "Hello there," and "Hello ," not in text
        assert len(LINK.findall(text)) == 1


# -- Alva: the file URLs answer a wrong method in the API's own envelope --------------------------
def test_a_wrong_method_on_an_upload_url_or_a_download_link_is_a_405_in_the_error_envelope(tmp_path, backend):
    with serve("alva", tmp_path, backend=backend) as alva:
        headers = shop_key(alva)
        made = alva.client.post("/api/v1/uploads", headers=write(headers), json={
            "filename": "f.txt", "content_type": "text/plain", "size_bytes": 3,
            "sha256": hashlib.sha256(b"abc").hexdigest()}).json()["data"]
        posted = alva.client.post(path_of(made["upload_url"]), content=b"abc")
        assert posted.status_code == 405 and posted.headers["allow"] == "PUT"
        assert posted.json()["error"]["code"] == "method_not_allowed" and "PUT" in posted.json()["error"]["message"]
        assert alva.client.get(f"/api/v1/uploads/{made['id']}", headers=headers).json()["data"]["status"] == "pending"
        deleted = alva.client.delete("/_specloom/downloads/" + "x" * 43)
        assert deleted.status_code == 405 and deleted.headers["allow"] == "GET"
        assert deleted.json()["error"]["code"] == "method_not_allowed"

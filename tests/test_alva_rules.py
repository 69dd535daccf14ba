"""Alva's rules that a deployment and an integration rely on, on SQLite and PostgreSQL: the
remote-ingest hosts are the deployment's (the spec's list by default, extended or replaced by
configuration, private addresses only for hosts it trusts), a shop id in a body is refused on
every operation, and an order assigned to one customer is never moved to another."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from tests.support import pinned_clock, serve
from tests.test_alva import GID, assign, files, ingest, mapped, poll, shop_key, write  # noqa: F401 - files: fixture

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'alva.db'}"


def settings(**hosts) -> Settings:
    return Settings(validate_responses=True, clock=pinned_clock, **hosts)


def refused(served, headers, url):
    r = served.client.post("/api/v1/assets", headers=write(headers), json={"source_url": url})
    assert r.status_code == 422, (url, r.text)
    return r.json()["error"]["code"]


def accepted(served, headers, url):
    r = served.client.post("/api/v1/assets", headers=write(headers), json={"source_url": url})
    assert r.status_code == 202, (url, r.text)
    return r.json()["data"]


# -- ingest hosts -------------------------------------------------------------------------------
def test_the_spec_list_is_the_default_and_configuration_extends_or_replaces_it(tmp_path, backend):
    with serve("alva", tmp_path, backend=backend, settings=settings()) as alva:
        headers = shop_key(alva)
        accepted(alva, headers, "https://cdn.shopify.com/s/files/guide.pdf")
        assert refused(alva, headers, "https://files.example-cdn.com/guide.pdf") == "host_not_allowed"
    with serve("alva", tmp_path, backend=backend,
               settings=settings(ingest_extra_hosts=("files.example-cdn.com", "*.media.example.org"))) as alva:
        headers = shop_key(alva)
        accepted(alva, headers, "https://files.example-cdn.com/guide.pdf")
        accepted(alva, headers, "https://eu.media.example.org/guide.pdf")
        accepted(alva, headers, "https://cdn.shopify.com/s/files/guide.pdf")  # the spec's still
        assert refused(alva, headers, "http://files.example-cdn.com/guide.pdf") == "scheme_not_allowed"
    with serve("alva", tmp_path, backend=backend, settings=settings(ingest_hosts=("files.example-cdn.com",))) as alva:
        headers = shop_key(alva)
        accepted(alva, headers, "https://files.example-cdn.com/guide.pdf")
        assert refused(alva, headers, "https://cdn.shopify.com/s/files/guide.pdf") == "host_not_allowed"


def test_private_addresses_only_for_hosts_the_deployment_trusts(tmp_path, backend, files):  # noqa: F811
    port = files.rsplit(":", 1)[1]
    # listed, but not trusted: a loopback address or a local name is refused as not public
    with serve("alva", tmp_path, backend=backend,
               settings=settings(ingest_extra_hosts=("127.0.0.1", "localhost", "metadata.google.internal"))) as alva:
        headers = shop_key(alva)
        for url in (f"https://127.0.0.1:{port}/files/guide.pdf", "https://localhost/files/guide.pdf",
                    "https://metadata.google.internal/computeMetadata/v1/"):
            assert refused(alva, headers, url) == "host_not_allowed", url
    # trusted (SPECLOOM_INGEST_HTTP_HOSTS): http and a private address are fine, and its file arrives
    with serve("alva", tmp_path, backend=backend, settings=settings(ingest_http_hosts=("127.0.0.1",))) as alva:
        headers = shop_key(alva)
        job = poll(alva, headers, accepted(alva, headers, f"{files}/files/guide.pdf")["id"])
        assert job["status"] == "completed", job
        # a redirect leaves the trusted host: each hop is checked again
        job = poll(alva, headers, accepted(alva, headers, f"{files}/files/moved")["id"])
        assert job["status"] == "failed" and job["error"]["code"] == "host_not_allowed"


def test_the_ingest_host_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("SPECLOOM_INGEST_EXTRA_HOSTS", "files.example-cdn.com, *.media.example.org")
    monkeypatch.setenv("SPECLOOM_INGEST_HTTP_HOSTS", "127.0.0.1")
    loaded = Settings.from_env()
    assert loaded.ingest_extra_hosts == ("files.example-cdn.com", "*.media.example.org")
    assert loaded.ingest_http_hosts == ("127.0.0.1",) and loaded.ingest_hosts == ()


# -- a shop id in a body ------------------------------------------------------------------------
def test_a_shop_id_in_a_body_is_refused_on_every_operation(tmp_path, backend):
    with serve("alva", tmp_path, backend=backend, settings=settings()) as alva:
        headers = shop_key(alva)
        mapped(alva, headers)
        assert assign(alva, headers).status_code == 201
        base = "/api/v1/orders/1001/access"
        calls = [("post", f"{base}/revoke"), ("post", f"{base}/restore"), ("post", f"{base}/resend-email"),
                 ("post", f"{base}/extra-downloads"), ("post", "/api/v1/orders/1001/assignments"),
                 ("post", "/api/v1/mappings"), ("post", "/api/v1/assets"), ("get", "/api/v1/orders/1001"),
                 ("get", "/api/v1/mappings")]
        for method, path in calls:
            for body in ({"shop_id": "shop_b"}, {"shop_domain": "b.myshopify.com", "reason": "x"}):
                r = alva.client.request(method, path, headers=write(headers), json=body)
                assert r.status_code == 400, (path, body, r.text)
                assert r.json()["error"]["code"] == "tenant_in_body", path
        form = alva.client.post(f"{base}/restore", headers={**write(headers),
                                "Content-Type": "application/x-www-form-urlencoded"}, content=b"shop_id=shop_b")
        assert form.status_code == 400 and form.json()["error"]["code"] == "tenant_in_body"
        # nothing happened: the access is still active and no e-mail was queued
        order = alva.client.get("/api/v1/orders/1001", headers=headers).json()["data"]
        assert order["access_status"] == "active" and order["email_sent_at"] is None
        outbox = alva.call(lambda: alva.runtime.store.outbox_list("mail:alva"))
        assert outbox == []
        # a body that names no shop is still fine where none is declared
        ok = alva.client.post(f"{base}/resend-email", headers=write(headers), json={"note": "again"})
        assert ok.status_code == 200, ok.text


# -- one customer per order ---------------------------------------------------------------------
def test_a_second_assignment_for_another_customer_is_a_conflict_naming_the_first(tmp_path, backend):
    with serve("alva", tmp_path, backend=backend, settings=settings()) as alva:
        headers = shop_key(alva)
        mapped(alva, headers)
        first = assign(alva, headers)
        assert first.status_code == 201
        owner = first.json()["data"]["customer_id"]
        other = alva.client.post("/api/v1/orders/1001/assignments", headers=write(headers),
                                 json={"customer": {"email": "someone.else@example.com"}, "shopify_product_ids": [GID],
                                       "send_email": True})
        assert other.status_code == 409, other.text
        error = other.json()["error"]
        assert error["code"] == "conflict" and "buyer@example.com" in error["message"] and owner in error["message"]
        assert error["details"][0]["path"] == "body.customer"
        order = alva.client.get("/api/v1/orders/1001", headers=headers).json()["data"]
        assert order["customer_id"] == owner and order["customer"]["email"] == "buyer@example.com"
        # nothing of the refused request was written: no customer, no e-mail
        assert alva.call(lambda: alva.runtime.store.outbox_list("mail:alva")) == []
        from specloom.backends.base import PageRequest, Query
        customers = alva.call(lambda: alva.runtime.store.list(
            alva.runtime.surface.resource("customers").table_name, "shop_a", Query(), PageRequest(limit=10)))
        assert [c["email"] for c in customers.items] == ["buyer@example.com"]
        # the same customer again (any case of the e-mail the store keeps) is still an update
        again = assign(alva, headers, shopify_product_ids=[GID])
        assert again.status_code == 200 and again.json()["data"]["customer_id"] == owner

"""Scalev v3 end to end, as the introduction names its capabilities, on SQLite and PostgreSQL.

A business sets up its storefront through the API (a publishable key for its shop's origin),
uploads a digital file and sells it as a published digital product next to a draft. A customer
signs in with a one-time code received on a real SMTP server, fills a cart from the published
catalog, checks it out into an order and pays on the test payment provider's hosted page, whose
signed callback marks the order paid and grants the entitlement; the customer sees it under
customers/me and downloads the file by its link. A subscription renews on a pinned clock into a
new order, once. The business pages its orders forward, then backward, and gets the same ones.
A webhook receiver gets every event, each verifiable with the subscription's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.sweeps import SweepRunner
from specloom.runtime.services.tenant_settings import TenantSettings
from tests.smtp_server import Inbox, smtp_server
from tests.support import serve
from tests.test_webhooks import Receiver, wait_for

STORE = "store_kopi"
ORIGIN = "https://kopi.example.com"
NOW = 1_800_000_030.0  # rate-limit windows by a pinned clock: none rolls over mid-test
RENEWAL = "2027-01-15T12:00:00Z"  # 1_800_014_400
PDF = b"%PDF-1.4 resep kopi tubruk\n" * 40


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else None


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def verified(delivery: dict, secret: str) -> bool:
    header = {k.lower(): v for k, v in delivery["headers"].items()}["x-scalev-signature"]
    parts = dict(p.split("=", 1) for p in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + delivery["raw"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(parts["sha256"], expected)


def test_a_digital_purchase_a_renewal_and_the_business_view(backend, tmp_path, receiver):
    inbox = Inbox()
    with smtp_server(inbox) as port:
        settings = Settings(validate_responses=True, clock=lambda: NOW, smtp_url=f"smtp://127.0.0.1:{port}",
                            mail_poll_seconds=0.05, webhook_http_hosts=("127.0.0.1",),
                            webhook_poll_seconds=0.02, sweeps=False)
        with serve("scalev", tmp_path, backend=backend, settings=settings) as app:
            client = app.client
            admin = app.auth(STORE, ["admin:*"])
            app.call(lambda: TenantSettings(app.runtime.store, "scalev").update(STORE, {"customerOtpRequired": True}))

            # -- the business: webhooks, storefront key, a digital product ----------------------------
            hook = ok(client.post("/v3/webhooks", headers=admin, json={
                "url": receiver.url("/scalev"),
                "events": ["order.created", "order.paid", "entitlement.granted", "subscription.renewed"]}), 201)
            assert hook["secret"].startswith("whsec_")
            made = ok(client.post("/v3/storefront/api-keys", headers=admin, json={"allowed_origins": [ORIGIN]}), 201)
            assert made["key"].startswith("sfpk_") and made["allowed_origins"] == [ORIGIN]
            sf = {"X-Scalev-Storefront-Api-Key": made["key"]}
            upload = ok(client.post("/v3/digital-files/uploads", headers=admin, json={
                "filename": "resep-kopi.pdf", "content_type": "application/pdf", "size_bytes": len(PDF),
                "sha256": hashlib.sha256(PDF).hexdigest()}), 201)
            assert client.put(path_of(upload["upload_url"]), content=PDF).status_code == 200
            file = ok(client.post(f"/v3/digital-files/uploads/{upload['id']}/complete", headers=admin), 201)
            ebook = ok(client.post("/v3/products", headers=admin, json={
                "name": "E-book Resep Kopi", "price": 49000, "item_type": "digital", "file_ids": [file["id"]]}), 201)
            draft = ok(client.post("/v3/products", headers=admin, json={
                "name": "Tumbler", "price": 150000, "status": "draft"}), 201)

            # -- the storefront: published products only, from the allowed origin -------------------
            listed = client.get(f"/v3/stores/{STORE}/public/products", headers={**sf, "Origin": ORIGIN})
            assert listed.status_code == 200 and listed.headers["access-control-allow-origin"] == ORIGIN
            assert [p["id"] for p in listed.json()["data"]] == [ebook["id"]]
            assert client.get(f"/v3/stores/{STORE}/public/products/{draft['id']}", headers=sf).status_code == 404

            # -- a customer signs in with the code the SMTP server received --------------------------
            ok(client.post(f"/v3/stores/{STORE}/public/auth/register", headers=sf,
                           json={"email": "siti@example.com", "password": "correct-horse-battery"}), 201)
            sent = ok(client.post(f"/v3/stores/{STORE}/public/auth/login", headers=sf,
                                  json={"email": "siti@example.com", "password": "correct-horse-battery"}))
            assert set(sent) == {"message"}
            [message] = inbox.wait(1)
            assert message["To"] == "siti@example.com"
            code = re.search(r"code is (\d+)", message.get_content()).group(1)
            tokens = ok(client.post(f"/v3/stores/{STORE}/public/auth/otp/verify", headers=sf,
                                    json={"email": "siti@example.com", "otp": code}))
            siti = {"Authorization": f"Bearer {tokens['access']}"}
            me = ok(client.get(f"/v3/stores/{STORE}/customers/me", headers=siti))

            # -- cart, checkout, payment on the hosted page ------------------------------------------
            cart = ok(client.post(f"/v3/stores/{STORE}/public/carts", headers=siti, json={}), 201)
            assert cart["owner_id"] == me["id"] and cart["status"] == "open"
            refused = client.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/items", headers=siti,
                                  json={"action": "add", "item": {"product_id": draft["id"], "quantity": 1}})
            assert refused.status_code == 422, refused.text  # a draft is not on sale
            cart = ok(client.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/items", headers=siti,
                                  json={"action": "add", "item": {"product_id": ebook["id"], "quantity": 1}}))
            assert cart["total"] == 49000 and cart["items"][0]["item_type"] == "digital"
            cart = ok(client.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/checkout", headers=siti,
                                  json={"email": "siti@example.com", "name": "Siti Rahma"}))
            order_id = cart["order_id"]
            again = client.post(f"/v3/stores/{STORE}/public/carts/{cart['id']}/items", headers=siti,
                                json={"action": "add", "item": {"product_id": ebook["id"], "quantity": 1}})
            assert again.status_code == 409, again.text  # a checked-out cart takes no more lines
            order = ok(client.get(f"/v3/stores/{STORE}/public/orders/{order_id}", headers=siti))
            assert (order["status"], order["payment_status"], order["total"]) == ("pending", "unpaid", 49000)
            session = ok(client.post(f"/v3/stores/{STORE}/public/orders/{order_id}/payment", headers=siti,
                                     json={"return_url": f"{ORIGIN}/thanks"}), 201)
            assert session["amount"] == 49000 and session["status"] == "pending"
            page = path_of(session["url"])
            assert client.get(page).status_code == 200
            paid = client.post(page, data={"outcome": "succeeded"}, follow_redirects=False)
            assert paid.status_code == 303 and paid.headers["location"] == f"{ORIGIN}/thanks"
            assert session["return_url"] == f"{ORIGIN}/thanks" and session["expires_at"]
            order = ok(client.get(f"/v3/stores/{STORE}/customers/me/orders/{order_id}", headers=siti))
            assert (order["status"], order["payment_status"]) == ("paid", "paid")

            # -- the entitlement under customers/me, and the download --------------------------------
            owned = ok(client.get(f"/v3/stores/{STORE}/customers/me/digital-products", headers=siti))
            [entitlement] = owned["data"]
            assert entitlement["order_id"] == order_id and entitlement["status"] == "active"
            links = ok(client.post(f"/v3/stores/{STORE}/customers/me/digital-products/{entitlement['id']}"
                                   "/download-links", headers=siti))
            assert links["is_paginated"] is False
            [link] = links["data"]
            assert (link["file_id"], link["filename"]) == (file["id"], "resep-kopi.pdf")
            downloaded = client.get(path_of(link["url"]))
            assert downloaded.status_code == 200 and downloaded.content == PDF

            # -- another customer sees none of it ------------------------------------------------------
            ok(client.post(f"/v3/stores/{STORE}/public/auth/register", headers=sf,
                           json={"email": "budi@example.com", "password": "correct-horse-battery"}), 201)
            ok(client.post(f"/v3/stores/{STORE}/public/auth/login", headers=sf,
                           json={"email": "budi@example.com", "password": "correct-horse-battery"}))
            budi_mail = wait_for(lambda: inbox.to("budi@example.com"))
            budi_code = re.search(r"code is (\d+)", budi_mail[-1].get_content()).group(1)
            budi = {"Authorization": "Bearer " + ok(client.post(
                f"/v3/stores/{STORE}/public/auth/otp/verify", headers=sf,
                json={"email": "budi@example.com", "otp": budi_code}))["access"]}
            assert ok(client.get(f"/v3/stores/{STORE}/customers/me/digital-products", headers=budi))["data"] == []
            for path in (f"customers/me/digital-products/{entitlement['id']}", f"customers/me/orders/{order_id}",
                         f"public/orders/{order_id}", f"public/carts/{cart['id']}"):
                assert client.get(f"/v3/stores/{STORE}/{path}", headers=budi).status_code == 404, path
            assert client.post(f"/v3/stores/{STORE}/customers/me/digital-products/{entitlement['id']}/download-links",
                               headers=budi).status_code == 404

            # -- a subscription renews on a pinned clock into a new order, once ------------------------
            plan = ok(client.post("/v3/subscription-plans", headers=admin, json={
                "name": "Kopi bulanan", "interval": "P1M",
                "items": [{"product_id": ebook["id"], "quantity": 1, "price": 45000}]}), 201)
            assert plan["price"] == 45000
            sub = ok(client.post("/v3/subscriptions", headers=admin, json={
                "customer_id": me["id"], "plan_id": plan["id"], "next_renewal_at": RENEWAL}), 201)
            assert (sub["status"], sub["price"], sub["interval"]) == ("active", 45000, "P1M")
            sweeper = SweepRunner(app.runtime, clock=lambda: 1_800_014_400 + 60)
            assert app.call(lambda: sweeper.run_once(force=True)) == 1
            assert app.call(lambda: sweeper.run_once(force=True)) == 0  # the next one is a month on
            mine = ok(client.get(f"/v3/stores/{STORE}/customers/me/subscriptions", headers=siti))["data"]
            assert [s["id"] for s in mine] == [sub["id"]]
            renewed = mine[0]
            assert renewed["next_renewal_at"].startswith("2027-02-15T12:00:00")
            renewal = ok(client.get(f"/v3/orders/{renewed['last_order_id']}", headers=admin))
            assert (renewal["subscription_id"], renewal["customer_id"], renewal["total"], renewal["status"]) == (
                sub["id"], me["id"], 45000, "pending")

            # -- the business pages its orders forward, then backward ---------------------------------
            for i in range(3):
                ok(client.post("/v3/orders", headers=admin, json={
                    "items": [{"product_id": ebook["id"], "quantity": 1, "price": 49000}], "total": 49000 + i}), 201)
            forward, pages, cursor = [], [], None
            while True:
                body = ok(client.get("/v3/orders?page_size=2" + (f"&next_cursor={cursor}" if cursor else ""), headers=admin))
                pages.append(body)
                forward += [o["id"] for o in body["data"]]
                if not body["has_next"]:
                    break
                cursor = body["next_cursor"]
            assert len(forward) == 5 and len(set(forward)) == 5
            backward, body = [], pages[-1]
            backward = [o["id"] for o in body["data"]]
            while body["has_previous"]:
                body = ok(client.get(f"/v3/orders?page_size=2&previous_cursor={body['previous_cursor']}", headers=admin))
                backward = [o["id"] for o in body["data"]] + backward
            assert backward == forward

            # -- every event reached the receiver, signed with the subscription's secret ----------------
            def deliveries():
                got = receiver.received("/scalev")
                events = {json.loads(d["raw"])["event"] for d in got}
                return got if events >= {"order.created", "order.paid", "entitlement.granted",
                                         "subscription.renewed"} else None
            got = wait_for(deliveries)
            assert all(verified(d, hook["secret"]) for d in got)
            paid = next(json.loads(d["raw"]) for d in got if json.loads(d["raw"])["event"] == "order.paid")
            assert paid["store_id"] == STORE and paid["data"]["id"] == order_id


def test_a_storefront_key_made_through_the_api_works_from_its_origin_only(backend, tmp_path):
    with serve("scalev", tmp_path, backend=backend) as app:
        client = app.client
        admin = app.auth(STORE, ["storefront:read", "storefront:write"])
        made = ok(client.post("/v3/storefront/api-keys", headers=admin, json={"allowed_origins": [ORIGIN + "/"]}), 201)
        sf = {"X-Scalev-Storefront-Api-Key": made["key"]}
        allowed = client.get(f"/v3/stores/{STORE}/public/products", headers={**sf, "Origin": ORIGIN})
        assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ORIGIN
        refused = client.get(f"/v3/stores/{STORE}/public/products", headers={**sf, "Origin": "https://evil.example.com"})
        assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
        assert refused.json()["error_code"] == "origin_not_allowed"
        assert ok(client.get("/v3/storefront/allowed-origins", headers=admin)) == {
            "data": [{"origin": ORIGIN}], "is_paginated": False}
        keys = ok(client.get("/v3/storefront/api-keys", headers=admin))
        assert [k["id"] for k in keys["data"]] == [made["id"]] and "key" not in keys["data"][0]
        # another store's business key neither sees nor revokes it
        other = app.auth("store_teh", ["storefront:read", "storefront:write"])
        assert ok(client.get("/v3/storefront/api-keys", headers=other))["data"] == []
        assert client.delete(f"/v3/storefront/api-keys/{made['id']}", headers=other).status_code == 404
        # replacing the origins moves the allowance; revoking the key ends it
        ok(client.put("/v3/storefront/allowed-origins", headers=admin,
                      json={"allowed_origins": ["https://new.example.com"]}))
        assert client.get(f"/v3/stores/{STORE}/public/products", headers={**sf, "Origin": ORIGIN}).status_code == 403
        bad = client.put("/v3/storefront/allowed-origins", headers=admin, json={"allowed_origins": ["kopi.example.com"]})
        assert bad.status_code == 422 and bad.json()["error_code"] == "validation_failed"
        assert client.delete(f"/v3/storefront/api-keys/{made['id']}", headers=admin).status_code == 204
        assert client.get(f"/v3/stores/{STORE}/public/products", headers=sf).status_code == 401

"""Shopvo orders paid through the payment-provider interface, and their lifecycle, on SQLite and
PostgreSQL.

An order starts PENDING/PENDING. `POST /orders/{orderId}/payment` answers the URL of the test
provider's payment page, served by specloom itself; pressing Pay (or Decline) on it makes the
provider POST a signed callback to `POST /payments/callback`, which confirms the order
(CONFIRMED/PAID, payment.confirmed) or records the failure (payment FAILED, payment.failed).
Events reach a real HTTP receiver that verifies X-Shopvo-Signature with the reference's own
algorithm. Unsigned, forged, tampered and stale callbacks are refused and change nothing; a
repeated callback, a late failure and duplicates sent at once move the order once. An admin
moves a paid order on (PROCESSING, SHIPPED, DELIVERED, CANCELLED, REFUNDED), each change
emitting order.updated; other keys get 403.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import time

import httpx
import orjson
import pytest

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.payments.interface import CallbackRefused, PaymentProvider, StartedPayment
from specloom.runtime.payments.provider_secrets import provider_secret
from specloom.runtime.payments.registry import provider_factory
from specloom.runtime.payments.service import PaymentService
from specloom.runtime.payments.test_provider import TestProvider
from specloom.runtime.security.sandbox import SUFFIX as SANDBOX
from specloom.runtime.services.resources import TenantResources
from specloom.runtime.surface_runtime import SurfaceRuntime
from tests.servers import Server, at_once, generate, issue_key, start_all
from tests.support import PINNED_NOW, ROOT, serve
from tests.webhook_receiver import verify_webhook_signature, wait_for

SITE = "/api/v1/site_demo"
OTHER = "/api/v1/site_other"
NOW = PINNED_NOW  # the clock of the served shop (tests/conftest.py)
CALLBACK = f"{SITE}/payments/callback"
EVENTS = ["order.updated", "payment.confirmed", "payment.failed"]


def order(id_="order_xyz", number="ORD-1042", **extra):
    return {"id": id_, "number": number, "status": "PENDING", "paymentStatus": "PENDING", "total": 7137,
            "currency": "EUR", "items": [{"productId": "prd_abc", "name": "T-Shirt", "quantity": 1, "price": 7137}],
            **extra}


def seed(shop, *docs, tenant="site_demo"):
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, tenant)
    for doc in docs:
        shop.call(resources.seed, "orders", dict(doc))


def error_of(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    return body["error"]


def events(shop, tenant="site_demo") -> list[dict]:
    rows = shop.call(lambda: shop.runtime.store.outbox_list("shopvo", tenant=tenant, deliveries=False))
    return sorted((json.loads(r["body"]) for r in rows), key=lambda e: e["timestamp"])


def named(rows, *names):
    return [e for e in rows if e["event"] in names]


def get_order(shop, key="order_xyz"):
    r = shop.client.get(f"{SITE}/orders/{key}", headers=shop.auth("site_demo", ["read:orders"]))
    assert r.status_code == 200, r.text
    return r.json()["data"]


def start_payment(shop, key="order_xyz", status=201, **body):
    r = shop.client.post(f"{SITE}/orders/{key}/payment", headers=shop.auth("site_demo", ["write:checkout"]),
                         json=body or None)
    assert r.status_code == status, r.text
    return r.json()["data"] if status == 201 else r


def page_path(session) -> str:
    url = session["url"]
    assert url.startswith("http://testserver/_specloom/pay/")
    return url[len("http://testserver"):]


def subscribe(shop, receiver, path, events=EVENTS):
    r = shop.client.post(f"{SITE}/webhooks", headers=shop.auth("site_demo", ["webhooks:write"]),
                         json={"url": receiver.url(path), "events": events})
    assert r.status_code == 201, r.text
    return r.json()["data"]["secret"]


def provider(shop):
    return shop.call(shop.runtime.service(PaymentService).provider)


def signed(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The callback signature as the test provider documents it, computed here independently."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "Specloom-Payment-Signature": f"t={timestamp},v1={mac}"}


def callback_body(session_id, kind="payment.succeeded", tenant="site_demo", site="site_demo") -> bytes:
    return orjson.dumps({"id": "evt_test0001", "type": kind, "created": int(time.time()),
                         "data": {"session": session_id, "tenant": tenant, "site": site}})


# -- the whole payment, through the hosted page -----------------------------------------------

def test_paying_on_the_hosted_page_confirms_the_order_and_delivers_payment_confirmed(shop, receiver):
    secret = subscribe(shop, receiver, "/hooks")
    seed(shop, order())
    session = start_payment(shop)
    assert session["id"].startswith("ps_") and session["status"] == "PENDING"
    assert (session["orderId"], session["amount"], session["currency"], session["provider"]) == (
        "order_xyz", 7137, "EUR", "test")
    assert session["expiresAt"] and session["completedAt"] is None

    page = shop.client.get(page_path(session))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "71.37 EUR" in page.text and 'value="succeeded"' in page.text and 'value="failed"' in page.text
    assert get_order(shop)["status"] == "PENDING"  # looking at the page pays nothing

    done = shop.client.post(page_path(session), data={"outcome": "succeeded"})
    assert done.status_code == 200, done.text
    assert re.search(r'id="status">SUCCEEDED<', done.text)

    paid = get_order(shop)
    assert (paid["status"], paid["paymentStatus"]) == ("CONFIRMED", "PAID") and paid["paidAt"]
    got = wait_for(lambda: receiver.received("/hooks"))
    assert len(got) == 1
    delivery = got[0]
    assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
    body = json.loads(delivery["raw"])
    assert body["event"] == "payment.confirmed" and body["siteId"] == "site_demo"
    assert body["data"] == {"id": "order_xyz", "number": "ORD-1042", "status": "CONFIRMED",
                            "paymentStatus": "PAID", "total": 7137, "currency": "EUR"}
    # the page now says it is paid and offers nothing more; pressing again is refused
    assert "<form" not in shop.client.get(page_path(session)).text
    assert shop.client.post(page_path(session), data={"outcome": "failed"}).status_code == 409
    assert get_order(shop)["paymentStatus"] == "PAID"
    assert [e["event"] for e in named(events(shop), *EVENTS)] == ["payment.confirmed"]


def test_a_declined_payment_leaves_the_order_failed_and_a_new_payment_can_confirm_it(shop, receiver):
    secret = subscribe(shop, receiver, "/hooks")
    seed(shop, order())
    first = start_payment(shop)
    r = shop.client.post(page_path(first), data={"outcome": "failed"})
    assert r.status_code == 200 and 'id="status">FAILED<' in r.text
    failed = get_order(shop)
    assert (failed["status"], failed["paymentStatus"], failed["paidAt"]) == ("PENDING", "FAILED", None)
    got = wait_for(lambda: receiver.received("/hooks"))
    assert verify_webhook_signature(got[0]["raw"], got[0]["headers"]["X-Shopvo-Signature"], secret)
    assert json.loads(got[0]["raw"])["event"] == "payment.failed"
    assert json.loads(got[0]["raw"])["data"]["paymentStatus"] == "FAILED"

    # the customer tries again, and is sent back to the shop afterwards
    second = start_payment(shop, returnUrl="https://mystore.eu/checkout/thanks")
    assert second["id"] != first["id"] and second["returnUrl"] == "https://mystore.eu/checkout/thanks"
    r = shop.client.post(page_path(second), data={"outcome": "succeeded"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "https://mystore.eu/checkout/thanks"
    assert (get_order(shop)["status"], get_order(shop)["paymentStatus"]) == ("CONFIRMED", "PAID")
    got = wait_for(lambda: len(receiver.received("/hooks")) >= 2 and receiver.received("/hooks"))
    assert sorted(json.loads(d["raw"])["event"] for d in got) == ["payment.confirmed", "payment.failed"]
    # the first, failed session stays failed: its page cannot pay any more
    assert shop.client.post(page_path(first), data={"outcome": "succeeded"}).status_code == 409


def test_completing_a_checkout_places_an_order_awaiting_its_payment(shop):
    h = shop.auth("site_demo", ["write:catalog", "write:cart", "read:checkout", "write:checkout", "read:orders"])
    product = shop.client.post(f"{SITE}/products", headers=h,
                               json={"name": "Mug", "slug": "mug", "price": 1250}).json()["data"]
    variant = shop.client.post(f"{SITE}/products/{product['id']}/variants", headers=h,
                               json={"name": "Default", "sku": "MUG-1", "inventoryCount": 5, "isDefault": True})
    assert variant.status_code == 201, variant.text
    cart = shop.client.post(f"{SITE}/cart", headers=h, json={"currency": "EUR"}).json()["data"]
    item = {"productId": product["id"], "variantId": variant.json()["data"]["id"], "name": "Mug", "quantity": 2,
            "price": 1250}
    r = shop.client.patch(f"{SITE}/cart?cartId={cart['id']}", headers=h, json={"action": "add", "item": item})
    assert r.status_code == 200, r.text
    session = shop.client.post(f"{SITE}/checkout", headers=h, json={"cartId": cart["id"]}).json()["data"]
    for state, extra in [("contact", {"email": "jane@example.com"}), ("shipping", {}), ("payment", {}),
                         ("review", {}), ("complete", {})]:
        r = shop.client.patch(f"{SITE}/checkout", headers=h, json={"sessionId": session["id"], "state": state, **extra})
        assert r.status_code == 200, r.text
    order_id = r.json()["data"]["orderId"]
    placed = get_order(shop, order_id)
    assert (placed["status"], placed["paymentStatus"], placed["total"]) == ("PENDING", "PENDING", 2500)
    payment = start_payment(shop, order_id)
    assert (payment["amount"], payment["currency"]) == (2500, "EUR")
    assert shop.client.post(page_path(payment), data={"outcome": "succeeded"}).status_code == 200
    assert get_order(shop, placed["number"])["status"] == "CONFIRMED"


# -- callbacks that are not the provider's -------------------------------------------------------

def test_unsigned_forged_tampered_and_stale_callbacks_are_refused_and_change_nothing(shop):
    seed(shop, order())
    session = start_payment(shop)
    secret = provider(shop).context.secret
    body = callback_body(session["id"])
    now = int(time.time())
    refused = [
        ({"Content-Type": "application/json"}, body),  # unsigned
        (signed("pss_" + "0" * 64, body, now), body),  # another secret
        (signed(secret, body, now), body.replace(b"succeeded", b"failed")),  # the body changed after signing
        (signed(secret, body, now - 360), body),  # older than the 300 s tolerance
        (signed(secret, body, now + 360), body),  # from the future (a margin: this test takes seconds)
        ({**signed(secret, body, now), "Specloom-Payment-Signature": f"t={now},sha256=00"}, body),
        ({**signed(secret, body, now), "Specloom-Payment-Signature": "t=²,v1=00".encode("latin-1")}, body),
    ]
    for headers, content in refused:
        r = shop.client.post(CALLBACK, headers=headers, content=content)
        assert r.status_code == 401, (headers, r.text)
        assert error_of(r) == "Invalid payment callback signature"
    assert get_order(shop)["status"] == "PENDING" and get_order(shop)["paymentStatus"] == "PENDING"
    assert named(events(shop), *EVENTS) == []
    # a genuine callback naming another site's path is not found there
    other = shop.client.post(f"{OTHER}/payments/callback", headers=signed(secret, body, now), content=body)
    assert other.status_code == 404
    # and the genuine one, on time, is accepted
    r = shop.client.post(CALLBACK, headers=signed(secret, body, now), content=body)
    assert r.status_code == 200, r.text
    assert r.json()["data"]["status"] == "SUCCEEDED" and r.json()["data"]["completedAt"]
    assert get_order(shop)["paymentStatus"] == "PAID"


def test_a_repeated_callback_and_a_late_failure_do_not_move_the_order_again(shop):
    seed(shop, order())
    session = start_payment(shop)
    secret = provider(shop).context.secret
    success = callback_body(session["id"])
    headers = signed(secret, success, int(time.time()))
    for _ in range(2):  # the provider retries the same delivery
        r = shop.client.post(CALLBACK, headers=headers, content=success)
        assert r.status_code == 200 and r.json()["data"]["status"] == "SUCCEEDED"
    late = callback_body(session["id"], "payment.failed")
    r = shop.client.post(CALLBACK, headers=signed(secret, late, int(time.time())), content=late)
    assert r.status_code == 200 and r.json()["data"]["status"] == "SUCCEEDED"
    paid = get_order(shop)
    assert (paid["status"], paid["paymentStatus"]) == ("CONFIRMED", "PAID")
    assert [e["event"] for e in named(events(shop), *EVENTS)] == ["payment.confirmed"]
    # a failure of another session, after the order was paid, does not un-pay it either
    other = start_payment(shop, status=409)
    assert error_of(other) == "Order ORD-1042 is not awaiting payment (it is CONFIRMED)"


def test_a_callback_for_an_unknown_session_is_404(shop):
    secret = provider(shop).context.secret
    body = callback_body("ps_missing")
    r = shop.client.post(CALLBACK, headers=signed(secret, body, int(time.time())), content=body)
    assert r.status_code == 404
    error_of(r)


def test_hosted_pages_of_made_up_or_altered_links_are_not_found(shop):
    seed(shop, order())
    path = page_path(start_payment(shop))
    token = path.rsplit("/", 1)[1]
    payload, mac = token.split(".")
    for bad in ("nonsense", f"{payload}.{'0' * 40}", f"{payload[:-2]}xx.{mac}", token + "." + mac, "a" * 5000):
        r = shop.client.get(f"/_specloom/pay/{bad}")
        assert r.status_code == 404, bad
        assert shop.client.post(f"/_specloom/pay/{bad}", data={"outcome": "succeeded"}).status_code == 404
    assert shop.client.post(path, data={"outcome": "maybe"}).status_code == 400
    assert shop.client.put(path).status_code == 405
    assert get_order(shop)["status"] == "PENDING"


# -- who may start a payment, and when ----------------------------------------------------------

def test_starting_a_payment_needs_a_pending_order_of_the_site_and_write_checkout(shop):
    seed(shop, order(), order("order_paid", "ORD-1043", status="CONFIRMED", paymentStatus="PAID"),
         order("order_gone", "ORD-1044", status="CANCELLED"))
    seed(shop, order("order_other", "ORD-2000"), tenant="site_other")
    r = shop.client.post(f"{SITE}/orders/order_xyz/payment", headers=shop.auth("site_demo", ["read:orders"]))
    assert r.status_code == 403
    error_of(r)
    assert error_of(start_payment(shop, "ORD-1043", status=409)) == \
        "Order ORD-1043 is not awaiting payment (it is CONFIRMED)"
    assert error_of(start_payment(shop, "order_gone", status=409)) == \
        "Order ORD-1044 is not awaiting payment (it is CANCELLED)"
    error_of(start_payment(shop, "order_other", status=404))
    error_of(start_payment(shop, "order_missing", status=404))
    for bad in ({"returnUrl": "javascript:alert(1)"}, {"returnUrl": "https://x.eu/" + "a" * 2000},
                {"amount": 1}):
        r = shop.client.post(f"{SITE}/orders/order_xyz/payment", headers=shop.auth("site_demo", ["write:checkout"]),
                             json=bad)
        assert r.status_code == 400, bad
        error_of(r)
    # by number too; the session is the order's, in its currency and amount
    session = start_payment(shop, "ORD-1042")
    assert (session["orderId"], session["amount"]) == ("order_xyz", 7137)


# -- status changes by an admin -----------------------------------------------------------------

def test_an_admin_moves_a_paid_order_on_and_each_change_emits_order_updated(shop, receiver):
    secret = subscribe(shop, receiver, "/orders", ["order.updated"])
    seed(shop, order("order_a", "ORD-1001", status="CONFIRMED", paymentStatus="PAID"))
    admin = shop.auth("site_demo", ["admin:*"])

    def move(status, expected=200, key="order_a", h=admin):
        r = shop.client.patch(f"{SITE}/orders/{key}", headers=h, json={"status": status})
        assert r.status_code == expected, r.text
        return r.json()["data"] if expected == 200 else error_of(r)

    assert move("PROCESSING")["status"] == "PROCESSING"
    assert move("SHIPPED")["status"] == "SHIPPED"
    assert move("PROCESSING", 409) == ("Operation refused: cannot move an order that is SHIPPED to PROCESSING "
                                       "(PROCESSING follows CONFIRMED)")
    delivered = move("DELIVERED", key="ORD-1001")
    assert (delivered["status"], delivered["paymentStatus"]) == ("DELIVERED", "PAID")
    refunded = move("REFUNDED")
    assert (refunded["status"], refunded["paymentStatus"]) == ("REFUNDED", "REFUNDED")
    move("CANCELLED", 409)

    got = wait_for(lambda: len(receiver.received("/orders")) >= 4 and receiver.received("/orders"))
    for delivery in got:
        assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
    assert sorted(json.loads(d["raw"])["data"]["status"] for d in got) == ["DELIVERED", "PROCESSING", "REFUNDED",
                                                                         "SHIPPED"]
    assert {json.loads(d["raw"])["event"] for d in got} == {"order.updated"}
    assert len(named(events(shop), "order.updated")) == 4  # the refused moves emitted nothing


def test_status_changes_are_for_admin_keys_and_follow_the_lifecycle(shop):
    seed(shop, order(), order("order_c", "ORD-1050", status="CANCELLED"))
    admin = shop.auth("site_demo", ["admin:*"])
    everything_else = shop.auth("site_demo", ["read:orders", "write:checkout", "write:cart", "write:customers"])
    r = shop.client.patch(f"{SITE}/orders/order_xyz", headers=everything_else, json={"status": "CANCELLED"})
    assert r.status_code == 403
    error_of(r)
    other_site = shop.auth("site_other", ["admin:*"])
    r = shop.client.patch(f"{SITE}/orders/order_xyz", headers=other_site, json={"status": "CANCELLED"})
    assert r.status_code == 404
    # CONFIRMED and PAID come only from a payment; unknown statuses and fields are 400
    for body in ({"status": "CONFIRMED"}, {"status": "PENDING"}, {"status": "LOST"}, {},
                 {"status": "CANCELLED", "paymentStatus": "PAID"}):
        r = shop.client.patch(f"{SITE}/orders/order_xyz", headers=admin, json=body)
        assert r.status_code == 400, body
        error_of(r)
    r = shop.client.patch(f"{SITE}/orders/order_xyz", headers=admin, json={"status": "SHIPPED"})  # not paid yet
    assert r.status_code == 409
    r = shop.client.patch(f"{SITE}/orders/order_c", headers=admin, json={"status": "REFUNDED"})  # never paid
    assert r.status_code == 409
    assert error_of(r) == ("Operation refused: cannot refund an order whose paymentStatus is PENDING "
                           "(refund requires paymentStatus PAID)")
    assert get_order(shop)["status"] == "PENDING"
    # a pending order may be cancelled; its payment can then no longer confirm it
    session = start_payment(shop)
    r = shop.client.patch(f"{SITE}/orders/order_xyz", headers=admin, json={"status": "CANCELLED"})
    assert r.status_code == 200 and r.json()["data"]["status"] == "CANCELLED"
    assert shop.client.post(page_path(session), data={"outcome": "succeeded"}).status_code == 200
    cancelled = get_order(shop)
    assert (cancelled["status"], cancelled["paymentStatus"]) == ("CANCELLED", "PENDING")
    assert named(events(shop), "payment.confirmed") == []


def test_a_test_mode_keys_payment_happens_in_the_sites_sandbox(shop, receiver):
    live_secret = subscribe(shop, receiver, "/live")
    test_key = {"Authorization": f"Bearer {shop.issue_key('site_demo', ('admin:*',), test=True).token}"}
    r = shop.client.post(f"{SITE}/webhooks", headers=test_key, json={"url": receiver.url("/test"), "events": EVENTS})
    test_secret = r.json()["data"]["secret"]
    seed(shop, order(), tenant="site_demo" + SANDBOX)
    session = shop.client.post(f"{SITE}/orders/order_xyz/payment", headers=test_key).json()["data"]
    assert shop.client.post(page_path(session), data={"outcome": "succeeded"}).status_code == 200
    paid = shop.client.get(f"{SITE}/orders/order_xyz", headers=test_key).json()["data"]
    assert (paid["status"], paid["paymentStatus"]) == ("CONFIRMED", "PAID")
    live = shop.client.get(f"{SITE}/orders/order_xyz", headers=shop.auth("site_demo", ["read:orders"]))
    assert live.status_code == 404  # the sandbox's order is invisible to live keys
    got = wait_for(lambda: receiver.received("/test"))
    assert verify_webhook_signature(got[0]["raw"], got[0]["headers"]["X-Shopvo-Signature"], test_secret)
    assert json.loads(got[0]["raw"])["siteId"] == "site_demo"
    assert receiver.received("/live") == [] and live_secret


# -- a deployment's own provider ---------------------------------------------------------------

class OwnProvider:
    """A provider a deployment plugs in (`SPECLOOM_PAYMENT_PROVIDER=module:factory`)."""

    name = "own"

    def __init__(self, context):
        self.context = context

    async def start(self, request):
        return StartedPayment(url=f"https://pay.example/{request.session_id}", reference="own_1")

    def verify_callback(self, headers, raw_body):
        raise CallbackRefused("not this one")


def test_a_deployment_plugs_in_its_own_provider_behind_the_same_interface(backend, tmp_path):
    settings = Settings(validate_responses=True, clock=lambda: NOW,
                        payment_provider="tests.test_shopvo_payments:OwnProvider", payment_secret="own_secret")
    with serve("shopvo", tmp_path, backend=backend, settings=settings) as shop:
        seed(shop, order())
        own = provider(shop)
        assert isinstance(own, OwnProvider) and isinstance(own, PaymentProvider)
        assert own.context.secret == "own_secret"
        session = start_payment(shop)
        assert (session["provider"], session["url"]) == ("own", f"https://pay.example/{session['id']}")
        assert shop.client.get(f"/_specloom/pay/{session['id']}").status_code == 404  # no test pages
        r = shop.client.post(CALLBACK, content=b"{}", headers={"Content-Type": "application/json"})
        assert r.status_code == 401
    assert provider_factory("test")[1] is TestProvider
    with pytest.raises(LookupError):
        provider_factory("test", "nonesuch")


def test_lint_holds_a_payments_declaration_to_its_resources_and_operations(tmp_path):
    import yaml

    from specloom.generator.loader import load
    from specloom.generator.validate import validate

    doc = yaml.safe_load((ROOT / "specs" / "shopvo" / "openapi.yaml").read_text(encoding="utf-8"))
    ext = doc["x-specloom"]
    ext["payments"]["pays"].update(succeeded="pay", amountField="grandTotal")
    ext["resources"]["paymentSessions"]["schema"] = "Order"  # no url, provider, amount...
    doc["paths"]["/api/v1/{siteId}/payments/callback"]["post"]["security"] = [{"apiKey": []}]
    doc["paths"]["/api/v1/{siteId}/orders/{orderId}/payment"]["post"]["x-specloom"]["resource"] = "carts"
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    messages = [p.message for p in validate(load(tmp_path / "openapi.yaml")) if p.level == "error"]
    for expected in ("payments: 'pay' is not a transition of orders's stateMachine",
                     "payments: 'grandTotal' is not a property of Order",
                     "payments: the session schema Order has no property 'url'",
                     "payments: Order.status must allow PENDING, SUCCEEDED, FAILED",
                     "payments.callback must be public (`security: []`): the provider's signature is its credential",
                     "payments.start works on resource 'orders' (x-specloom.payments)"):
        assert expected in messages, (expected, messages)
    del ext["payments"]
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    messages = [p.message for p in validate(load(tmp_path / "openapi.yaml")) if p.level == "error"]
    assert "payments.callback needs x-specloom.payments" in messages


def test_the_derived_secret_is_per_deployment_surface_and_provider():
    assert provider_secret(b"p" * 32, "shopvo", "test") == provider_secret(b"p" * 32, "shopvo", "test")
    assert len({provider_secret(b"p" * 32, "shopvo", "test"), provider_secret(b"q" * 32, "shopvo", "test"),
                provider_secret(b"p" * 32, "aly", "test"), provider_secret(b"p" * 32, "shopvo", "stripe")}) == 4
    assert provider_secret(b"p" * 32, "shopvo", "test", "configured") == "configured"


# -- real `specloom serve` processes: the page over HTTP, duplicates at once --------------------

SECRET = "pss_test_" + "5" * 40


@pytest.mark.slow  # real `specloom serve` processes
def test_over_real_http_a_paid_order_is_confirmed_once_however_many_callbacks_arrive_at_two_processes(
        backend, tmp_path, receiver):
    db = backend
    admin = issue_key("shopvo", tmp_path, db, "site_demo")
    generated = generate("shopvo", tmp_path)

    async def seed_orders():
        store = open_store(db)
        try:
            await SurfaceRuntime(generated, store, Settings()).ensure_ready()  # migrated, as serve does
            resources = TenantResources(generated.surface, store, "site_demo")
            for doc in (order(), order("order_dup", "ORD-1043")):
                await resources.seed("orders", doc)
        finally:
            await store.close()

    asyncio.run(seed_orders())
    env = {"SPECLOOM_PAYMENT_SECRET": SECRET, "SPECLOOM_WEBHOOK_HTTP_HOSTS": "127.0.0.1",
           "SPECLOOM_WEBHOOK_POLL_SECONDS": "0.05", "SPECLOOM_RATE_LIMITS": "0"}
    server, other = start_all([Server("shopvo", db, tmp_path, env=env), Server("shopvo", db, tmp_path, env=env)])
    try:
        h = {"Authorization": f"Bearer {admin}"}
        with httpx.Client(base_url=server.url, headers=h, timeout=60, trust_env=False) as client:
            sub = client.post(f"{SITE}/webhooks", json={"url": receiver.url("/serve"), "events": EVENTS})
            assert sub.status_code == 201, sub.text
            secret = sub.json()["data"]["secret"]
            session = client.post(f"{SITE}/orders/order_xyz/payment").json()["data"]
            assert session["url"].startswith(server.url + "/_specloom/pay/")
            # the customer's browser: the page, then Pay — the provider calls back over the socket
            page = httpx.get(session["url"], timeout=60, trust_env=False)
            assert page.status_code == 200 and "71.37 EUR" in page.text
            done = httpx.post(session["url"], data={"outcome": "succeeded"}, timeout=60, trust_env=False)
            assert done.status_code == 200 and 'id="status">SUCCEEDED<' in done.text
            paid = client.get(f"{SITE}/orders/order_xyz").json()["data"]
            assert (paid["status"], paid["paymentStatus"]) == ("CONFIRMED", "PAID")

            # eight identical callbacks for another order's session, sent at once to two processes
            dup = client.post(f"{SITE}/orders/order_dup/payment").json()["data"]
            body = callback_body(dup["id"])
            headers = signed(SECRET, body, int(time.time()))
            answers = at_once(8, lambda i, c: c.post((server, other)[i % 2].url + CALLBACK, content=body,
                                                     headers=headers))
            assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers]
            assert {a.json()["data"]["status"] for a in answers} == {"SUCCEEDED"}
            assert client.get(f"{SITE}/orders/order_dup").json()["data"]["paymentStatus"] == "PAID"
            # a forged one over the wire changes nothing either
            forged = client.post(CALLBACK, content=body, headers=signed("pss_wrong", body, int(time.time())))
            assert forged.status_code == 401

        got = wait_for(lambda: len(receiver.received("/serve")) >= 2 and receiver.received("/serve"))
        time.sleep(0.5)  # time enough for a second delivery, were there one
        got = receiver.received("/serve")
        for delivery in got:
            assert verify_webhook_signature(delivery["raw"], delivery["headers"]["X-Shopvo-Signature"], secret)
        assert sorted((json.loads(d["raw"])["event"], json.loads(d["raw"])["data"]["id"]) for d in got) == [
            ("payment.confirmed", "order_dup"), ("payment.confirmed", "order_xyz")]
    finally:
        server.stop()
        other.stop()

"""A cancelled or refunded order gives back what it took (`stateMachine.transitions.<name>.restores`),
on SQLite and PostgreSQL: Shopvo's stock, promotion use and the loyalty points its payment earned;
Aly's stock and coupon use. Once: a second cancel, a refund after a cancel or concurrent cancels
give nothing back twice; a refused move gives nothing back."""

from __future__ import annotations

import asyncio

import pytest

from specloom.backends.base import Mutation, PageRequest, Query
from specloom.runtime.config import Settings
from specloom.runtime.errors import ApiError
from specloom.runtime.services.resources import TenantResources
from specloom.runtime.services.state_machines import apply_transition
from tests.support import serve
from tests.test_shopvo_commerce_flow import check_out, complete, new_cart, seed, stored

SITE = "/api/v1/site_demo"
ACME = "/api/storefront/v1/stores/acme"
NOW = 1_800_000_030.0


@pytest.fixture(params=["sqlite", "postgres"])
def shop(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend, settings=Settings(clock=lambda: NOW)) as served:
        seed(served, "products", {"id": "prd_abc", "name": "T-Shirt", "slug": "t-shirt", "price": 2999})
        seed(served, "variants", {"id": "var_s", "productId": "prd_abc", "name": "Small", "inventoryCount": 42})
        seed(served, "products", {"id": "prd_mug", "name": "Mug", "slug": "mug", "price": 1250, "inventoryCount": 5})
        yield served


@pytest.fixture(params=["sqlite", "postgres"])
def aly(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("aly", tmp_path, backend=backend, settings=Settings(clock=lambda: NOW, sweeps=False)) as served:
        yield served


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


# -- Shopvo ----------------------------------------------------------------------------------------
def placed_order(shop, *, code: str | None = "WELCOME20") -> tuple[str, dict]:
    """An order placed by a checkout: 2 small shirts (variant stock) and 1 mug (product stock),
    with the promotion code when given; (order id, admin headers)."""
    admin = shop.auth("site_demo", ["admin:*"])
    if code:
        ok(shop.client.post(f"{SITE}/promotions", headers=admin, json={
            "code": code, "type": "PERCENTAGE", "value": 20, "maxUses": 500}), 201)
    cart_id = new_cart(shop, admin, {"productId": "prd_abc", "variantId": "var_s", "quantity": 2},
                       {"productId": "prd_mug", "quantity": 1})
    session_id, ch = check_out(shop, cart_id, promotion_code=code)
    done = ok(complete(shop, session_id, ch))["data"]
    return done["orderId"], admin


def promotion_uses(shop) -> tuple[int, int]:
    """WELCOME20's usedCount, and how many use records it has."""
    promotion = next(p for p in stored_all(shop, "promotions") if p["code"] == "WELCOME20")
    return promotion["usedCount"], len(stored_all(shop, "promotionRedemptions"))


def stored_all(shop, name):
    table = shop.runtime.surface.resource(name).table_name
    page = shop.call(shop.runtime.store.list, table, "site_demo", Query(), PageRequest(limit=100))
    return page.items


def taken(shop) -> tuple:
    return (stored(shop, "variants", "var_s")["inventoryCount"], stored(shop, "products", "prd_mug")["inventoryCount"],
            promotion_uses(shop))


def test_a_cancelled_order_gives_back_its_stock_and_promotion_use_once(shop):
    order_id, admin = placed_order(shop)
    assert taken(shop) == (40, 4, (1, 1))
    cancelled = ok(shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "CANCELLED"}))["data"]
    assert cancelled["status"] == "CANCELLED" and cancelled["restoredAt"]
    assert taken(shop) == (42, 5, (0, 0))
    # a second cancel is refused and gives nothing back again
    r = shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "CANCELLED"})
    assert r.status_code == 409, r.text
    assert taken(shop) == (42, 5, (0, 0))


def test_a_refund_takes_back_the_points_and_gives_back_stock_once_even_after_a_cancel(shop):
    order_id, admin = placed_order(shop)
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")
    # a registered customer's order (a checkout by a customer's cart)
    shop.call(resources.store.modify, shop.runtime.surface.resource("orders").table_name, "site_demo", order_id,
              lambda current: Mutation({"customerId": "cust_1"}))
    order = stored(shop, "orders", order_id)
    shop.call(apply_transition, resources, "orders", order, "confirmPayment")  # paid: points earned
    points = stored(shop, "loyaltyAccounts", "cust_1")["points"]
    assert points == order["total"] // 100
    # the customer spends one point meanwhile: at most what is left is taken back
    ok(shop.client.post(f"{SITE}/loyalty/cust_1/redeem", headers=admin, json={"points": 1}))
    cancelled = ok(shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "CANCELLED"}))["data"]
    assert taken(shop) == (42, 5, (0, 0))
    assert stored(shop, "loyaltyAccounts", "cust_1")["points"] == 0  # never below 0
    # the refund after the cancel gives nothing back twice
    refunded = ok(shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "REFUNDED"}))["data"]
    assert refunded["status"] == "REFUNDED" and refunded["restoredAt"] == cancelled["restoredAt"]
    assert taken(shop) == (42, 5, (0, 0))
    assert stored(shop, "loyaltyAccounts", "cust_1")["points"] == 0
    kinds = sorted((e["type"], e["points"]) for e in stored_all(shop, "loyaltyTransactions"))
    assert kinds == [("EARN", points), ("REDEEM", -(points - 1)), ("REDEEM", -1)]


def test_a_refund_of_a_delivered_order_gives_back_what_it_took(shop):
    order_id, admin = placed_order(shop, code=None)
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")
    shop.call(apply_transition, resources, "orders", stored(shop, "orders", order_id), "confirmPayment")
    for status in ("SHIPPED", "DELIVERED"):
        ok(shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": status}))
    assert (stored(shop, "variants", "var_s")["inventoryCount"], stored(shop, "products", "prd_mug")["inventoryCount"]) == (40, 4)
    ok(shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "REFUNDED"}))
    assert (stored(shop, "variants", "var_s")["inventoryCount"], stored(shop, "products", "prd_mug")["inventoryCount"]) == (42, 5)


def test_concurrent_cancels_give_back_once(shop):
    order_id, _ = placed_order(shop)
    resources = TenantResources(shop.runtime.surface, shop.runtime.store, "site_demo")
    order = stored(shop, "orders", order_id)

    async def race():
        async def attempt():
            try:
                return (await apply_transition(resources, "orders", order, "cancel"))["status"]
            except ApiError as exc:
                return exc.status
        return await asyncio.gather(*(attempt() for _ in range(4)))

    outcomes = shop.call(race)
    assert sorted(outcomes, key=str) == [409, 409, 409, "CANCELLED"]
    assert taken(shop) == (42, 5, (0, 0))


def test_a_refused_move_gives_nothing_back(shop):
    order_id, admin = placed_order(shop)
    # a refund of an unpaid order is refused (it requires paymentStatus PAID): nothing given back
    r = shop.client.patch(f"{SITE}/orders/{order_id}", headers=admin, json={"status": "REFUNDED"})
    assert r.status_code == 409, r.text
    assert taken(shop) == (40, 4, (1, 1))
    assert stored(shop, "orders", order_id)["restoredAt"] is None


# -- Aly --------------------------------------------------------------------------------------------
def aly_checkout(aly, *, coupon: bool = True) -> tuple[str, str, dict]:
    """A cart of 3 shirts (10 in stock) checked out with SAVE10; (order id, product id, headers)."""
    merchant = {"Authorization": f"Bearer {aly.issue_key('acme', ('admin:*',)).token}"}
    shirt = ok(aly.client.post(f"{ACME}/products", headers=merchant, json={
        "title": "Shirt", "handle": "shirt", "price": 4900, "inventory_quantity": 10}), 201)["data"]
    ok(aly.client.post(f"{ACME}/coupons", headers=merchant, json={"code": "SAVE10", "type": "percentage", "value": 10}), 201)
    cart = ok(aly.client.post(f"{ACME}/carts", json={"line_items": [{"product_id": shirt["id"], "quantity": 3}]}),
              201)["data"]
    if coupon:
        ok(aly.client.put(f"{ACME}/carts/{cart['id']}/coupon", json={"code": "SAVE10"}))
    session = ok(aly.client.post(f"{ACME}/carts/{cart['id']}/checkout", json={"email": "ada@example.com"}), 201)["data"]
    return session["order_id"], shirt["id"], merchant


def aly_taken(aly, product_id, merchant) -> tuple:
    stock = ok(aly.client.get(f"{ACME}/products/{product_id}", headers=merchant))["data"]["inventory_quantity"]
    return stock, ok(aly.client.get(f"{ACME}/coupons/SAVE10", headers=merchant))["data"]["used_count"]


def test_aly_cancel_gives_back_stock_and_coupon_use_once(aly):
    order_id, product_id, merchant = aly_checkout(aly)
    assert aly_taken(aly, product_id, merchant) == (7, 1)
    # a stale cancel (the client read another state) is refused and gives nothing back
    r = aly.client.post(f"{ACME}/orders/{order_id}/cancel", headers=merchant, json={"expected_status": "open"})
    assert r.status_code == 409, r.text
    assert aly_taken(aly, product_id, merchant) == (7, 1)
    cancelled = ok(aly.client.post(f"{ACME}/orders/{order_id}/cancel", headers=merchant, json={"reason": "customer"}))
    assert cancelled["data"]["restored_at"]
    assert aly_taken(aly, product_id, merchant) == (10, 0)
    assert aly.client.post(f"{ACME}/orders/{order_id}/cancel", headers=merchant).status_code == 422
    assert aly_taken(aly, product_id, merchant) == (10, 0)


def test_aly_refund_gives_back_stock_and_coupon_use(aly):
    order_id, product_id, merchant = aly_checkout(aly)
    resources = TenantResources(aly.runtime.surface, aly.runtime.store, "acme")
    order = ok(aly.client.get(f"{ACME}/orders/{order_id}", headers=merchant))["data"]
    aly.call(apply_transition, resources, "orders", order, "confirmPayment")
    ok(aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=merchant))
    assert aly_taken(aly, product_id, merchant) == (7, 1)
    ok(aly.client.post(f"{ACME}/orders/{order_id}/refund", headers=merchant, json={"reason": "damaged"}))
    assert aly_taken(aly, product_id, merchant) == (10, 0)


def test_aly_a_failed_payment_gives_nothing_back_and_a_merchant_order_took_nothing(aly):
    order_id, product_id, merchant = aly_checkout(aly)
    resources = TenantResources(aly.runtime.surface, aly.runtime.store, "acme")
    order = ok(aly.client.get(f"{ACME}/orders/{order_id}", headers=merchant))["data"]
    aly.call(apply_transition, resources, "orders", order, "failPayment")  # a new payment may still confirm it
    assert aly_taken(aly, product_id, merchant) == (7, 1)
    made = ok(aly.client.post(f"{ACME}/orders", headers=merchant, json={
        "email": "ada@example.com", "line_items": [{"product_id": product_id, "quantity": 2, "unit_amount": 4900}],
        "total_amount": 9800}), 201)["data"]
    cancelled = ok(aly.client.post(f"{ACME}/orders/{made['id']}/cancel", headers=merchant))["data"]
    assert cancelled["restored_at"] is None
    assert aly_taken(aly, product_id, merchant) == (7, 1)


def test_aly_concurrent_cancels_give_back_once(aly):
    order_id, product_id, merchant = aly_checkout(aly)
    resources = TenantResources(aly.runtime.surface, aly.runtime.store, "acme")
    order = ok(aly.client.get(f"{ACME}/orders/{order_id}", headers=merchant))["data"]

    async def race():
        async def attempt():
            try:
                return (await apply_transition(resources, "orders", order, "cancel"))["status"]
            except ApiError as exc:
                return exc.status
        return await asyncio.gather(*(attempt() for _ in range(4)))

    assert sorted(aly.call(race), key=str) == [422, 422, 422, "cancelled"]
    assert aly_taken(aly, product_id, merchant) == (10, 0)


# -- lint --------------------------------------------------------------------------------------------
def test_lint_points_at_a_misspelt_restores_field(tmp_path):
    import shutil
    import subprocess
    import sys

    from tests.support import ROOT

    shutil.copytree(ROOT / "specs" / "shopvo", tmp_path / "specs" / "shopvo")
    spec = tmp_path / "specs" / "shopvo" / "openapi.yaml"
    text = spec.read_text()
    for old, new in (("onceField: restoredAt", "onceField: givenBackAt"),
                     ("coupon: { resource: promotions, codeField: promotionCode, customerField: email }",
                      "coupon: { resource: orders, codeField: promotionCode, customerField: email }"),
                     ("matchField: orderId", "matchField: order")):
        assert old in text, old
        text = text.replace(old, new, 1)
    spec.write_text(text)
    r = subprocess.run([sys.executable, "-m", "specloom.runtime.cli", "lint", "shopvo"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stdout
    for message in ("'givenBackAt' is not a property of Order",
                    "restores coupon: 'orders' is not a resource declaring coupon",
                    "'order' is not a property of loyaltyTransactions",
                    "/x-specloom/resources/orders/stateMachine/transitions/cancel/restores/onceField",
                    "/x-specloom/resources/orders/stateMachine/transitions/cancel/restores/credits/0/matchField"):
        assert message in r.stdout, r.stdout


# -- two real processes ------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite-2proc", "postgres-2proc"])
def two_servers(request, tmp_path):
    from tests import pg_server
    from tests.servers import Server, issue_key, start_all
    from tests.test_shopvo_commerce_concurrency import Shop

    drop = None
    if request.param.startswith("postgres"):
        backend, drop = pg_server.fresh_database(request.getfixturevalue("pg_admin_url"))
    else:
        backend = f"sqlite:///{tmp_path / 'shopvo.db'}"
    key = issue_key("shopvo", tmp_path, backend, "site_demo")
    servers = [Server("shopvo", backend, tmp_path, env={"SPECLOOM_RATE_LIMITS": "0"}) for _ in range(2)]
    start_all(servers)
    yield Shop(servers, key)
    for server in servers:
        server.stop()
    if drop:
        drop()


@pytest.mark.slow
def test_cancels_racing_in_two_processes_give_back_once(two_servers):
    from tests.servers import at_once

    shop = two_servers
    product, _ = shop.product(1000, stock=5)
    assert shop.call("POST", "/promotions", json={"code": "RACE10", "type": "PERCENTAGE", "value": 10}).status_code == 201
    session = shop.checkout_in_review({"productId": product["id"], "quantity": 2}, 0, code="RACE10")
    done = shop.call("PATCH", "/checkout", json={"sessionId": session, "state": "complete"})
    assert done.status_code == 200, done.text
    order_id = done.json()["data"]["orderId"]
    assert shop.call("GET", f"/products/{product['id']}").json()["data"]["inventoryCount"] == 3

    responses = at_once(6, lambda i, client: client.patch(
        f"{shop.url(i)}/orders/{order_id}", headers=shop.headers, json={"status": "CANCELLED"}))
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409, 409, 409], [r.text for r in responses]
    assert shop.call("GET", f"/products/{product['id']}").json()["data"]["inventoryCount"] == 5
    promotion = next(p for p in shop.call("GET", "/promotions").json()["items"] if p["code"] == "RACE10")
    assert promotion["usedCount"] == 0

"""Shopvo's commerce invariants under real parallel requests against real `specloom serve`
processes: "sqlite" (one process), "sqlite-2proc" (two processes on one SQLite file, the
requests spread over both) and "postgres" (one process, its connection pool).

A gift card is never overdrawn, loyalty points never go below zero, stock never below zero, N
buyers of the last item place exactly one order, and a promotion is never used more often
than its maxUses. Rate limits are off in these servers (the bursts are the point).
"""

from __future__ import annotations

import collections

import httpx
import pytest

from tests import pg_server
from tests.servers import Server, at_once, issue_key, start_all

pytestmark = pytest.mark.slow  # concurrency over HTTP against real serve processes

SITE = "/api/v1/site_demo"


@pytest.fixture(scope="module", params=["sqlite", "sqlite-2proc", "postgres"])
def shop(request, tmp_path_factory):
    mode = request.param
    state = tmp_path_factory.mktemp(f"commerce-{mode}")
    drop = None
    if mode == "postgres":
        backend, drop = pg_server.fresh_database(request.getfixturevalue("pg_admin_url"))
    else:
        backend = f"sqlite:///{state / 'shopvo.db'}"
    key = issue_key("shopvo", state, backend, "site_demo")
    servers = [Server("shopvo", backend, state, env={"SPECLOOM_RATE_LIMITS": "0"})
               for _ in range(2 if mode == "sqlite-2proc" else 1)]
    start_all(servers)
    yield Shop(servers, key)
    for server in servers:
        server.stop()
    if drop:
        drop()


class Shop:
    def __init__(self, servers, key):
        self.servers, self.key = servers, key
        self.headers = {"Authorization": f"Bearer {key}"}

    def url(self, i: int = 0) -> str:
        return self.servers[i % len(self.servers)].url + SITE

    def call(self, method: str, path: str, i: int = 0, **kwargs) -> httpx.Response:
        r = httpx.request(method, self.url(i) + path, headers=self.headers, timeout=60, trust_env=False, **kwargs)
        assert r.status_code < 500, r.text
        return r

    def product(self, price: int, *, stock: int | None = None, variant_stock: int | None = None):
        """A new product (with its own stock, or one variant holding `variant_stock`)."""
        self.made = getattr(self, "made", 0) + 1
        body = {"name": "Item", "slug": f"item-{self.made}", "price": price}
        if stock is not None:
            body["inventoryCount"] = stock
        product = self.call("POST", "/products", json=body).json()["data"]
        variant = None
        if variant_stock is not None:
            variant = self.call("POST", f"/products/{product['id']}/variants",
                                json={"name": "Only", "inventoryCount": variant_stock}).json()["data"]
        return product, variant

    def checkout_in_review(self, item: dict, i: int, *, code: str | None = None, email: str = "jane@example.com") -> str:
        cart = self.call("POST", "/cart", i, json={"sessionId": f"sess_{i}"}).json()["data"]["id"]
        r = self.call("PATCH", f"/cart?cartId={cart}", i, json={"action": "add", "item": item})
        assert r.status_code == 200, r.text
        body = {"cartId": cart, **({"promotionCode": code} if code else {})}
        session = self.call("POST", "/checkout", i, json=body).json()["data"]["id"]
        for state in ("contact", "shipping", "payment", "review"):
            extra = {"email": email} if state == "contact" else {}
            assert self.call("PATCH", "/checkout", i, json={"sessionId": session, "state": state, **extra}).status_code == 200
        return session


def assert_no_server_trouble(responses: list[httpx.Response]) -> None:
    assert not [r for r in responses if r.status_code >= 500], [r.text for r in responses if r.status_code >= 500]
    assert not [r for r in responses if "locked" in r.text.lower()]


def test_a_gift_card_is_never_overdrawn(shop):
    card = shop.call("POST", "/gift-cards", json={"initialBalance": 1000}).json()["data"]
    path = f"/gift-cards/{card['id']}/redeem"
    responses = at_once(30, lambda i, c: c.post(shop.url(i) + path, headers=shop.headers,
                                                json={"amount": 100, "orderId": f"order_{i}"}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 10, 409: 20}
    balances = sorted(r.json()["data"]["remainingBalance"] for r in responses if r.status_code == 200)
    assert balances == list(range(0, 1000, 100))  # each success saw its own balance
    final = shop.call("GET", f"/gift-cards?code={card['code']}", 1).json()["items"][0]
    assert (final["remainingBalance"], final["status"]) == (0, "REDEEMED")


def test_loyalty_points_never_go_below_zero(shop):
    customer = "cust_loyal"
    assert shop.call("POST", f"/loyalty/{customer}/award", json={"points": 1000}).status_code == 200
    responses = at_once(30, lambda i, c: c.post(shop.url(i) + f"/loyalty/{customer}/redeem", headers=shop.headers,
                                                json={"points": 100}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 10, 409: 20}
    assert sorted(r.json()["data"]["pointsRemaining"] for r in responses if r.status_code == 200) == list(range(0, 1000, 100))
    account = shop.call("GET", f"/loyalty/{customer}", 1).json()["data"]
    assert account["points"] == 0 and sum(t["points"] for t in account["transactions"]) == 0
    assert len(account["transactions"]) == 11


def test_inventory_decrements_never_take_stock_below_zero(shop):
    product, variant = shop.product(1000, variant_stock=5)
    path = f"/inventory/{product['id']}"
    responses = at_once(20, lambda i, c: c.post(shop.url(i) + path, headers=shop.headers, json={
        "operation": "decrement", "quantity": 1, "variantId": variant["id"], "reason": f"sale {i}"}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 5, 409: 15}
    assert {r.json()["error"].split(":")[0] for r in responses if r.status_code == 409} == {"OUT_OF_STOCK"}
    variants = shop.call("GET", f"/products/{product['id']}/variants", 1).json()["data"]
    assert (variants[0]["inventoryCount"], variants[0]["inventoryStatus"]) == (0, "OUT_OF_STOCK")


def test_n_buyers_of_the_last_item_place_exactly_one_order(shop):
    product, variant = shop.product(2999, variant_stock=1)
    item = {"productId": product["id"], "variantId": variant["id"], "quantity": 1}
    sessions = [shop.checkout_in_review(item, i) for i in range(8)]
    before = shop.call("GET", "/orders?limit=100").json()["pagination"]["total"]
    responses = at_once(8, lambda i, c: c.patch(shop.url(i) + "/checkout", headers=shop.headers,
                                                json={"sessionId": sessions[i], "state": "complete"}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 1, 409: 7}
    assert all(r.json()["error"].startswith("OUT_OF_STOCK") for r in responses if r.status_code == 409)
    assert shop.call("GET", "/orders?limit=100", 1).json()["pagination"]["total"] == before + 1
    variants = shop.call("GET", f"/products/{product['id']}/variants").json()["data"]
    assert variants[0]["inventoryCount"] == 0
    states = sorted(shop.call("GET", f"/checkout?sessionId={s}").json()["data"]["state"] for s in sessions)
    assert states == ["complete"] + ["review"] * 7


def test_a_promotion_is_never_used_beyond_its_max_uses(shop):
    code = "MAXTHREE"
    assert shop.call("POST", "/promotions", json={"code": code, "type": "FIXED_AMOUNT", "value": 500,
                                                  "maxUses": 3}).status_code == 201
    product, _ = shop.product(2000, stock=100)
    item = {"productId": product["id"], "quantity": 1}
    sessions = [shop.checkout_in_review(item, i, code=code, email=f"buyer{i}@example.com") for i in range(10)]
    responses = at_once(10, lambda i, c: c.patch(shop.url(i) + "/checkout", headers=shop.headers,
                                                 json={"sessionId": sessions[i], "state": "complete"}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 3, 409: 7}
    assert {r.json()["data"]["total"] for r in responses if r.status_code == 200} == {1500}
    assert all("no uses left" in r.json()["error"] or "EXHAUSTED" in r.json()["error"]
               for r in responses if r.status_code == 409)
    promotion = next(p for p in shop.call("GET", "/promotions?limit=100", 1).json()["items"] if p["code"] == code)
    assert (promotion["usedCount"], promotion["status"]) == (3, "EXHAUSTED")
    # stock was taken only for the three placed orders
    stock = next(i for i in shop.call("GET", "/inventory?limit=100").json()["items"] if i["id"] == product["id"])
    assert stock["inventoryCount"] == 97


def test_a_customer_never_uses_a_code_beyond_its_per_customer_limit(shop):
    code = "ONEEACH"
    assert shop.call("POST", "/promotions", json={"code": code, "type": "FIXED_AMOUNT", "value": 100,
                                                  "maxUsesPerCustomer": 1}).status_code == 201
    product, _ = shop.product(1000, stock=100)
    item = {"productId": product["id"], "quantity": 1}
    sessions = [shop.checkout_in_review(item, i, code=code, email="same@example.com") for i in range(6)]
    responses = at_once(6, lambda i, c: c.patch(shop.url(i) + "/checkout", headers=shop.headers,
                                                json={"sessionId": sessions[i], "state": "complete"}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 1, 409: 5}
    assert all("used the code as often as it allows" in r.json()["error"] for r in responses if r.status_code == 409)
    promotion = next(p for p in shop.call("GET", "/promotions?limit=100", 1).json()["items"] if p["code"] == code)
    assert promotion["usedCount"] == 1

"""Invariants under concurrency over real HTTP, on every backend: `specloom serve` processes
hit by many threads at once. "sqlite-2proc" runs two server processes on one SQLite file and
spreads the requests over both, so SQLite's cross-process locking (busy_timeout, BEGIN
IMMEDIATE) is what keeps the invariants; "postgres" runs one process with its connection pool.

Rate limits are off in these servers (they are a burst by design); tests/test_multiprocess.py
covers shared rate-limit buckets.
"""

from __future__ import annotations

import collections
import uuid

import httpx
import pytest

from tests import pg_server
from tests.servers import Server, at_once, issue_key, start_all

pytestmark = pytest.mark.slow  # concurrency over HTTP against real serve processes

SURFACES = ("ledgerbook", "notebook", "shopvo")


@pytest.fixture(scope="module", params=["sqlite", "sqlite-2proc", "postgres"])
def deployment(request, tmp_path_factory):
    mode = request.param
    state = tmp_path_factory.mktemp(f"http-{mode}")
    drop = None
    if mode == "postgres":
        url, drop = pg_server.fresh_database(request.getfixturevalue("pg_admin_url"))
        backends = {s: url for s in SURFACES}
    else:
        backends = {s: f"sqlite:///{state / (s + '.db')}" for s in SURFACES}
    keys = {"ledgerbook": issue_key("ledgerbook", state, backends["ledgerbook"], "acme"),
            "notebook": issue_key("notebook", state, backends["notebook"], "ws_1", ("notes:read", "notes:write")),
            "shopvo": issue_key("shopvo", state, backends["shopvo"], "site_demo")}
    per_surface = 2 if mode == "sqlite-2proc" else 1
    servers = {s: [Server(s, backends[s], state, env={"SPECLOOM_RATE_LIMITS": "0"}) for _ in range(per_surface)]
               for s in SURFACES}
    start_all([srv for group in servers.values() for srv in group])
    yield Deployment(mode, servers, keys)
    for group in servers.values():
        for srv in group:
            srv.stop()
    if drop:
        drop()


class Deployment:
    def __init__(self, mode, servers, keys):
        self.mode, self.servers, self.keys = mode, servers, keys

    def url(self, surface: str, i: int = 0) -> str:
        group = self.servers[surface]
        return group[i % len(group)].url

    def headers(self, surface: str, **extra) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[surface]}", **extra}

    def call(self, method: str, surface: str, path: str, i: int = 0, **kwargs) -> httpx.Response:
        headers = {**self.headers(surface), **kwargs.pop("headers", {})}
        return httpx.request(method, self.url(surface, i) + path, headers=headers, timeout=60,
                             trust_env=False, **kwargs)


def assert_no_server_trouble(responses: list[httpx.Response]) -> None:
    assert not [r for r in responses if r.status_code >= 500], [r.text for r in responses if r.status_code >= 500]
    assert not [r for r in responses if "locked" in r.text.lower()]


def test_fifty_debits_of_ten_against_a_balance_of_a_hundred(deployment):
    d = deployment
    wallet = d.call("POST", "ledgerbook", "/t/acme/wallets", json={"name": "main"}).json()
    path = f"/t/acme/wallets/{wallet['id']}"
    assert d.call("POST", "ledgerbook", path, json={"type": "CREDIT", "amount": 100}).json()["balance"] == 100
    responses = at_once(50, lambda i, c: c.post(d.url("ledgerbook", i) + path, headers=d.headers("ledgerbook"),
                                                json={"type": "DEBIT", "amount": 10}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 10, 409: 40}
    assert {r.json()["error_code"] for r in responses if r.status_code == 409} == {"insufficient_balance"}
    assert sorted(r.json()["balance"] for r in responses if r.status_code == 200) == list(range(0, 100, 10))
    assert d.call("GET", "ledgerbook", path, 1).json()["balance"] == 0
    entries = d.call("GET", "ledgerbook", path + "/entries").json()["data"]
    assert sum(e["amount"] for e in entries if e["type"] == "CREDIT") == 100
    assert sum(e["amount"] for e in entries if e["type"] == "DEBIT") == 100
    assert len(entries) == 11


def test_a_stock_of_five_and_twenty_decrements(deployment):
    d = deployment
    item = d.call("POST", "ledgerbook", "/t/acme/items", json={"name": "mug"}).json()
    path = f"/t/acme/items/{item['id']}"
    assert d.call("POST", "ledgerbook", path, json={"operation": "set", "quantity": 5}).json()["stock"] == 5
    responses = at_once(20, lambda i, c: c.post(d.url("ledgerbook", i) + path, headers=d.headers("ledgerbook"),
                                                json={"operation": "decrement", "quantity": 1}))
    assert_no_server_trouble(responses)
    assert collections.Counter(r.status_code for r in responses) == {200: 5, 409: 15}
    assert {r.json()["error_code"] for r in responses if r.status_code == 409} == {"insufficient_quantity"}
    final = d.call("GET", "ledgerbook", path, 1).json()
    assert (final["stock"], final["status"]) == (0, "OUT_OF_STOCK")


def test_fifty_posts_with_one_idempotency_key_make_one_note(deployment):
    d = deployment
    key, text = str(uuid.uuid4()), f"once {uuid.uuid4().hex[:8]}"
    responses = at_once(50, lambda i, c: c.post(
        d.url("notebook", i) + "/workspaces/ws_1/notes", json={"text": text},
        headers=d.headers("notebook", **{"Idempotency-Key": key})))
    assert_no_server_trouble(responses)
    statuses = collections.Counter(r.status_code for r in responses)
    assert set(statuses) <= {201, 409} and statuses[201] >= 1, statuses
    assert len({r.content for r in responses if r.status_code == 201}) == 1  # the one response, replayed
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} <= {"idempotency_in_flight"}
    replay = d.call("POST", "notebook", "/workspaces/ws_1/notes", 1, json={"text": text},
                    headers={"Idempotency-Key": key})
    assert replay.status_code == 201 and replay.headers["idempotent-replayed"] == "true"
    assert replay.content == next(r.content for r in responses if r.status_code == 201)
    notes = d.call("GET", "notebook", "/workspaces/ws_1/notes?limit=50").json()["data"]
    assert [n["text"] for n in notes].count(text) == 1


def test_concurrent_promotions_leave_one_default_variant(deployment):
    d = deployment
    site = "/api/v1/site_demo"
    slug = f"p-{uuid.uuid4().hex[:8]}"
    product = d.call("POST", "shopvo", f"{site}/products", json={"name": "P", "slug": slug, "price": 1}).json()["data"]
    variants = [d.call("POST", "shopvo", f"{site}/products/{product['id']}/variants", i, json={"name": f"V{i}"}).json()["data"]
                for i in range(10)]
    assert [v["isDefault"] for v in variants] == [True] + [False] * 9
    responses = at_once(30, lambda i, c: c.patch(
        d.url("shopvo", i) + f"{site}/products/{product['id']}/variants/{variants[i % 10]['id']}",
        headers=d.headers("shopvo"), json={"isDefault": True}))
    assert_no_server_trouble(responses)
    assert {r.status_code for r in responses} == {200}
    listed = d.call("GET", "shopvo", f"{site}/products/{product['id']}/variants").json()["data"]
    assert len(listed) == 10
    assert sum(v["isDefault"] for v in listed) == 1
    assert listed[0]["isDefault"] is True  # the list puts the default first

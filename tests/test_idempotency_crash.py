"""kill -9 under idempotent write load, on every backend: a request retried with its
Idempotency-Key after a crash runs at most once.

Sixteen writers create Aly orders, each request with its own key; the server is killed
with SIGKILL under load, restarted, and every key sent before the kill is retried once its
claim is stale. Whatever moment the kill hit — before the write committed, between the write
and its idempotency record, after the response — each key must end up with exactly one
order: the outcome is recorded in the write's own transaction, so a retry either replays
the stored response or runs a request whose write never happened.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import httpx
import pytest

from tests.servers import Server, issue_key, start_all

pytestmark = pytest.mark.slow  # kill -9 of real serve processes under load

ORDERS = "/api/storefront/v1/stores/acme/orders"
IN_FLIGHT_SECONDS = 1.0
ENV = {"SPECLOOM_IDEMPOTENCY_IN_FLIGHT_SECONDS": str(IN_FLIGHT_SECONDS), "SPECLOOM_RATE_LIMITS": "0"}


def create(client: httpx.Client, key: str) -> httpx.Response:
    """An order no uniqueness rule stops from being made twice: only the key can."""
    return client.post(ORDERS, headers={"Idempotency-Key": key},
                       json={"email": f"{key}@example.com", "total_amount": 100,
                             "line_items": [{"product_id": "prod_1", "quantity": 1, "unit_amount": 100}]})


def load_until_killed(server: Server, headers: dict, round_: int, writers: int = 16,
                      load_seconds: float = 1.5) -> list[str]:
    """Keys of every request sent (answered or not) while the server ran and was killed."""
    sent: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        with httpx.Client(base_url=server.url, headers=headers, timeout=10, trust_env=False) as client:
            for i in range(100_000):
                key = f"r{round_}-w{n}-{i}"
                with lock:
                    sent.append(key)
                try:
                    r = create(client, key)
                except httpx.HTTPError:
                    return  # the server died under this request
                assert r.status_code == 201, r.text

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    time.sleep(load_seconds)
    server.kill()
    for t in threads:
        t.join(30)
    return sent


def emails(server: Server, headers: dict) -> Counter:
    counts: Counter = Counter()
    cursor = None
    with httpx.Client(base_url=server.url, headers=headers, timeout=30, trust_env=False) as client:
        while True:
            r = client.get(ORDERS, params={"limit": 100, **({"cursor": cursor} if cursor else {})})
            assert r.status_code == 200, r.text
            body = r.json()
            counts.update(o["email"].split("@")[0] for o in body["data"])
            cursor = body.get("next_cursor")
            if not cursor:
                return counts


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_key_retried_after_kill_9_yields_exactly_one_record(backend, tmp_path, request):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'aly.db'}"
    token = issue_key("aly", tmp_path, url, "acme", scopes=("orders:read", "orders:write"))
    headers = {"Authorization": f"Bearer {token}"}

    sent: list[str] = []
    for round_ in range(3):  # three crashes under load: the window between write and record is small
        (server,) = start_all([Server("aly", url, tmp_path, env=ENV)])
        sent += load_until_killed(server, headers, round_)

    (server,) = start_all([Server("aly", url, tmp_path, env=ENV)])
    try:
        time.sleep(IN_FLIGHT_SECONDS + 0.5)  # every claim left by a killed request is stale now
        with httpx.Client(base_url=server.url, headers=headers, timeout=30, trust_env=False) as client:
            for key in sent:
                r = create(client, key)
                assert r.status_code == 201, (key, r.status_code, r.text)
        counts = emails(server, headers)
    finally:
        server.stop()

    assert len(sent) > 100, "the load did not get going"
    duplicated = {key: n for key, n in counts.items() if n > 1}
    assert duplicated == {}, f"{len(duplicated)} keys ran twice: {sorted(duplicated)[:10]}"
    assert set(counts) == set(sent)  # every key made its record, once

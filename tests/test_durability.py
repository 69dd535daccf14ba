"""kill -9 under write load, on every backend: every write acknowledged with a 2xx survives a
restart on the same store, and nothing is half-written (each wallet's balance is the sum of
its ledger entries, entry by entry, including writes whose response was lost)."""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time

import httpx
import psycopg
import pytest

from specloom.backends.sqlite import path_from_url
from tests.servers import Server, issue_key, start_all

pytestmark = pytest.mark.slow  # kill -9 of real serve processes under load

T = "/t/acme"


def stored(url: str, table: str) -> list[dict]:
    """Every document of a table, read behind the server's back."""
    if url.startswith("sqlite:"):
        conn = sqlite3.connect(path_from_url(url))
        try:
            return [json.loads(doc) for (doc,) in conn.execute(f"SELECT doc FROM {table}")]
        finally:
            conn.close()
    with psycopg.connect(url) as conn:
        return [doc for (doc,) in conn.execute(f"SELECT doc FROM {table}")]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_acknowledged_writes_survive_kill_9_and_nothing_is_half_written(backend, tmp_path, request):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'lb.db'}"
    token = issue_key("ledgerbook", tmp_path, url, "acme")
    headers = {"Authorization": f"Bearer {token}"}
    (server,) = start_all([Server("ledgerbook", url, tmp_path)])

    wallets: list[str] = []  # acknowledged creates
    entries: dict[str, list[dict]] = {}  # acknowledged ledger entries, per wallet
    lock = threading.Lock()
    stop = threading.Event()
    acked = [0]

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=server.url, headers=headers, timeout=10, trust_env=False) as client:
            try:
                while not stop.is_set():
                    r = client.post(f"{T}/wallets", json={"name": f"w{seed}"})
                    if r.status_code != 201:
                        continue
                    wallet = r.json()["id"]
                    with lock:
                        wallets.append(wallet)
                        entries[wallet] = []
                        acked[0] += 1
                    for _ in range(rng.randint(3, 12)):
                        kind = "DEBIT" if rng.random() < 0.3 else "CREDIT"
                        r = client.post(f"{T}/wallets/{wallet}", json={"type": kind, "amount": rng.randint(1, 40)})
                        if r.status_code == 200:
                            with lock:
                                entries[wallet].append(r.json()["transaction"])
                                acked[0] += 1
            except httpx.HTTPError:
                return  # the server is gone

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while acked[0] < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()  # SIGKILL, mid-load
    stop.set()
    for t in threads:
        t.join(30)
    assert acked[0] >= 150, server.output()

    (restarted,) = start_all([Server("ledgerbook", url, tmp_path)])
    try:
        with httpx.Client(base_url=restarted.url, headers=headers, timeout=10, trust_env=False) as client:
            for wallet in wallets:
                r = client.get(f"{T}/wallets/{wallet}")
                assert r.status_code == 200, (wallet, r.text)
                listed = client.get(f"{T}/wallets/{wallet}/entries").json()["data"]
                listed_ids = {e["id"] for e in listed}
                assert {e["id"] for e in entries[wallet]} <= listed_ids, "an acknowledged entry was lost"
                net = sum(e["amount"] if e["type"] == "CREDIT" else -e["amount"] for e in listed)
                assert r.json()["balance"] == net
        # every wallet in the store, acknowledged or not: balance is the sum of its entries
        by_wallet: dict[str, int] = {}
        for e in stored(url, "ledgerbook__entries"):
            by_wallet[e["walletId"]] = by_wallet.get(e["walletId"], 0) + (
                e["amount"] if e["type"] == "CREDIT" else -e["amount"])
        all_wallets = stored(url, "ledgerbook__wallets")
        assert len(all_wallets) >= len(wallets)
        assert all(w["balance"] == by_wallet.get(w["id"], 0) and w["balance"] >= 0 for w in all_wallets)
        stored_entries = sum(1 for _ in stored(url, "ledgerbook__entries"))
        print(f"\nkill -9 [{backend}]: {acked[0]} writes acknowledged before SIGKILL; after restart "
              f"{len(all_wallets)} wallets ({len(all_wallets) - len(wallets)} committed but unacknowledged), "
              f"{stored_entries} entries ({stored_entries - sum(map(len, entries.values()))} unacknowledged), "
              f"all balanced")
        if backend == "sqlite":
            conn = sqlite3.connect(path_from_url(url))
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
    finally:
        restarted.stop()

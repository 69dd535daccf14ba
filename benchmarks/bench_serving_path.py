"""Server CPU per request, in process, for the three operations of the side-by-side suite:
list 20 (keyset), get by id, create with an Idempotency-Key — specloom on SQLite and on
PostgreSQL (response validation on and off) beside the hand-written FastAPI peer.

Each app is driven through ASGI with no sockets, so the figure is the server's own CPU time per
request (time.process_time: every thread of this process — SQLite's worker threads and the
peer's thread pool included; PostgreSQL's own CPU is not). Apps and operations take turns
within each round, the order reversed every other round, and the table gives medians over the
rounds — a busy moment of the machine falls on all of them. It is the measurement used for each
change of the serving path (issue 12); bench_request_overhead.py compares stock Connexion.

    python -m benchmarks.bench_serving_path [--requests 300] [--rounds 7] [--products 200]
        [--only sqlite|postgres] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEPPER = "benchmark-pepper-" + "0" * 32
os.environ.setdefault("SPECLOOM_PEPPER", PEPPER)

TENANT = "site_bench"
OPERATIONS = ("list", "get", "create")

from benchmarks.bench_request_overhead import lifespan_start  # noqa: E402
from benchmarks.suite import _seed  # noqa: E402
from specloom.backends import open_store  # noqa: E402
from specloom.runtime.config import Settings  # noqa: E402
from specloom.runtime.http.app import create_app  # noqa: E402
from specloom.runtime.surfaces import load_surface  # noqa: E402


class Driver:
    """Sends requests of one operation to one ASGI app, keys taking turns."""

    def __init__(self, app, tokens: list[str], product: str):
        self.app = app
        self.tokens = itertools.cycle(tokens)
        self.product = product
        self.serial = itertools.count()
        self.statuses: list[int] = []
        self.body = bytearray()

    def scope(self, operation: str) -> tuple[dict, bytes]:
        token = next(self.tokens)
        headers = [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {token}".encode())]
        query, body, method = b"", b"", "GET"
        path = f"/api/v1/{TENANT}/products"
        if operation == "list":
            query = b"limit=20&cursor="
        elif operation == "get":
            path += "/" + self.product
        else:
            n = next(self.serial)
            tag = f"{os.getpid()}-{id(self)}-{n}"
            method = "POST"
            body = json.dumps({"name": f"Bench {tag}", "slug": f"bench-{tag}".replace("_", "-"),
                               "price": 1999, "description": "made by the benchmark"}).encode()
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                        (b"idempotency-key", f"idem-{tag}".encode())]
        return ({"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
                 "query_string": query, "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000),
                 "headers": headers}, body)

    async def one(self, operation: str) -> None:
        scope, body = self.scope(operation)
        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                self.statuses.append(message["status"])
                self.body.clear()
            elif message["type"] == "http.response.body":
                self.body.extend(message.get("body", b""))

        await self.app(scope, receive, send)

    async def run(self, operation: str, n: int) -> float:
        self.statuses.clear()
        started = time.process_time()
        for _ in range(n):
            await self.one(operation)
        elapsed = time.process_time() - started
        expected = 201 if operation == "create" else 200
        if set(self.statuses) != {expected}:
            raise AssertionError(f"{operation}: statuses {set(self.statuses)}: {bytes(self.body[:300])!r}")
        if operation == "list":
            assert len(json.loads(self.body)["items"]) == 20, bytes(self.body[:200])
        return elapsed


async def main_async(args) -> dict:
    logging.disable(logging.WARNING)
    tmp = Path(tempfile.mkdtemp(prefix="specloom-serving-"))
    generated = load_surface("shopvo", spec=ROOT / "specs" / "shopvo" / "openapi.yaml", out_dir=tmp / "gen")
    # every key serves requests × rounds × apps × operations / keys requests a run: under the plan's 1000 a minute
    total = args.requests * args.rounds * 4 * len(OPERATIONS)
    keys = max(total // 600 + 1, 10)
    drivers: dict[str, Driver] = {}
    stores = []
    backends = []
    if args.only in (None, "sqlite"):
        backends.append(("SQLite", f"sqlite:///{tmp / 'bench.db'}"))
    if args.only in (None, "postgres"):
        from benchmarks.suite import _fresh_postgres

        backends.append(("PostgreSQL", _fresh_postgres(args.postgres, "specloom_bench_serving")))
    for name, url in backends:
        # the suite's data (benchmarks/suite.py): products × 2 variants and the API keys
        tokens, product = await _seed(url, args.products, keys)
        store = open_store(url)
        stores.append(store)
        apps = {f"specloom · {name} · resp. validation {'on' if on else 'off'}":
                create_app(generated, store, settings=Settings(validate_responses=on, access_log=False))
                for on in (True, False)}
        for label, app in apps.items():
            await lifespan_start(app)
            drivers[label] = Driver(app, tokens, product)
        if name == "SQLite" and not args.no_peer:
            os.environ["SPECLOOM_BENCH_DB"] = str(tmp / "bench.db")
            from benchmarks.fastapi_peer import create_app as peer_app

            drivers["FastAPI peer (hand-written) · SQLite"] = Driver(peer_app(), tokens, product)
    results: dict[str, dict[str, list[float]]] = {label: {op: [] for op in OPERATIONS} for label in drivers}
    for driver in drivers.values():  # warm-up
        for operation in OPERATIONS:
            await driver.run(operation, 20)
    for round_number in range(args.rounds):
        order = list(drivers.items())
        if round_number % 2:
            order.reverse()
        for operation in OPERATIONS:
            for label, driver in order:
                seconds = await driver.run(operation, args.requests)
                results[label][operation].append(seconds / args.requests * 1e6)
    print(f"server CPU µs per request, in process (ASGI), median of {args.rounds} rounds × {args.requests} "
          f"requests; {args.products} products × 2 variants")
    print(f"{'app':<48}" + "".join(f"{op:>10}" for op in OPERATIONS))
    table = {}
    for label, by_op in results.items():
        table[label] = {op: statistics.median(values) for op, values in by_op.items()}
        print(f"{label:<48}" + "".join(f"{table[label][op]:>10.0f}" for op in OPERATIONS))
    peer = table.get("FastAPI peer (hand-written) · SQLite")
    if peer:
        for label in table:
            if label.startswith("specloom"):
                print(f"{label + ' ÷ peer':<48}" + "".join(f"{table[label][op] / peer[op]:>10.2f}"
                                                           for op in OPERATIONS))
    sq, pg = (table.get(f"specloom · {b} · resp. validation on") for b in ("SQLite", "PostgreSQL"))
    if sq and pg:
        print(f"{'PostgreSQL ÷ SQLite (resp. validation on)':<48}" + "".join(f"{pg[op] / sq[op]:>10.2f}"
                                                                              for op in OPERATIONS))
    if args.json:
        args.json.write_text(json.dumps({"table": table, "samples": results}, indent=2), encoding="utf-8")
    for store in stores:
        await store.close()
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="requests per app, operation and round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--postgres", default=os.environ.get("SPECLOOM_BENCH_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--json", type=Path)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()

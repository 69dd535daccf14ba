"""SQLite vs PostgreSQL on the same workload, over real HTTP against `specloom serve shopvo`.

For each backend a fresh store is served by one `specloom serve` process (uvicorn, one worker,
response validation on as by default, rate limits off so the plan limit does not cap the run),
seeded with 20 products. A client with `--concurrency` keep-alive connections then sends
`--requests` product lists (`GET /products?limit=20`) and as many product creates
(`POST /products`), `--runs` times; the table shows the median requests per second and the
median latency. Client and server share the machine's CPUs.

PostgreSQL: `--postgres URL` (a database the benchmark may fill), else the test suite's
discovery (SPECLOOM_TEST_POSTGRES_URL, 127.0.0.1:5432, or a throwaway cluster) with a fresh
database dropped afterwards.

    python -m benchmarks.bench_backends [--requests 400] [--runs 5] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests import pg_server  # noqa: E402
from tests.servers import Server, issue_key  # noqa: E402

SITE = "/api/v1/site_demo"


async def burst(base: str, token: str, n: int, concurrency: int, make) -> tuple[float, list[float], int]:
    """(requests per second, latencies in ms, non-2xx count) of n requests made by `make`."""
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"},
                                 limits=limits, timeout=60, trust_env=False) as client:
        queue = iter(range(n))

        async def worker():
            nonlocal failures
            for i in queue:
                t0 = time.perf_counter()
                r = await make(client, i)
                latencies.append((time.perf_counter() - t0) * 1000)
                failures += not 200 <= r.status_code < 300

        for i in range(concurrency):  # open the connections first
            await client.get(f"{SITE}/products?limit=1")
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return n / elapsed, latencies, failures


def list_products(client, i):
    return client.get(f"{SITE}/products", params={"limit": 20})


def create_product(client, i):
    return client.post(f"{SITE}/products", json={"name": f"Bench {i}", "slug": f"bench-{uuid.uuid4().hex}",
                                                  "price": 1000 + i})


def measure(name: str, url: str, args) -> dict[str, tuple[float, float, int]]:
    state = Path(tempfile.mkdtemp(prefix=f"specloom-bench-{name}-"))
    token = issue_key("shopvo", state, url, "site_demo")
    server = Server("shopvo", url, state, env={"SPECLOOM_RATE_LIMITS": "0"}).start().wait_ready()
    try:
        async def seed():
            async with httpx.AsyncClient(base_url=server.url, headers={"Authorization": f"Bearer {token}"},
                                         trust_env=False) as client:
                for i in range(20):
                    r = await create_product(client, -i)
                    assert r.status_code == 201, r.text
        asyncio.run(seed())
        results = {}
        for label, make in (("list", list_products), ("create", create_product)):
            rps, p50s, failed = [], [], 0
            asyncio.run(burst(server.url, token, min(50, args.requests), args.concurrency, make))  # warm-up
            for _ in range(args.runs):
                rate, latencies, failures = asyncio.run(burst(server.url, token, args.requests, args.concurrency, make))
                rps.append(rate)
                p50s.append(statistics.median(latencies))
                failed += failures
            results[label] = (statistics.median(rps), statistics.median(p50s), failed)
            print(f"  {name} {label}: runs {', '.join(f'{r:.0f}' for r in rps)} req/s", file=sys.stderr)
        return results
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per run and operation")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--postgres", help="a PostgreSQL database URL to use (default: discover, fresh database)")
    args = parser.parse_args()

    drop = None
    pg = args.postgres
    if pg is None:
        pg, drop = pg_server.fresh_database(pg_server.postgres_admin_url())
        print(pg_server.describe(), file=sys.stderr)
    sqlite_dir = Path(tempfile.mkdtemp(prefix="specloom-bench-sqlite-"))
    try:
        rows = {"sqlite": measure("sqlite", f"sqlite:///{sqlite_dir / 'shopvo.db'}", args),
                "postgres": measure("postgres", pg, args)}
    finally:
        if drop:
            drop()
    print(f"\nshopvo over HTTP, one `specloom serve` process per backend; {args.requests} requests x "
          f"{args.runs} runs per cell, {args.concurrency} concurrent connections; medians")
    print(f"{'backend':<10} {'list req/s':>11} {'list p50 ms':>12} {'create req/s':>13} {'create p50 ms':>14} {'non-2xx':>8}")
    for name, r in rows.items():
        print(f"{name:<10} {r['list'][0]:>11.0f} {r['list'][1]:>12.1f} {r['create'][0]:>13.0f} "
              f"{r['create'][1]:>14.1f} {r['list'][2] + r['create'][2]:>8}")


if __name__ == "__main__":
    main()

"""Read latency of `specloom serve` on a SQLite file while ANOTHER process writes to that file.

One `specloom serve shopvo` process on a fresh SQLite file, seeded with 20 products. For
`--seconds` per scenario, a client with `--concurrency` keep-alive connections sends reads over
real HTTP, one after another on each connection: a product by id (`GET /products/{id}`: the key
checked, a rate-limit hit counted, the record read) and a page of 20 (`GET /products?limit=20`),
alternately. Reads use a pool of keys, so no key reaches its plan limit (1000 a minute).

Scenarios, each on the same server:

- `idle`: nothing else runs;
- `writer`: another process writes to the store's file continuously: transactions of one
  insert that hold the write lock `--hold-ms` each, back to back (1 ms apart);
- `lock held`: another process holds the write lock (`BEGIN IMMEDIATE`) for the whole scenario,
  while `--posts` connections of the client also send product creates to the same server (they
  wait for the lock, up to the 10 s busy timeout, and then answer 503).

The table shows, per scenario, the reads completed, their p50, p99 and max latency, and the
reads that did not answer 2xx (a read given up after 30 s counts, at 30 s). Reads still in flight at
the end are waited for and counted.
Client, server and writer share the machine's CPUs.

    python -m benchmarks.bench_sqlite_reads [--seconds 10] [--concurrency 8] [--hold-ms 5] [--posts 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from specloom.backends import open_store  # noqa: E402
from specloom.runtime.config import Settings  # noqa: E402
from specloom.runtime.surface_runtime import SurfaceRuntime  # noqa: E402
from tests.servers import Server, generate  # noqa: E402

SITE = "/api/v1/site_demo"
KEYS = 24

# the other process: `writer` writes continuously, `hold` takes the write lock and keeps it
OTHER_PROCESS = """
import sqlite3, sys, time
path, mode, hold_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
c = sqlite3.connect(path, isolation_level=None, timeout=60)
c.execute("CREATE TABLE IF NOT EXISTS bench_other_writer (n INTEGER PRIMARY KEY, at REAL)")
print("ready", flush=True)
if mode == "hold":
    c.execute("BEGIN IMMEDIATE")
    c.execute("INSERT INTO bench_other_writer (at) VALUES (?)", (time.time(),))
    sys.stdin.readline()
    c.execute("ROLLBACK")
else:
    import select
    while not select.select([sys.stdin], [], [], 0)[0]:
        c.execute("BEGIN IMMEDIATE")
        c.execute("INSERT INTO bench_other_writer (at) VALUES (?)", (time.time(),))
        time.sleep(hold_ms / 1000)
        c.execute("COMMIT")
        time.sleep(0.001)
"""


def issue_keys(state: Path, url: str, n: int) -> list[str]:
    generated = generate("shopvo", state)
    store = open_store(url)

    async def run() -> list[str]:
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            return [(await runtime.api_keys.issue("site_demo", ("read:catalog", "write:catalog"))).token
                    for _ in range(n)]
        finally:
            await store.close()

    return asyncio.run(run())


async def read_for(base: str, tokens: list[str], products: list[str], seconds: float, concurrency: int,
                   posts: int) -> tuple[list[float], int, int]:
    """(read latencies in ms, reads not 2xx, creates sent) of `seconds` of reads."""
    latencies: list[float] = []
    failures = 0
    created = 0
    limits = httpx.Limits(max_connections=concurrency + posts, max_keepalive_connections=concurrency + posts)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, trust_env=False) as client:
        deadline = time.monotonic() + seconds
        counter = iter(range(10 ** 9))

        async def reader() -> None:
            nonlocal failures
            while time.monotonic() < deadline:
                i = next(counter)
                headers = {"Authorization": f"Bearer {tokens[i % len(tokens)]}"}
                path = f"{SITE}/products/{products[i % len(products)]}" if i % 2 else f"{SITE}/products"
                t0 = time.perf_counter()
                try:
                    r = await client.get(path, params=None if i % 2 else {"limit": 20}, headers=headers)
                    failures += not 200 <= r.status_code < 300
                except httpx.TimeoutException:  # counted at the time it took to give up
                    failures += 1
                latencies.append((time.perf_counter() - t0) * 1000)

        async def poster() -> None:
            nonlocal created
            headers = {"Authorization": f"Bearer {tokens[0]}"}
            while time.monotonic() < deadline:
                try:
                    await client.post(f"{SITE}/products", headers=headers,
                                      json={"name": "Bench", "slug": f"b-{uuid.uuid4().hex}", "price": 1})
                except httpx.TimeoutException:
                    pass
                created += 1

        await asyncio.gather(*(reader() for _ in range(concurrency)), *(poster() for _ in range(posts)))
    return latencies, failures, created


def scenario(server: Server, db: Path, tokens, products, args, other: str | None) -> dict:
    process = None
    if other is not None:
        process = subprocess.Popen([sys.executable, "-c", OTHER_PROCESS, str(db), other, str(args.hold_ms)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
    try:
        posts = args.posts if other == "hold" else 0
        latencies, failures, created = asyncio.run(
            read_for(server.url, tokens, products, args.seconds, args.concurrency, posts))
    finally:
        if process is not None:
            process.stdin.write("\n")
            process.stdin.flush()
            process.wait(60)
    ordered = sorted(latencies)
    return {"reads": len(ordered), "p50": statistics.median(ordered),
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], "max": ordered[-1],
            "failures": failures, "created": created}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="connections sending reads")
    parser.add_argument("--hold-ms", type=float, default=5.0,
                        help="how long each of the writer's transactions holds the lock")
    parser.add_argument("--posts", type=int, default=2, help="connections sending creates while the lock is held")
    args = parser.parse_args()

    state = Path(tempfile.mkdtemp(prefix="specloom-bench-sqlite-reads-"))
    db = state / "shopvo.db"
    url = f"sqlite:///{db}"
    tokens = issue_keys(state, url, KEYS)
    server = Server("shopvo", url, state).start().wait_ready()
    try:
        async def seed() -> list[str]:
            async with httpx.AsyncClient(base_url=server.url, trust_env=False,
                                         headers={"Authorization": f"Bearer {tokens[-1]}"}) as client:
                made = []
                for i in range(20):
                    r = await client.post(f"{SITE}/products", json={"name": f"P{i}", "slug": f"p-{i}", "price": i})
                    assert r.status_code == 201, r.text
                    made.append(r.json()["data"]["id"])
                return made
        products = asyncio.run(seed())
        asyncio.run(read_for(server.url, tokens, products, 1.0, args.concurrency, 0))  # warm-up
        rows = {}
        for name, other in (("idle", None), ("writer", "writer"), ("lock held", "hold")):
            rows[name] = scenario(server, db, tokens, products, args, other)
            print(f"  {name}: {rows[name]}", file=sys.stderr)
    finally:
        server.stop()
    print(f"\nshopvo reads over HTTP (GET one product / a page of 20), one `specloom serve` on a SQLite file; "
          f"{args.seconds:g} s per scenario, {args.concurrency} connections; writer transactions hold the lock "
          f"{args.hold_ms:g} ms; {args.posts} connections also create products while the lock is held")
    print(f"{'scenario':<10} {'reads':>7} {'p50 ms':>8} {'p99 ms':>9} {'max ms':>9} {'non-2xx':>8}")
    for name, r in rows.items():
        print(f"{name:<10} {r['reads']:>7} {r['p50']:>8.1f} {r['p99']:>9.1f} {r['max']:>9.1f} {r['failures']:>8}")


if __name__ == "__main__":
    main()

"""What checking a pooled PostgreSQL connection costs per checkout (backends/postgres_connections.py).

One store call is one checkout plus its statement(s); a list request makes several calls. Four
ways to run the same one-row read (`SELECT doc FROM notes WHERE tenant = %s AND id = %s`),
sequentially on one event loop, `--calls` times, `--runs` times (median of the runs, µs/call):

- pool, no check          psycopg_pool's checkout alone: what the store did before
- pool, check=check_connection   the pool's own check: an empty query (one round-trip) per checkout
- pool + socket poll      a zero-timeout poll of the socket (the store's check; a round-trip only
                          when the server has sent something, i.e. ended the session)
- PostgresStore.get       the store's whole path (poll check, retry bookkeeping, unit-of-work lookup)

PostgreSQL: `--postgres URL`, else the test suite's discovery, with a fresh database dropped
afterwards.

    python -m benchmarks.bench_postgres_checkout [--calls 3000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psycopg_pool import AsyncConnectionPool  # noqa: E402

from specloom.backends.base import Column, Table  # noqa: E402
from specloom.backends.postgres import PostgresStore  # noqa: E402
from specloom.backends.postgres_connections import _socket_readable  # noqa: E402
from tests import pg_server  # noqa: E402

NOTES = Table("notes", columns=(Column("title"),))
READ = "SELECT doc FROM notes WHERE tenant = %s AND id = %s"


async def timed(calls: int, one) -> float:
    for _ in range(50):  # warm-up: connections open, statements prepared
        await one()
    start = time.perf_counter()
    for _ in range(calls):
        await one()
    return (time.perf_counter() - start) / calls * 1e6


async def measure(url: str, calls: int) -> dict[str, float]:
    store = PostgresStore(url, max_size=4)
    await store.migrate([NOTES])
    if await store.get("notes", "t1", "n1") is None:
        await store.insert("notes", "t1", {"id": "n1", "title": "one"})
    plain = AsyncConnectionPool(url, kwargs={"autocommit": True}, min_size=1, max_size=4, open=False)
    checked = AsyncConnectionPool(url, kwargs={"autocommit": True}, min_size=1, max_size=4, open=False,
                                  check=AsyncConnectionPool.check_connection)
    await plain.open(wait=True)
    await checked.open(wait=True)

    async def pooled(pool, poll: bool):
        async with pool.connection() as conn:
            if poll and _socket_readable(conn):
                await conn.execute("")
            await (await conn.execute(READ, ("t1", "n1"))).fetchone()

    try:
        return {
            "pool, no check": await timed(calls, lambda: pooled(plain, False)),
            "pool, check=check_connection": await timed(calls, lambda: pooled(checked, False)),
            "pool + socket poll": await timed(calls, lambda: pooled(plain, True)),
            "PostgresStore.get": await timed(calls, lambda: store.get("notes", "t1", "n1")),
        }
    finally:
        await plain.close()
        await checked.close()
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="a database the benchmark may write to")
    args = parser.parse_args()
    drop = None
    url = args.postgres
    if url is None:
        url, drop = pg_server.fresh_database(pg_server.postgres_admin_url())
    try:
        runs = [asyncio.run(measure(url, args.calls)) for _ in range(args.runs)]
    finally:
        if drop:
            drop()
    print(f"{'one-row read, sequential':34} {'µs/call (median of ' + str(args.runs) + ')':>24}")
    for name in runs[0]:
        print(f"{name:34} {statistics.median(r[name] for r in runs):>24.1f}")


if __name__ == "__main__":
    main()

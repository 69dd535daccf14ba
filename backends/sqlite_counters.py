"""The rate-limit windows of a SQLite file store, kept in a SQLite file of their own beside it
(`<file>-rate-limits`), with a connection on a thread of their own.

Almost every request counts a rate-limit hit, and counting is a write. In the store's own file
it would wait for the store's write lock, which another process may hold for up to its busy
timeout, so a read would stall behind another process's write. In a file of their own, hits
wait only for other hits (a transaction of one statement or two). Every process on the store
counts in the same file, so the limits still hold across processes. The windows are short-lived:
nothing of them needs keeping (a store made before kept them in its own `sl_rate_limits`, which
is left as it is). The file is made on the first hit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
import time
from typing import Callable, TypeVar

T = TypeVar("T")

CREATE = """CREATE TABLE IF NOT EXISTS sl_rate_limits (
    bucket TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,
    expires_at REAL NOT NULL, PRIMARY KEY (bucket, window))"""


def count_hit(c: sqlite3.Connection, bucket: str, window: int, expires_at: float) -> int:
    """Count one hit in (bucket, window), inside the caller's write transaction."""
    count = c.execute("INSERT INTO sl_rate_limits (bucket, window, count, expires_at) "
                      "VALUES (?, ?, 1, ?) ON CONFLICT (bucket, window) DO UPDATE SET "
                      "count = count + 1 RETURNING count", (bucket, window, expires_at)).fetchone()[0]
    if count == 1:  # first hit of a window: forget windows that are over
        c.execute("DELETE FROM sl_rate_limits WHERE bucket = ? AND window < ?", (bucket, window))
    return count


def count_hits(c: sqlite3.Connection, hits) -> list[int]:
    """Count one hit in each (bucket, window, expires_at) in ONE statement: with the connection
    in autocommit it is a transaction of its own (no BEGIN/COMMIT round), atomic as a whole, so
    every process on the file still counts exactly."""
    unique = list(dict.fromkeys((bucket, window, expires_at) for bucket, window, expires_at in hits))
    rows = c.execute("INSERT INTO sl_rate_limits (bucket, window, count, expires_at) VALUES "
                     + ", ".join("(?, ?, 1, ?)" for _ in unique)
                     + " ON CONFLICT (bucket, window) DO UPDATE SET count = count + 1 "
                       "RETURNING bucket, window, count",
                     [v for hit in unique for v in hit]).fetchall()
    counts = {(bucket, window): count for bucket, window, count in rows}
    for bucket, window in [key for key, count in counts.items() if count == 1]:
        # first hit of a window: forget windows that are over (its own statement; no need to be atomic)
        c.execute("DELETE FROM sl_rate_limits WHERE bucket = ? AND window < ?", (bucket, window))
    return [counts[(bucket, window)] for bucket, window, _ in hits]


def counters_path(store_path: str) -> str:
    return store_path + "-rate-limits"


class Counters:
    """`translated(fn)` runs `fn` and turns a database error into the store's error."""

    def __init__(self, path: str, busy_timeout_ms: int, translated: Callable[[Callable[[], T]], T]):
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._translated = translated
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="specloom-sqlite-counters")
        self._conn: sqlite3.Connection | None = None

    async def hit(self, bucket: str, window: int, expires_at: float) -> int:
        return (await self.hits([(bucket, window, expires_at)]))[0]

    async def hits(self, hits) -> list[int]:
        return await asyncio.wrap_future(self._thread.submit(self._hits, hits))

    def _hits(self, hits) -> list[int]:
        return self._translated(lambda: count_hits(self._connection(), hits))

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
                # several processes making the file at once: switching it to WAL can answer
                # "locked" without the busy handler, so it is retried within the busy timeout
                deadline = time.monotonic() + self._busy_timeout_ms / 1000
                while True:
                    try:
                        conn.execute("PRAGMA journal_mode = WAL")
                        conn.execute(CREATE)
                        break
                    except sqlite3.OperationalError as exc:
                        if "locked" not in str(exc) or time.monotonic() >= deadline:
                            raise
                        time.sleep(0.02)
                conn.execute("PRAGMA synchronous = NORMAL")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def close(self) -> None:
        """Stop the thread and close the connection. Blocks: call it off the event loop."""
        self._thread.shutdown(wait=True)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

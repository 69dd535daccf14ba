"""Where a SQLite store's work runs: never on the event loop.

`sqlite3` blocks its caller: a write waits up to the busy timeout for another process's write
lock, and a query takes as long as it takes. So a store hands every statement to threads of its
own (`Workers`): one writer thread that owns the one connection every write of the process goes
through (writes are serialised in the order they were handed over), and a few reader threads,
each with a connection of its own, for reads outside a unit of work (WAL lets them read the last
commit while a write is under way). Tasks that must wait for the writer, because another task's
unit of work holds it, wait on a `TurnLock`, which suspends them instead of blocking the loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections import deque
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class TurnLock:
    """A first-come, first-served lock that a task awaits without blocking its event loop.

    Unlike `asyncio.Lock`, one TurnLock may be shared by tasks of several event loops (a store
    outlives `asyncio.run`, and may be used from two loops at once): a waiter is woken on its
    own loop. A cancelled waiter leaves the queue, or passes on the turn it was just given."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiting: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = deque()

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = loop.create_future()
            self._waiting.append((loop, turn))
        try:
            await turn
        except BaseException:
            with self._mutex:
                try:
                    self._waiting.remove((loop, turn))
                    queued = True
                except ValueError:
                    queued = False
            if not queued and not turn.cancelled():
                self.release()  # the turn came just before the cancellation: pass it on
            raise

    def release(self) -> None:
        """Give the lock to the first live waiter, else free it."""
        while True:
            with self._mutex:
                if not self._waiting:
                    self._held = False
                    return
                loop, turn = self._waiting.popleft()
            if loop is _running_loop():
                if not turn.done():
                    turn.set_result(None)
                    return
                continue  # cancelled meanwhile: the next one
            try:
                loop.call_soon_threadsafe(self._give, turn)
                return
            except RuntimeError:  # its loop is closed
                continue

    def _give(self, turn: asyncio.Future) -> None:
        if turn.done():  # cancelled before the turn reached it
            self.release()
        else:
            turn.set_result(None)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def settled(job: concurrent.futures.Future[T]) -> T:
    """The result of a job handed to a thread. Cancelling the caller does not cancel the job:
    work handed to the writer always runs, so the writer's transactions stay in order."""
    waiting = asyncio.wrap_future(job)
    waiting.add_done_callback(_consume)
    return await asyncio.shield(waiting)


def _consume(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: a caller cancelled meanwhile does not log it as lost


class Workers:
    """The writer thread and the reader threads of one store. `open_reader` opens a reader
    connection (None: no readers, everything runs on the writer, as for `:memory:`)."""

    def __init__(self, name: str, open_reader: Callable[[], Any] | None, readers: int = 4):
        self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=f"{name}-writer")
        self._readers = (concurrent.futures.ThreadPoolExecutor(readers, thread_name_prefix=f"{name}-reader")
                         if open_reader is not None else None)
        self._open_reader = open_reader
        self._local = threading.local()
        self._reader_connections: list[Any] = []
        self._connections_lock = threading.Lock()

    @property
    def has_readers(self) -> bool:
        return self._readers is not None

    def on_writer(self, fn: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        """Hand `fn(*args)` to the writer thread: it runs after everything handed over before."""
        return self._writer.submit(fn, *args)

    async def on_reader(self, fn: Callable[[Any], T]) -> T:
        """`fn(connection)` on a reader thread's connection."""
        assert self._readers is not None
        return await asyncio.wrap_future(self._readers.submit(self._read, fn))

    def _read(self, fn: Callable[[Any], T]) -> T:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._open_reader()
            with self._connections_lock:
                self._reader_connections.append(conn)
        return fn(conn)

    def close(self, last: Callable[[], None]) -> None:
        """Run `last` on the writer after the work already handed over, stop the threads and
        close the reader connections. Blocks: call it off the event loop."""
        try:
            self._writer.submit(last).result()
        finally:
            self._writer.shutdown(wait=True)
            if self._readers is not None:
                self._readers.shutdown(wait=True)
            with self._connections_lock:
                for conn in self._reader_connections:
                    conn.close()
                self._reader_connections.clear()


class LockContention:
    """Notices when this process's writes keep waiting for another process's write lock (several
    processes writing one SQLite file under load) and logs one warning line, once per store:
    `WAITS` writes that each waited at least `SLOW_SECONDS` for `BEGIN IMMEDIATE` within
    `WINDOW_SECONDS`, or one that waited out the whole busy timeout. Only time spent inside
    `BEGIN IMMEDIATE` counts: the process's own writes queue on its writer thread, not there."""

    SLOW_SECONDS = 0.05
    WAITS = 10
    WINDOW_SECONDS = 60.0

    def __init__(self, url: str, log: Any, clock: Callable[[], float] = time.monotonic):
        self.url = url
        self.log = log
        self.clock = clock
        self._slow: deque[float] = deque()
        self._longest = 0.0
        self.warned = False

    def waited(self, seconds: float, *, timed_out: bool = False) -> None:
        """Called on the writer thread after each `BEGIN IMMEDIATE`, with the time it took."""
        if self.warned or (seconds < self.SLOW_SECONDS and not timed_out):
            return
        now = self.clock()
        self._slow.append(now)
        self._longest = max(self._longest, seconds)
        while self._slow and self._slow[0] < now - self.WINDOW_SECONDS:
            self._slow.popleft()
        if timed_out or len(self._slow) >= self.WAITS:
            self.warned = True
            self.log.warning(
                "%s: %d writes waited for another process's write lock in the last %.0f s (longest %.2f s%s): "
                "several processes write this SQLite file and its writes are serialised; under this load move "
                "to PostgreSQL (README: Choosing a backend)", self.url, len(self._slow), self.WINDOW_SECONDS,
                self._longest, ", one waited out the busy timeout" if timed_out else "")

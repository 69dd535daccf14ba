"""How the PostgreSQL backend gets a working connection for each store call.

`Connections.run(work)` runs `work(conn)` on a pooled connection, or on the connection of the
caller's unit of work (`Connections.transaction()`), and turns what can go wrong with the
database into the store's own errors:

- One pool per event loop (a psycopg pool belongs to the loop it was opened in), so the same
  store serves under uvicorn and across several `asyncio.run` calls of a CLI or a test suite.
- A connection is checked out healthy: an idle connection the server has ended (a terminated
  backend, a restart, `idle_session_timeout`) has something to read on its socket, which a
  zero-timeout poll sees without a round-trip; only such a connection is asked `""` before use.
  The pool's own `check` hook would cost a round-trip on every checkout and, in psycopg_pool
  3.3, sleeps a second (then two, four...) after each broken connection it finds.
- A call whose connection breaks is run again on another connection when that is safe. When
  the server answered that it ended the session (SQLSTATE 57P01 and kin: what it answered did
  not run), as often as the pool may hold dead connections. When the connection was lost without
  a word from the server, once, and only if the work is `replayable` (it reads, is idempotent,
  or writes in one `atomic` block whose COMMIT had not been sent). A connection lost during a
  COMMIT leaves the outcome unknown: that call is never retried (StoreUnavailable).
- The database unreachable (the pool cannot connect) is StoreUnavailable within about a
  second rather than after the whole pool timeout; a full disk is StoreFull; a read-only
  database or transaction is StoreReadOnly; a deadlock or serialization failure (the
  transaction was rolled back whole) is StoreConflict. Other database errors are the caller's to map.

A unit of work holds one connection with an open transaction in a context variable: every call
of the task that opened it, and of the tasks that task starts, runs there, one call at a time;
`atomic` blocks inside it are savepoints. A broken connection inside a unit cannot be retried
statement by statement: the call raises StoreUnavailable and the unit rolls back.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import select
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from .base import StoreConflict, StoreError, StoreFull, StoreReadOnly, StoreUnavailable

T = TypeVar("T")
Work = Callable[[psycopg.AsyncConnection], Awaitable[T]]

# SQLSTATEs of a server ending the session itself: the statement it answered did not run.
_SESSION_ENDED = frozenset({
    "57P01",  # admin_shutdown: pg_terminate_backend, a smart or fast shutdown
    "57P02",  # crash_shutdown: another backend crashed, the server resets
    "57P03",  # cannot_connect_now: starting up or shutting down
    "57P05",  # idle_session_timeout
    "25P03",  # idle_in_transaction_session_timeout
})
UNREACHABLE_WAIT = 1.0  # seconds a call waits for a connection while the server cannot be reached
CONNECT_TIMEOUT = 5  # seconds, libpq's connect_timeout unless the URL sets one
RECONNECT_TIMEOUT = 10.0  # seconds the pool keeps retrying a failed connection before it lets go


def redact(url: str) -> str:
    """The URL with any password replaced by `***`, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostinfo = netloc.rpartition("@")
        if ":" in userinfo:
            netloc = userinfo.split(":", 1)[0] + ":***@" + hostinfo
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k == "password" for k, _ in pairs):
            query = urlencode([(k, "***" if k == "password" else v) for k, v in pairs])
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def reason(exc: BaseException) -> str:
    """The gist of a libpq error, on one line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^connection failed: ", "", text)
    text = re.sub(r"^connection to server .*? failed: ", "", text)
    text = re.sub(r"^FATAL:\s+", "", text)
    if len(text) > 1 and text[0].isupper() and text[1].islower():  # "Connection refused"
        text = text[0].lower() + text[1:]
    return text


def connection_lost(exc: BaseException, conn: psycopg.AsyncConnection | None) -> bool:
    """Whether `exc` means the connection is gone (rather than a statement being refused)."""
    if not isinstance(exc, psycopg.Error):
        return False
    if conn is not None and (conn.broken or conn.closed):
        return True
    state = exc.sqlstate or ""
    return state in _SESSION_ENDED or state.startswith("08")


def ended_before_running(exc: BaseException) -> bool:
    """The server said it ended the session: what it answered did not run, nor commit."""
    return isinstance(exc, psycopg.Error) and exc.sqlstate in _SESSION_ENDED


def store_error(exc: psycopg.Error) -> StoreError | None:
    """The store's error for a database error a caller cannot fix, or None to let it pass."""
    if isinstance(exc, pg_errors.DiskFull):
        return StoreFull(f"the database is out of disk space: {reason(exc)}")
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return StoreReadOnly(f"the database is read-only: {reason(exc)}")
    if isinstance(exc, (pg_errors.DeadlockDetected, pg_errors.SerializationFailure)):
        return StoreConflict(f"the transaction lost a race and was rolled back: {reason(exc)}")
    return None


@asynccontextmanager
async def atomic(conn: psycopg.AsyncConnection) -> AsyncIterator[None]:
    """`conn.transaction()`: a transaction, or a savepoint inside a unit of work. The
    connection lost while committing raises StoreUnavailable at once, never retried: whether
    the commit happened is unknown."""
    committing = False
    try:
        async with conn.transaction():
            yield
            committing = True
    except psycopg.Error as exc:
        if committing and connection_lost(exc, conn) and not ended_before_running(exc):
            raise StoreUnavailable(f"the connection was lost while committing, the write may or may "
                                   f"not have been applied: {reason(exc)}") from None
        raise


def _socket_readable(conn: psycopg.AsyncConnection) -> bool:
    """Whether an idle connection has something to read: the server ended it (a FATAL
    message, an EOF) or, rarely, sent a notice. A zero-timeout poll, no round-trip."""
    try:
        fd = conn.pgconn.socket
    except psycopg.OperationalError:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])  # pragma: no cover - platforms without poll


class _Reachability:
    """What the last attempt to open a connection said: None when it succeeded."""

    def __init__(self) -> None:
        self.failure: str | None = None


def _connection_class(reach: _Reachability) -> type[psycopg.AsyncConnection]:
    """A connection class that tells `reach` how each attempt to connect went (the pool
    retries failed attempts in the background and tells its waiting clients nothing)."""

    class Connection(psycopg.AsyncConnection):
        @classmethod
        async def connect(cls, conninfo: str = "", **kwargs: Any):
            try:
                conn = await super().connect(conninfo, **kwargs)
            except psycopg.Error as exc:
                reach.failure = reason(exc)
                raise
            reach.failure = None
            return conn

    return Connection


class _LoopPool:
    """A pool opened in the running event loop.

    If the loop ends with the pool open, `asyncio.run` cancels every task and waits for them;
    psycopg_pool workers busy with a task (say, a connection attempt) swallow the cancellation
    and only stop when the pool is closed, so `asyncio.run` would wait forever. The guard task
    closes the pool when it is cancelled, which stops the workers. If a loop is closed without
    cancelling its tasks, `abandon()` later closes the connections without it."""

    def __init__(self, url: str, **pool_options: Any):
        # Strong references: when a loop ends, a connection may be held only by a pool task the
        # loop cancelled; it must stay reachable to be closed here rather than leak until GC.
        self.connections: set[psycopg.AsyncConnection] = set()
        self.reach = _Reachability()
        kwargs: dict[str, Any] = {"autocommit": True}
        if "connect_timeout" not in url:
            kwargs["connect_timeout"] = CONNECT_TIMEOUT
        self.pool = AsyncConnectionPool(url, kwargs=kwargs, open=False, configure=self._remember,
                                        connection_class=_connection_class(self.reach),
                                        reconnect_timeout=RECONNECT_TIMEOUT, **pool_options)
        self.guard = asyncio.get_running_loop().create_task(
            self._close_when_cancelled(), name=f"{self.pool.name}-guard")

    async def _remember(self, conn: psycopg.AsyncConnection) -> None:
        """The pool's `configure` hook: runs for every new connection."""
        self.connections = {c for c in self.connections if not c.closed}
        self.connections.add(conn)

    async def _close_when_cancelled(self) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await self.pool.close()

    async def close(self) -> None:
        await self.pool.close()
        self.guard.cancel()

    def abandon(self) -> None:
        """Close the connections without the (closed) loop: libpq's close is synchronous."""
        for conn in self.connections:
            if not conn.closed:
                conn.pgconn.finish()
        self.connections.clear()


class _Unit:
    """A unit of work: a connection inside a transaction (or, nested, a savepoint of its
    parent's), used by one store call at a time."""

    def __init__(self, conn: psycopg.AsyncConnection, parent: _Unit | None):
        self.conn = conn
        self.parent = parent
        self.loop = asyncio.get_running_loop()
        self.lock = asyncio.Lock()
        self.active = True
        self.broken: str | None = None  # why the connection is gone, once it is
        self.after_commit: list[Callable[[], None]] = []  # called once the unit commits


class Connections:
    """Pooled connections of one store (see the module docstring)."""

    def __init__(self, url: str, *, min_size: int, max_size: int, timeout: float):
        self.url = url
        self._min_size = min_size
        self._max_size = max_size
        self._timeout = timeout
        self._pools: dict[asyncio.AbstractEventLoop, _LoopPool] = {}
        self._pools_lock = threading.Lock()
        self._unit: contextvars.ContextVar[_Unit | None] = contextvars.ContextVar(
            f"specloom-postgres-unit-{id(self):x}", default=None)

    # -- running a call ---------------------------------------------------------------------
    async def run(self, work: Work[T], *, replayable: bool = True, isolated: bool = False) -> T:
        """`work(conn)` on a pooled connection or in the caller's unit of work.

        `replayable`: running the work again after a connection loss is safe (it reads, is
        idempotent, or writes in one `atomic` block). A write committed by its own statements
        (autocommit) is not: it is run again only when the server said it ran nothing.
        `isolated`: inside a unit of work, run in a savepoint, so that an error the caller
        handles (a unique violation) undoes only this call and leaves the unit usable."""
        while (unit := self._current_unit()) is not None:
            async with unit.lock:
                if unit.active:  # else it ended while we waited: run where the caller is now
                    return await self._run_in_unit(unit, work, isolated)
        # A session the server ended ran nothing: another connection, as often as the pool may
        # hold dead ones (all of them ended at once; the last ones may not have said so yet when
        # checked out). A connection lost without a word from the server: once, if replayable.
        unsure_retries = 1 if replayable else 0
        for attempt in range(self._max_size + 2):
            conn: psycopg.AsyncConnection | None = None
            try:
                async with self._pooled() as conn:
                    return await work(conn)
            except psycopg.Error as exc:
                if not connection_lost(exc, conn):
                    mapped = store_error(exc)
                    if mapped is None:
                        raise
                    raise mapped from None
                if ended_before_running(exc) and attempt <= self._max_size:
                    continue
                if unsure_retries:
                    unsure_retries -= 1
                    continue
                raise StoreUnavailable(f"lost the connection to {redact(self.url)}: {reason(exc)}") from None
        raise AssertionError("unreachable")

    async def _run_in_unit(self, unit: _Unit, work: Work[T], isolated: bool) -> T:
        if unit.broken:
            raise StoreUnavailable(f"lost the connection to {redact(self.url)}: {unit.broken}")
        conn = unit.conn
        try:
            if isolated:
                async with atomic(conn):
                    return await work(conn)
            return await work(conn)
        except psycopg.Error as exc:
            if connection_lost(exc, conn):
                unit.broken = reason(exc)
                raise StoreUnavailable(f"lost the connection to {redact(self.url)}: {unit.broken}") from None
            mapped = store_error(exc)
            if mapped is not None:
                raise mapped from None
            raise
        except StoreUnavailable as exc:  # from atomic: lost while releasing a savepoint
            unit.broken = str(exc)
            raise

    def _current_unit(self) -> _Unit | None:
        """The innermost unit of work of the caller's context still open, if any."""
        unit = self._unit.get()
        while unit is not None and not unit.active:
            unit = unit.parent
        if unit is not None and unit.loop is not asyncio.get_running_loop():
            return None
        return unit

    # -- units of work ----------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A unit of work (see the module docstring and `Store.transaction`)."""
        parent = self._current_unit()
        if parent is not None:
            # the parent's other calls wait till this block ends: inside it they would be part
            # of its savepoint, and undone with it
            async with parent.lock:
                if parent.broken:
                    raise StoreUnavailable(f"lost the connection to {redact(self.url)}: {parent.broken}")
                async with self._unit_block(parent.conn, parent):
                    yield
            return
        for attempt in (1, 2):
            async with self._pooled() as conn:
                try:
                    tx = conn.transaction()
                    await tx.__aenter__()
                except psycopg.Error as exc:
                    if attempt == 1 and connection_lost(exc, conn):
                        continue  # nothing ran: another connection
                    raise StoreUnavailable(f"cannot begin a transaction on {redact(self.url)}: "
                                           f"{reason(exc)}") from None
                async with self._unit_block(conn, None, tx):
                    yield
                return

    @asynccontextmanager
    async def _unit_block(self, conn: psycopg.AsyncConnection, parent: _Unit | None,
                          tx: Any = None) -> AsyncIterator[None]:
        unit = _Unit(conn, parent)
        if tx is None:
            tx = conn.transaction()  # a savepoint: the parent's transaction is open
            try:
                await tx.__aenter__()
            except psycopg.Error as exc:
                raise self._unit_error(unit, exc) from None
        token = self._unit.set(unit)
        try:
            try:
                yield
            except BaseException as exc:
                async with unit.lock:  # calls of tasks this one started finish first
                    unit.active = False
                await self._end(unit, tx, exc)
                raise
            async with unit.lock:
                unit.active = False
            if unit.broken:
                raise StoreUnavailable(f"lost the connection to {redact(self.url)}: {unit.broken}")
            if conn.info.transaction_status == TransactionStatus.INERROR:
                await self._end(unit, tx, StoreError("rolled back"))
                raise StoreError("a statement of this unit of work failed and its error was not "
                                 "raised to the block: nothing was committed")
            await self._end(unit, tx, None)
        finally:
            self._unit.reset(token)
        if parent is not None:  # committed into its parent: called if that commits
            parent.after_commit.extend(unit.after_commit)
        else:
            for callback in unit.after_commit:
                callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """See `Store.after_commit`."""
        unit = self._current_unit()
        if unit is None:
            callback()
        else:
            unit.after_commit.append(callback)

    async def _end(self, unit: _Unit, tx: Any, exc: BaseException | None) -> None:
        """Commit (`exc` None) or roll back the unit's transaction or savepoint."""
        if exc is not None and unit.broken:
            return  # nothing to roll back on a connection that is gone: the server did
        try:
            await tx.__aexit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)
        except psycopg.Error as error:
            if exc is not None and connection_lost(error, unit.conn):
                return  # the server rolls back a transaction whose connection ends
            raise self._unit_error(unit, error, committing=exc is None) from None

    def _unit_error(self, unit: _Unit, exc: psycopg.Error, committing: bool = False) -> BaseException:
        if connection_lost(exc, unit.conn):
            unit.broken = reason(exc)
            what = ("lost the connection while committing, the unit of work may or may not have been "
                    "applied" if committing and not ended_before_running(exc) else "lost the connection")
            return StoreUnavailable(f"{what} ({redact(self.url)}): {unit.broken}")
        return store_error(exc) or exc

    # -- checking out ----------------------------------------------------------------------
    @asynccontextmanager
    async def _pooled(self) -> AsyncIterator[psycopg.AsyncConnection]:
        entry = self._loop_pool()
        conn = await self._checkout(entry)
        try:
            yield conn
        finally:
            await entry.pool.putconn(conn)

    async def _checkout(self, entry: _LoopPool) -> psycopg.AsyncConnection:
        """A connection that looks alive: one the server ended while it sat in the pool is
        closed (the pool replaces it) and another taken, as many times as the pool is large."""
        pool = entry.pool
        if pool.closed:
            # open() does not wait for connections; getconn() below waits up to `timeout`.
            await pool.open()
        for _ in range(self._max_size + 1):
            conn = await self._getconn(entry)
            if not (conn.closed or conn.broken or _socket_readable(conn)):
                return conn
            if not (conn.closed or conn.broken):
                try:
                    await conn.execute("")  # a notice, or the end of the session?
                    return conn
                except psycopg.Error:
                    pass
            await conn.close()
            await pool.putconn(conn)  # closed: the pool makes a new one in its place
        return await self._getconn(entry)

    async def _getconn(self, entry: _LoopPool) -> psycopg.AsyncConnection:
        """Wait for a connection up to the store's timeout, but no longer than UNREACHABLE_WAIT
        once the pool's attempts to connect fail: the database is unreachable, say so now."""
        deadline = time.monotonic() + self._timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                return await entry.pool.getconn(timeout=max(0.001, min(remaining, UNREACHABLE_WAIT)))
            except PoolTimeout:
                if entry.reach.failure is not None:
                    raise StoreUnavailable(f"cannot reach {redact(self.url)}: {entry.reach.failure}") from None
                if remaining <= UNREACHABLE_WAIT:
                    raise StoreUnavailable(f"no connection to {redact(self.url)} free within "
                                           f"{self._timeout:g} s") from None

    def _loop_pool(self) -> _LoopPool:
        loop = asyncio.get_running_loop()
        with self._pools_lock:
            for other in [lp for lp in self._pools if lp is not loop and lp.is_closed()]:
                self._pools.pop(other).abandon()
            entry = self._pools.get(loop)
            if entry is None:
                entry = self._pools[loop] = _LoopPool(
                    self.url, min_size=self._min_size, max_size=self._max_size,
                    timeout=self._timeout, name=f"specloom-{id(self):x}")
        return entry

    async def close(self) -> None:
        """Close the pool of the running loop; drop pools of other loops."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._pools_lock:
            entries, self._pools = self._pools, {}
        for owner, entry in entries.items():
            if owner is loop:
                await entry.close()
            elif owner.is_running() and not owner.is_closed():
                # another thread's loop: let that loop close its pool
                asyncio.run_coroutine_threadsafe(entry.close(), owner)
            else:
                entry.abandon()

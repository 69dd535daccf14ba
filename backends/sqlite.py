"""The embedded default backend: one SQLite file, WAL mode, `BEGIN IMMEDIATE` for writes.

No SQLite call runs on the event loop (sqlite_threads.py): every write of the process goes
through one writer connection on a thread of its own, in the order the writes were handed over,
while reads outside a unit of work run on reader connections of a small thread pool. In WAL mode
a reader sees the last commit and never waits for a writer, so reads (and requests that do not
write) keep answering while a write waits, up to the busy timeout, for another process's write
lock. A `:memory:` store has one connection: it reads on the writer too.

A unit of work (`transaction()`) takes the writer for the block: `BEGIN IMMEDIATE` when it
starts, `COMMIT` or `ROLLBACK` when it ends. The calls of the task that opened it (and of tasks
it starts, which inherit its context) run on the writer inside it; a write method's own
transaction, and a nested block, is a savepoint there. The writes of other tasks wait (without
blocking the loop) until the block ends; their reads see the last commit.

Errors the database raises on purpose become the store's own: a full disk or database
(`SQLITE_FULL`) StoreFull, a read-only file StoreReadOnly, a write lock held past the busy
timeout or an I/O error StoreUnavailable; the write that met one is rolled back whole.

Schema work is planned by `migrations.py` from what sqlite-utils reads of the live tables, and
applied here with plain DDL inside one `BEGIN IMMEDIATE` transaction (SQLite's DDL is
transactional; sqlite-utils' own writers would commit on their own). Whether anything needs
doing is decided first on a reader, so a start on an unchanged schema writes nothing (and a
read-only store that is up to date can be served).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
import os
import re
import sqlite3
import time
import uuid
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable, TypeVar

import attrs
import sqlite_utils

from . import counts, migrations, sql
from . import outbox as outbox_sql
from .base import (
    Column,
    Mutation,
    Outbox,
    Page,
    PageRequest,
    Query,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
    Table,
    UniqueViolation,
    UnknownCursor,
    coerce,
)
from .credential_epochs import FileEpoch
from .sqlite_counters import CREATE as COUNTERS_TABLE
from .sqlite_counters import Counters, count_hit, count_hits, counters_path
from .sqlite_threads import LockContention, TurnLock, Workers, settled

T = TypeVar("T")
Job = Callable[[sqlite3.Connection], T]

DIALECT = sql.Dialect(
    placeholder="?",
    like="LIKE",
    array_contains="EXISTS (SELECT 1 FROM json_each({doc}, '$.{field}') WHERE value = {p})",
)
_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "boolean": "BOOLEAN"}
# what a declared column type can hold (tables made before BOOLEAN was declared used INTEGER)
_KINDS = {"TEXT": frozenset({"text"}), "INTEGER": frozenset({"integer", "boolean"}),
          "BOOLEAN": frozenset({"boolean"}), "REAL": frozenset({"real"}), "FLOAT": frozenset({"real"})}
READERS = 4  # reader connections (threads) of a file store

# primary result codes (sqlite3 errors carry the extended code; its low byte is the primary one)
_BUSY, _LOCKED, _READONLY, _IOERR, _FULL = 5, 6, 8, 10, 13

_RUNTIME_DDL = (
    "CREATE TABLE IF NOT EXISTS sl_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS sl_credentials (
        key_id TEXT PRIMARY KEY, surface TEXT NOT NULL, tenant TEXT NOT NULL,
        kind TEXT NOT NULL, secret_hash TEXT NOT NULL, scopes TEXT NOT NULL,
        signing_secret TEXT, created_at TEXT NOT NULL, revoked_at TEXT,
        rate_limits TEXT NOT NULL DEFAULT '{}')""",
    """CREATE TABLE IF NOT EXISTS sl_idempotency (
        scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
        state TEXT NOT NULL, status INTEGER, headers TEXT, body BLOB,
        created_at REAL NOT NULL, expires_at REAL NOT NULL, claim TEXT, PRIMARY KEY (scope, key))""",
    """CREATE TABLE IF NOT EXISTS sl_kv (
        namespace TEXT NOT NULL, key TEXT NOT NULL, grp TEXT, value TEXT NOT NULL,
        expires_at REAL, consumed INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,
        PRIMARY KEY (namespace, key))""",
    "CREATE INDEX IF NOT EXISTS ix_sl_kv_group ON sl_kv (namespace, grp)",
    """CREATE TABLE IF NOT EXISTS sl_tenants (
        surface TEXT NOT NULL, tenant TEXT NOT NULL, approved INTEGER NOT NULL,
        created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (surface, tenant))""",
    *outbox_sql.create_table("REAL"),
    counts.CREATE,
)
_RUNTIME_NAMES = frozenset(re.search(r"IF NOT EXISTS (\w+)", ddl).group(1) for ddl in _RUNTIME_DDL)
# columns added to runtime tables after they were first made: stores made before gain them
_ADDED_COLUMNS = (("sl_credentials", "rate_limits", "TEXT NOT NULL DEFAULT '{}'"),
                  ("sl_idempotency", "claim", "TEXT"))


def _listed_credential(row: tuple) -> dict[str, Any]:
    key_id, tenant, kind, scopes, signing, created_at, revoked_at, rate_limits = row
    return {"key_id": key_id, "tenant": tenant, "kind": kind, "scopes": json.loads(scopes),
            "signing_secret": bool(signing), "created_at": created_at, "revoked_at": revoked_at,
            "rate_limits": json.loads(rate_limits or "{}")}


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else None


def _busy(exc: sqlite3.Error) -> bool:
    return _code(exc) in (_BUSY, _LOCKED) or "locked" in str(exc) or "busy" in str(exc)


def path_from_url(url: str) -> str:
    if not url.startswith("sqlite://"):
        raise StoreUnavailable(f"not a sqlite URL: {url}")
    rest = url[len("sqlite://"):]
    if rest in ("", "/:memory:", ":memory:"):
        return ":memory:"
    return rest[1:] if rest.startswith("/") else rest


class _Frame:
    """A unit of work on one store (its `BEGIN IMMEDIATE` transaction), or a block nested in
    one (a savepoint). `open` is what callers on the loop see: a call whose frame has closed
    goes to its parent (a task left over from a unit of work that ended makes plain calls).
    `began`/`ended` are the writer thread's own record, checked by every job of the frame, so
    no job ever runs in a transaction that is not its own. `lock` gives the frame's calls and
    nested blocks their turn one at a time (a nested block holds it until it ends)."""

    __slots__ = ("store", "parent", "savepoint", "lock", "open", "began", "ended", "after_commit")

    def __init__(self, store: "SQLiteStore", parent: "_Frame | None", savepoint: str | None):
        self.store = store
        self.parent = parent
        self.savepoint = savepoint  # None: the unit's own transaction
        self.lock = TurnLock()
        self.open = True
        self.began = False
        self.ended = False
        self.after_commit: list[Callable[[], None]] = []  # called once the unit commits

    def live(self) -> bool:
        frame: _Frame | None = self
        while frame is not None:
            if not frame.began or frame.ended:
                return False
            frame = frame.parent
        return True


# the innermost open frame of each store the current task is in a unit of work of
_UNITS: ContextVar[tuple[_Frame, ...]] = ContextVar("specloom_sqlite_units", default=())


class SQLiteStore:
    """A store in one SQLite file (or `:memory:`). A write waits up to `busy_timeout_ms` for
    another process's write lock (then StoreUnavailable); `readers` reader connections serve
    reads meanwhile."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 10_000, readers: int = READERS):
        self.url = url
        path = path_from_url(url)
        self._path = path
        self._busy_timeout_ms = int(busy_timeout_ms)
        memory = path == ":memory:"
        if not memory:
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreUnavailable(f"cannot open {url}: directory {parent} does not exist")
        try:
            self.conn = self._connect()  # the writer connection: the writer thread's (a test may reach in)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open {url}: {exc}") from None
        # a file this process may not write (its mode, an immutable flag, a read-only mount):
        # reads are served, writes raise StoreReadOnly
        self.read_only = not memory and not os.access(path, os.W_OK)
        self.tables: dict[str, Table] = {}
        # Switching a new file to WAL can answer "database is locked" at once, without the busy
        # handler, while another process does the same (several servers starting together):
        # the set-up is retried until the busy timeout is spent.
        deadline = time.monotonic() + busy_timeout_ms / 1000
        while True:
            try:
                if not memory:
                    self._use_wal()
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                self._create_runtime_tables()
                if memory:  # a file store counts rate-limit hits in a file of their own
                    self.conn.execute(COUNTERS_TABLE)
                break
            except sqlite3.OperationalError as exc:
                if _busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                self.conn.close()
                if _code(exc) == _READONLY:
                    raise StoreReadOnly(f"cannot set up {url}: it is read-only and lacks specloom's tables "
                                        f"(a new store, or one made by an older version); make it writable "
                                        f"once to set it up") from None
                raise StoreUnavailable(f"cannot open {url}: {exc}") from None
            except sqlite3.Error as exc:
                self.conn.close()
                raise StoreUnavailable(f"cannot open {url}: {exc}") from None
        self._workers = Workers("specloom-sqlite", None if memory else self._connect_reader, readers)
        self._writer_lock = TurnLock()  # held by a unit of work for its block, or to hand over a call
        self._names = itertools.count(1)  # savepoint names
        self._contention = LockContention(url, logging.getLogger("specloom.sqlite"))  # one warning when shared under load
        # rate-limit windows: a file of their own beside a file store (sqlite_counters.py)
        self._counters = None if memory else Counters(counters_path(path), self._busy_timeout_ms, self._translated)
        self._credential_epoch = FileEpoch(None if memory else path)  # credential changes, for caches
        self._closed = False

    # -- connections ------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        return conn

    def _connect_reader(self) -> sqlite3.Connection:
        conn = self._connect()
        conn.execute("PRAGMA query_only = 1")
        return conn

    def _use_wal(self) -> None:
        try:
            self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if _code(exc) != _READONLY:  # a read-only file keeps its journal mode
                raise

    def _create_runtime_tables(self) -> None:
        """Create the runtime tables and columns a store lacks; a store that has them all (every
        start after the first) is only read, so a read-only store can be opened."""
        c = self.conn
        if not self._lacks_runtime_tables(c):
            return
        c.execute("BEGIN IMMEDIATE")
        try:
            for ddl in _RUNTIME_DDL:
                c.execute(ddl)
            for table, column, declaration in _ADDED_COLUMNS:
                if column not in {row[1] for row in c.execute(f"PRAGMA table_info({table})")}:
                    c.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    @staticmethod
    def _lacks_runtime_tables(c: sqlite3.Connection) -> bool:
        names = {row[0] for row in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
        if not _RUNTIME_NAMES <= names:
            return True
        return any(column not in {row[1] for row in c.execute(f"PRAGMA table_info({table})")}
                   for table, column, _ in _ADDED_COLUMNS)

    def _store_error(self, exc: sqlite3.Error) -> StoreError | None:
        """The store error a database error means, or None for a fault of the code (a bug)."""
        code = _code(exc)
        if code == _FULL:
            return StoreFull(f"{self.url}: the database or disk is full ({exc}); nothing was written")
        if code == _READONLY:
            return StoreReadOnly(f"{self.url} is read-only ({exc}); nothing was written")
        if code in (_BUSY, _LOCKED):
            return StoreUnavailable(f"{self.url}: the database stayed locked by another writer for the "
                                    f"whole busy timeout ({self._busy_timeout_ms} ms)")
        if code == _IOERR:
            return StoreUnavailable(f"{self.url}: {exc}")
        return None

    def _translated(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except sqlite3.Error as exc:
            error = self._store_error(exc)
            if error is None:
                raise
            raise error from None

    # -- where a call runs --------------------------------------------------------------------
    def _innermost(self) -> _Frame | None:
        """The open frame of this store the current task is in, if any."""
        frame = next((f for f in _UNITS.get() if f.store is self), None)
        while frame is not None and not frame.open:
            frame = frame.parent
        return frame

    async def _turn(self) -> tuple[_Frame | None, TurnLock]:
        """Wait for the current task's turn on the writer: in its unit of work if it is in one,
        else when no unit of work holds the writer. Returns the frame (None: no unit of work)
        and the lock now held."""
        while True:
            frame = self._innermost()
            lock = frame.lock if frame is not None else self._writer_lock
            await lock.acquire()
            if frame is None or frame.open:
                return frame, lock
            lock.release()  # the frame closed while this task waited: its parent, then

    async def _on_writer(self, fn: Job[T], *, write: bool) -> T:
        """`fn(connection)` on the writer: a write in a transaction of its own (a savepoint in
        a unit of work), a read as it is. The turn is held only to hand the job over: the
        writer thread runs jobs in the order they came."""
        frame, lock = await self._turn()
        try:
            job = self._workers.on_writer(self._job, frame, fn, write)
        finally:
            lock.release()
        return await settled(job)

    async def _read(self, fn: Job[T], *, snapshot: bool = False) -> T:
        """`fn(connection)` for a read: on a reader outside a unit of work (`snapshot`: its
        statements see one commit), on the writer inside one or for `:memory:`."""
        if self._workers.has_readers and self._innermost() is None:
            return await self._workers.on_reader(functools.partial(self._reader_job, fn, snapshot))
        return await self._on_writer(fn, write=False)

    async def _write(self, fn: Job[T]) -> T:
        return await self._on_writer(fn, write=True)

    def _reader_job(self, fn: Job[T], snapshot: bool, c: sqlite3.Connection) -> T:
        def run() -> T:
            if not snapshot:
                return fn(c)
            c.execute("BEGIN")
            try:
                return fn(c)
            finally:
                c.execute("COMMIT")
        return self._translated(run)

    def _job(self, frame: _Frame | None, fn: Job[T], write: bool) -> T:
        """On the writer thread: run `fn` on the writer connection."""
        c = self.conn

        def run() -> T:
            if frame is not None:
                self._begin_chain(frame)
                self._check_live(frame)
            if not write:
                return fn(c)
            if frame is None:
                self._begin_immediate(c)
                try:
                    result = fn(c)
                    c.execute("COMMIT")
                except BaseException:
                    self._rollback(c)
                    raise
                return result
            name = f"w{next(self._names)}"
            c.execute(f"SAVEPOINT {name}")
            try:
                result = fn(c)
            except BaseException:
                self._rollback_to(c, name)
                raise
            c.execute(f"RELEASE {name}")
            return result
        return self._translated(run)

    def _check_live(self, frame: _Frame) -> None:
        if not frame.live():
            raise StoreError("the unit of work this call belonged to has ended")
        if not self.conn.in_transaction:
            raise StoreError("the unit of work was rolled back by the database after an error")

    @staticmethod
    def _rollback(c: sqlite3.Connection) -> None:
        if c.in_transaction:  # SQLite may have rolled back already (a full disk, an I/O error)
            try:
                c.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    @staticmethod
    def _rollback_to(c: sqlite3.Connection, name: str) -> None:
        if c.in_transaction:
            try:
                c.execute(f"ROLLBACK TO {name}")
                c.execute(f"RELEASE {name}")
            except sqlite3.Error:
                pass

    # -- units of work ------------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A unit of work (see the module's docstring and `Store.transaction`). Its calls run
        on the writer thread, and so does a `modify` callback in it: it must not block."""
        parent, lock = await self._turn()
        frame = _Frame(self, parent, None if parent is None else f"u{next(self._names)}")
        try:
            # BEGIN IMMEDIATE (or the savepoint) runs with the unit's first call, in its job on
            # the writer thread: one hand-over fewer per unit of work (backends/sqlite.py `_job`)
            token = _UNITS.set((frame, *(f for f in _UNITS.get() if f.store is not self)))
            try:
                yield
            except BaseException:
                await self._close(frame, commit=False)
                raise
            else:
                await self._close(frame, commit=True)
            finally:
                _UNITS.reset(token)
        finally:
            if frame.open:  # cancelled before it could close: undo it, after what was handed over
                frame.open = False
                self._workers.on_writer(self._end, frame, False)
            lock.release()
        if parent is not None:  # committed into its parent: called if that commits
            parent.after_commit.extend(frame.after_commit)
        else:
            for callback in frame.after_commit:
                callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        frame = self._innermost()
        if frame is None:
            callback()
        else:
            frame.after_commit.append(callback)

    async def _close(self, frame: _Frame, *, commit: bool) -> None:
        await frame.lock.acquire()  # after the calls and nested blocks of the unit's other tasks
        try:
            frame.open = False
            job = self._workers.on_writer(self._end, frame, commit)
        finally:
            frame.lock.release()
        await settled(job)

    def _begin_immediate(self, c: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE on the writer thread, timed: the wait is for another process's lock."""
        started = time.monotonic()
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                self._contention.waited(time.monotonic() - started, timed_out=True)
            raise
        self._contention.waited(time.monotonic() - started)

    def _begin_chain(self, frame: _Frame) -> None:
        """On the writer thread, before a job of `frame`: begin the frames of the chain that
        have not begun yet (the unit's transaction, then its savepoints), outermost first."""
        chain = []
        f: _Frame | None = frame
        while f is not None and not f.began:
            chain.append(f)
            f = f.parent
        for f in reversed(chain):
            if f.ended:
                raise StoreError("the unit of work this call belonged to has ended")
            self._begin(f)

    def _begin(self, frame: _Frame) -> None:
        c = self.conn

        def run() -> None:
            if frame.parent is None:
                self._begin_immediate(c)
            else:
                self._check_live(frame.parent)
                c.execute(f"SAVEPOINT {frame.savepoint}")
            frame.began = True
        self._translated(run)

    def _end(self, frame: _Frame, commit: bool) -> None:
        c = self.conn
        live = frame.live() and c.in_transaction
        frame.ended = True
        if not live:
            if commit and frame.began:
                raise StoreError("the unit of work was rolled back by the database after an error; "
                                 "nothing of it was written")
            return

        def run() -> None:
            if frame.savepoint is None:
                if not commit:
                    self._rollback(c)
                    return
                try:
                    c.execute("COMMIT")
                except BaseException:
                    self._rollback(c)
                    raise
            elif commit:
                c.execute(f"RELEASE {frame.savepoint}")
            else:
                self._rollback_to(c, frame.savepoint)
        self._translated(run)

    # -- plumbing ---------------------------------------------------------------------------
    def _table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"table {name!r} was not migrated") from None

    @staticmethod
    def _decode(raw: str) -> dict[str, Any]:
        return sql.loads(raw)

    # -- schema -----------------------------------------------------------------------------
    async def migrate(self, tables: Iterable[Table], *, surface: str | None = None,
                      options: migrations.MigrationOptions | None = None) -> list[str]:
        """Plan and apply in one `BEGIN IMMEDIATE` transaction: the database write lock keeps
        every other process out meanwhile. A refused plan rolls back (MigrationRefused). When a
        plan on a reader finds nothing to change, nothing is written and no lock is taken."""
        tables = list(tables)
        unchanged = functools.partial(_run_schema_work, _unchanged, tables, surface, options)
        if await self._read(unchanged, snapshot=True):
            self.tables.update((t.name, t) for t in tables)
            return []
        apply = functools.partial(_run_schema_work, _apply, tables, surface, options)
        try:
            steps = await self._write(apply)
        except StoreReadOnly:
            raise StoreReadOnly(f"{self.url} is read-only, and the schema of {surface or 'its tables'} "
                                f"needs changes (`specloom migrate {surface or 'SURFACE'} --dry-run` lists "
                                f"them): make the store writable once to apply them") from None
        self.tables.update((t.name, t) for t in tables)
        return steps

    async def plan_migration(self, tables: Iterable[Table], *, surface: str | None = None,
                             options: migrations.MigrationOptions | None = None) -> migrations.Plan:
        plan = functools.partial(_run_schema_work, _plan, list(tables), surface, options)
        return await self._read(plan, snapshot=True)  # the same view `migrate` would have

    # -- resources --------------------------------------------------------------------------
    def _write_row(self, c: sqlite3.Connection, t: Table, tenant: str, id: str, doc: dict[str, Any],
                   before: dict[str, Any]) -> None:
        values = t.row_values(doc)
        sets = ", ".join(["doc = ?", *(f"{k} = ?" for k in values)])
        if c.execute(f"UPDATE {t.name} SET {sets} WHERE tenant = ? AND id = ?",
                     (sql.dumps(doc), *values.values(), tenant, id)).rowcount:
            _count(c, counts.deltas(t, tenant, before, doc))

    def _insert_row(self, c: sqlite3.Connection, t: Table, tenant: str, doc: dict[str, Any]) -> None:
        values = t.row_values(doc)
        names = ["id", "tenant", "doc", *values]
        c.execute(f"INSERT INTO {t.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                  (doc["id"], tenant, sql.dumps(doc), *values.values()))
        _count(c, counts.deltas(t, tenant, None, doc))

    def _clear_flag(self, c: sqlite3.Connection, t: Table, tenant: str, doc: dict[str, Any]) -> None:
        """Clear the flag on the others of `doc`'s group (`doc` is being flagged)."""
        rule = t.flag
        assert rule is not None
        text, params = sql.flagged_peers(t, tenant, t.flag_group(doc), doc["id"], DIALECT)
        for peer_id, raw in c.execute(text, params).fetchall():
            before = sql.loads(raw)
            peer = {**before, rule.field: False}
            if rule.touch and doc.get(rule.touch) is not None:
                peer[rule.touch] = doc[rule.touch]
            self._write_row(c, t, tenant, peer_id, peer, before)

    def _flag_on_insert(self, c: sqlite3.Connection, t: Table, tenant: str, doc: dict[str, Any]) -> dict[str, Any]:
        rule = t.flag
        if rule is None or t.flag_group(doc) is None:
            return doc
        if rule.first_is_set and not t.flagged(doc):
            text, params = sql.group_has_rows(t, tenant, t.flag_group(doc), DIALECT)
            if c.execute(text, params).fetchone() is None:
                doc = {**doc, rule.field: True}
        if t.flagged(doc):
            self._clear_flag(c, t, tenant, doc)
        return doc

    def _flag_on_change(self, c: sqlite3.Connection, t: Table, tenant: str, before: dict[str, Any],
                        after: dict[str, Any]) -> None:
        if t.flag is None or t.flag_group(after) is None or not t.flagged(after):
            return
        if not t.flagged(before) or t.flag_group(before) != t.flag_group(after):
            self._clear_flag(c, t, tenant, after)

    @staticmethod
    def _record_outbox(c: sqlite3.Connection, outbox: Outbox | None, written: list) -> None:
        for row in (outbox(written) if outbox is not None else ()):
            c.execute(outbox_sql.insert_sql("?"), outbox_sql.insert_params(row))

    async def insert(self, table: str, tenant: str, doc: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any]:
        t = self._table(table)

        def insert(c: sqlite3.Connection) -> dict[str, Any]:
            try:
                stored = self._flag_on_insert(c, t, tenant, doc)
                self._insert_row(c, t, tenant, stored)
                self._record_outbox(c, outbox, [(t.name, None, stored)])
            except sqlite3.IntegrityError as exc:
                raise self._unique_violation(t, exc) from None
            return stored
        return await self._write(insert)

    def _unique_violation(self, t: Table, exc: sqlite3.IntegrityError) -> UniqueViolation:
        """Name the rule SQLite's message names: `UNIQUE constraint failed: tbl.col, tbl.col`
        (or `index 'name'`), matched exactly against the unique indexes of the table it names
        (which may be another table than `t`: a ledger entry inserted by modify)."""
        message = str(exc)
        prefix = "UNIQUE constraint failed:"
        body = message.split(prefix, 1)[1].strip() if prefix in message else ""
        named = re.fullmatch(r"index '([^']+)'", body)
        candidates = [t, *(x for x in self.tables.values() if x is not t)]
        for table in candidates:
            for index in sql.index_plan(table):
                if not index.unique:
                    continue
                if named:
                    hit = index.name == named.group(1)
                else:
                    hit = body == ", ".join(f"{table.name}.{c}" for c in index.columns)
                if hit:
                    fields = (table.flag.field,) if index.where and table.flag else index.fields
                    return UniqueViolation(table.name, fields)
        return UniqueViolation(t.name, ("id",))

    async def get(self, table: str, tenant: str, id: str) -> dict[str, Any] | None:
        t = self._table(table)

        def get(c: sqlite3.Connection) -> dict[str, Any] | None:
            row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?", (tenant, id)).fetchone()
            return sql.loads(row[0]) if row else None
        return await self._read(get)

    async def find(self, table: str, tenant: str, field: str, value: Any) -> dict[str, Any] | None:
        t = self._table(table)
        col = t.column(field)
        fits, value = coerce(col.type, value)
        if not fits or value is None:
            return None

        def find(c: sqlite3.Connection) -> dict[str, Any] | None:
            row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND {col.sql_name} = ? "
                            f"ORDER BY seq LIMIT 1", (tenant, value)).fetchone()
            return sql.loads(row[0]) if row else None
        return await self._read(find)

    async def update(self, table: str, tenant: str, id: str, changes: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        return await self.modify(table, tenant, id, lambda _doc: Mutation(changes), outbox=outbox)

    async def modify(self, table: str, tenant: str, id: str, change, *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        """`change` (and `outbox`) run on the writer thread, inside the write's transaction:
        they must not block or await (see `Store.modify`)."""
        t = self._table(table)

        def modify(c: sqlite3.Connection) -> dict[str, Any] | None:
            try:  # BEGIN IMMEDIATE (or the unit's): the database write lock is the row lock
                row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?", (tenant, id)).fetchone()
                if row is None:
                    return None
                before = sql.loads(row[0])
                mutation = change(dict(before))
                doc = {**before, **mutation.changes}
                self._flag_on_change(c, t, tenant, before, doc)
                self._write_row(c, t, tenant, id, doc, before)
                written = [(t.name, before, doc)]
                for other_name, other_doc in mutation.inserts:
                    other = self._table(other_name)
                    other_doc = self._flag_on_insert(c, other, tenant, other_doc)
                    self._insert_row(c, other, tenant, other_doc)
                    written.append((other.name, None, other_doc))
                self._record_outbox(c, outbox, written)
            except sqlite3.IntegrityError as exc:
                raise self._unique_violation(t, exc) from None
            return doc
        return await self._write(modify)

    async def delete(self, table: str, tenant: str, id: str) -> bool:
        t = self._table(table)

        def delete(c: sqlite3.Connection) -> bool:
            row = c.execute(f"DELETE FROM {t.name} WHERE tenant = ? AND id = ? RETURNING doc",
                            (tenant, id)).fetchone()
            if row is None:
                return False
            doc = sql.loads(row[0])
            _count(c, counts.deltas(t, tenant, doc, None))
            rule = t.flag
            if rule and rule.promote_on_delete and t.flagged(doc) and t.flag_group(doc) is not None:
                text, params = sql.group_has_rows(t, tenant, t.flag_group(doc), DIALECT, full=True)
                oldest = c.execute(text, params).fetchone()
                if oldest is not None:
                    was = sql.loads(oldest[1])
                    self._write_row(c, t, tenant, oldest[0], {**was, rule.field: True}, was)
            return True
        return await self._write(delete)

    async def list(self, table: str, tenant: str, query: Query, page: PageRequest) -> Page:
        t = self._table(table)
        after_id = page.after_id if page.keyset and page.after is None and page.before is None else None
        key = counts.key_for(t, query) if page.with_total else None

        def rows_and_total(c: sqlite3.Connection) -> tuple[list, int | None, PageRequest, bool]:
            paging = page
            if after_id is not None:  # a lastId cursor: its record's position, read in the same job
                found = c.execute(*sql.position_sql(t, tenant, after_id, query, DIALECT)).fetchone()
                if found is None:
                    raise UnknownCursor(f"{t.label}: no record {after_id!r} to page after")
                paging = attrs.evolve(page, after=tuple(found), after_id=None)
            text, params, reverse = sql.list_sql(t, tenant, query, paging, DIALECT)
            rows = c.execute(text, params).fetchall()
            total = None
            if key == counts.ZERO:
                total = 0
            elif key is not None:  # maintained (backends/counts.py): one row read
                found = c.execute(counts.read_sql("?"), (t.name, tenant, *key)).fetchone()
                total = int(found[0])
            elif page.with_total:
                count_text, count_params = sql.count_sql(t, tenant, query, DIALECT)
                total = c.execute(count_text, count_params).fetchone()[0]
            return rows, total, paging, reverse
        rows, total, page, reverse = await self._read(rows_and_total, snapshot=page.with_total or after_id is not None)
        return sql.build_page(rows, page, reverse, total, sql.loads)

    async def get_with(self, table, tenant, id, children):
        t = self._table(table)
        reads = [(sql.list_sql(self._table(name), tenant, query, PageRequest(limit=limit - 1), DIALECT,
                               docs_only=True)[:2], limit) for name, query, limit in children]

        def get(c: sqlite3.Connection):
            row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?", (tenant, id)).fetchone()
            lists = [[sql.loads(r[0]) for r in c.execute(text, params).fetchmany(limit)]
                     for (text, params), limit in reads]
            return (sql.loads(row[0]) if row else None), lists
        return await self._read(get, snapshot=True)

    async def keyset_position(self, table: str, tenant: str, id: str, query: Query) -> tuple | None:
        text, params = sql.position_sql(self._table(table), tenant, id, query, DIALECT)
        row = await self._read(lambda c: c.execute(text, params).fetchone())
        return tuple(row) if row is not None else None

    async def tenants(self, table: str) -> list[str]:
        t = self._table(table)
        rows = await self._read(lambda c: c.execute(f"SELECT DISTINCT tenant FROM {t.name} ORDER BY tenant").fetchall())
        return [r[0] for r in rows]

    # -- credentials, tenants, meta ---------------------------------------------------------
    async def put_credential(self, credential: dict[str, Any]) -> None:
        params = (credential["key_id"], credential["surface"], credential["tenant"],
                  credential["kind"], credential["secret_hash"], json.dumps(credential["scopes"]),
                  credential.get("signing_secret"), credential["created_at"],
                  credential.get("revoked_at"), json.dumps(credential.get("rate_limits") or {}))
        await self._write(lambda c: c.execute(
            "INSERT INTO sl_credentials (key_id, surface, tenant, kind, secret_hash, scopes, "
            "signing_secret, created_at, revoked_at, rate_limits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params))
        self.after_commit(self._credential_epoch.bump)

    def credential_epoch(self):
        return self._credential_epoch.current()

    async def get_credential(self, key_id: str) -> dict[str, Any] | None:
        def get(c: sqlite3.Connection) -> dict[str, Any] | None:
            cur = c.execute(
                "SELECT key_id, surface, tenant, kind, secret_hash, scopes, signing_secret, "
                "created_at, revoked_at, rate_limits FROM sl_credentials WHERE key_id = ?", (key_id,))
            row = cur.fetchone()
            if row is None:
                return None
            cred = dict(zip([d[0] for d in cur.description], row))
            cred["scopes"] = json.loads(cred["scopes"])
            cred["rate_limits"] = json.loads(cred["rate_limits"])
            return cred
        return await self._read(get)

    async def set_credential_rate_limits(self, surface: str, key_id: str,
                                         rate_limits: dict[str, int]) -> bool:
        changed = await self._write(lambda c: c.execute(
            "UPDATE sl_credentials SET rate_limits = ? WHERE surface = ? AND key_id = ? AND revoked_at IS NULL",
            (json.dumps(rate_limits), surface, key_id)).rowcount > 0)
        self.after_commit(self._credential_epoch.bump)
        return changed

    async def revoke_credential(self, surface: str, key_id: str, at: str) -> bool:
        revoked = await self._write(lambda c: c.execute(
            "UPDATE sl_credentials SET revoked_at = ? WHERE surface = ? AND key_id = ? AND revoked_at IS NULL",
            (at, surface, key_id)).rowcount > 0)
        self.after_commit(self._credential_epoch.bump)
        return revoked

    async def count_credentials(self, surface: str) -> int:
        return await self._read(lambda c: c.execute(
            "SELECT COUNT(*) FROM sl_credentials WHERE surface = ?", (surface,)).fetchone()[0])

    async def list_credentials(self, surface: str) -> list[dict[str, Any]]:
        rows = await self._read(lambda c: c.execute(
            "SELECT key_id, tenant, kind, scopes, signing_secret IS NOT NULL, created_at, revoked_at, rate_limits "
            "FROM sl_credentials WHERE surface = ? ORDER BY created_at, key_id", (surface,)).fetchall())
        return [_listed_credential(r) for r in rows]

    async def list_tenants(self, surface: str) -> list[dict[str, Any]]:
        rows = await self._read(lambda c: c.execute(
            "SELECT tenant, approved FROM sl_tenants WHERE surface = ? ORDER BY tenant", (surface,)).fetchall())
        return [{"tenant": r[0], "approved": bool(r[1])} for r in rows]

    async def put_tenant(self, surface: str, tenant: str, approved: bool) -> None:
        await self._write(lambda c: c.execute(
            "INSERT INTO sl_tenants (surface, tenant, approved) VALUES (?, ?, ?) "
            "ON CONFLICT (surface, tenant) DO UPDATE SET approved = excluded.approved",
            (surface, tenant, int(approved))))

    async def get_tenant(self, surface: str, tenant: str) -> dict[str, Any] | None:
        row = await self._read(lambda c: c.execute(
            "SELECT surface, tenant, approved FROM sl_tenants WHERE surface = ? AND tenant = ?",
            (surface, tenant)).fetchone())
        return {"surface": row[0], "tenant": row[1], "approved": bool(row[2])} if row else None

    async def meta_get_or_set(self, key: str, value: str) -> str:
        def get(c: sqlite3.Connection) -> str | None:
            row = c.execute("SELECT value FROM sl_meta WHERE key = ?", (key,)).fetchone()
            return row[0] if row else None

        def set_once(c: sqlite3.Connection) -> str:
            c.execute("INSERT INTO sl_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, value))
            return c.execute("SELECT value FROM sl_meta WHERE key = ?", (key,)).fetchone()[0]
        found = await self._read(get)  # set once, read on every start: a read-only store has it
        return found if found is not None else await self._write(set_once)

    async def idempotency_begin(self, scope: str, key: str, fingerprint: str, claim: str, now: float,
                                expires_at: float, stale_before: float) -> dict[str, Any] | None:
        def begin(c: sqlite3.Connection) -> tuple | None:
            # one statement: a new claim, or one replacing an expired record or a stale claim
            if c.execute(sql.idempotency_claim("?"), (scope, key, fingerprint, now, expires_at, claim,
                                                      now, stale_before)).fetchall():
                return None
            return c.execute("SELECT fingerprint, state, status, headers, body FROM sl_idempotency "
                             "WHERE scope = ? AND key = ?", (scope, key)).fetchone()
        row = await self._write(begin)
        if row is None:
            return None
        return {"fingerprint": row[0], "state": row[1], "status": row[2],
                "headers": [tuple(h) for h in json.loads(row[3])] if row[3] else [], "body": row[4]}

    async def idempotency_complete(self, scope: str, key: str, claim: str, status: int,
                                   headers: list[tuple[str, str]], body: bytes) -> bool:
        return await self._write(lambda c: c.execute(
            "UPDATE sl_idempotency SET state = 'done', status = ?, headers = ?, body = ? "
            "WHERE scope = ? AND key = ? AND state = 'in_flight' AND claim = ?",
            (status, json.dumps(headers), body, scope, key, claim)).rowcount == 1)

    async def idempotency_release(self, scope: str, key: str, claim: str) -> None:
        await self._write(lambda c: c.execute(
            "DELETE FROM sl_idempotency WHERE scope = ? AND key = ? AND state = 'in_flight' AND claim = ?",
            (scope, key, claim)))

    async def kv_put(self, namespace: str, key: str, value: dict[str, Any], *,
                     group: str | None = None, expires_at: float | None = None) -> None:
        def put(c: sqlite3.Connection) -> None:
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM sl_kv").fetchone()[0]
            c.execute("INSERT INTO sl_kv (namespace, key, grp, value, expires_at, consumed, seq) "
                      "VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (namespace, key) DO UPDATE SET "
                      "grp = excluded.grp, value = excluded.value, expires_at = excluded.expires_at, "
                      "consumed = 0", (namespace, key, group, json.dumps(value), expires_at, seq))
        await self._write(put)

    async def kv_get(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        row = await self._read(lambda c: c.execute(
            "SELECT value, grp, expires_at, consumed FROM sl_kv WHERE namespace = ? "
            "AND key = ? AND (expires_at IS NULL OR expires_at > ?)", (namespace, key, now)).fetchone())
        if row is None:
            return None
        return {"value": json.loads(row[0]), "group": row[1], "expires_at": row[2], "consumed": bool(row[3])}

    async def kv_add(self, namespace: str, key: str, value: dict[str, Any], *, expires_at: float,
                     now: float) -> bool:
        def add(c: sqlite3.Connection) -> bool:  # one write transaction: no other writer between
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM sl_kv").fetchone()[0]
            return c.execute(
                "INSERT INTO sl_kv (namespace, key, grp, value, expires_at, consumed, seq) "
                "VALUES (?, ?, NULL, ?, ?, 0, ?) ON CONFLICT (namespace, key) DO UPDATE SET "
                "value = excluded.value, expires_at = excluded.expires_at, consumed = 0, grp = NULL "
                "WHERE sl_kv.expires_at IS NOT NULL AND sl_kv.expires_at <= ?",
                (namespace, key, json.dumps(value), expires_at, seq, now)).rowcount > 0
        return await self._write(add)

    async def kv_consume(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        row = await self._write(lambda c: c.execute(
            "UPDATE sl_kv SET consumed = 1 WHERE namespace = ? AND key = ? AND consumed = 0 "
            "AND (expires_at IS NULL OR expires_at > ?) RETURNING value", (namespace, key, now)).fetchone())
        return json.loads(row[0]) if row else None

    async def kv_list(self, namespace: str, group: str, now: float) -> list[dict[str, Any]]:
        rows = await self._read(lambda c: c.execute(
            "SELECT value FROM sl_kv WHERE namespace = ? AND grp = ? AND "
            "(expires_at IS NULL OR expires_at > ?) ORDER BY seq", (namespace, group, now)).fetchall())
        return [json.loads(r[0]) for r in rows]

    async def kv_delete(self, namespace: str, key: str) -> bool:
        return await self._write(lambda c: c.execute(
            "DELETE FROM sl_kv WHERE namespace = ? AND key = ?", (namespace, key)).rowcount > 0)

    async def kv_delete_group(self, namespace: str, group: str) -> int:
        return await self._write(lambda c: c.execute(
            "DELETE FROM sl_kv WHERE namespace = ? AND grp = ?", (namespace, group)).rowcount)

    async def kv_purge_expired(self, namespace: str, now: float) -> int:
        expired = "FROM sl_kv WHERE namespace = ? AND expires_at IS NOT NULL AND expires_at <= ?"
        if await self._read(lambda c: c.execute(f"SELECT 1 {expired} LIMIT 1", (namespace, now)).fetchone()) is None:
            return 0  # nothing to purge: no write lock taken
        return await self._write(lambda c: c.execute(f"DELETE {expired}", (namespace, now)).rowcount)

    async def rate_limit_hit(self, bucket: str, window: int, expires_at: float) -> int:
        """Counted in the rate-limit file of a file store (never part of a unit of work, never
        waiting for the store's write lock), on the writer for `:memory:`."""
        if self._counters is not None:
            return await self._counters.hit(bucket, window, expires_at)
        return await self._write(functools.partial(_count_hit, bucket, window, expires_at))

    async def rate_limit_hits(self, hits) -> list[int]:
        """All of a request's rules in one autocommit statement on the rate-limit file."""
        if self._counters is not None:
            return await self._counters.hits(list(hits))
        return await self._write(lambda c: count_hits(c, list(hits)))

    async def outbox_claim(self, surface: str, now: float, lease_until: float,
                           limit: int) -> list[dict[str, Any]]:
        due = outbox_sql.due_sql("?", lock=False)
        # polled every second or so: with nothing due, a read answers, and no write lock is taken
        if await self._read(lambda c: c.execute(due, (surface, now, now, 1)).fetchone()) is None:
            return []
        claim = uuid.uuid4().hex
        rows = await self._write(lambda c: c.execute(  # one write transaction: no other process claims meanwhile
            f"UPDATE sl_outbox SET claim = ?, claimed_until = ? WHERE id IN ({due}) {outbox_sql.RETURNING}",
            (claim, lease_until, surface, now, now, limit)).fetchall())
        return sorted((outbox_sql.as_row(r) for r in rows),
                      key=lambda r: (r["next_attempt_at"], r["created_at"], r["id"]))

    async def outbox_settle(self, id: str, claim: str, changes: dict[str, Any], now: float,
                            inserts=()) -> bool:
        text, names = outbox_sql.settle_sql("?", changes)

        def settle(c: sqlite3.Connection) -> bool:
            if c.execute(text, (*(changes[n] for n in names), now, id, claim)).rowcount != 1:
                return False
            for row in inserts:
                c.execute(outbox_sql.insert_sql("?"), outbox_sql.insert_params(row))
            return True
        return await self._write(settle)

    async def outbox_add(self, rows) -> None:
        def add(c: sqlite3.Connection) -> None:
            for row in rows:
                c.execute(outbox_sql.insert_sql("?"), outbox_sql.insert_params(row))
        await self._write(add)

    async def outbox_list(self, surface: str, *, tenant: str | None = None,
                          deliveries: bool = True, limit: int = 100) -> list[dict[str, Any]]:
        text = outbox_sql.list_sql("?", tenant=tenant is not None, deliveries=deliveries)
        params = (surface, *((tenant,) if tenant is not None else ()), limit)
        rows = await self._read(lambda c: c.execute(text, params).fetchall())
        return [outbox_sql.as_row(r) for r in rows]

    async def outbox_pending(self, surface: str) -> dict[str, int]:
        rows = await self._read(lambda c: c.execute(outbox_sql.pending_sql("?"), (surface,)).fetchall())
        return {event: count for event, count in rows}

    async def outbox_purge(self, surface: str, before: float) -> int:
        purge = outbox_sql.purge_sql("?")
        finished = purge.replace("DELETE FROM", "SELECT 1 FROM", 1) + " LIMIT 1"  # the rows it would delete
        if await self._read(lambda c: c.execute(finished, (surface, before)).fetchone()) is None:
            return 0
        return await self._write(lambda c: c.execute(purge, (surface, before)).rowcount)

    async def close(self) -> None:
        """Finish the work handed over, then close every connection."""
        if self._closed:
            return
        self._closed = True
        await asyncio.to_thread(self._workers.close, self.conn.close)
        if self._counters is not None:
            await asyncio.to_thread(self._counters.close)


def _count(c: sqlite3.Connection, rows: list[counts.Delta]) -> None:
    """Apply a write's changes to the maintained counts, in its transaction."""
    if rows:
        c.execute(*counts.upsert("?", rows))


def _count_hit(bucket: str, window: int, expires_at: float, c: sqlite3.Connection) -> int:
    return count_hit(c, bucket, window, expires_at)


# -- schema work, run on the writer or a reader thread in an event loop of its own ------------
def _run_schema_work(work, tables: list[Table], surface: str | None,
                     options: migrations.MigrationOptions | None, c: sqlite3.Connection):
    """`work(session, ...)` on connection `c`. The schema session's methods never suspend;
    they are coroutines because `migrations` speaks to PostgreSQL's session the same way."""
    return asyncio.run(work(_Schema(c), tables, surface, options))


async def _plan(session: "_Schema", tables, surface, options) -> migrations.Plan:
    return await migrations.plan(tables, session, surface=surface, options=options)


async def _unchanged(session: "_Schema", tables, surface, options) -> bool:
    plan = await _plan(session, tables, surface, options)
    if plan.steps or plan.refused:
        return False
    return surface is None or (await session.states()).get(surface) == plan.state


async def _apply(session: "_Schema", tables, surface, options) -> list[str]:
    return await migrations.apply(await _plan(session, tables, surface, options), session)


class _Schema:
    """The SQLite side of planning and applying a migration, on a connection inside a write
    transaction (or a read snapshot, for a plan), on the thread of that connection. No method
    suspends: they run to the end in `_run_schema_work`'s event loop."""

    def __init__(self, conn: sqlite3.Connection):
        self.c = conn
        # sqlite-utils for introspection only: its write helpers commit on their own, which
        # would end the one transaction a migration is applied in
        self.db = sqlite_utils.Database(conn)

    async def live_table(self, name: str) -> migrations.LiveTable | None:
        table = self.db.table(name)
        if not table.exists():
            return None
        indexes = frozenset(index.name for index in table.indexes)
        return migrations.LiveTable({col.name: _KINDS.get(col.type.upper(), frozenset()) for col in table.columns},
                                    indexes)

    async def count(self, name: str) -> int:
        return self.c.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]

    async def rows(self, name: str) -> list[tuple[int, str, dict[str, Any]]]:
        return [(seq, tenant, json.loads(doc)) for seq, tenant, doc in
                self.c.execute(f'SELECT seq, tenant, doc FROM "{name}" ORDER BY seq').fetchall()]

    async def states(self) -> dict[str, dict[str, Any]]:
        rows = self.c.execute("SELECT key, value FROM sl_meta WHERE substr(key, 1, ?) = ?",
                              (len(migrations.STATE_PREFIX), migrations.STATE_PREFIX)).fetchall()
        return {key[len(migrations.STATE_PREFIX):]: json.loads(value) for key, value in rows}

    async def create_table(self, table: Table) -> None:
        # seq: an INTEGER PRIMARY KEY is the rowid, in insertion order
        cols = ["seq INTEGER PRIMARY KEY", "id TEXT NOT NULL", "tenant TEXT NOT NULL", "doc TEXT NOT NULL"]
        cols += [f"{c.sql_name} {_SQL_TYPES[c.type]}" for c in table.columns]
        self.c.execute(f"CREATE TABLE {table.name} ({', '.join(cols)})")
        self._forget_counts(table.name)  # none of a table of that name dropped by hand
        self._set_marker(table)  # an empty table's counts: none

    async def rename_table(self, old: str, new: str) -> None:
        self.c.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')  # its indexes go with it
        self.c.execute("UPDATE sl_totals SET tbl = ? WHERE tbl = ?", (new, old))  # its counts go along
        self.c.execute("DELETE FROM sl_meta WHERE key = ?", (counts.marker_key(new),))
        self.c.execute("UPDATE sl_meta SET key = ? WHERE key = ?", (counts.marker_key(new), counts.marker_key(old)))

    def _forget_counts(self, name: str) -> None:
        self.c.execute("DELETE FROM sl_totals WHERE tbl = ?", (name,))
        self.c.execute("DELETE FROM sl_meta WHERE key = ?", (counts.marker_key(name),))

    def _set_marker(self, table: Table) -> None:
        self.c.execute("INSERT INTO sl_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                       "SET value = excluded.value", (counts.marker_key(table.name), counts.marker(table)))

    async def counts_marker(self, name: str) -> str | None:
        row = self.c.execute("SELECT value FROM sl_meta WHERE key = ?", (counts.marker_key(name),)).fetchone()
        return row[0] if row else None

    async def recount(self, table: Table) -> None:
        self._forget_counts(table.name)
        for field, text in counts.group_sql(table):
            rows = counts.backfill_rows(table, field, self.c.execute(text).fetchall())
            for start in range(0, len(rows), 100):
                self.c.execute(*counts.upsert("?", rows[start:start + 100]))
        self._set_marker(table)

    async def add_column(self, table: str, column: Column) -> None:
        self.c.execute(f"ALTER TABLE {table} ADD COLUMN {column.sql_name} {_SQL_TYPES[column.type]}")

    async def drop_column(self, table: str, column: Column) -> None:
        word = re.compile(rf"\b{re.escape(column.sql_name)}\b")
        for name, text in self.c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                         "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall():
            if word.search(text):
                self.c.execute(f'DROP INDEX "{name}"')
        self.c.execute(f"ALTER TABLE {table} DROP COLUMN {column.sql_name}")

    async def create_index(self, table: str, index: sql.Index) -> None:
        self.c.execute(index.ddl(table))

    async def drop_index(self, table: str, name: str) -> None:
        self.c.execute(f'DROP INDEX IF EXISTS "{name}"')

    async def drop_table(self, name: str) -> None:
        self.c.execute(f'DROP TABLE IF EXISTS "{name}"')
        self._forget_counts(name)

    async def write_columns(self, table: str, column: str, values: list[tuple[Any, int]]) -> None:
        self.c.executemany(f"UPDATE {table} SET {column} = ? WHERE seq = ?", values)

    async def write_docs(self, table: Table, docs: list[tuple[int, dict[str, Any]]]) -> None:
        for seq, doc in docs:
            values = table.row_values(doc)
            sets = ", ".join(["doc = ?", *(f"{k} = ?" for k in values)])
            self.c.execute(f"UPDATE {table.name} SET {sets} WHERE seq = ?",
                           (json.dumps(doc), *values.values(), seq))

    async def save_state(self, surface: str, state: dict[str, Any]) -> None:
        if (await self.states()).get(surface) == state:
            return  # unchanged: nothing written
        self.c.execute("INSERT INTO sl_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                       "SET value = excluded.value", (migrations.STATE_PREFIX + surface, json.dumps(state)))

"""The PostgreSQL backend: psycopg 3 (async) behind a `psycopg_pool.AsyncConnectionPool`.

Resource documents live in a JSONB column next to indexed copies of the fields a spec filters,
sorts or looks up by; list queries come from `sql.py`, so filters, search, sorting and paging
behave as on SQLite. Text columns use the "C" collation so ordering and unique checks are
byte-wise (codepoint order), exactly like SQLite's default BINARY collation, whatever the
database locale.

The constructor is synchronous: it probes the server once and creates the runtime tables. The
async pool is opened lazily inside the running event loop. A pool belongs to the loop it was
opened in, so the store keeps one pool per loop: the same store works under uvicorn and across
several `asyncio.run` calls of a CLI or a test suite. Pools of loops that have since closed are
discarded and their connections closed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from . import migrations, outbox as outbox_sql, sql
from .base import (Column, Mutation, Outbox, Page, PageRequest, Query, StoreError, StoreUnavailable,
                   Table, UniqueViolation, coerce)

# `contains` values are bound as JSONB (see `PostgresStore.list`), so `@>` matches strings,
# numbers and booleans the way SQLite's json_each comparison does: an array contains the
# value as an element, a scalar field "contains" an equal scalar.
DIALECT = sql.Dialect(
    placeholder="%s",
    like="ILIKE",
    array_contains="({doc} -> '{field}') @> {p}",
)
_SQL_TYPES = {"text": 'TEXT COLLATE "C"', "integer": "BIGINT", "real": "DOUBLE PRECISION",
              "boolean": "BOOLEAN"}
# One advisory lock (per database) serialises schema work of every process using the database.
_SCHEMA_LOCK = int.from_bytes(hashlib.sha1(b"specloom.schema").digest()[:8], "big", signed=True)


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


def _reason(exc: Exception) -> str:
    """The gist of a libpq connection error, on one line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^connection failed: ", "", text)
    text = re.sub(r"^connection to server .*? failed: ", "", text)
    text = re.sub(r"^FATAL:\s+", "", text)
    if len(text) > 1 and text[0].isupper() and text[1].islower():  # "Connection refused"
        text = text[0].lower() + text[1:]
    return text


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
        self.pool = AsyncConnectionPool(url, kwargs={"autocommit": True}, open=False,
                                        configure=self._remember, **pool_options)
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


class PostgresStore:
    def __init__(self, url: str, *, min_size: int = 0, max_size: int = 10,
                 timeout: float = 30.0):
        """Probe the server and create the runtime tables; pools open later, one per loop.

        `min_size=0`: connections are made on demand, so a short `asyncio.run` opens only the
        connections it uses; `timeout` bounds the wait for a pooled connection."""
        self.url = url
        self.tables: dict[str, Table] = {}
        self._min_size = min_size
        self._max_size = max_size
        self._timeout = timeout
        self._pools: dict[asyncio.AbstractEventLoop, _LoopPool] = {}
        self._pools_lock = threading.Lock()
        try:
            with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
                self._create_runtime_tables(conn)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot open {redact(url)}: {_reason(exc)}") from None

    # -- plumbing ---------------------------------------------------------------------------
    @staticmethod
    def _create_runtime_tables(conn: psycopg.Connection) -> None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS sl_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute("""CREATE TABLE IF NOT EXISTS sl_credentials (
                key_id TEXT PRIMARY KEY, surface TEXT NOT NULL, tenant TEXT NOT NULL,
                kind TEXT NOT NULL, secret_hash TEXT NOT NULL, scopes JSONB NOT NULL,
                signing_secret TEXT, created_at TEXT NOT NULL, revoked_at TEXT,
                rate_limits JSONB NOT NULL DEFAULT '{}'::jsonb)""")
            # stores made before per-key rate limits existed gain the column
            conn.execute("ALTER TABLE sl_credentials ADD COLUMN IF NOT EXISTS "
                         "rate_limits JSONB NOT NULL DEFAULT '{}'::jsonb")
            conn.execute("""CREATE TABLE IF NOT EXISTS sl_idempotency (
                scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
                state TEXT NOT NULL, status INTEGER, headers JSONB, body BYTEA,
                created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (scope, key))""")
            # "window" is a reserved word in PostgreSQL, hence the quotes
            conn.execute("""CREATE TABLE IF NOT EXISTS sl_rate_limits (
                bucket TEXT NOT NULL, "window" BIGINT NOT NULL, count BIGINT NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (bucket, "window"))""")
            # seq orders a group's records (a replaced record keeps its place, as on SQLite)
            conn.execute("""CREATE TABLE IF NOT EXISTS sl_kv (
                namespace TEXT NOT NULL, key TEXT NOT NULL, grp TEXT, value JSONB NOT NULL,
                expires_at DOUBLE PRECISION, consumed BOOLEAN NOT NULL DEFAULT FALSE,
                seq BIGSERIAL NOT NULL, PRIMARY KEY (namespace, key))""")
            conn.execute("CREATE INDEX IF NOT EXISTS ix_sl_kv_group ON sl_kv (namespace, grp)")
            conn.execute("""CREATE TABLE IF NOT EXISTS sl_tenants (
                surface TEXT NOT NULL, tenant TEXT NOT NULL, approved BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (surface, tenant))""")
            for statement in outbox_sql.create_table("DOUBLE PRECISION"):
                conn.execute(statement)

    def _loop_pool(self) -> AsyncConnectionPool:
        loop = asyncio.get_running_loop()
        with self._pools_lock:
            for other in [lp for lp in self._pools if lp is not loop and lp.is_closed()]:
                self._pools.pop(other).abandon()
            entry = self._pools.get(loop)
            if entry is None:
                entry = self._pools[loop] = _LoopPool(
                    self.url, min_size=self._min_size, max_size=self._max_size,
                    timeout=self._timeout, name=f"specloom-{id(self):x}")
        return entry.pool

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection]:
        pool = self._loop_pool()
        if pool.closed:
            # open() does not wait for connections; getconn() below waits up to `timeout`.
            await pool.open()
        try:
            async with pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise StoreUnavailable(f"cannot reach {redact(self.url)}: {exc}") from None

    def _table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"table {name!r} was not migrated") from None

    # -- schema -----------------------------------------------------------------------------
    async def migrate(self, tables: Iterable[Table], *, surface: str | None = None,
                      options: migrations.MigrationOptions | None = None) -> list[str]:
        """Plan and apply in one transaction under an advisory lock every process on the
        database shares (PostgreSQL's DDL is transactional). A refused plan rolls back."""
        tables = list(tables)
        async with self._connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            session = _Schema(conn)
            plan = await migrations.plan(tables, session, surface=surface, options=options)
            steps = await migrations.apply(plan, session)
        for table in tables:
            self.tables[table.name] = table
        return steps

    async def plan_migration(self, tables: Iterable[Table], *, surface: str | None = None,
                             options: migrations.MigrationOptions | None = None) -> migrations.Plan:
        async with self._connection() as conn:
            try:
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                    result = await migrations.plan(list(tables), _Schema(conn), surface=surface,
                                                   options=options)
                    raise _Rollback()
            except _Rollback:
                pass
        return result

    def _unique_violation(self, t: Table, exc: pg_errors.UniqueViolation) -> UniqueViolation:
        """Name the rule of the index PostgreSQL names (on `t` or, for a ledger entry inserted
        by modify, on another table)."""
        name = exc.diag.constraint_name or ""
        for table in [t, *(x for x in self.tables.values() if x is not t)]:
            for index in sql.index_plan(table):
                if index.unique and index.name == name:
                    fields = (table.flag.field,) if index.where and table.flag else index.fields
                    return UniqueViolation(table.name, fields)
        return UniqueViolation(t.name, ("id",))

    # -- unique flags -----------------------------------------------------------------------
    @staticmethod
    async def _lock_group(conn: psycopg.AsyncConnection, t: Table, tenant: str, group: Any) -> None:
        """Serialise the writes of one flag group (till commit): a row lock cannot cover the
        records another transaction is about to insert or flag."""
        key = hashlib.sha1(json.dumps([t.name, tenant, group]).encode()).digest()[:8]
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (int.from_bytes(key, "big", signed=True),))

    async def _clear_flag(self, conn: psycopg.AsyncConnection, t: Table, tenant: str,
                          doc: dict[str, Any]) -> None:
        rule = t.flag
        assert rule is not None
        text, params = sql.flagged_peers(t, tenant, t.flag_group(doc), doc["id"], DIALECT, lock=True)
        cur = await conn.execute(text, params)
        for peer_id, peer in await cur.fetchall():
            peer[rule.field] = False
            if rule.touch and doc.get(rule.touch) is not None:
                peer[rule.touch] = doc[rule.touch]
            await _write_row(conn, t, tenant, peer_id, peer)

    async def _flag_on_insert(self, conn: psycopg.AsyncConnection, t: Table, tenant: str,
                              doc: dict[str, Any]) -> dict[str, Any]:
        rule = t.flag
        if rule is None or t.flag_group(doc) is None or not (rule.first_is_set or t.flagged(doc)):
            return doc
        await self._lock_group(conn, t, tenant, t.flag_group(doc))
        if rule.first_is_set and not t.flagged(doc):
            text, params = sql.group_has_rows(t, tenant, t.flag_group(doc), DIALECT)
            if await (await conn.execute(text, params)).fetchone() is None:
                doc = {**doc, rule.field: True}
        if t.flagged(doc):
            await self._clear_flag(conn, t, tenant, doc)
        return doc

    # -- resources --------------------------------------------------------------------------
    async def insert(self, table: str, tenant: str, doc: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any]:
        t = self._table(table)
        try:
            async with self._connection() as conn:
                if t.flag is None and outbox is None:
                    await _insert_row(conn, t, tenant, doc)
                else:
                    async with conn.transaction():
                        doc = await self._flag_on_insert(conn, t, tenant, doc)
                        await _insert_row(conn, t, tenant, doc)
                        await _record_outbox(conn, outbox, [(t.name, None, doc)])
        except pg_errors.UniqueViolation as exc:
            raise self._unique_violation(t, exc) from None
        return doc

    async def get(self, table: str, tenant: str, id: str) -> dict[str, Any] | None:
        t = self._table(table)
        async with self._connection() as conn:
            cur = await conn.execute(f"SELECT doc FROM {t.name} WHERE tenant = %s AND id = %s",
                                     (tenant, id))
            row = await cur.fetchone()
        return row[0] if row else None

    async def find(self, table: str, tenant: str, field: str, value: Any) -> dict[str, Any] | None:
        t = self._table(table)
        col = t.column(field)
        fits, value = coerce(col.type, value)
        if not fits or value is None:
            return None
        async with self._connection() as conn:
            cur = await conn.execute(
                f"SELECT doc FROM {t.name} WHERE tenant = %s AND {col.sql_name} = %s "
                f"ORDER BY seq LIMIT 1", (tenant, value))
            row = await cur.fetchone()
        return row[0] if row else None

    async def update(self, table: str, tenant: str, id: str, changes: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        return await self.modify(table, tenant, id, lambda _doc: Mutation(changes), outbox=outbox)

    async def modify(self, table: str, tenant: str, id: str,
                     change: Callable[[dict[str, Any]], Mutation], *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        t = self._table(table)
        writing = t  # the table of the statement that may break a unique rule
        select = f"SELECT doc FROM {t.name} WHERE tenant = %s AND id = %s"
        try:
            async with self._connection() as conn:
                for _ in range(10):
                    async with conn.transaction():
                        group = None
                        if t.flag is not None:
                            # the group lock comes before the row lock, as in every other write of
                            # a flagged table: no two writers wait for each other crosswise
                            row = await (await conn.execute(select, (tenant, id))).fetchone()
                            if row is None:
                                return None
                            group = t.flag_group(row[0])
                            if group is not None:
                                await self._lock_group(conn, t, tenant, group)
                        # the row lock keeps every other writer of this record out until we commit
                        row = await (await conn.execute(select + " FOR UPDATE", (tenant, id))).fetchone()
                        if row is None:
                            return None
                        before = row[0]
                        if t.flag is not None and t.flag_group(before) != group:
                            continue  # moved to another group meanwhile: lock that one instead
                        mutation = change(dict(before))  # may raise Refused: the transaction rolls back
                        doc = {**before, **mutation.changes}
                        if (t.flag is not None and t.flag_group(doc) is not None and t.flagged(doc)
                                and (not t.flagged(before) or t.flag_group(doc) != group)):
                            if t.flag_group(doc) != group:
                                await self._lock_group(conn, t, tenant, t.flag_group(doc))
                            await self._clear_flag(conn, t, tenant, doc)
                        await _write_row(conn, t, tenant, id, doc)
                        written = [(t.name, before, doc)]
                        for other_name, other_doc in mutation.inserts:
                            writing = self._table(other_name)
                            other_doc = await self._flag_on_insert(conn, writing, tenant, other_doc)
                            await _insert_row(conn, writing, tenant, other_doc)
                            written.append((writing.name, None, other_doc))
                        await _record_outbox(conn, outbox, written)
                        return doc
                raise StoreError(f"{t.name} {id}: its flag group kept changing; try again")
        except pg_errors.UniqueViolation as exc:
            raise self._unique_violation(writing, exc) from None

    async def delete(self, table: str, tenant: str, id: str) -> bool:
        t = self._table(table)
        rule = t.flag
        delete = f"DELETE FROM {t.name} WHERE tenant = %s AND id = %s RETURNING doc"
        async with self._connection() as conn:
            if rule is None or not rule.promote_on_delete:
                cur = await conn.execute(delete, (tenant, id))
                return cur.rowcount > 0
            async with conn.transaction():
                row = await (await conn.execute(f"SELECT doc FROM {t.name} WHERE tenant = %s AND id = %s",
                                                (tenant, id))).fetchone()
                if row is None:
                    return False
                if t.flag_group(row[0]) is not None:
                    await self._lock_group(conn, t, tenant, t.flag_group(row[0]))
                row = await (await conn.execute(delete, (tenant, id))).fetchone()
                if row is None:
                    return False
                doc = row[0]
                if t.flagged(doc) and t.flag_group(doc) is not None:
                    text, params = sql.group_has_rows(t, tenant, t.flag_group(doc), DIALECT, full=True)
                    oldest = await (await conn.execute(text + " FOR UPDATE", params)).fetchone()
                    if oldest is not None:
                        await _write_row(conn, t, tenant, oldest[0], {**oldest[1], rule.field: True})
                return True

    async def list(self, table: str, tenant: str, query: Query, page: PageRequest) -> Page:
        t = self._table(table)
        query = _bind_contains(query)
        sql_text, params, reverse = sql.list_sql(t, tenant, query, page, DIALECT)
        async with self._connection() as conn:
            cur = await conn.execute(sql_text, params)
            rows = await cur.fetchall()
            total = None
            if page.with_total:
                count_text, count_params = sql.count_sql(t, tenant, query, DIALECT)
                cur = await conn.execute(count_text, count_params)
                total = (await cur.fetchone())[0]
        return sql.build_page(rows, page, reverse, total, lambda doc: doc)

    # -- credentials, tenants, meta ---------------------------------------------------------
    async def put_credential(self, credential: dict[str, Any]) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO sl_credentials (key_id, surface, tenant, kind, secret_hash, scopes, "
                "signing_secret, created_at, revoked_at, rate_limits) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (credential["key_id"], credential["surface"], credential["tenant"],
                 credential["kind"], credential["secret_hash"], Jsonb(list(credential["scopes"])),
                 credential.get("signing_secret"), credential["created_at"],
                 credential.get("revoked_at"), Jsonb(credential.get("rate_limits") or {})))

    async def get_credential(self, key_id: str) -> dict[str, Any] | None:
        async with self._connection() as conn:
            cur = conn.cursor(row_factory=dict_row)
            await cur.execute(
                "SELECT key_id, surface, tenant, kind, secret_hash, scopes, signing_secret, "
                "created_at, revoked_at, rate_limits FROM sl_credentials WHERE key_id = %s",
                (key_id,))
            return await cur.fetchone()

    async def set_credential_rate_limits(self, surface: str, key_id: str,
                                         rate_limits: dict[str, int]) -> bool:
        async with self._connection() as conn:
            cur = await conn.execute(
                "UPDATE sl_credentials SET rate_limits = %s WHERE surface = %s AND key_id = %s "
                "AND revoked_at IS NULL", (Jsonb(rate_limits), surface, key_id))
            return cur.rowcount > 0

    async def revoke_credential(self, surface: str, key_id: str, at: str) -> bool:
        async with self._connection() as conn:
            cur = await conn.execute(
                "UPDATE sl_credentials SET revoked_at = %s WHERE surface = %s AND key_id = %s "
                "AND revoked_at IS NULL", (at, surface, key_id))
            return cur.rowcount > 0

    async def count_credentials(self, surface: str) -> int:
        async with self._connection() as conn:
            cur = await conn.execute("SELECT COUNT(*) FROM sl_credentials WHERE surface = %s", (surface,))
            return (await cur.fetchone())[0]

    async def put_tenant(self, surface: str, tenant: str, approved: bool) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO sl_tenants (surface, tenant, approved) VALUES (%s, %s, %s) "
                "ON CONFLICT (surface, tenant) DO UPDATE SET approved = excluded.approved",
                (surface, tenant, bool(approved)))

    async def get_tenant(self, surface: str, tenant: str) -> dict[str, Any] | None:
        async with self._connection() as conn:
            cur = await conn.execute("SELECT surface, tenant, approved FROM sl_tenants "
                                     "WHERE surface = %s AND tenant = %s", (surface, tenant))
            row = await cur.fetchone()
        return {"surface": row[0], "tenant": row[1], "approved": bool(row[2])} if row else None

    async def meta_get_or_set(self, key: str, value: str) -> str:
        async with self._connection() as conn:
            cur = await conn.execute(
                "INSERT INTO sl_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING "
                "RETURNING value", (key, value))
            row = await cur.fetchone()
            if row is None:  # already set (by us earlier or by another process)
                cur = await conn.execute("SELECT value FROM sl_meta WHERE key = %s", (key,))
                row = await cur.fetchone()
        return row[0]

    async def idempotency_begin(self, scope: str, key: str, fingerprint: str, now: float,
                                expires_at: float, stale_before: float) -> dict[str, Any] | None:
        async with self._connection() as conn, conn.transaction():
            await conn.execute(
                "DELETE FROM sl_idempotency WHERE scope = %s AND key = %s AND (expires_at < %s OR "
                "(state = 'in_flight' AND created_at < %s))", (scope, key, now, stale_before))
            while True:
                cur = await conn.execute(
                    "INSERT INTO sl_idempotency (scope, key, fingerprint, state, created_at, expires_at) "
                    "VALUES (%s, %s, %s, 'in_flight', %s, %s) ON CONFLICT DO NOTHING",
                    (scope, key, fingerprint, now, expires_at))
                if cur.rowcount == 1:
                    return None
                cur = await conn.execute(
                    "SELECT fingerprint, state, status, headers, body FROM sl_idempotency "
                    "WHERE scope = %s AND key = %s", (scope, key))
                row = await cur.fetchone()
                if row is not None:  # else released between the two statements: claim again
                    break
        return {"fingerprint": row[0], "state": row[1], "status": row[2],
                "headers": [tuple(h) for h in row[3]] if row[3] else [],
                "body": bytes(row[4]) if row[4] is not None else None}

    async def idempotency_complete(self, scope: str, key: str, status: int,
                                   headers: list[tuple[str, str]], body: bytes) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "UPDATE sl_idempotency SET state = 'done', status = %s, headers = %s, body = %s "
                "WHERE scope = %s AND key = %s",
                (status, Jsonb([list(h) for h in headers]), body, scope, key))

    async def idempotency_release(self, scope: str, key: str) -> None:
        async with self._connection() as conn:
            await conn.execute("DELETE FROM sl_idempotency WHERE scope = %s AND key = %s "
                               "AND state = 'in_flight'", (scope, key))

    async def kv_put(self, namespace: str, key: str, value: dict[str, Any], *,
                     group: str | None = None, expires_at: float | None = None) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO sl_kv (namespace, key, grp, value, expires_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (namespace, key) DO UPDATE SET grp = excluded.grp, value = excluded.value, "
                "expires_at = excluded.expires_at, consumed = FALSE",
                (namespace, key, group, Jsonb(value), expires_at))

    async def kv_get(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        async with self._connection() as conn:
            cur = await conn.execute(
                "SELECT value, grp, expires_at, consumed FROM sl_kv WHERE namespace = %s AND key = %s "
                "AND (expires_at IS NULL OR expires_at > %s)", (namespace, key, now))
            row = await cur.fetchone()
        if row is None:
            return None
        return {"value": row[0], "group": row[1], "expires_at": row[2], "consumed": row[3]}

    async def kv_consume(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        async with self._connection() as conn:
            # concurrent consumers queue on the row lock and re-check `NOT consumed`: one wins
            cur = await conn.execute(
                "UPDATE sl_kv SET consumed = TRUE WHERE namespace = %s AND key = %s AND NOT consumed "
                "AND (expires_at IS NULL OR expires_at > %s) RETURNING value", (namespace, key, now))
            row = await cur.fetchone()
        return row[0] if row else None

    async def kv_list(self, namespace: str, group: str, now: float) -> list[dict[str, Any]]:
        async with self._connection() as conn:
            cur = await conn.execute(
                "SELECT value FROM sl_kv WHERE namespace = %s AND grp = %s AND "
                "(expires_at IS NULL OR expires_at > %s) ORDER BY seq", (namespace, group, now))
            return [row[0] for row in await cur.fetchall()]

    async def kv_delete(self, namespace: str, key: str) -> bool:
        async with self._connection() as conn:
            cur = await conn.execute("DELETE FROM sl_kv WHERE namespace = %s AND key = %s",
                                     (namespace, key))
            return cur.rowcount > 0

    async def kv_delete_group(self, namespace: str, group: str) -> int:
        async with self._connection() as conn:
            cur = await conn.execute("DELETE FROM sl_kv WHERE namespace = %s AND grp = %s",
                                     (namespace, group))
            return cur.rowcount

    async def rate_limit_hit(self, bucket: str, window: int, expires_at: float) -> int:
        async with self._connection() as conn, conn.transaction():
            cur = await conn.execute(
                'INSERT INTO sl_rate_limits (bucket, "window", count, expires_at) VALUES (%s, %s, 1, %s) '
                'ON CONFLICT (bucket, "window") DO UPDATE SET count = sl_rate_limits.count + 1 '
                'RETURNING count', (bucket, window, expires_at))
            count = (await cur.fetchone())[0]
            if count == 1:  # first hit of a window: forget windows that are over
                await conn.execute('DELETE FROM sl_rate_limits WHERE bucket = %s AND "window" < %s',
                                   (bucket, window))
        return count

    async def outbox_claim(self, surface: str, now: float, lease_until: float,
                           limit: int) -> list[dict[str, Any]]:
        claim = uuid.uuid4().hex
        async with self._connection() as conn:
            # SKIP LOCKED: rows another process is claiming right now are left to it
            cur = await conn.execute(
                f"UPDATE sl_outbox SET claim = %s, claimed_until = %s WHERE id IN "
                f"({outbox_sql.due_sql('%s', lock=True)}) {outbox_sql.RETURNING}",
                (claim, lease_until, surface, now, now, limit))
            rows = await cur.fetchall()
        return sorted((outbox_sql.as_row(r) for r in rows),
                      key=lambda r: (r["next_attempt_at"], r["created_at"], r["id"]))

    async def outbox_settle(self, id: str, claim: str, changes: dict[str, Any], now: float,
                            inserts=()) -> bool:
        text, names = outbox_sql.settle_sql("%s", changes)
        async with self._connection() as conn:
            try:
                async with conn.transaction():
                    cur = await conn.execute(text, (*(changes[n] for n in names), now, id, claim))
                    if cur.rowcount != 1:
                        raise _Rollback()
                    for row in inserts:
                        await conn.execute(outbox_sql.insert_sql("%s"), outbox_sql.insert_params(row))
            except _Rollback:
                return False
        return True

    async def outbox_list(self, surface: str, *, tenant: str | None = None,
                          deliveries: bool = True, limit: int = 100) -> list[dict[str, Any]]:
        text = outbox_sql.list_sql("%s", tenant=tenant is not None, deliveries=deliveries)
        params = (surface, *((tenant,) if tenant is not None else ()), limit)
        async with self._connection() as conn:
            cur = await conn.execute(text, params)
            return [outbox_sql.as_row(r) for r in await cur.fetchall()]

    async def outbox_purge(self, surface: str, before: float) -> int:
        async with self._connection() as conn:
            cur = await conn.execute(outbox_sql.purge_sql("%s"), (surface, before))
            return cur.rowcount

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


async def _record_outbox(conn: psycopg.AsyncConnection, outbox: Outbox | None, written: list) -> None:
    for row in (outbox(written) if outbox is not None else ()):
        await conn.execute(outbox_sql.insert_sql("%s"), outbox_sql.insert_params(row))


async def _write_row(conn: psycopg.AsyncConnection, t: Table, tenant: str, id: str, doc: dict[str, Any]) -> None:
    values = t.row_values(doc)
    sets = ", ".join(["doc = %s", *(f"{k} = %s" for k in values)])
    await conn.execute(f"UPDATE {t.name} SET {sets} WHERE tenant = %s AND id = %s",
                       (Jsonb(doc), *values.values(), tenant, id))


async def _insert_row(conn: psycopg.AsyncConnection, t: Table, tenant: str, doc: dict[str, Any]) -> None:
    values = t.row_values(doc)
    names = ["id", "tenant", "doc", *values]
    await conn.execute(f"INSERT INTO {t.name} ({', '.join(names)}) "
                       f"VALUES ({', '.join('%s' for _ in names)})",
                       (doc["id"], tenant, Jsonb(doc), *values.values()))


def _bind_contains(query: Query) -> Query:
    """Bind `contains` values as JSONB and make the field safe inside the SQL string literal
    the dialect puts it in (the field is only used there for `contains`)."""
    if not any(f.op == "contains" for f in query.filters):
        return query
    filters = tuple(
        attrs.evolve(f, field=f.field.replace("'", "''").replace("%", "%%"), value=Jsonb(f.value))
        if f.op == "contains" else f
        for f in query.filters)
    return attrs.evolve(query, filters=filters)


class _Rollback(Exception):
    """Leaves a transaction block without committing."""


# what a column's data type can hold
_KINDS = {"text": frozenset({"text"}), "bigint": frozenset({"integer"}), "integer": frozenset({"integer"}),
          "double precision": frozenset({"real"}), "real": frozenset({"real"}),
          "boolean": frozenset({"boolean"})}


class _Schema:
    """The PostgreSQL side of planning and applying a migration, inside its transaction."""

    def __init__(self, conn: psycopg.AsyncConnection):
        self.conn = conn

    async def _all(self, text: str, params: tuple = ()) -> list:
        return await (await self.conn.execute(text, params)).fetchall()

    async def live_table(self, name: str) -> migrations.LiveTable | None:
        cols = await self._all("SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_schema = current_schema() AND table_name = %s", (name,))
        if not cols:
            return None
        indexes = await self._all("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                                  "AND tablename = %s", (name,))
        return migrations.LiveTable({c: _KINDS.get(t, frozenset()) for c, t in cols},
                                    frozenset(i for (i,) in indexes))

    async def count(self, name: str) -> int:
        return (await self._all(f'SELECT COUNT(*) FROM "{name}"'))[0][0]

    async def rows(self, name: str) -> list[tuple[int, str, dict[str, Any]]]:
        return [tuple(r) for r in await self._all(f'SELECT seq, tenant, doc FROM "{name}" ORDER BY seq')]

    async def states(self) -> dict[str, dict[str, Any]]:
        rows = await self._all("SELECT key, value FROM sl_meta WHERE left(key, %s) = %s",
                               (len(migrations.STATE_PREFIX), migrations.STATE_PREFIX))
        return {key[len(migrations.STATE_PREFIX):]: json.loads(value) for key, value in rows}

    async def create_table(self, table: Table) -> None:
        cols = ["seq BIGSERIAL PRIMARY KEY", "id TEXT NOT NULL", "tenant TEXT NOT NULL", "doc JSONB NOT NULL"]
        cols += [f"{c.sql_name} {_SQL_TYPES[c.type]}" for c in table.columns]
        await self.conn.execute(f"CREATE TABLE {table.name} ({', '.join(cols)})")

    async def add_column(self, table: str, column: Column) -> None:
        await self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column.sql_name} {_SQL_TYPES[column.type]}")

    async def drop_column(self, table: str, column: Column) -> None:
        # its indexes (partial ones whose predicate uses it too) go with it
        await self.conn.execute(f"ALTER TABLE {table} DROP COLUMN {column.sql_name}")

    async def create_index(self, table: str, index: sql.Index) -> None:
        owner = await self._all("SELECT tablename FROM pg_indexes WHERE schemaname = current_schema() "
                                "AND indexname = %s", (index.name,))
        if owner:  # index names are schema-wide in PostgreSQL
            raise StoreError(f"cannot create index {index.name} on {table}: table {owner[0][0]} has "
                             f"an index of that name")
        await self.conn.execute(index.ddl(table))

    async def drop_index(self, table: str, name: str) -> None:
        await self.conn.execute(f'DROP INDEX IF EXISTS "{name}"')

    async def drop_table(self, name: str) -> None:
        await self.conn.execute(f'DROP TABLE IF EXISTS "{name}"')

    async def write_columns(self, table: str, column: str, values: list[tuple[Any, int]]) -> None:
        async with self.conn.cursor() as cur:
            await cur.executemany(f"UPDATE {table} SET {column} = %s WHERE seq = %s", values)

    async def write_docs(self, table: Table, docs: list[tuple[int, dict[str, Any]]]) -> None:
        for seq, doc in docs:
            values = table.row_values(doc)
            sets = ", ".join(["doc = %s", *(f"{k} = %s" for k in values)])
            await self.conn.execute(f"UPDATE {table.name} SET {sets} WHERE seq = %s",
                                    (Jsonb(doc), *values.values(), seq))

    async def save_state(self, surface: str, state: dict[str, Any]) -> None:
        await self.conn.execute(
            "INSERT INTO sl_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value", (migrations.STATE_PREFIX + surface, json.dumps(state)))

"""The PostgreSQL backend: psycopg 3 (async) behind a `psycopg_pool.AsyncConnectionPool`.

Resource documents live in a JSONB column next to indexed copies of the fields a spec filters,
sorts or looks up by; list queries come from `sql.py`, so filters, search, sorting and paging
behave as on SQLite. Text columns use the "C" collation so ordering and unique checks are
byte-wise (codepoint order), exactly like SQLite's default BINARY collation, whatever the
database locale.

The constructor is synchronous: it probes the server once and creates the runtime tables (only
when they are missing or older than this code: opening a store writes nothing otherwise, so a
read-only database opens and serves reads). Every call runs through `postgres_connections`:
one pool per event loop, healthy checkouts, one retry on a lost connection where that is safe,
units of work, and the store's errors for an unreachable, full or read-only database.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from contextlib import AbstractAsyncContextManager
from typing import Any, Callable, Iterable

import attrs
import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb, set_json_dumps, set_json_loads

from . import counts, credential_epochs, migrations, sql
from . import outbox as outbox_sql
from .base import (
    Column,
    Mutation,
    Outbox,
    Page,
    PageRequest,
    Query,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
    Table,
    UniqueViolation,
    UnknownCursor,
    coerce,
)
from .postgres_connections import Connections, atomic, reason, redact

__all__ = ["PostgresStore", "redact"]

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
# Documents (jsonb) read and written with orjson, as the SQLite store does (sql.loads/dumps)
set_json_loads(sql.loads)
set_json_dumps(sql.dumps)

# One advisory lock (per database) serialises schema work of every process using the database.
_SCHEMA_LOCK = int.from_bytes(hashlib.sha1(b"specloom.schema").digest()[:8], "big", signed=True)
# The version of the runtime tables (sl_*) this code expects, kept in sl_meta: a store at
# another version (or without the tables) runs their DDL again. Bump it when the DDL changes.
_RUNTIME_SCHEMA_KEY, _RUNTIME_SCHEMA = "specloom:runtime_schema", "4"


class PostgresStore:
    def __init__(self, url: str, *, min_size: int = 0, max_size: int = 10,
                 timeout: float = 30.0):
        """Probe the server and create the runtime tables; pools open later, one per loop.

        `min_size=0`: connections are made on demand, so a short `asyncio.run` opens only the
        connections it uses; `timeout` bounds the wait for a pooled connection."""
        self.url = url
        self.tables: dict[str, Table] = {}
        self._db = Connections(url, min_size=min_size, max_size=max_size, timeout=timeout)
        self._credential_epoch = credential_epochs.NotifyEpoch(url)  # credential changes, for caches
        try:
            with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
                if not self._runtime_tables_current(conn):
                    self._create_runtime_tables(conn)
        except pg_errors.ReadOnlySqlTransaction as exc:
            raise StoreReadOnly(f"cannot create the runtime tables in {redact(url)}: the database is "
                                f"read-only ({reason(exc)})") from None
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot open {redact(url)}: {reason(exc)}") from None

    # -- plumbing ---------------------------------------------------------------------------
    @staticmethod
    def _runtime_tables_current(conn: psycopg.Connection) -> bool:
        """Whether the runtime tables are there at this code's version (a read, no lock)."""
        if conn.execute("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() "
                        "AND tablename = 'sl_meta'").fetchone() is None:
            return False
        row = conn.execute("SELECT value FROM sl_meta WHERE key = %s", (_RUNTIME_SCHEMA_KEY,)).fetchone()
        return row is not None and row[0] == _RUNTIME_SCHEMA

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
            # `claim`: the token of the request holding an in-flight record (Store.idempotency_begin)
            conn.execute("""CREATE TABLE IF NOT EXISTS sl_idempotency (
                scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
                state TEXT NOT NULL, status INTEGER, headers JSONB, body BYTEA,
                created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
                claim TEXT, PRIMARY KEY (scope, key))""")
            # stores made before claim tokens gain the column (their in-flight records match no
            # claim: they are taken over once stale)
            conn.execute("ALTER TABLE sl_idempotency ADD COLUMN IF NOT EXISTS claim TEXT")
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
            conn.execute(counts.CREATE)  # maintained list totals (backends/counts.py)
            conn.execute("INSERT INTO sl_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                         "SET value = excluded.value", (_RUNTIME_SCHEMA_KEY, _RUNTIME_SCHEMA))

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """A unit of work (`Store.transaction`): this task's calls, and those of the tasks it
        starts, run on one connection in one transaction until the block ends."""
        return self._db.transaction()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._db.after_commit(callback)

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

        async def work(conn: psycopg.AsyncConnection) -> list[str]:
            async with atomic(conn):
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                session = _Schema(conn)
                plan = await migrations.plan(tables, session, surface=surface, options=options)
                return await migrations.apply(plan, session)

        steps = await self._db.run(work)
        for table in tables:
            self.tables[table.name] = table
        return steps

    async def plan_migration(self, tables: Iterable[Table], *, surface: str | None = None,
                             options: migrations.MigrationOptions | None = None) -> migrations.Plan:
        tables = list(tables)

        async def work(conn: psycopg.AsyncConnection) -> migrations.Plan:
            try:
                async with atomic(conn):
                    await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                    result = await migrations.plan(tables, _Schema(conn), surface=surface, options=options)
                    raise _Rollback(result)
            except _Rollback as done:
                return done.args[0]

        return await self._db.run(work)

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
        for peer_id, before in await cur.fetchall():
            peer = {**before, rule.field: False}
            if rule.touch and doc.get(rule.touch) is not None:
                peer[rule.touch] = doc[rule.touch]
            await _write_row(conn, t, tenant, peer_id, peer, before)

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

        async def plain(conn: psycopg.AsyncConnection) -> dict[str, Any]:
            await _insert_row(conn, t, tenant, doc)
            return doc

        async def with_others(conn: psycopg.AsyncConnection) -> dict[str, Any]:
            async with atomic(conn):
                stored = await self._flag_on_insert(conn, t, tenant, doc)
                await _insert_row(conn, t, tenant, stored)
                await _record_outbox(conn, outbox, [(t.name, None, stored)])
            return stored

        try:
            if t.flag is None and outbox is None:
                # one statement, committed as it runs: run again only if the server ran nothing
                return await self._db.run(plain, replayable=False, isolated=True)
            return await self._db.run(with_others)
        except pg_errors.UniqueViolation as exc:
            raise self._unique_violation(t, exc) from None

    async def get(self, table: str, tenant: str, id: str) -> dict[str, Any] | None:
        t = self._table(table)

        async def work(conn: psycopg.AsyncConnection) -> dict[str, Any] | None:
            cur = await conn.execute(f"SELECT doc FROM {t.name} WHERE tenant = %s AND id = %s", (tenant, id))
            row = await cur.fetchone()
            return row[0] if row else None

        return await self._db.run(work)

    async def find(self, table: str, tenant: str, field: str, value: Any) -> dict[str, Any] | None:
        t = self._table(table)
        col = t.column(field)
        fits, value = coerce(col.type, value)
        if not fits or value is None:
            return None

        async def work(conn: psycopg.AsyncConnection) -> dict[str, Any] | None:
            cur = await conn.execute(
                f"SELECT doc FROM {t.name} WHERE tenant = %s AND {col.sql_name} = %s "
                f"ORDER BY seq LIMIT 1", (tenant, value))
            row = await cur.fetchone()
            return row[0] if row else None

        return await self._db.run(work)

    async def update(self, table: str, tenant: str, id: str, changes: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        return await self.modify(table, tenant, id, lambda _doc: Mutation(changes), outbox=outbox)

    async def modify(self, table: str, tenant: str, id: str,
                     change: Callable[[dict[str, Any]], Mutation], *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        t = self._table(table)
        writing = [t]  # the table of the statement that may break a unique rule
        select = f"SELECT doc FROM {t.name} WHERE tenant = %s AND id = %s"

        async def work(conn: psycopg.AsyncConnection) -> dict[str, Any] | None:
            writing[:] = [t]
            for _ in range(10):
                async with atomic(conn):
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
                    await _write_row(conn, t, tenant, id, doc, before)
                    written = [(t.name, before, doc)]
                    for other_name, other_doc in mutation.inserts:
                        writing[:] = [self._table(other_name)]
                        other_doc = await self._flag_on_insert(conn, writing[0], tenant, other_doc)
                        await _insert_row(conn, writing[0], tenant, other_doc)
                        written.append((writing[0].name, None, other_doc))
                    await _record_outbox(conn, outbox, written)
                    return doc
            raise StoreError(f"{t.name} {id}: its flag group kept changing; try again")

        try:
            return await self._db.run(work)
        except pg_errors.UniqueViolation as exc:
            raise self._unique_violation(writing[0], exc) from None

    async def delete(self, table: str, tenant: str, id: str) -> bool:
        t = self._table(table)
        rule = t.flag
        delete = f"DELETE FROM {t.name} WHERE tenant = %s AND id = %s RETURNING doc"

        async def plain(conn: psycopg.AsyncConnection) -> bool:
            async with atomic(conn):  # the record and its counts (backends/counts.py) go together
                row = await (await conn.execute(delete, (tenant, id))).fetchone()
                if row is None:
                    return False
                await _count(conn, counts.deltas(t, tenant, row[0], None))
                return True

        async def promoting(conn: psycopg.AsyncConnection) -> bool:
            assert rule is not None
            async with atomic(conn):
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
                await _count(conn, counts.deltas(t, tenant, doc, None))
                if t.flagged(doc) and t.flag_group(doc) is not None:
                    text, params = sql.group_has_rows(t, tenant, t.flag_group(doc), DIALECT, full=True)
                    oldest = await (await conn.execute(text + " FOR UPDATE", params)).fetchone()
                    if oldest is not None:
                        await _write_row(conn, t, tenant, oldest[0], {**oldest[1], rule.field: True}, oldest[1])
                return True

        if rule is None or not rule.promote_on_delete:
            return await self._db.run(plain, replayable=False)
        return await self._db.run(promoting)

    async def list(self, table: str, tenant: str, query: Query, page: PageRequest) -> Page:
        t = self._table(table)
        query = _bind_contains(query)
        after_id = page.after_id if page.keyset and page.after is None and page.before is None else None
        if after_id is not None:  # a lastId cursor: its record's position and the page, one statement
            sql_text, params = sql.list_after_id_sql(t, tenant, query, page, DIALECT)
            reverse = False
        else:
            sql_text, params, reverse = sql.list_sql(t, tenant, query, page, DIALECT)
        key = counts.key_for(t, query) if page.with_total else None

        async def work(conn: psycopg.AsyncConnection) -> Page:
            rows = await (await conn.execute(sql_text, params)).fetchall()
            paging = page
            if after_id is not None:
                if not rows or not rows[0][0]:
                    raise UnknownCursor(f"{t.label}: no record {after_id!r} to page after")
                rows = [row[1:] for row in rows if row[1] is not None]
                paging = attrs.evolve(page, after=(), after_id=None)  # `after` set: a page after a position
            total = None
            if key == counts.ZERO:
                total = 0
            elif key is not None:  # maintained (backends/counts.py): one row read
                found = await (await conn.execute(counts.read_sql("%s"), (t.name, tenant, *key))).fetchone()
                total = int(found[0])
            elif page.with_total:
                count_text, count_params = sql.count_sql(t, tenant, query, DIALECT)
                total = (await (await conn.execute(count_text, count_params)).fetchone())[0]
            return sql.build_page(rows, paging, reverse, total, lambda doc: doc)

        return await self._db.run(work)

    async def get_with(self, table, tenant, id, children):
        t = self._table(table)
        parts = [f"(SELECT doc FROM {t.name} WHERE tenant = %s AND id = %s)"]
        params: list[Any] = [tenant, id]
        for name, query, limit in children:
            text, values, _ = sql.list_sql(self._table(name), tenant, _bind_contains(query),
                                           PageRequest(limit=limit - 1), DIALECT, docs_only=True)
            parts.append(f"ARRAY({text})")  # in the query's order, as ARRAY(SELECT … ORDER BY …) keeps it
            params += values

        async def work(conn: psycopg.AsyncConnection):
            row = await (await conn.execute("SELECT " + ", ".join(parts), params)).fetchone()
            return row[0], [list(docs or ()) for docs in row[1:]]

        return await self._db.run(work)

    async def keyset_position(self, table: str, tenant: str, id: str, query: Query) -> tuple | None:
        text, params = sql.position_sql(self._table(table), tenant, id, query, DIALECT)
        row = await self._fetchone(text, tuple(params))
        return tuple(row) if row is not None else None

    async def tenants(self, table: str) -> list[str]:
        t = self._table(table)
        return [r[0] for r in await self._fetchall(f"SELECT DISTINCT tenant FROM {t.name} ORDER BY tenant")]

    # -- credentials, tenants, meta ---------------------------------------------------------
    async def _execute(self, text: str, params: tuple = (), *, replayable: bool = True) -> int:
        """Run one statement; its row count."""
        async def work(conn: psycopg.AsyncConnection) -> int:
            return (await conn.execute(text, params)).rowcount

        return await self._db.run(work, replayable=replayable)

    async def _fetchone(self, text: str, params: tuple = (), *, replayable: bool = True) -> tuple | None:
        async def work(conn: psycopg.AsyncConnection) -> tuple | None:
            return await (await conn.execute(text, params)).fetchone()

        return await self._db.run(work, replayable=replayable)

    async def _fetchall(self, text: str, params: tuple = (), *, replayable: bool = True) -> list[tuple]:
        async def work(conn: psycopg.AsyncConnection) -> list[tuple]:
            return await (await conn.execute(text, params)).fetchall()

        return await self._db.run(work, replayable=replayable)

    async def put_credential(self, credential: dict[str, Any]) -> None:
        await self._changing_credentials(
            "INSERT INTO sl_credentials (key_id, surface, tenant, kind, secret_hash, scopes, "
            "signing_secret, created_at, revoked_at, rate_limits) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (credential["key_id"], credential["surface"], credential["tenant"],
             credential["kind"], credential["secret_hash"], Jsonb(list(credential["scopes"])),
             credential.get("signing_secret"), credential["created_at"],
             credential.get("revoked_at"), Jsonb(credential.get("rate_limits") or {})), replayable=False)

    def credential_epoch(self):
        return self._credential_epoch.current()

    async def _changing_credentials(self, text: str, params: tuple, *, replayable: bool = True) -> int:
        """A credential change and its NOTIFY in one transaction: listening processes hear of
        it when it commits (credential_epochs.py)."""
        # one statement (no transaction block of its own: inside a unit of work a failure must
        # still fail the unit)
        statement = (f"WITH changed AS ({text} RETURNING 1) SELECT (SELECT COUNT(*) FROM changed), "
                     f"pg_notify('{credential_epochs.CHANNEL}', '')")

        async def work(conn: psycopg.AsyncConnection) -> int:
            return (await (await conn.execute(statement, params)).fetchone())[0]

        return await self._db.run(work, replayable=replayable)

    async def get_credential(self, key_id: str) -> dict[str, Any] | None:
        async def work(conn: psycopg.AsyncConnection) -> dict[str, Any] | None:
            cur = conn.cursor(row_factory=dict_row)
            await cur.execute(
                "SELECT key_id, surface, tenant, kind, secret_hash, scopes, signing_secret, "
                "created_at, revoked_at, rate_limits FROM sl_credentials WHERE key_id = %s",
                (key_id,))
            return await cur.fetchone()

        return await self._db.run(work)

    async def set_credential_rate_limits(self, surface: str, key_id: str,
                                         rate_limits: dict[str, int]) -> bool:
        # idempotent: run again, it finds the same live credential
        return await self._changing_credentials(
            "UPDATE sl_credentials SET rate_limits = %s WHERE surface = %s AND key_id = %s "
            "AND revoked_at IS NULL", (Jsonb(rate_limits), surface, key_id)) > 0

    async def revoke_credential(self, surface: str, key_id: str, at: str) -> bool:
        return await self._changing_credentials(
            "UPDATE sl_credentials SET revoked_at = %s WHERE surface = %s AND key_id = %s "
            "AND revoked_at IS NULL", (at, surface, key_id), replayable=False) > 0

    async def count_credentials(self, surface: str) -> int:
        return (await self._fetchone("SELECT COUNT(*) FROM sl_credentials WHERE surface = %s", (surface,)))[0]

    async def list_credentials(self, surface: str) -> list[dict[str, Any]]:
        async def work(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
            cur = conn.cursor(row_factory=dict_row)
            await cur.execute(
                "SELECT key_id, tenant, kind, scopes, signing_secret IS NOT NULL AS signing_secret, created_at, "
                "revoked_at, rate_limits FROM sl_credentials WHERE surface = %s ORDER BY created_at, key_id",
                (surface,))
            return await cur.fetchall()

        return [{**row, "rate_limits": row["rate_limits"] or {}} for row in await self._db.run(work)]

    async def list_tenants(self, surface: str) -> list[dict[str, Any]]:
        rows = await self._fetchall("SELECT tenant, approved FROM sl_tenants WHERE surface = %s ORDER BY tenant",
                                    (surface,))
        return [{"tenant": r[0], "approved": bool(r[1])} for r in rows]

    async def put_tenant(self, surface: str, tenant: str, approved: bool) -> None:
        await self._execute(
            "INSERT INTO sl_tenants (surface, tenant, approved) VALUES (%s, %s, %s) "
            "ON CONFLICT (surface, tenant) DO UPDATE SET approved = excluded.approved",
            (surface, tenant, bool(approved)))

    async def get_tenant(self, surface: str, tenant: str) -> dict[str, Any] | None:
        row = await self._fetchone("SELECT surface, tenant, approved FROM sl_tenants "
                                   "WHERE surface = %s AND tenant = %s", (surface, tenant))
        return {"surface": row[0], "tenant": row[1], "approved": bool(row[2])} if row else None

    async def meta_get_or_set(self, key: str, value: str) -> str:
        select = "SELECT value FROM sl_meta WHERE key = %s"

        async def work(conn: psycopg.AsyncConnection) -> str:
            # read first: a value set earlier (the pepper, on every start) is read without a
            # write, so a read-only database serves
            row = await (await conn.execute(select, (key,))).fetchone()
            if row is None:
                row = await (await conn.execute(
                    "INSERT INTO sl_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING "
                    "RETURNING value", (key, value))).fetchone()
            if row is None:  # set by another process meanwhile
                row = await (await conn.execute(select, (key,))).fetchone()
            return row[0]

        return await self._db.run(work)

    # -- idempotency records ----------------------------------------------------------------
    async def idempotency_begin(self, scope: str, key: str, fingerprint: str, claim: str, now: float,
                                expires_at: float, stale_before: float) -> dict[str, Any] | None:
        claim_text = sql.idempotency_claim("%s")
        params = (scope, key, fingerprint, now, expires_at, claim, now, stale_before)

        async def work(conn: psycopg.AsyncConnection) -> tuple | None:
            while True:  # one statement (no BEGIN/COMMIT) unless the key is held
                if await (await conn.execute(claim_text, params)).fetchone() is not None:
                    return None
                cur = await conn.execute(
                    "SELECT fingerprint, state, status, headers, body, claim FROM sl_idempotency "
                    "WHERE scope = %s AND key = %s", (scope, key))
                row = await cur.fetchone()
                if row is not None and row[5] == claim and row[1] == "in_flight":
                    return None  # ours: the claim committed before the connection was lost (a replay)
                if row is not None:  # else released between the two statements: claim again
                    return row

        row = await self._db.run(work)
        if row is None:
            return None
        return {"fingerprint": row[0], "state": row[1], "status": row[2],
                "headers": [tuple(h) for h in row[3]] if row[3] else [],
                "body": bytes(row[4]) if row[4] is not None else None}

    async def idempotency_complete(self, scope: str, key: str, claim: str, status: int,
                                   headers: list[tuple[str, str]], body: bytes) -> bool:
        return await self._execute(
            "UPDATE sl_idempotency SET state = 'done', status = %s, headers = %s, body = %s "
            "WHERE scope = %s AND key = %s AND state = 'in_flight' AND claim = %s",
            (status, Jsonb([list(h) for h in headers]), body, scope, key, claim), replayable=False) == 1

    async def idempotency_release(self, scope: str, key: str, claim: str) -> None:
        await self._execute("DELETE FROM sl_idempotency WHERE scope = %s AND key = %s "
                            "AND state = 'in_flight' AND claim = %s", (scope, key, claim))

    # -- small runtime records --------------------------------------------------------------
    async def kv_put(self, namespace: str, key: str, value: dict[str, Any], *,
                     group: str | None = None, expires_at: float | None = None) -> None:
        await self._execute(
            "INSERT INTO sl_kv (namespace, key, grp, value, expires_at) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (namespace, key) DO UPDATE SET grp = excluded.grp, value = excluded.value, "
            "expires_at = excluded.expires_at, consumed = FALSE",
            (namespace, key, group, Jsonb(value), expires_at))

    async def kv_get(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        row = await self._fetchone(
            "SELECT value, grp, expires_at, consumed FROM sl_kv WHERE namespace = %s AND key = %s "
            "AND (expires_at IS NULL OR expires_at > %s)", (namespace, key, now))
        if row is None:
            return None
        return {"value": row[0], "group": row[1], "expires_at": row[2], "consumed": row[3]}

    async def kv_add(self, namespace: str, key: str, value: dict[str, Any], *, expires_at: float,
                     now: float) -> bool:
        # a concurrent insert of the same key waits on its index entry, then takes the update
        # branch, whose WHERE sees the winner's live record: no row, this call lost
        row = await self._fetchone(
            "INSERT INTO sl_kv (namespace, key, grp, value, expires_at) VALUES (%s, %s, NULL, %s, %s) "
            "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at, consumed = FALSE, grp = NULL "
            "WHERE sl_kv.expires_at IS NOT NULL AND sl_kv.expires_at <= %s RETURNING 1",
            (namespace, key, Jsonb(value), expires_at, now), replayable=False)
        return row is not None

    async def kv_consume(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        # concurrent consumers queue on the row lock and re-check `NOT consumed`: one wins
        row = await self._fetchone(
            "UPDATE sl_kv SET consumed = TRUE WHERE namespace = %s AND key = %s AND NOT consumed "
            "AND (expires_at IS NULL OR expires_at > %s) RETURNING value", (namespace, key, now),
            replayable=False)
        return row[0] if row else None

    async def kv_list(self, namespace: str, group: str, now: float) -> list[dict[str, Any]]:
        rows = await self._fetchall(
            "SELECT value FROM sl_kv WHERE namespace = %s AND grp = %s AND "
            "(expires_at IS NULL OR expires_at > %s) ORDER BY seq", (namespace, group, now))
        return [row[0] for row in rows]

    async def kv_delete(self, namespace: str, key: str) -> bool:
        return await self._execute("DELETE FROM sl_kv WHERE namespace = %s AND key = %s",
                                   (namespace, key), replayable=False) > 0

    async def kv_delete_group(self, namespace: str, group: str) -> int:
        return await self._execute("DELETE FROM sl_kv WHERE namespace = %s AND grp = %s",
                                   (namespace, group), replayable=False)

    async def kv_purge_expired(self, namespace: str, now: float) -> int:
        return await self._execute("DELETE FROM sl_kv WHERE namespace = %s AND expires_at IS NOT NULL "
                                   "AND expires_at <= %s", (namespace, now))

    async def rate_limit_hits(self, hits) -> list[int]:
        """All of a request's rules in one statement, no BEGIN/COMMIT around it (autocommit: it is
        its own transaction, atomic as a whole); expired windows are forgotten by a second
        statement only at a bucket's first hit of a window."""
        unique = list(dict.fromkeys((bucket, window, expires_at) for bucket, window, expires_at in hits))
        text = ('INSERT INTO sl_rate_limits (bucket, "window", count, expires_at) VALUES '
                + ", ".join("(%s, %s, 1, %s)" for _ in unique)
                + ' ON CONFLICT (bucket, "window") DO UPDATE SET count = sl_rate_limits.count + 1 '
                  'RETURNING bucket, "window", count')

        async def work(conn: psycopg.AsyncConnection) -> dict[tuple[str, int], int]:
            rows = await (await conn.execute(text, [v for hit in unique for v in hit])).fetchall()
            counts = {(bucket, window): count for bucket, window, count in rows}
            for bucket, window in [key for key, count in counts.items() if count == 1]:
                await conn.execute('DELETE FROM sl_rate_limits WHERE bucket = %s AND "window" < %s', (bucket, window))
            return counts

        counts = await self._db.run(work)
        return [counts[(bucket, window)] for bucket, window, _ in hits]

    async def rate_limit_hit(self, bucket: str, window: int, expires_at: float) -> int:
        return (await self.rate_limit_hits([(bucket, window, expires_at)]))[0]

    # -- the outbox -------------------------------------------------------------------------
    async def outbox_claim(self, surface: str, now: float, lease_until: float,
                           limit: int) -> list[dict[str, Any]]:
        claim = uuid.uuid4().hex

        async def work(conn: psycopg.AsyncConnection) -> list[tuple]:
            # polled every second or so: with nothing due, a read answers (no write, no row lock)
            due = outbox_sql.due_sql("%s", lock=False)
            if await (await conn.execute(due, (surface, now, now, 1))).fetchone() is None:
                return []
            # SKIP LOCKED: rows another process is claiming right now are left to it
            return await (await conn.execute(
                f"UPDATE sl_outbox SET claim = %s, claimed_until = %s WHERE id IN "
                f"({outbox_sql.due_sql('%s', lock=True)}) {outbox_sql.RETURNING}",
                (claim, lease_until, surface, now, now, limit))).fetchall()

        rows = await self._db.run(work, replayable=False)
        return sorted((outbox_sql.as_row(r) for r in rows),
                      key=lambda r: (r["next_attempt_at"], r["created_at"], r["id"]))

    async def outbox_settle(self, id: str, claim: str, changes: dict[str, Any], now: float,
                            inserts=()) -> bool:
        text, names = outbox_sql.settle_sql("%s", changes)

        async def work(conn: psycopg.AsyncConnection) -> bool:
            try:
                async with atomic(conn):
                    cur = await conn.execute(text, (*(changes[n] for n in names), now, id, claim))
                    if cur.rowcount != 1:
                        raise _Rollback()
                    for row in inserts:
                        await conn.execute(outbox_sql.insert_sql("%s"), outbox_sql.insert_params(row))
            except _Rollback:
                return False
            return True

        return await self._db.run(work)

    async def outbox_add(self, rows) -> None:
        async def work(conn: psycopg.AsyncConnection) -> None:
            async with atomic(conn):
                for row in rows:
                    await conn.execute(outbox_sql.insert_sql("%s"), outbox_sql.insert_params(row))

        await self._db.run(work)

    async def outbox_list(self, surface: str, *, tenant: str | None = None,
                          deliveries: bool = True, limit: int = 100) -> list[dict[str, Any]]:
        text = outbox_sql.list_sql("%s", tenant=tenant is not None, deliveries=deliveries)
        params = (surface, *((tenant,) if tenant is not None else ()), limit)
        return [outbox_sql.as_row(r) for r in await self._fetchall(text, params)]

    async def outbox_pending(self, surface: str) -> dict[str, int]:
        return {event: count for event, count in await self._fetchall(outbox_sql.pending_sql("%s"), (surface,))}

    async def outbox_purge(self, surface: str, before: float) -> int:
        purge = outbox_sql.purge_sql("%s")
        finished = purge.replace("DELETE FROM", "SELECT 1 FROM", 1) + " LIMIT 1"  # the rows it would delete

        async def work(conn: psycopg.AsyncConnection) -> int:
            if await (await conn.execute(finished, (surface, before))).fetchone() is None:
                return 0
            return (await conn.execute(purge, (surface, before))).rowcount

        return await self._db.run(work, replayable=False)

    async def close(self) -> None:
        """Close the pool of the running loop; drop pools of other loops."""
        await self._credential_epoch.close()
        await self._db.close()


async def _record_outbox(conn: psycopg.AsyncConnection, outbox: Outbox | None, written: list) -> None:
    for row in (outbox(written) if outbox is not None else ()):
        await conn.execute(outbox_sql.insert_sql("%s"), outbox_sql.insert_params(row))


async def _count(conn: psycopg.AsyncConnection, rows: list[counts.Delta]) -> None:
    """Apply a write's changes to the maintained counts, in its transaction (the connection's slot)."""
    if rows:
        await conn.execute(*counts.upsert("%s", rows, counts.PG_SLOT))


async def _write_row(conn: psycopg.AsyncConnection, t: Table, tenant: str, id: str, doc: dict[str, Any],
                     before: dict[str, Any]) -> None:
    """Update a record and its counts in one statement."""
    values = t.row_values(doc)
    sets = ", ".join(["doc = %s", *(f"{k} = %s" for k in values)])
    await conn.execute(*counts.with_write(f"UPDATE {t.name} SET {sets} WHERE tenant = %s AND id = %s",
                                          [Jsonb(doc), *values.values(), tenant, id],
                                          counts.deltas(t, tenant, before, doc)))


async def _insert_row(conn: psycopg.AsyncConnection, t: Table, tenant: str, doc: dict[str, Any]) -> None:
    """Insert a record and count it in one statement."""
    values = t.row_values(doc)
    names = ["id", "tenant", "doc", *values]
    await conn.execute(*counts.with_write(f"INSERT INTO {t.name} ({', '.join(names)}) "
                                          f"VALUES ({', '.join('%s' for _ in names)})",
                                          [doc["id"], tenant, Jsonb(doc), *values.values()],
                                          counts.deltas(t, tenant, None, doc)))


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
        await self._forget_counts(table.name)  # none of a table of that name dropped by hand
        await self._set_marker(table)  # an empty table's counts: none

    async def _forget_counts(self, name: str) -> None:
        await self.conn.execute("DELETE FROM sl_totals WHERE tbl = %s", (name,))
        await self.conn.execute("DELETE FROM sl_meta WHERE key = %s", (counts.marker_key(name),))

    async def _set_marker(self, table: Table) -> None:
        await self.conn.execute("INSERT INTO sl_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                                "SET value = excluded.value", (counts.marker_key(table.name), counts.marker(table)))

    async def counts_marker(self, name: str) -> str | None:
        rows = await self._all("SELECT value FROM sl_meta WHERE key = %s", (counts.marker_key(name),))
        return rows[0][0] if rows else None

    async def recount(self, table: Table) -> None:
        await self._forget_counts(table.name)
        for field, text in counts.group_sql(table):
            rows = counts.backfill_rows(table, field, await self._all(text))
            for start in range(0, len(rows), 100):
                await self.conn.execute(*counts.upsert("%s", rows[start:start + 100]))
        await self._set_marker(table)

    async def rename_table(self, old: str, new: str) -> None:
        await self.conn.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')  # its indexes go with it
        await self.conn.execute("UPDATE sl_totals SET tbl = %s WHERE tbl = %s", (new, old))  # its counts go along
        await self.conn.execute("DELETE FROM sl_meta WHERE key = %s", (counts.marker_key(new),))
        await self.conn.execute("UPDATE sl_meta SET key = %s WHERE key = %s",
                                (counts.marker_key(new), counts.marker_key(old)))
        # its primary key and seq sequence take the names CREATE TABLE would have given them
        for suffix, kind in (("_pkey", "INDEX"), ("_seq_seq", "SEQUENCE")):
            if len(new + suffix) <= 63:
                await self.conn.execute(f'ALTER {kind} IF EXISTS "{old}{suffix}" RENAME TO "{new}{suffix}"')

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
        await self._forget_counts(name)

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
        # an unchanged state is not written again: migrating an unchanged schema writes nothing
        # (and works on a read-only database)
        if (await self.states()).get(surface) == state:
            return
        await self.conn.execute(
            "INSERT INTO sl_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value", (migrations.STATE_PREFIX + surface, json.dumps(state)))

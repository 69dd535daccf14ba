"""The embedded default backend: one SQLite file, WAL mode, `BEGIN IMMEDIATE` for writes.

Schema work is planned by `migrations.py` from what sqlite-utils reads of the live tables, and
applied here with plain DDL inside one `BEGIN IMMEDIATE` transaction (SQLite's DDL is
transactional; sqlite-utils' own writers would commit on their own). The per-request paths use
the connection directly with bound parameters. Store calls are short and synchronous inside the
coroutine, so writes from concurrent requests of one process are serialised by the event loop,
and writes from several processes by SQLite's write lock (with `busy_timeout`).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from . import migrations, outbox as outbox_sql, sql
from .base import (Column, Mutation, Outbox, Page, PageRequest, Query, StoreUnavailable, Table,
                   UniqueViolation, coerce)

DIALECT = sql.Dialect(
    placeholder="?",
    like="LIKE",
    array_contains="EXISTS (SELECT 1 FROM json_each({doc}, '$.{field}') WHERE value = {p})",
)
_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "boolean": "BOOLEAN"}
# what a declared column type can hold (tables made before BOOLEAN was declared used INTEGER)
_KINDS = {"TEXT": frozenset({"text"}), "INTEGER": frozenset({"integer", "boolean"}),
          "BOOLEAN": frozenset({"boolean"}), "REAL": frozenset({"real"}), "FLOAT": frozenset({"real"})}


def _busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def path_from_url(url: str) -> str:
    if not url.startswith("sqlite://"):
        raise StoreUnavailable(f"not a sqlite URL: {url}")
    rest = url[len("sqlite://"):]
    if rest in ("", "/:memory:", ":memory:"):
        return ":memory:"
    return rest[1:] if rest.startswith("/") else rest


class SQLiteStore:
    def __init__(self, url: str, *, busy_timeout_ms: int = 10_000):
        self.url = url
        path = path_from_url(url)
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreUnavailable(f"cannot open {url}: directory {parent} does not exist")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open {url}: {exc}") from None
        self.tables: dict[str, Table] = {}
        # Switching a new file to WAL can answer "database is locked" at once, without the busy
        # handler, while another process does the same (several servers starting together):
        # the set-up is retried until the busy timeout is spent.
        deadline = time.monotonic() + busy_timeout_ms / 1000
        while True:
            try:
                if path != ":memory:":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                self._create_runtime_tables()
                break
            except sqlite3.OperationalError as exc:
                if _busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                self.conn.close()
                raise StoreUnavailable(f"cannot open {url}: {exc}") from None
            except sqlite3.Error as exc:
                self.conn.close()
                raise StoreUnavailable(f"cannot open {url}: {exc}") from None

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _create_runtime_tables(self) -> None:
        with self._write() as c:
            c.execute("""CREATE TABLE IF NOT EXISTS sl_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""")
            c.execute("""CREATE TABLE IF NOT EXISTS sl_credentials (
                key_id TEXT PRIMARY KEY, surface TEXT NOT NULL, tenant TEXT NOT NULL,
                kind TEXT NOT NULL, secret_hash TEXT NOT NULL, scopes TEXT NOT NULL,
                signing_secret TEXT, created_at TEXT NOT NULL, revoked_at TEXT,
                rate_limits TEXT NOT NULL DEFAULT '{}')""")
            # stores made before per-key rate limits existed gain the column
            columns = {row[1] for row in c.execute("PRAGMA table_info(sl_credentials)")}
            if "rate_limits" not in columns:
                c.execute("ALTER TABLE sl_credentials ADD COLUMN rate_limits TEXT NOT NULL DEFAULT '{}'")
            c.execute("""CREATE TABLE IF NOT EXISTS sl_idempotency (
                scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
                state TEXT NOT NULL, status INTEGER, headers TEXT, body BLOB,
                created_at REAL NOT NULL, expires_at REAL NOT NULL, PRIMARY KEY (scope, key))""")
            c.execute("""CREATE TABLE IF NOT EXISTS sl_rate_limits (
                bucket TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,
                expires_at REAL NOT NULL, PRIMARY KEY (bucket, window))""")
            c.execute("""CREATE TABLE IF NOT EXISTS sl_kv (
                namespace TEXT NOT NULL, key TEXT NOT NULL, grp TEXT, value TEXT NOT NULL,
                expires_at REAL, consumed INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,
                PRIMARY KEY (namespace, key))""")
            c.execute("CREATE INDEX IF NOT EXISTS ix_sl_kv_group ON sl_kv (namespace, grp)")
            c.execute("""CREATE TABLE IF NOT EXISTS sl_tenants (
                surface TEXT NOT NULL, tenant TEXT NOT NULL, approved INTEGER NOT NULL,
                created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (surface, tenant))""")
            for statement in outbox_sql.create_table("REAL"):
                c.execute(statement)

    def _table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"table {name!r} was not migrated") from None

    @staticmethod
    def _decode(raw: str) -> dict[str, Any]:
        return json.loads(raw)

    # -- schema -----------------------------------------------------------------------------
    async def migrate(self, tables: Iterable[Table], *, surface: str | None = None,
                      options: migrations.MigrationOptions | None = None) -> list[str]:
        """Plan and apply in one `BEGIN IMMEDIATE` transaction: the database write lock keeps
        every other process out meanwhile. A refused plan rolls back (MigrationRefused)."""
        tables = list(tables)
        session = _Schema(self.conn)
        with self._write():
            plan = await migrations.plan(tables, session, surface=surface, options=options)
            steps = await migrations.apply(plan, session)
        for table in tables:
            self.tables[table.name] = table
        return steps

    async def plan_migration(self, tables: Iterable[Table], *, surface: str | None = None,
                             options: migrations.MigrationOptions | None = None) -> migrations.Plan:
        self.conn.execute("BEGIN IMMEDIATE")  # the same view `migrate` would have
        try:
            return await migrations.plan(list(tables), _Schema(self.conn), surface=surface,
                                         options=options)
        finally:
            self.conn.execute("ROLLBACK")

    # -- resources --------------------------------------------------------------------------
    def _write_row(self, c: sqlite3.Connection, t: Table, tenant: str, id: str, doc: dict[str, Any]) -> None:
        values = t.row_values(doc)
        sets = ", ".join(["doc = ?", *(f"{k} = ?" for k in values)])
        c.execute(f"UPDATE {t.name} SET {sets} WHERE tenant = ? AND id = ?",
                  (json.dumps(doc), *values.values(), tenant, id))

    def _insert_row(self, c: sqlite3.Connection, t: Table, tenant: str, doc: dict[str, Any]) -> None:
        values = t.row_values(doc)
        names = ["id", "tenant", "doc", *values]
        c.execute(f"INSERT INTO {t.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                  (doc["id"], tenant, json.dumps(doc), *values.values()))

    def _clear_flag(self, c: sqlite3.Connection, t: Table, tenant: str, doc: dict[str, Any]) -> None:
        """Clear the flag on the others of `doc`'s group (`doc` is being flagged)."""
        rule = t.flag
        assert rule is not None
        text, params = sql.flagged_peers(t, tenant, t.flag_group(doc), doc["id"], DIALECT)
        for peer_id, raw in c.execute(text, params).fetchall():
            peer = json.loads(raw)
            peer[rule.field] = False
            if rule.touch and doc.get(rule.touch) is not None:
                peer[rule.touch] = doc[rule.touch]
            self._write_row(c, t, tenant, peer_id, peer)

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
        try:
            with self._write() as c:
                doc = self._flag_on_insert(c, t, tenant, doc)
                self._insert_row(c, t, tenant, doc)
                self._record_outbox(c, outbox, [(t.name, None, doc)])
        except sqlite3.IntegrityError as exc:
            raise self._unique_violation(t, exc) from None
        return doc

    def _unique_violation(self, t: Table, exc: sqlite3.IntegrityError) -> UniqueViolation:
        """Name the rule SQLite's message names: `UNIQUE constraint failed: tbl.col, tbl.col`
        (or `index 'name'`), matched exactly against the unique indexes of the table it names
        (which may be another table than `t`: a ledger entry inserted by modify)."""
        message = str(exc)
        body = message.split("UNIQUE constraint failed:", 1)[1].strip() if "UNIQUE constraint failed:" in message else ""
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
        row = self.conn.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?",
                                (tenant, id)).fetchone()
        return json.loads(row[0]) if row else None

    async def find(self, table: str, tenant: str, field: str, value: Any) -> dict[str, Any] | None:
        t = self._table(table)
        col = t.column(field)
        fits, value = coerce(col.type, value)
        if not fits or value is None:
            return None
        row = self.conn.execute(
            f"SELECT doc FROM {t.name} WHERE tenant = ? AND {col.sql_name} = ? ORDER BY seq LIMIT 1",
            (tenant, value)).fetchone()
        return json.loads(row[0]) if row else None

    async def update(self, table: str, tenant: str, id: str, changes: dict[str, Any], *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        return await self.modify(table, tenant, id, lambda _doc: Mutation(changes), outbox=outbox)

    async def modify(self, table: str, tenant: str, id: str, change, *,
                     outbox: Outbox | None = None) -> dict[str, Any] | None:
        t = self._table(table)
        try:
            with self._write() as c:  # BEGIN IMMEDIATE: the database write lock is the row lock
                row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?",
                                (tenant, id)).fetchone()
                if row is None:
                    return None
                before = json.loads(row[0])
                mutation = change(dict(before))
                doc = {**before, **mutation.changes}
                self._flag_on_change(c, t, tenant, before, doc)
                self._write_row(c, t, tenant, id, doc)
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

    async def delete(self, table: str, tenant: str, id: str) -> bool:
        t = self._table(table)
        with self._write() as c:
            row = c.execute(f"DELETE FROM {t.name} WHERE tenant = ? AND id = ? RETURNING doc",
                            (tenant, id)).fetchone()
            if row is None:
                return False
            doc = json.loads(row[0])
            rule = t.flag
            if rule and rule.promote_on_delete and t.flagged(doc) and t.flag_group(doc) is not None:
                text, params = sql.group_has_rows(t, tenant, t.flag_group(doc), DIALECT, full=True)
                oldest = c.execute(text, params).fetchone()
                if oldest is not None:
                    self._write_row(c, t, tenant, oldest[0], {**json.loads(oldest[1]), rule.field: True})
        return True

    async def list(self, table: str, tenant: str, query: Query, page: PageRequest) -> Page:
        t = self._table(table)
        sql_text, params, reverse = sql.list_sql(t, tenant, query, page, DIALECT)
        rows = self.conn.execute(sql_text, params).fetchall()
        total = None
        if page.with_total:
            count_text, count_params = sql.count_sql(t, tenant, query, DIALECT)
            total = self.conn.execute(count_text, count_params).fetchone()[0]
        return sql.build_page(rows, page, reverse, total, json.loads)

    # -- credentials, tenants, meta ---------------------------------------------------------
    async def put_credential(self, credential: dict[str, Any]) -> None:
        with self._write() as c:
            c.execute(
                "INSERT INTO sl_credentials (key_id, surface, tenant, kind, secret_hash, scopes, "
                "signing_secret, created_at, revoked_at, rate_limits) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (credential["key_id"], credential["surface"], credential["tenant"],
                 credential["kind"], credential["secret_hash"], json.dumps(credential["scopes"]),
                 credential.get("signing_secret"), credential["created_at"],
                 credential.get("revoked_at"), json.dumps(credential.get("rate_limits") or {})))

    async def get_credential(self, key_id: str) -> dict[str, Any] | None:
        cur = self.conn.execute(
            "SELECT key_id, surface, tenant, kind, secret_hash, scopes, signing_secret, "
            "created_at, revoked_at, rate_limits FROM sl_credentials WHERE key_id = ?", (key_id,))
        row = cur.fetchone()
        if row is None:
            return None
        cred = dict(zip([d[0] for d in cur.description], row))
        cred["scopes"] = json.loads(cred["scopes"])
        cred["rate_limits"] = json.loads(cred["rate_limits"])
        return cred

    async def set_credential_rate_limits(self, surface: str, key_id: str,
                                         rate_limits: dict[str, int]) -> bool:
        with self._write() as c:
            cur = c.execute("UPDATE sl_credentials SET rate_limits = ? WHERE surface = ? AND "
                            "key_id = ? AND revoked_at IS NULL",
                            (json.dumps(rate_limits), surface, key_id))
        return cur.rowcount > 0

    async def revoke_credential(self, surface: str, key_id: str, at: str) -> bool:
        with self._write() as c:
            cur = c.execute("UPDATE sl_credentials SET revoked_at = ? WHERE surface = ? AND "
                            "key_id = ? AND revoked_at IS NULL", (at, surface, key_id))
        return cur.rowcount > 0

    async def count_credentials(self, surface: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM sl_credentials WHERE surface = ?",
                                 (surface,)).fetchone()[0]

    async def put_tenant(self, surface: str, tenant: str, approved: bool) -> None:
        with self._write() as c:
            c.execute("INSERT INTO sl_tenants (surface, tenant, approved) VALUES (?, ?, ?) "
                      "ON CONFLICT (surface, tenant) DO UPDATE SET approved = excluded.approved",
                      (surface, tenant, int(approved)))

    async def get_tenant(self, surface: str, tenant: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT surface, tenant, approved FROM sl_tenants WHERE "
                                "surface = ? AND tenant = ?", (surface, tenant)).fetchone()
        return {"surface": row[0], "tenant": row[1], "approved": bool(row[2])} if row else None

    async def meta_get_or_set(self, key: str, value: str) -> str:
        with self._write() as c:
            c.execute("INSERT INTO sl_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                      (key, value))
            return c.execute("SELECT value FROM sl_meta WHERE key = ?", (key,)).fetchone()[0]

    async def idempotency_begin(self, scope: str, key: str, fingerprint: str, now: float,
                                expires_at: float, stale_before: float) -> dict[str, Any] | None:
        with self._write() as c:
            c.execute("DELETE FROM sl_idempotency WHERE scope = ? AND key = ? AND (expires_at < ? OR "
                      "(state = 'in_flight' AND created_at < ?))", (scope, key, now, stale_before))
            cur = c.execute("INSERT INTO sl_idempotency (scope, key, fingerprint, state, created_at, "
                            "expires_at) VALUES (?, ?, ?, 'in_flight', ?, ?) ON CONFLICT DO NOTHING",
                            (scope, key, fingerprint, now, expires_at))
            if cur.rowcount == 1:
                return None
            row = c.execute("SELECT fingerprint, state, status, headers, body FROM sl_idempotency "
                            "WHERE scope = ? AND key = ?", (scope, key)).fetchone()
        return {"fingerprint": row[0], "state": row[1], "status": row[2],
                "headers": [tuple(h) for h in json.loads(row[3])] if row[3] else [], "body": row[4]}

    async def idempotency_complete(self, scope: str, key: str, status: int,
                                   headers: list[tuple[str, str]], body: bytes) -> None:
        with self._write() as c:
            c.execute("UPDATE sl_idempotency SET state = 'done', status = ?, headers = ?, body = ? "
                      "WHERE scope = ? AND key = ?", (status, json.dumps(headers), body, scope, key))

    async def idempotency_release(self, scope: str, key: str) -> None:
        with self._write() as c:
            c.execute("DELETE FROM sl_idempotency WHERE scope = ? AND key = ? AND state = 'in_flight'",
                      (scope, key))

    async def kv_put(self, namespace: str, key: str, value: dict[str, Any], *,
                     group: str | None = None, expires_at: float | None = None) -> None:
        with self._write() as c:
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM sl_kv").fetchone()[0]
            c.execute("INSERT INTO sl_kv (namespace, key, grp, value, expires_at, consumed, seq) "
                      "VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (namespace, key) DO UPDATE SET "
                      "grp = excluded.grp, value = excluded.value, expires_at = excluded.expires_at, "
                      "consumed = 0", (namespace, key, group, json.dumps(value), expires_at, seq))

    async def kv_get(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT value, grp, expires_at, consumed FROM sl_kv WHERE namespace = ? "
                                "AND key = ? AND (expires_at IS NULL OR expires_at > ?)",
                                (namespace, key, now)).fetchone()
        if row is None:
            return None
        return {"value": json.loads(row[0]), "group": row[1], "expires_at": row[2], "consumed": bool(row[3])}

    async def kv_consume(self, namespace: str, key: str, now: float) -> dict[str, Any] | None:
        with self._write() as c:
            row = c.execute("UPDATE sl_kv SET consumed = 1 WHERE namespace = ? AND key = ? AND consumed = 0 "
                            "AND (expires_at IS NULL OR expires_at > ?) RETURNING value",
                            (namespace, key, now)).fetchone()
        return json.loads(row[0]) if row else None

    async def kv_list(self, namespace: str, group: str, now: float) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT value FROM sl_kv WHERE namespace = ? AND grp = ? AND "
                                 "(expires_at IS NULL OR expires_at > ?) ORDER BY seq",
                                 (namespace, group, now)).fetchall()
        return [json.loads(r[0]) for r in rows]

    async def kv_delete(self, namespace: str, key: str) -> bool:
        with self._write() as c:
            return c.execute("DELETE FROM sl_kv WHERE namespace = ? AND key = ?", (namespace, key)).rowcount > 0

    async def kv_delete_group(self, namespace: str, group: str) -> int:
        with self._write() as c:
            return c.execute("DELETE FROM sl_kv WHERE namespace = ? AND grp = ?", (namespace, group)).rowcount

    async def rate_limit_hit(self, bucket: str, window: int, expires_at: float) -> int:
        with self._write() as c:
            row = c.execute("INSERT INTO sl_rate_limits (bucket, window, count, expires_at) "
                            "VALUES (?, ?, 1, ?) ON CONFLICT (bucket, window) DO UPDATE SET "
                            "count = count + 1 RETURNING count", (bucket, window, expires_at)).fetchone()
            if row[0] == 1:  # first hit of a window: forget windows that are over
                c.execute("DELETE FROM sl_rate_limits WHERE bucket = ? AND window < ?", (bucket, window))
        return row[0]

    async def outbox_claim(self, surface: str, now: float, lease_until: float,
                           limit: int) -> list[dict[str, Any]]:
        claim = uuid.uuid4().hex
        with self._write() as c:  # one write transaction: no other process claims meanwhile
            rows = c.execute(
                f"UPDATE sl_outbox SET claim = ?, claimed_until = ? WHERE id IN "
                f"({outbox_sql.due_sql('?', lock=False)}) {outbox_sql.RETURNING}",
                (claim, lease_until, surface, now, now, limit)).fetchall()
        return sorted((outbox_sql.as_row(r) for r in rows),
                      key=lambda r: (r["next_attempt_at"], r["created_at"], r["id"]))

    async def outbox_settle(self, id: str, claim: str, changes: dict[str, Any], now: float,
                            inserts=()) -> bool:
        text, names = outbox_sql.settle_sql("?", changes)
        with self._write() as c:
            cur = c.execute(text, (*(changes[n] for n in names), now, id, claim))
            if cur.rowcount != 1:
                return False
            for row in inserts:
                c.execute(outbox_sql.insert_sql("?"), outbox_sql.insert_params(row))
        return True

    async def outbox_list(self, surface: str, *, tenant: str | None = None,
                          deliveries: bool = True, limit: int = 100) -> list[dict[str, Any]]:
        text = outbox_sql.list_sql("?", tenant=tenant is not None, deliveries=deliveries)
        params = (surface, *((tenant,) if tenant is not None else ()), limit)
        return [outbox_sql.as_row(r) for r in self.conn.execute(text, params).fetchall()]

    async def outbox_purge(self, surface: str, before: float) -> int:
        with self._write() as c:
            return c.execute(outbox_sql.purge_sql("?"), (surface, before)).rowcount

    async def close(self) -> None:
        self.conn.close()


class _Schema:
    """The SQLite side of planning and applying a migration, on a connection inside a write
    transaction. No method suspends, so nothing else on the event loop runs in between."""

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

    async def write_columns(self, table: str, column: str, values: list[tuple[Any, int]]) -> None:
        self.c.executemany(f"UPDATE {table} SET {column} = ? WHERE seq = ?", values)

    async def write_docs(self, table: Table, docs: list[tuple[int, dict[str, Any]]]) -> None:
        for seq, doc in docs:
            values = table.row_values(doc)
            sets = ", ".join(["doc = ?", *(f"{k} = ?" for k in values)])
            self.c.execute(f"UPDATE {table.name} SET {sets} WHERE seq = ?",
                           (json.dumps(doc), *values.values(), seq))

    async def save_state(self, surface: str, state: dict[str, Any]) -> None:
        self.c.execute("INSERT INTO sl_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                       "SET value = excluded.value", (migrations.STATE_PREFIX + surface, json.dumps(state)))

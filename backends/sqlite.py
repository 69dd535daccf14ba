"""The embedded default backend: one SQLite file, WAL mode, `BEGIN IMMEDIATE` for writes.

Schema work goes through sqlite-utils; the per-request paths use the connection directly with
bound parameters. Store calls are short and synchronous inside the coroutine, so writes from
concurrent requests of one process are serialised by the event loop, and writes from several
processes by SQLite's write lock (with `busy_timeout`).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from . import sql
from .base import Column, Page, PageRequest, Query, StoreUnavailable, Table, UniqueViolation

DIALECT = sql.Dialect(
    placeholder="?",
    like="LIKE",
    array_contains="EXISTS (SELECT 1 FROM json_each({doc}, '$.{field}') WHERE value = {p})",
)
_SQL_TYPES = {"text": str, "integer": int, "real": float, "boolean": int}


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
            if path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open {url}: {exc}") from None
        self.db = sqlite_utils.Database(self.conn)
        self.tables: dict[str, Table] = {}
        self._create_runtime_tables()

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
                signing_secret TEXT, created_at TEXT NOT NULL, revoked_at TEXT)""")
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

    def _table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"table {name!r} was not migrated") from None

    @staticmethod
    def _decode(raw: str) -> dict[str, Any]:
        return json.loads(raw)

    # -- schema -----------------------------------------------------------------------------
    async def migrate(self, tables: Iterable[Table]) -> list[str]:
        """Create missing tables, columns and indexes. Returns the steps taken."""
        steps: list[str] = []
        for table in tables:
            self.tables[table.name] = table
            t = self.db.table(table.name)
            if not t.exists():
                cols: dict[str, Any] = {"seq": int, "id": str, "tenant": str, "doc": str}
                cols.update({c.sql_name: _SQL_TYPES[c.type] for c in table.columns})
                t.create(cols, pk="seq", not_null={"id", "tenant", "doc"})
                # sqlite-utils makes an INTEGER pk a rowid alias: insertion order, never reused
                # while rows exist.
                steps.append(f"create table {table.name}")
            else:
                existing = set(t.columns_dict)
                for c in table.columns:
                    if c.sql_name not in existing:
                        t.add_column(c.sql_name, _SQL_TYPES[c.type])
                        self._backfill(table, c)
                        steps.append(f"add column {table.name}.{c.sql_name}")
            existing_indexes = {i.name for i in t.indexes}
            for name, cols, unique in sql.index_plan(table):
                if name not in existing_indexes:
                    t.create_index(list(cols), index_name=name, unique=unique, if_not_exists=True)
                    steps.append(f"create {'unique ' if unique else ''}index {name} on {table.name}({', '.join(cols)})")
        return steps

    def _backfill(self, table: Table, col: Column) -> None:
        with self._write() as c:
            rows = c.execute(f"SELECT seq, doc FROM {table.name}").fetchall()
            for seq, doc in rows:
                value = table.row_values(json.loads(doc))[col.sql_name]
                c.execute(f"UPDATE {table.name} SET {col.sql_name} = ? WHERE seq = ?", (value, seq))

    # -- resources --------------------------------------------------------------------------
    async def insert(self, table: str, tenant: str, doc: dict[str, Any]) -> dict[str, Any]:
        t = self._table(table)
        values = t.row_values(doc)
        names = ["id", "tenant", "doc", *values]
        sql_text = (f"INSERT INTO {t.name} ({', '.join(names)}) "
                    f"VALUES ({', '.join('?' for _ in names)})")
        try:
            with self._write() as c:
                c.execute(sql_text, (doc["id"], tenant, json.dumps(doc), *values.values()))
        except sqlite3.IntegrityError as exc:
            raise self._unique_violation(t, exc) from None
        return doc

    def _unique_violation(self, t: Table, exc: sqlite3.IntegrityError) -> UniqueViolation:
        message = str(exc)
        for group in t.unique:
            if all(t.column(f).sql_name in message for f in group):
                return UniqueViolation(t.name, group)
        return UniqueViolation(t.name, ("id",))

    async def get(self, table: str, tenant: str, id: str) -> dict[str, Any] | None:
        t = self._table(table)
        row = self.conn.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?",
                                (tenant, id)).fetchone()
        return json.loads(row[0]) if row else None

    async def find(self, table: str, tenant: str, field: str, value: Any) -> dict[str, Any] | None:
        t = self._table(table)
        col = t.column(field)
        row = self.conn.execute(
            f"SELECT doc FROM {t.name} WHERE tenant = ? AND {col.sql_name} = ? ORDER BY seq LIMIT 1",
            (tenant, value)).fetchone()
        return json.loads(row[0]) if row else None

    async def update(self, table: str, tenant: str, id: str, changes: dict[str, Any]) -> dict[str, Any] | None:
        t = self._table(table)
        try:
            with self._write() as c:
                row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?",
                                (tenant, id)).fetchone()
                if row is None:
                    return None
                doc = json.loads(row[0])
                doc.update(changes)
                values = t.row_values(doc)
                sets = ", ".join(["doc = ?", *(f"{k} = ?" for k in values)])
                c.execute(f"UPDATE {t.name} SET {sets} WHERE tenant = ? AND id = ?",
                          (json.dumps(doc), *values.values(), tenant, id))
        except sqlite3.IntegrityError as exc:
            raise self._unique_violation(t, exc) from None
        return doc

    async def modify(self, table: str, tenant: str, id: str, change) -> dict[str, Any] | None:
        t = self._table(table)
        try:
            with self._write() as c:  # BEGIN IMMEDIATE: the database write lock is the row lock
                row = c.execute(f"SELECT doc FROM {t.name} WHERE tenant = ? AND id = ?",
                                (tenant, id)).fetchone()
                if row is None:
                    return None
                doc = json.loads(row[0])
                mutation = change(dict(doc))
                doc.update(mutation.changes)
                values = t.row_values(doc)
                sets = ", ".join(["doc = ?", *(f"{k} = ?" for k in values)])
                c.execute(f"UPDATE {t.name} SET {sets} WHERE tenant = ? AND id = ?",
                          (json.dumps(doc), *values.values(), tenant, id))
                for other_name, other_doc in mutation.inserts:
                    other = self._table(other_name)
                    other_values = other.row_values(other_doc)
                    names = ["id", "tenant", "doc", *other_values]
                    c.execute(f"INSERT INTO {other.name} ({', '.join(names)}) VALUES "
                              f"({', '.join('?' for _ in names)})",
                              (other_doc["id"], tenant, json.dumps(other_doc), *other_values.values()))
        except sqlite3.IntegrityError as exc:
            raise self._unique_violation(t, exc) from None
        return doc

    async def delete(self, table: str, tenant: str, id: str) -> bool:
        t = self._table(table)
        with self._write() as c:
            cur = c.execute(f"DELETE FROM {t.name} WHERE tenant = ? AND id = ?", (tenant, id))
        return cur.rowcount > 0

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
                "signing_secret, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (credential["key_id"], credential["surface"], credential["tenant"],
                 credential["kind"], credential["secret_hash"], json.dumps(credential["scopes"]),
                 credential.get("signing_secret"), credential["created_at"],
                 credential.get("revoked_at")))

    async def get_credential(self, key_id: str) -> dict[str, Any] | None:
        cur = self.conn.execute(
            "SELECT key_id, surface, tenant, kind, secret_hash, scopes, signing_secret, "
            "created_at, revoked_at FROM sl_credentials WHERE key_id = ?", (key_id,))
        row = cur.fetchone()
        if row is None:
            return None
        cred = dict(zip([d[0] for d in cur.description], row))
        cred["scopes"] = json.loads(cred["scopes"])
        return cred

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

    async def close(self) -> None:
        self.conn.close()

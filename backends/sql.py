"""SQL shared by the relational backends: list queries with filters, search, sorting and
offset or keyset pagination. Every value travels as a bound parameter; identifiers come only
from the IR (column names are derived from field names and sanitised by `Column.sql_name`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs
import orjson

from .base import Column, Page, PageRequest, Query, Table, coerce


def loads(raw: str | bytes) -> Any:
    """A stored document (orjson: a few times the standard library's speed; what orjson refuses,
    NaN or Infinity written by an older version, is read by the standard library). An integer
    beyond 64 bits reads as a float, as request bodies (parsed by orjson) already do."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(bytes(raw) if isinstance(raw, memoryview) else raw)


def dumps(doc: Any) -> str:
    """A document to store as JSON text (compact; orjson, else the standard library for what
    orjson refuses, an integer beyond 64 bits)."""
    try:
        return orjson.dumps(doc).decode()
    except TypeError:
        return json.dumps(doc)


def idempotency_claim(p: str) -> str:
    """Claim an idempotency key in one statement: insert, or replace a record that expired or an
    in-flight claim gone stale (a crashed process's). A row comes back when the caller holds the
    claim; none when a live record keeps the key. Params: scope, key, fingerprint, now,
    expires_at, claim, now, stale_before."""
    return (f"INSERT INTO sl_idempotency (scope, key, fingerprint, state, created_at, expires_at, claim) "
            f"VALUES ({p}, {p}, {p}, 'in_flight', {p}, {p}, {p}) ON CONFLICT (scope, key) DO UPDATE SET "
            "fingerprint = excluded.fingerprint, state = 'in_flight', status = NULL, headers = NULL, "
            "body = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at, "
            f"claim = excluded.claim WHERE sl_idempotency.expires_at < {p} OR "
            f"(sl_idempotency.state = 'in_flight' AND sl_idempotency.created_at < {p}) RETURNING claim")


SEQ = "seq"  # monotonically increasing insertion order: the keyset tie-breaker


@attrs.frozen
class Dialect:
    placeholder: str  # "?" or "%s"
    like: str  # "LIKE" (case-insensitive for ASCII in SQLite) or "ILIKE"
    array_contains: str  # SQL fragment with {doc}, {field} and {p} for "field array contains p"

    def sentinel(self, col: Column) -> str:
        """A value NULLs sort as, so keyset comparisons never meet NULL."""
        return {"text": "''", "integer": "-9223372036854775808", "real": "-1e308",
                "boolean": "FALSE"}[col.type]


def _sort_expr(table: Table, field: str, dialect: Dialect) -> str:
    if field == SEQ:
        return SEQ
    col = table.column(field)
    return f"COALESCE({col.sql_name}, {dialect.sentinel(col)})"


def _text(col: Column) -> str:
    """A column as text, for LIKE (PostgreSQL has no LIKE on numbers)."""
    return col.sql_name if col.type == "text" else f"CAST({col.sql_name} AS TEXT)"


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@attrs.frozen
class Index:
    """One index of a resource table. `where` names a boolean column: the index covers only
    the rows where it is true (the partial unique index of a FlagRule)."""

    name: str
    columns: tuple[str, ...]  # SQL columns, "tenant" first
    unique: bool
    fields: tuple[str, ...] = ()  # the document fields after the tenant, for messages
    where: str | None = None

    def ddl(self, table: str) -> str:
        where = f" WHERE {self.where}" if self.where else ""
        return (f"CREATE {'UNIQUE ' if self.unique else ''}INDEX {self.name} "
                f"ON {table} ({', '.join(self.columns)}){where}")

    def describe(self, table: str) -> str:
        where = f" where {self.where}" if self.where else ""
        return (f"create {'unique ' if self.unique else ''}index {self.name} "
                f"on {table}({', '.join(self.columns)}){where}")


def index_name(kind: str, table: str, columns: tuple[str, ...], where: str | None = None) -> str:
    """A readable name that cannot collide: kind, table and columns, then a digest of exactly
    those (table `a_b` column `c` and table `a` column `b_c` read alike, but differ in the
    digest). At most 63 bytes, PostgreSQL's limit; index names are schema-wide there."""
    readable = f"{kind}_{table}_" + "_".join(c.removeprefix("f_") for c in columns if c != "tenant")
    digest = hashlib.sha1(f"{kind}|{table}|{','.join(columns)}|{where or ''}".encode()).hexdigest()[:8]
    return f"{readable[:54]}_{digest}"


def index_plan(table: Table) -> list[Index]:
    """Every index a resource table needs."""
    plan = [Index(index_name("ux", table.name, ("tenant", "id")), ("tenant", "id"), True, ("id",))]
    unique_groups: list[tuple[str, ...]] = []
    for group in table.unique:
        cols = ("tenant",) + tuple(table.column(f).sql_name for f in group)
        unique_groups.append(cols)
        plan.append(Index(index_name("ux", table.name, cols), cols, True, tuple(group)))
    if table.flag is not None:
        cols = ("tenant", table.column(table.flag.within).sql_name)
        where = table.column(table.flag.field).sql_name
        plan.append(Index(index_name("uf", table.name, cols, where), cols, True,
                          (table.flag.within,), where))
    # a tenant's records in insertion order, and those with one value of a column in that
    # order: a keyset page (`seq > position`), filtered by a column or not, and an offset page
    # of a filtered list read only the rows of the page, however deep or selective
    cols = ("tenant", SEQ)
    plan.append(Index(index_name("ix", table.name, cols), cols, False, ()))
    for col in table.columns:
        if ("tenant", col.sql_name) in unique_groups:
            continue  # one record per value: its unique index serves
        cols = ("tenant", col.sql_name, SEQ)
        plan.append(Index(index_name("ix", table.name, cols), cols, False, (col.field,)))
    return plan


def owned_index(name: str) -> bool:
    """Whether an index name is one specloom makes (and may drop when the plan no longer has it)."""
    return name.startswith(("ux_", "ix_", "uf_"))


_COMPARISONS = {"eq": "=", "ne": "<>", "gte": ">=", "lte": "<=", "gt": ">", "lt": "<"}


def where_clause(table: Table, tenant: str, query: Query, dialect: Dialect) -> tuple[str, list[Any]]:
    p = dialect.placeholder
    parts = [f"tenant = {p}"]
    params: list[Any] = [tenant]
    for flt in query.filters:
        if flt.op == "contains":
            parts.append(dialect.array_contains.format(doc="doc", field=flt.field, p=p))
            params.append(flt.value)
            continue
        col = table.column(flt.field)
        fits, value = coerce(col.type, flt.value)
        if not fits:  # no row holds such a value in this column
            parts.append("1 = 0")
            continue
        if flt.op in ("eq", "ne") and value is None:
            parts.append(f"{col.sql_name} IS {'' if flt.op == 'eq' else 'NOT '}NULL")
            continue
        if flt.op not in _COMPARISONS:  # pragma: no cover - Filter.op is a Literal
            raise ValueError(flt.op)
        if value is None:  # gte/lte None: nothing compares with NULL
            parts.append("1 = 0")
            continue
        comparison = f"{col.sql_name} {_COMPARISONS[flt.op]} {p}"
        parts.append(f"({comparison} OR {col.sql_name} IS NULL)" if flt.nulls else comparison)
        params.append(value)
    if query.search:
        term = f"%{escape_like(query.search)}%"
        ors = [f"{_text(table.column(f))} {dialect.like} {p} ESCAPE '\\'" for f in query.search_in]
        parts.append("(" + " OR ".join(ors) + ")")
        params.extend([term] * len(ors))
    return " AND ".join(parts), params


def sort_keys(query: Query) -> list[tuple[str, bool]]:
    keys = [(k.field, k.descending) for k in query.sort]
    keys.append((SEQ, keys[-1][1] if keys else False))
    return keys


def keyset_condition(
    table: Table, keys: list[tuple[str, bool]], position: tuple, dialect: Dialect, forward: bool,
    refs: list[str] | None = None,
) -> tuple[str, list[Any]]:
    """Rows strictly after (forward) or before `position` in the order given by `keys`; with
    `refs`, the position is SQL expressions (columns of a joined row) instead of parameters."""
    p = dialect.placeholder
    ors: list[str] = []
    params: list[Any] = []

    def value(j: int) -> str:
        if refs is not None:
            return refs[j]
        params.append(position[j])
        return p

    for i, (field, desc) in enumerate(keys):
        ands = []
        for j in range(i):
            ands.append(f"{_sort_expr(table, keys[j][0], dialect)} = {value(j)}")
        greater = (not desc) if forward else desc
        ands.append(f"{_sort_expr(table, field, dialect)} {'>' if greater else '<'} {value(i)}")
        ors.append("(" + " AND ".join(ands) + ")")
    return "(" + " OR ".join(ors) + ")", params


def order_by(table: Table, keys: list[tuple[str, bool]], dialect: Dialect, reverse: bool = False) -> str:
    parts = []
    for field, desc in keys:
        d = desc != reverse
        parts.append(f"{_sort_expr(table, field, dialect)} {'DESC' if d else 'ASC'}")
    return ", ".join(parts)


def select_columns(table: Table, keys: list[tuple[str, bool]], dialect: Dialect) -> str:
    exprs = [_sort_expr(table, f, dialect) for f, _ in keys]
    return "doc, " + ", ".join(exprs)


def list_sql(table: Table, tenant: str, query: Query, page: PageRequest, dialect: Dialect,
             docs_only: bool = False):
    """Build the page query. Returns (sql, params, reversed): fetch limit+1 rows (`docs_only`:
    the documents alone, no sort values)."""
    where, params = where_clause(table, tenant, query, dialect)
    keys = sort_keys(query)
    reverse = False
    if page.keyset and page.after is not None:
        cond, cparams = keyset_condition(table, keys, page.after, dialect, forward=True)
        where += " AND " + cond
        params += cparams
    elif page.keyset and page.before is not None:
        cond, cparams = keyset_condition(table, keys, page.before, dialect, forward=False)
        where += " AND " + cond
        params += cparams
        reverse = True
    columns = "doc" if docs_only else select_columns(table, keys, dialect)
    sql = (f"SELECT {columns} FROM {table.name} WHERE {where} "
           f"ORDER BY {order_by(table, keys, dialect, reverse)} LIMIT {int(page.limit) + 1}")
    if not page.keyset and page.offset:
        sql += f" OFFSET {int(page.offset)}"
    return sql, params, reverse


def list_after_id_sql(table: Table, tenant: str, query: Query, page: PageRequest, dialect: Dialect):
    """One statement for a keyset page after the record `page.after_id` (a lastId cursor): the
    record's position and the page after it (PostgreSQL: a LATERAL join). Rows are (found, doc,
    *sort values); one row with found false when the tenant has no such record, one with doc
    NULL when the page is empty."""
    p = dialect.placeholder
    keys = sort_keys(query)
    exprs = [_sort_expr(table, field, dialect) for field, _ in keys]
    names = [f"k{i}" for i in range(len(keys))]
    where, params = where_clause(table, tenant, query, dialect)
    cond, _ = keyset_condition(table, keys, (), dialect, forward=True, refs=[f"pos.{n}" for n in names])
    position = ", ".join(f"{e} AS {n}" for e, n in zip(exprs, names))
    text = (f"SELECT pos.{names[-1]} IS NOT NULL, page.* FROM (SELECT 1) AS one "
            f"LEFT JOIN (SELECT {position} FROM {table.name} WHERE tenant = {p} AND id = {p}) AS pos ON TRUE "
            f"LEFT JOIN LATERAL (SELECT {select_columns(table, keys, dialect)} FROM {table.name} "
            f"WHERE {where} AND {cond} ORDER BY {order_by(table, keys, dialect)} "
            f"LIMIT {int(page.limit) + 1}) AS page ON TRUE")
    return text, [tenant, page.after_id, *params]


def position_sql(table: Table, tenant: str, id: str, query: Query, dialect: Dialect):
    """The keyset position of one record of `tenant` in the order `query` sorts by (its sort
    values, then its insertion order): one row, or none when the tenant has no such record."""
    p = dialect.placeholder
    exprs = ", ".join(_sort_expr(table, field, dialect) for field, _ in sort_keys(query))
    return f"SELECT {exprs} FROM {table.name} WHERE tenant = {p} AND id = {p}", [tenant, id]


def count_sql(table: Table, tenant: str, query: Query, dialect: Dialect):
    where, params = where_clause(table, tenant, query, dialect)
    return f"SELECT COUNT(*) FROM {table.name} WHERE {where}", params


def build_page(rows: list, page: PageRequest, reverse: bool, total: int | None, decode) -> Page:
    """Turn limit+1 fetched rows (doc, *sort values) into a Page with keyset positions."""

    more = len(rows) > page.limit
    rows = rows[: page.limit]
    if reverse:
        rows.reverse()
    items = [decode(r[0]) for r in rows]
    first = tuple(rows[0][1:]) if rows else None
    last = tuple(rows[-1][1:]) if rows else None
    if page.keyset and page.before is not None:
        has_next, has_previous = True, more
    elif page.keyset:
        has_next, has_previous = more, page.after is not None
    else:
        has_next, has_previous = more, page.offset > 0
    return Page(items=items, total=total, has_next=has_next, has_previous=has_previous,
                first_position=first, last_position=last)


# -- unique flags (FlagRule) ------------------------------------------------------------------
def flagged_peers(table: Table, tenant: str, group: Any, id: str, dialect: Dialect,
                  lock: bool = False) -> tuple[str, list[Any]]:
    """(id, doc) of the flagged records of a group other than `id`."""
    assert table.flag is not None
    p = dialect.placeholder
    within = table.column(table.flag.within).sql_name
    flag = table.column(table.flag.field).sql_name
    text = (f"SELECT id, doc FROM {table.name} WHERE tenant = {p} AND {within} = {p} AND {flag} "
            f"AND id <> {p} ORDER BY seq")
    return text + (" FOR UPDATE" if lock else ""), [tenant, group, id]


def group_has_rows(table: Table, tenant: str, group: Any, dialect: Dialect,
                   full: bool = False) -> tuple[str, list[Any]]:
    """The oldest record of a group: its id (and doc when `full`), or no row."""
    assert table.flag is not None
    p = dialect.placeholder
    within = table.column(table.flag.within).sql_name
    return (f"SELECT id{', doc' if full else ''} FROM {table.name} WHERE tenant = {p} "
            f"AND {within} = {p} ORDER BY seq LIMIT 1"), [tenant, group]

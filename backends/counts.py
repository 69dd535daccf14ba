"""Maintained list totals: how many records each tenant holds in a resource table, and how many
of them hold each value of the table's counted fields (`Table.counted`: a list's declared
default filter, `status=ACTIVE`), so the `total` of an offset page is exact without counting
rows (a million-row `COUNT(*)` on every default list).

The counts live in `sl_totals (tbl, tenant, field, value, slot, n)`: field `''`, value `''` is
the tenant's total; otherwise `value` is the counted column's value as JSON text (`"ACTIVE"`,
`true`, `null`); a count is the sum of its slots. Every write of a record changes them in its
own transaction, on both backends: an insert +1, a delete −1, an update that changes a counted
value −1 on the old value and +1 on the new. An upsert `n = n + delta` is exact under any
concurrency, across processes: SQLite serialises writers (`BEGIN IMMEDIATE`, one slot); on
PostgreSQL a count row stays locked by its writer until it commits or rolls back, so each
connection writes to a row of its own, slot `pg_backend_pid() % SLOTS`: two transactions never
share a connection, so concurrent writers of one tenant's table wait for each other only when
their connections' slots meet (with one row per count, 16 clients creating products in one
tenant took turns on it for the rest of each request's unit of work: 90 creates/s instead of
~340). A write's deltas are applied in key order, so two transactions never lock count rows
crosswise.

Which fields a table's counts cover is recorded in `sl_meta` (`totals:<table>`); the migration
planner compares it with the spec and counts the stored records again (the backfill, one
`GROUP BY` per field) when they differ, when the table was renamed or its column rebuilt, and
for a store made before the counts existed. A list uses the counts only when its filters are
none or one equality on a counted field, with no search; anything else counts rows, and a
cursor page never counts at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterable

from .base import Query, Table, coerce
from .sql import dumps

MARKER_PREFIX = "totals:"  # "counts:" marked the one-row-per-count table of an earlier build
TOTAL = ("", "")
ZERO = "zero"  # a filter value that fits no row of its column: the total is 0

SLOTS = 64  # rows per count on PostgreSQL at most (see above); a read sums them
PG_SLOT = f"(pg_backend_pid() %% {SLOTS})"  # the slot of the writing connection (%% in a psycopg statement)
CREATE = ("CREATE TABLE IF NOT EXISTS sl_totals (tbl TEXT NOT NULL, tenant TEXT NOT NULL, "
          "field TEXT NOT NULL, value TEXT NOT NULL, slot INTEGER NOT NULL, n BIGINT NOT NULL, "
          "PRIMARY KEY (tbl, tenant, field, value, slot))")
_UPSERT = " ON CONFLICT (tbl, tenant, field, value, slot) DO UPDATE SET n = sl_totals.n + excluded.n"

Delta = tuple[str, str, str, str, int]  # (tbl, tenant, field, value, n)


def marker(table: Table) -> str:
    """What `sl_meta` records of a table whose counts are maintained: the fields they cover."""
    return json.dumps(["", *sorted(table.counted)])


def marker_key(table_name: str) -> str:
    return MARKER_PREFIX + table_name


def value_key(table: Table, field: str, value: Any) -> str:
    """How `sl_totals` names a value of a counted field: the value its column holds (NULL for
    a value that does not fit the column), as JSON text."""
    return dumps(coerce(table.column(field).type, value)[1])


def deltas(table: Table, tenant: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None) -> list[Delta]:
    """The count changes of one record written: (None, doc) inserted, (doc, None) deleted,
    (doc, doc) updated. In key order; none when nothing counted changed."""
    changes: dict[tuple[str, str], int] = defaultdict(int)
    for doc, sign in ((before, -1), (after, 1)):
        if doc is None:
            continue
        if (before is None) != (after is None):
            changes[TOTAL] += sign
        for field in table.counted:
            changes[(field, value_key(table, field, doc.get(field)))] += sign
    return sorted((table.name, tenant, field, value, n) for (field, value), n in changes.items() if n)


def upsert(placeholder: str, rows: list[Delta], slot: str = "0") -> tuple[str, list[Any]]:
    """One statement adding `rows` to the counts, in `slot` (SQL: 0, or PG_SLOT)."""
    p = placeholder
    values = ", ".join(f"({p}, {p}, {p}, {p}, {slot}, {p})" for _ in rows)
    params = [x for row in rows for x in row]
    return f"INSERT INTO sl_totals (tbl, tenant, field, value, slot, n) VALUES {values}{_UPSERT}", params


def with_write(statement: str, params: list[Any], rows: list[Delta]) -> tuple[str, list[Any]]:
    """PostgreSQL: `statement` (an INSERT or UPDATE of one record) and its count changes in one
    statement, in the connection's slot, applied only when the statement wrote a row."""
    if not rows:
        return statement, params
    values = ", ".join(f"(%s, %s, %s, %s, {PG_SLOT}, %s::bigint)" for _ in rows)
    text = (f"WITH written AS ({statement} RETURNING 1) INSERT INTO sl_totals (tbl, tenant, field, value, slot, n) "
            f"SELECT * FROM (VALUES {values}) AS v (tbl, tenant, field, value, slot, n) "
            f"WHERE EXISTS (SELECT 1 FROM written){_UPSERT}")
    return text, [*params, *(x for row in rows for x in row)]


def key_for(table: Table, query: Query) -> tuple[str, str] | str | None:
    """The counts key holding the total of `query`'s rows; ZERO when no row can match; None when
    the counts do not cover it (the rows are counted)."""
    if query.search:
        return None
    if not query.filters:
        return TOTAL
    if len(query.filters) != 1:
        return None
    flt = query.filters[0]
    if flt.op != "eq" or flt.nulls or flt.field not in table.counted:
        return None
    fits, value = coerce(table.column(flt.field).type, flt.value)
    return (flt.field, dumps(value)) if fits else ZERO


def read_sql(placeholder: str) -> str:
    """The count of a key: the sum of its slots (0 when it has none)."""
    p = placeholder
    return (f"SELECT COALESCE(SUM(n), 0) FROM sl_totals WHERE tbl = {p} AND tenant = {p} "
            f"AND field = {p} AND value = {p}")


def group_sql(table: Table) -> list[tuple[str, str]]:
    """(field, SELECT tenant, value, COUNT(*) …) for each count the backfill computes."""
    queries = [("", f"SELECT tenant, '', COUNT(*) FROM {table.name} GROUP BY tenant")]
    for field in sorted(table.counted):
        col = table.column(field).sql_name
        queries.append((field, f"SELECT tenant, {col}, COUNT(*) FROM {table.name} GROUP BY tenant, {col}"))
    return queries


def backfill_rows(table: Table, field: str, grouped: Iterable[tuple[str, Any, int]]) -> list[Delta]:
    """The counts rows of one `group_sql` query's result."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for tenant, value, n in grouped:
        counts[(tenant, value_key(table, field, value) if field else "")] += n
    return [(table.name, tenant, field, value, n) for (tenant, value), n in sorted(counts.items())]

"""Schema migrations planned from the spec, the same way on every backend.

A surface's tables come from its IR (`runtime.surface_runtime.tables_for`). On start, the store compares
them with what the database holds and with the schema it recorded for that surface the last
time (in `sl_meta`, key `schema:<surface>`), and makes a `Plan`:

- **additive** changes are steps, applied automatically on `serve` (and by `specloom
  migrate`): a new resource (table), a new indexed field (column, filled from the stored
  documents), a new index or unique rule over data that already satisfies it, a rule or
  index that left the spec (its index is dropped), the column of an empty table whose type
  changed, the table of a resource that left the spec when it is empty, and a table the
  state records under another name for the same resource (the layout before each surface's
  tables were its own, `res_orders`): renamed to the surface's name (`shopvo__orders`) with
  its records, its indexes recreated under the names the index plan gives;
- **destructive or ambiguous** changes are refusals, each naming the resource and field and
  how to proceed: an indexed field whose type changed while records are stored (`--rebuild
  RESOURCE.FIELD` rebuilds the column from the stored documents), a resource that left the
  spec while its table holds records (`--drop RESOURCE`), a new unique rule over records that
  already break it, a unique-flag rule over groups with several flagged records
  (`--fix-flag RESOURCE.FIELD` keeps the flag on the oldest), two fields that map to one column,
  a table of the older layout with records that several surfaces' states claim (their records
  cannot be told apart: `--adopt RESOURCE` gives them all to one surface), a table name another
  surface's state records too.

A plan with a refusal applies nothing. Planning and applying run in one transaction under
a lock every process on the database shares (`BEGIN IMMEDIATE` on SQLite, an advisory lock on
PostgreSQL), so concurrent starts never race. The backends supply a `SchemaSession`: what the
planner asks (`live_table`, `rows`, `states`) and the primitive changes `apply` makes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Protocol

import attrs

from . import counts as totals
from . import sql
from .base import Column, StoreError, Table, coerce

STATE_PREFIX = "schema:"
STATE_VERSION = 2  # 2: table names carry the surface (`shopvo__orders`); 1: `res_orders`


@attrs.frozen
class MigrationOptions:
    """What a deployer allows beyond additive changes (`specloom migrate` flags)."""

    rebuild: frozenset[str] = frozenset()  # "resource.field": rebuild that column from the documents
    drop: frozenset[str] = frozenset()  # resources that left the spec: drop their tables and records
    fix_flags: frozenset[str] = frozenset()  # "resource.field": keep a flag on the oldest of each group
    adopt: frozenset[str] = frozenset()  # resources whose table of the older layout several surfaces
    #                                      shared: this surface takes it with all its records


@attrs.frozen
class LiveTable:
    """A table as the database has it."""

    columns: dict[str, frozenset[str]]  # SQL column -> the column types its declared type can be
    indexes: frozenset[str]


@attrs.frozen
class Step:
    kind: str  # rename_table, create_table, add_column, fill_column, rebuild_column, fix_flag,
    #            drop_index, create_index, drop_table, count_rows
    table: str
    text: str
    column: Column | None = None
    index: sql.Index | None = None
    target: Table | None = None
    name: str = ""  # drop_index: the index; rename_table: the table's old name

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Refusal:
    subject: str  # "products.price", "products"
    problem: str
    remedy: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.problem}; {self.remedy}"


@attrs.frozen
class Plan:
    surface: str | None
    steps: tuple[Step, ...]
    refusals: tuple[Refusal, ...]
    state: dict[str, Any] | None  # the schema to record for the surface once applied

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    def lines(self) -> list[str]:
        return [str(s) for s in self.steps]


class MigrationRefused(StoreError):
    """The plan has destructive or ambiguous changes: nothing was applied."""

    def __init__(self, plan: Plan):
        self.plan = plan
        who = plan.surface or "the schema"
        n = len(plan.refusals)
        details = "\n".join(f"  - {r}" for r in plan.refusals)
        super().__init__(f"{who}: {n} schema change{'s' if n > 1 else ''} refused, nothing "
                         f"applied:\n{details}")


class SchemaSession(Protocol):
    """A backend's side of planning and applying, inside its schema lock and transaction."""

    async def live_table(self, name: str) -> LiveTable | None: ...

    async def count(self, name: str) -> int:
        """How many rows a table holds (asked only when a step or refusal depends on it)."""
        ...

    async def rows(self, name: str) -> list[tuple[int, str, dict[str, Any]]]:
        """(seq, tenant, doc) of every row, in insertion order."""
        ...

    async def states(self) -> dict[str, dict[str, Any]]:
        """The recorded schema of every surface on this database."""
        ...

    async def create_table(self, table: Table) -> None: ...

    async def rename_table(self, old: str, new: str) -> None:
        """Rename a table; its rows and indexes go with it (the indexes keep their names)."""
        ...

    async def add_column(self, table: str, column: Column) -> None: ...

    async def drop_column(self, table: str, column: Column) -> None:
        """Drop a column and every index that uses it."""
        ...

    async def create_index(self, table: str, index: sql.Index) -> None: ...

    async def drop_index(self, table: str, name: str) -> None: ...

    async def drop_table(self, name: str) -> None: ...

    async def write_columns(self, table: str, column: str, values: list[tuple[Any, int]]) -> None:
        """Set `column` to each value at its seq."""
        ...

    async def write_docs(self, table: Table, docs: list[tuple[int, dict[str, Any]]]) -> None:
        """Replace documents (and their column values) by seq."""
        ...

    async def save_state(self, surface: str, state: dict[str, Any]) -> None: ...

    async def counts_marker(self, name: str) -> str | None:
        """What `sl_meta` records of the maintained counts of a table (backends/counts.py)."""
        ...

    async def recount(self, table: Table) -> None:
        """Count the table's stored records again (per tenant, per value of its counted fields)
        and record which fields the counts cover."""
        ...


# -- describing tables ----------------------------------------------------------------------
def describe_table(table: Table) -> dict[str, Any]:
    """What the state records of a table: enough to rebuild its `Table`."""
    return {"resource": table.label, "columns": {c.field: c.type for c in table.columns},
            "unique": [list(g) for g in table.unique],
            "flag": [table.flag.field, table.flag.within] if table.flag else None}


# -- planning -------------------------------------------------------------------------------
async def plan(tables: Iterable[Table], session: SchemaSession, *, surface: str | None,
               options: MigrationOptions | None = None) -> Plan:
    options = options or MigrationOptions()
    tables = list(tables)
    states = await session.states() if surface is not None else {}
    recorded_state = states.get(surface) if surface is not None else None
    applied: dict[str, Any] | None = (recorded_state or {}).get("tables") if recorded_state else None
    owners: dict[str, list[str]] = defaultdict(list)  # table -> the other surfaces that recorded it
    for other, state in sorted(states.items()):
        if other != surface:
            for name in state.get("tables") or {}:
                owners[name].append(other)
    cli = f"specloom migrate {surface}" if surface else "specloom migrate SURFACE"
    steps: list[Step] = []
    refusals: list[Refusal] = []
    counts: dict[str, int] = {}

    async def count(name: str) -> int:
        if name not in counts:
            counts[name] = await session.count(name)
        return counts[name]

    stored_rows: dict[str, list] = {}

    async def rows(name: str) -> list:
        if name not in stored_rows:
            stored_rows[name] = await session.rows(name)
        return stored_rows[name]

    by_subject = {}
    for table in tables:
        for col in table.columns:
            by_subject[f"{table.label}.{col.field}"] = (table, col)
            by_subject[f"{table.name}.{col.field}"] = (table, col)

    for name in sorted(options.rebuild):
        if name not in by_subject:
            refusals.append(Refusal(name, "--rebuild names no indexed field of the spec",
                                    "give RESOURCE.FIELD of a field the spec filters, sorts or looks up by"))
    for name in sorted(options.fix_flags):
        entry = by_subject.get(name)
        if entry is None or entry[0].flag is None or entry[0].flag.field != entry[1].field:
            refusals.append(Refusal(name, "--fix-flag names no unique-flag field of the spec",
                                    "give RESOURCE.FIELD of a resource's `flag` field"))

    wanted_tables = {t.name for t in tables}
    # a table this surface's state records under another name for the same resource: the
    # layout before each surface's tables were its own (`res_orders` for `shopvo__orders`)
    previous: dict[str, str] = {}
    for table in tables:
        for name, recorded in sorted((applied or {}).items()):
            if name not in wanted_tables and (recorded.get("resource") or name) == table.label:
                previous[table.name] = name
                break
    adopted: set[str] = set()

    for table in tables:
        columns_by_name: dict[str, list[str]] = defaultdict(list)
        for col in table.columns:
            columns_by_name[col.sql_name].append(col.field)
        clash = [fields for fields in columns_by_name.values() if len(fields) > 1]
        if clash:
            for fields in clash:
                refusals.append(Refusal(
                    f"{table.label}.{fields[0]}",
                    f"fields {' and '.join(fields)} map to one column {Column(fields[0]).sql_name}",
                    "rename one of them in the spec"))
            continue
        if owners.get(table.name):
            refusals.append(Refusal(
                table.label, f"its table {table.name} is recorded by surface(s) "
                f"{', '.join(owners[table.name])} too", "surface names that differ only in case or "
                "punctuation share a table prefix: rename one of the surfaces"))
            continue
        live = await session.live_table(table.name)
        source = table.name  # where the table's records are while planning
        old = previous.get(table.name)
        old_live = await session.live_table(old) if old is not None else None
        if old is not None and old_live is not None:
            sharers = owners.get(old, [])
            held = await count(old)
            adopting = table.label in options.adopt or old in options.adopt
            if live is not None:  # both names exist (a table made by hand, or a restored backup)
                if not sharers and held:
                    refusals.append(Refusal(
                        table.label, f"both {old} of the older layout ({held} record(s)) and "
                        f"{table.name} exist", f"move the records of {old} into {table.name} and drop "
                        f"{old}, or drop {old} if its records are not wanted"))
                    continue
                if not sharers:
                    steps.append(Step("drop_table", old, f"drop table {old} (empty; {table.label} is "
                                      f"stored in {table.name})"))
            elif sharers and held and not adopting:
                refusals.append(Refusal(
                    table.label, f"its table {old} is of the layout before each surface's tables were "
                    f"its own, and surface(s) {', '.join(sharers)} recorded it too: its {held} record(s) "
                    f"cannot be told apart by surface",
                    f"give them all to {surface} with `{cli} --adopt {table.label}` "
                    f"({', '.join(sharers)} then start(s) with an empty {table.label}), or to another "
                    f"of them with `specloom migrate OTHER --adopt {table.label}`"))
                continue
            elif not sharers or adopting:
                if sharers:
                    adopted.update((table.label, old))
                note = f"; adopted: surface(s) {', '.join(sharers)} recorded it too" if sharers else ""
                steps.append(Step("rename_table", table.name, f"rename table {old} to {table.name} with its "
                                  f"{held} record(s) (each surface's tables are its own{note})", name=old))
                live, source = old_live, old
            # else: shared with other surfaces and empty: this surface starts its own table
        if live is None:
            # an empty table: its (zero) counts are recorded with it
            steps.append(Step("create_table", table.name, f"create table {table.name}", target=table))
            steps += [Step("create_index", table.name, index.describe(table.name), index=index)
                      for index in sql.index_plan(table)]
            continue
        recorded = (applied or {}).get(source)
        recorded_columns: dict[str, str] | None = recorded.get("columns") if recorded else None

        rebuilt: set[str] = set()
        for col in table.columns:
            subject = f"{table.label}.{col.field}"
            wanted = subject in options.rebuild or f"{table.name}.{col.field}" in options.rebuild
            kinds = live.columns.get(col.sql_name)
            if kinds is None:
                steps.append(Step("add_column", table.name,
                                  f"add column {table.name}.{col.sql_name} ({subject}, {col.type}), "
                                  f"filled from {await count(source)} stored record(s)", column=col))
                continue
            before = recorded_columns.get(col.field) if recorded_columns is not None else None
            changed = (before != col.type) if before is not None else (col.type not in kinds)
            if changed or wanted:
                was = before or "/".join(sorted(kinds))
                if changed and not wanted and await count(source):
                    refusals.append(Refusal(
                        subject, f"the indexed field's type changed from {was} to {col.type} and "
                        f"{source} holds {await count(source)} record(s)",
                        f"rebuild the column from the stored documents with `{cli} --rebuild {subject}` "
                        f"(stored values that are not {col.type} are left out of the index), or "
                        f"restore the field's type in the spec"))
                    continue
                misfits = sum(1 for _, _, doc in await rows(source)
                              if not coerce(col.type, doc.get(col.field))[0])
                note = (f"; {misfits} record(s) hold a value that is not {col.type}: left out of "
                        f"the index" if misfits else "")
                reason = f"was {was}" if changed else "--rebuild"
                steps.append(Step("rebuild_column", table.name,
                                  f"rebuild column {table.name}.{col.sql_name} ({subject}, {col.type}; "
                                  f"{reason}) from {await count(source)} stored record(s){note}",
                                  column=col))
                rebuilt.add(col.sql_name)
            elif recorded_columns is not None and before is None:
                # the column is there but was not kept up to date while the field was not indexed
                steps.append(Step("fill_column", table.name,
                                  f"refill column {table.name}.{col.sql_name} ({subject}) from "
                                  f"{await count(source)} stored record(s): it was not maintained while "
                                  f"the field was not indexed", column=col))

        desired = sql.index_plan(table)
        names = {i.name for i in desired}
        for name in sorted(live.indexes):
            if sql.owned_index(name) and name not in names:
                why = f"named after {source}" if source != table.name else "no longer in the spec"
                steps.append(Step("drop_index", table.name, f"drop index {name} on {table.name} ({why})",
                                  name=name))
        for index in desired:
            touched = bool((set(index.columns) | {index.where}) & rebuilt)
            if index.name in live.indexes and not touched:
                continue
            if index.unique and await count(source):
                groups = duplicate_groups(table, index, await rows(source))
                if groups:
                    example = ", ".join(f"{n} records of tenant {t} with {_show(index.fields, v)}"
                                        for (t, *v), n in list(groups.items())[:2])
                    if index.where:
                        assert table.flag is not None
                        subject = f"{table.label}.{table.flag.field}"
                        if subject in options.fix_flags or f"{table.name}.{table.flag.field}" in options.fix_flags:
                            cleared = sum(groups.values()) - len(groups)
                            steps.append(Step("fix_flag", table.name,
                                              f"clear {table.flag.field} on {cleared} record(s) of "
                                              f"{table.label}: the oldest flagged record of each "
                                              f"{table.flag.within} keeps it", target=table))
                        else:
                            refusals.append(Refusal(
                                subject, f"{table.flag.field} must be true for at most one record "
                                f"per {table.flag.within}, but {len(groups)} group(s) have several "
                                f"({example})",
                                f"keep it on the oldest flagged record of each group with "
                                f"`{cli} --fix-flag {subject}`"))
                            continue
                    else:
                        subject = f"{table.label}.{'+'.join(index.fields)}"
                        refusals.append(Refusal(
                            subject, f"a unique rule over {', '.join(index.fields)} is new, but "
                            f"{len(groups)} group(s) of stored records already share a value ({example})",
                            "make those records unique first (serve without the rule and change "
                            "them through the API, then add the rule back), or leave the rule out"))
                        continue
            steps.append(Step("create_index", table.name, index.describe(table.name), index=index))

        # the maintained list totals: counted again when they do not cover what the spec
        # counts (a store made before them, a new default filter) or a step above rewrote a
        # counted column (a renamed table takes its counts along)
        rewrote = any(s.table == table.name and (
            (s.column is not None and s.column.field in table.counted)
            or (s.kind == "fix_flag" and table.flag is not None and table.flag.field in table.counted))
            for s in steps)
        if rewrote or await session.counts_marker(source) != totals.marker(table):
            what = f" and per {', '.join(sorted(table.counted))}" if table.counted else ""
            steps.append(Step("count_rows", table.name, f"count the records of {table.name} per tenant"
                              f"{what}, for list totals", target=table))

    for name in sorted(options.adopt - adopted):
        refusals.append(Refusal(name, "--adopt names no table of the older layout this surface shares "
                                "with other surfaces", "give the resource named in the refusal that "
                                "asked for --adopt"))
    known_labels = {t.label for t in tables} | wanted_tables
    for name in sorted(options.drop):
        if name in known_labels:
            refusals.append(Refusal(name, "--drop names a resource that is still in the spec",
                                    "remove it from the spec first"))
    if applied is not None:
        for name, recorded in sorted(applied.items()):
            if name in wanted_tables or name in owners or name in previous.values():
                continue  # still wanted (by this surface, under its new name, or another surface)
            label = recorded.get("resource") or name
            live = await session.live_table(name)
            if live is None:
                continue  # already gone: forgotten with the new state
            stored = await count(name)
            if stored == 0:
                steps.append(Step("drop_table", name, f"drop table {name} (resource {label} left "
                                  f"the spec; it was empty)"))
            elif label in options.drop or name in options.drop:
                steps.append(Step("drop_table", name, f"drop table {name} with its {stored} "
                                  f"record(s) (resource {label} left the spec; --drop {label})"))
            else:
                refusals.append(Refusal(
                    label, f"the resource is no longer in the spec, but its table {name} holds "
                    f"{stored} record(s)",
                    f"put it back in the spec, or drop the table and its records with "
                    f"`{cli} --drop {label}`"))
        for name in sorted(options.drop):
            if name not in known_labels and not any(
                    name in (n, (r.get("resource") or n)) for n, r in applied.items()):
                refusals.append(Refusal(name, "--drop names no resource this surface had",
                                        "give the name of a resource that left the spec"))
    state = None
    if surface is not None:
        state = {"version": STATE_VERSION, "tables": {t.name: describe_table(t) for t in tables}}
    return Plan(surface, tuple(steps), tuple(refusals), state)


def _show(fields: tuple[str, ...], values: list[Any]) -> str:
    return ", ".join(f"{f}={v!r}" for f, v in zip(fields, values))


def duplicate_groups(table: Table, index: sql.Index,
                     rows: list[tuple[int, str, dict[str, Any]]]) -> dict[tuple, int]:
    """(tenant, *values) -> count, for the groups of rows a unique index would refuse (NULLs
    never collide; a partial index counts only rows where its column is true)."""
    counts: dict[tuple, int] = defaultdict(int)
    for _, tenant, doc in rows:
        values = table.row_values(doc)
        if index.where and values.get(index.where) is not True:
            continue
        key = tuple(doc.get("id") if c == "id" else values.get(c) for c in index.columns[1:])
        if any(v is None for v in key):
            continue
        counts[(tenant, *key)] += 1
    return {k: n for k, n in counts.items() if n > 1}


def flag_fixes(table: Table, rows: list[tuple[int, str, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """Documents to rewrite so each group keeps its flag on the oldest flagged record only."""
    assert table.flag is not None
    seen: set[tuple] = set()
    fixes = []
    for seq, tenant, doc in rows:  # insertion order: the oldest first
        group = table.flag_group(doc)
        if group is None or not table.flagged(doc):
            continue
        if (tenant, group) in seen:
            fixes.append((seq, {**doc, table.flag.field: False}))
        else:
            seen.add((tenant, group))
    return fixes


# -- applying -------------------------------------------------------------------------------
async def apply(plan_: Plan, session: SchemaSession) -> list[str]:
    """Carry out a plan without refusals; record the surface's state. Returns the step texts."""
    if plan_.refused:
        raise MigrationRefused(plan_)
    for step in plan_.steps:
        if step.kind == "create_table":
            assert step.target is not None
            await session.create_table(step.target)
        elif step.kind in ("add_column", "fill_column", "rebuild_column"):
            col = step.column
            assert col is not None
            if step.kind == "rebuild_column":
                await session.drop_column(step.table, col)
            if step.kind != "fill_column":
                await session.add_column(step.table, col)
            rows = await session.rows(step.table)
            values = [(coerce(col.type, doc.get(col.field))[1], seq) for seq, _, doc in rows]
            if values:
                await session.write_columns(step.table, col.sql_name, values)
        elif step.kind == "fix_flag":
            assert step.target is not None
            fixes = flag_fixes(step.target, await session.rows(step.table))
            if fixes:
                await session.write_docs(step.target, fixes)
        elif step.kind == "drop_index":
            await session.drop_index(step.table, step.name)
        elif step.kind == "create_index":
            assert step.index is not None
            await session.drop_index(step.table, step.index.name)  # a rebuilt column's old index
            await session.create_index(step.table, step.index)
        elif step.kind == "drop_table":
            await session.drop_table(step.table)
        elif step.kind == "rename_table":
            await session.rename_table(step.name, step.table)
        elif step.kind == "count_rows":
            assert step.target is not None
            await session.recount(step.target)
        else:  # pragma: no cover
            raise ValueError(step.kind)
    if plan_.surface is not None and plan_.state is not None:
        await session.save_state(plan_.surface, plan_.state)
    return plan_.lines()

"""Schema migrations planned from the spec (backends/migrations.py), on every backend:
additive changes apply by themselves, destructive or ambiguous ones are refused with the
resource, the field and what to do, and nothing of a refused plan is applied."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading

import psycopg
import pytest

from specloom.backends import open_store
from specloom.backends.base import Column, Filter, FlagRule, PageRequest, Query, Table, UniqueViolation
from specloom.backends.migrations import MigrationOptions, MigrationRefused
from specloom.backends.sqlite import path_from_url

S = "shop"  # the surface the recorded schema belongs to


def plain(steps) -> list[str]:
    return [re.sub(r"_[0-9a-f]{8}(?= on )", "", str(step)) for step in steps]


def notes(*columns: Column, unique=(), flag=None) -> Table:
    return Table("res_notes", columns=columns, unique=unique, flag=flag, resource="notes")


def raw(store_url: str, *statements: str) -> list:
    """Run SQL behind the store's back (what an older specloom or a person left behind)."""
    if store_url.startswith("sqlite:"):
        conn = sqlite3.connect(path_from_url(store_url), isolation_level=None)
        try:
            return [conn.execute(s).fetchall() for s in statements][-1]
        finally:
            conn.close()
    with psycopg.connect(store_url, autocommit=True) as conn:
        out: list = []
        for s in statements:
            cur = conn.execute(s)
            out = cur.fetchall() if cur.description else []
        return out


async def ids(store, table="res_notes", tenant="t1", **query) -> list[str]:
    page = await store.list(table, tenant, Query(**query), PageRequest(limit=100))
    return [d["id"] for d in page.items]


async def test_additive_changes_apply_by_themselves_and_are_recorded(store, store_url):
    v1 = [notes(Column("title"))]
    assert plain(await store.migrate(v1, surface=S)) == [
        "create table res_notes",
        "create unique index ux_res_notes_id on res_notes(tenant, id)",
        "create index ix_res_notes_title on res_notes(tenant, f_title)"]
    for i, (title, rank) in enumerate([("a", 3), ("b", 1), ("c", 2)]):
        await store.insert("res_notes", "t1", {"id": f"n{i}", "title": title, "rank": rank, "tag": f"x{i}"})
    # a new filterable field, a new unique rule the data satisfies, a new resource
    v2 = [notes(Column("title"), Column("rank", "integer"), Column("tag"), unique=(("tag",),)),
          Table("res_tags", columns=(Column("label"),), resource="tags")]
    plan = await store.plan_migration(v2, surface=S)
    assert not plan.refusals
    assert await store.migrate(v1, surface=S) == []  # the dry run changed nothing
    assert plain(await store.migrate(v2, surface=S)) == plain(plan.steps) == [
        "add column res_notes.f_rank (notes.rank, integer), filled from 3 stored record(s)",
        "add column res_notes.f_tag (notes.tag, text), filled from 3 stored record(s)",
        "create unique index ux_res_notes_tag on res_notes(tenant, f_tag)",
        "create index ix_res_notes_rank on res_notes(tenant, f_rank)",
        "create table res_tags",
        "create unique index ux_res_tags_id on res_tags(tenant, id)",
        "create index ix_res_tags_label on res_tags(tenant, f_label)"]
    assert await store.migrate(v2, surface=S) == []
    assert await ids(store, filters=(Filter("rank", 2, "gte"),)) == ["n0", "n2"]
    with pytest.raises(UniqueViolation):
        await store.insert("res_notes", "t1", {"id": "n9", "tag": "x1"})
    # another process (or a restart) finds it all done
    other = open_store(store_url)
    try:
        assert await other.migrate(v2, surface=S) == []
    finally:
        await other.close()


async def test_an_indexed_fields_type_change_is_refused_then_rebuilt_on_request(store):
    await store.migrate([notes(Column("title"), Column("rank"))], surface=S)  # rank as text
    for i, rank in enumerate(["10", "9", "high", None]):
        await store.insert("res_notes", "t1", {"id": f"n{i}", "rank": rank})
    v2 = [notes(Column("title"), Column("rank", "integer"), Column("extra"))]
    with pytest.raises(MigrationRefused) as info:
        await store.migrate(v2, surface=S)
    message = str(info.value)
    assert "notes.rank: the indexed field's type changed from text to integer" in message
    assert "res_notes holds 4 record(s)" in message
    assert "specloom migrate shop --rebuild notes.rank" in message
    # nothing of the refused plan was applied, not even its additive part
    plan = await store.plan_migration(v2, surface=S)
    assert any(s.kind == "add_column" for s in plan.steps)
    assert await ids(store, sort=()) == ["n0", "n1", "n2", "n3"]
    steps = await store.migrate(v2, surface=S, options=MigrationOptions(rebuild=frozenset({"notes.rank"})))
    assert ("rebuild column res_notes.f_rank (notes.rank, integer; was text) from 4 stored record(s); "
            "1 record(s) hold a value that is not integer: left out of the index") in steps
    # now ordered and compared as numbers; "high" is left out of the index
    from specloom.backends.base import SortKey

    assert await ids(store, sort=(SortKey("rank"),)) == ["n2", "n3", "n1", "n0"]
    assert await ids(store, filters=(Filter("rank", 9, "gte"),)) == ["n0", "n1"]
    assert await store.migrate(v2, surface=S) == []


async def test_a_type_change_of_an_empty_table_applies_by_itself(store):
    await store.migrate([notes(Column("rank"))], surface=S)
    steps = await store.migrate([notes(Column("rank", "real"))], surface=S)
    assert steps[0] == ("rebuild column res_notes.f_rank (notes.rank, real; was text) from 0 stored "
                        "record(s)")
    await store.insert("res_notes", "t1", {"id": "a", "rank": 1.5})
    assert await ids(store, filters=(Filter("rank", 1.2, "gte"),)) == ["a"]


async def test_a_resource_that_left_the_spec_with_records_is_refused_until_dropped(store, store_url):
    tags = Table("res_tags", columns=(Column("label"),), resource="tags")
    empty = Table("res_empty", resource="empty")
    await store.migrate([notes(Column("title")), tags, empty], surface=S)
    await store.insert("res_tags", "t1", {"id": "g1", "label": "keep me"})
    # another surface on the same database keeps its own tables
    await store.migrate([Table("res_other", resource="other")], surface="other")
    with pytest.raises(MigrationRefused) as info:
        await store.migrate([notes(Column("title"))], surface=S)
    assert ("tags: the resource is no longer in the spec, but its table res_tags holds 1 record(s); "
            "put it back in the spec, or drop the table and its records with "
            "`specloom migrate shop --drop tags`") in str(info.value)
    assert (await store.get("res_tags", "t1", "g1"))["label"] == "keep me"
    steps = await store.migrate([notes(Column("title"))], surface=S,
                                options=MigrationOptions(drop=frozenset({"tags"})))
    assert steps == ["drop table res_empty (resource empty left the spec; it was empty)",
                     "drop table res_tags with its 1 record(s) (resource tags left the spec; --drop tags)"]
    assert await store.migrate([notes(Column("title"))], surface=S) == []
    tables = {r[0] for r in raw(store_url, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                if store_url.startswith("sqlite:") else
                                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
    assert {"res_notes", "res_other"} <= tables and not {"res_tags", "res_empty"} & tables
    # --drop of something still in the spec, or never known, is refused
    with pytest.raises(MigrationRefused, match="still in the spec"):
        await store.migrate([notes(Column("title"))], surface=S, options=MigrationOptions(drop=frozenset({"notes"})))
    with pytest.raises(MigrationRefused, match="no resource this surface had"):
        await store.migrate([notes(Column("title"))], surface=S, options=MigrationOptions(drop=frozenset({"nope"})))


async def test_a_new_unique_rule_over_duplicate_records_is_refused(store):
    await store.migrate([notes(Column("title"), Column("sku"))], surface=S)
    await store.insert("res_notes", "t1", {"id": "a", "sku": "X"})
    await store.insert("res_notes", "t1", {"id": "b", "sku": "X"})
    await store.insert("res_notes", "t2", {"id": "c", "sku": "X"})  # another tenant: no clash
    await store.insert("res_notes", "t1", {"id": "d"})  # missing values never clash
    await store.insert("res_notes", "t1", {"id": "e"})
    v2 = [notes(Column("title"), Column("sku"), unique=(("sku",),))]
    with pytest.raises(MigrationRefused) as info:
        await store.migrate(v2, surface=S)
    assert ("notes.sku: a unique rule over sku is new, but 1 group(s) of stored records already "
            "share a value (2 records of tenant t1 with sku='X'); make those records unique first") in str(info.value)
    await store.update("res_notes", "t1", "b", {"sku": "Y"})
    assert plain(await store.migrate(v2, surface=S)) == [
        "drop index ix_res_notes_sku on res_notes (no longer in the spec)",
        "create unique index ux_res_notes_sku on res_notes(tenant, f_sku)"]


async def test_a_unique_flag_over_groups_with_several_flagged_records(store):
    cols = (Column("productId"), Column("isDefault", "boolean"))
    await store.migrate([notes(*cols)], surface=S)
    for i, (product, flagged) in enumerate([("p1", True), ("p1", True), ("p1", False), ("p2", True)]):
        await store.insert("res_notes", "t1", {"id": f"v{i}", "productId": product, "isDefault": flagged})
    v2 = [notes(*cols, flag=FlagRule("isDefault", "productId"))]
    with pytest.raises(MigrationRefused) as info:
        await store.migrate(v2, surface=S)
    assert ("notes.isDefault: isDefault must be true for at most one record per productId, but 1 "
            "group(s) have several (2 records of tenant t1 with productId='p1'); keep it on the "
            "oldest flagged record of each group with `specloom migrate shop --fix-flag notes.isDefault`"
            ) in str(info.value)
    steps = await store.migrate(v2, surface=S, options=MigrationOptions(fix_flags=frozenset({"notes.isDefault"})))
    assert steps[0] == ("clear isDefault on 1 record(s) of notes: the oldest flagged record of each "
                        "productId keeps it")
    flagged = await ids(store, filters=(Filter("isDefault", True),))
    assert flagged == ["v0", "v3"]


async def test_a_column_that_came_back_is_refilled(store):
    await store.migrate([notes(Column("title"), Column("rank", "integer"))], surface=S)
    await store.insert("res_notes", "t1", {"id": "a", "rank": 1})
    await store.migrate([notes(Column("title"))], surface=S)  # rank no longer indexed...
    await store.update("res_notes", "t1", "a", {"rank": 5})  # ...so its column is not kept
    steps = await store.migrate([notes(Column("title"), Column("rank", "integer"))], surface=S)
    assert steps[0].startswith("refill column res_notes.f_rank (notes.rank) from 1 stored record(s)")
    assert await ids(store, filters=(Filter("rank", 5),)) == ["a"]


async def test_indexes_of_an_older_naming_are_replaced(store, store_url):
    """Databases made before index names carried a digest (or with a rule that left the spec)."""
    await store.migrate([notes(Column("title"))], surface=S)
    raw(store_url, "CREATE UNIQUE INDEX ux_res_notes_title ON res_notes (tenant, f_title)")
    await store.insert("res_notes", "t1", {"id": "a", "title": "same"})
    steps = plain(await store.migrate([notes(Column("title"))], surface=S))
    assert steps == ["drop index ux_res_notes_title on res_notes (no longer in the spec)"]
    await store.insert("res_notes", "t1", {"id": "b", "title": "same"})  # no unique rule any more


async def test_two_fields_on_one_column_are_refused(store):
    with pytest.raises(MigrationRefused, match=r"notes\.rank: fields rank and Rank map to one column f_rank"):
        await store.migrate([notes(Column("rank"), Column("Rank"))], surface=S)


def test_concurrent_starts_migrate_once(store_url):
    """Several processes starting at once (threads with a store each): one plans and applies,
    the others find it done."""
    v = [notes(Column("title"), Column("rank", "integer"), unique=(("title",),)),
         Table("res_tags", columns=(Column("label"),))]
    results, errors = [], []
    barrier = threading.Barrier(4)

    def start():
        try:
            barrier.wait(60)
            s = open_store(store_url)  # several processes opening a new store at once, too
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
            return
        try:
            results.append(asyncio.run(s.migrate(v, surface=S)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            asyncio.run(s.close())

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 0, 0, 7]

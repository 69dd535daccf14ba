"""Schema migrations planned from the spec (backends/migrations.py), on every backend:
additive changes apply by themselves, destructive or ambiguous ones are refused with the
resource, the field and what to do, and nothing of a refused plan is applied."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading

import attrs
import psycopg
import pytest

from specloom.backends import open_store, sql
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
        "create index ix_res_notes_seq on res_notes(tenant, seq)",
        "create index ix_res_notes_title_seq on res_notes(tenant, f_title, seq)"]
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
        "create index ix_res_notes_rank_seq on res_notes(tenant, f_rank, seq)",
        "create table res_tags",
        "create unique index ux_res_tags_id on res_tags(tenant, id)",
        "create index ix_res_tags_seq on res_tags(tenant, seq)",
        "create index ix_res_tags_label_seq on res_tags(tenant, f_label, seq)"]
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
        "drop index ix_res_notes_sku_seq on res_notes (no longer in the spec)",
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
    assert sorted(len(r) for r in results) == [0, 0, 0, 9]


# -- each surface's tables are its own -----------------------------------------------------------
# Stores made before table names carried the surface named a resource's table `res_<resource>`
# (same DDL and index plan), so two surfaces on one store with a resource of the same name shared
# it. The state each surface recorded says which old table is its own.
def renamed(table: Table, surface: str = S) -> Table:
    return attrs.evolve(table, name=f"{surface}__{table.label}")


def live_tables(store_url: str) -> set[str]:
    return {r[0] for r in raw(store_url, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                if store_url.startswith("sqlite:") else
                                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


def live_indexes(store_url: str, table: str) -> set[str]:
    return {r[0] for r in raw(store_url, f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}'"
                                if store_url.startswith("sqlite:") else
                                f"SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                                f"AND tablename = '{table}'")}


async def served_too(store, store_url: str, tables: list[Table], surface: str) -> None:
    """What specloom of the older layout did when a second surface was served on the store: its
    tables of the same name were the first surface's, and its state recorded them too. (Today's
    planner refuses that, so the other states are put aside meanwhile.)"""
    states = raw(store_url, "SELECT key, value FROM sl_meta WHERE key LIKE 'schema:%'")
    raw(store_url, "DELETE FROM sl_meta WHERE key LIKE 'schema:%'")
    await store.migrate(tables, surface=surface)
    for key, value in states:
        raw(store_url, "INSERT INTO sl_meta (key, value) VALUES ('{}', '{}')".format(key, value.replace("'", "''")))


async def test_a_table_of_the_older_layout_is_renamed_with_its_records_and_indexes(store, store_url):
    old = [notes(Column("title"), Column("slug"), Column("productId"), Column("isDefault", "boolean"),
                 unique=(("slug",),), flag=FlagRule("isDefault", "productId")),
           Table("res_tags", columns=(Column("label"),), resource="tags")]
    await store.migrate(old, surface=S)
    for i in range(3):
        await store.insert("res_notes", "t1", {"id": f"n{i}", "title": f"T{i}", "slug": f"s{i}", "productId": "p",
                                               "isDefault": i == 0})
    await store.insert("res_notes", "t2", {"id": "n0", "title": "other tenant", "slug": "s0"})
    new = [renamed(t) for t in old]
    plan = await store.plan_migration(new, surface=S)
    assert not plan.refusals
    steps = plain(await store.migrate(new, surface=S))
    assert steps == plain(plan.steps)
    assert steps[0] == ("rename table res_notes to shop__notes with its 4 record(s) (each surface's tables "
                        "are its own)")
    assert "drop index ux_res_notes_id on shop__notes (named after res_notes)" in steps
    assert "create unique index ux_shop__notes_slug on shop__notes(tenant, f_slug)" in steps
    assert "create unique index uf_shop__notes_productid on shop__notes(tenant, f_productid) where f_isdefault" in steps
    assert "rename table res_tags to shop__tags with its 0 record(s) (each surface's tables are its own)" in steps
    assert not any(s.startswith(("create table", "add column", "drop table")) for s in steps)
    assert await store.migrate(new, surface=S) == []  # recorded: nothing left to do
    # records kept, indexes named after the new table and doing their job
    assert not {"res_notes", "res_tags"} & live_tables(store_url)
    assert all(i.startswith(("ux_shop__notes", "ix_shop__notes", "uf_shop__notes")) or not sql.owned_index(i)
               for i in live_indexes(store_url, "shop__notes"))
    assert {i.name for i in sql.index_plan(new[0])} <= live_indexes(store_url, "shop__notes")
    assert await ids(store, "shop__notes", sort=()) == ["n0", "n1", "n2"]
    assert await ids(store, "shop__notes", "t2") == ["n0"]
    assert await ids(store, "shop__notes", filters=(Filter("slug", "s1"),)) == ["n1"]
    with pytest.raises(UniqueViolation):
        await store.insert("shop__notes", "t1", {"id": "n9", "slug": "s2"})
    await store.update("shop__notes", "t1", "n2", {"isDefault": True})  # the flag moves, as before
    assert await ids(store, "shop__notes", filters=(Filter("isDefault", True),)) == ["n2"]
    await store.insert("shop__notes", "t1", {"id": "n3", "slug": "s3"})  # seq continues after the old rows
    assert (await ids(store, "shop__notes", sort=()))[-1] == "n3"


async def test_a_table_several_surfaces_shared_is_refused_until_one_adopts_it(store, store_url):
    shared = notes(Column("title"))
    await store.migrate([shared], surface="shopvo")
    await served_too(store, store_url, [shared, Table("res_customers", resource="customers")], "scalev")
    await store.insert("res_notes", "t1", {"id": "n1", "title": "whose?"})
    with pytest.raises(MigrationRefused) as info:
        await store.migrate([renamed(shared, "scalev"), renamed(Table("res_customers", resource="customers"), "scalev")],
                            surface="scalev")
    assert ("notes: its table res_notes is of the layout before each surface's tables were its own, and "
            "surface(s) shopvo recorded it too: its 1 record(s) cannot be told apart by surface; give them all "
            "to scalev with `specloom migrate scalev --adopt notes` (shopvo then start(s) with an empty notes), "
            "or to another of them with `specloom migrate OTHER --adopt notes`") in str(info.value)
    assert "res_customers" in live_tables(store_url)  # nothing of the refused plan was applied
    with pytest.raises(MigrationRefused, match="--adopt names no table of the older layout"):
        await store.migrate([renamed(shared, "shopvo")], surface="shopvo",
                            options=MigrationOptions(adopt=frozenset({"notes", "nope"})))
    steps = await store.migrate([renamed(shared, "shopvo")], surface="shopvo",
                                options=MigrationOptions(adopt=frozenset({"notes"})))
    assert steps[0] == ("rename table res_notes to shopvo__notes with its 1 record(s) (each surface's tables "
                        "are its own; adopted: surface(s) scalev recorded it too)")
    assert await ids(store, "shopvo__notes") == ["n1"]
    # the other surface starts its own, empty; its table nobody shared is simply renamed
    steps = plain(await store.migrate([renamed(shared, "scalev"), renamed(Table("res_customers", resource="customers"),
                                                                            "scalev")], surface="scalev"))
    assert steps[0] == "create table scalev__notes"
    assert "rename table res_customers to scalev__customers with its 0 record(s) (each surface's tables are its own)" \
        in steps
    assert await ids(store, "scalev__notes") == []
    assert not {"res_notes", "res_customers"} & live_tables(store_url)


async def test_an_empty_shared_table_goes_to_the_last_surface_that_claims_it(store, store_url):
    shared = notes(Column("title"))
    await store.migrate([shared], surface="shopvo")
    await served_too(store, store_url, [shared], "scalev")
    assert plain(await store.migrate([renamed(shared, "shopvo")], surface="shopvo"))[0] == "create table shopvo__notes"
    assert "res_notes" in live_tables(store_url)  # still scalev's (by its state)
    assert plain(await store.migrate([renamed(shared, "scalev")], surface="scalev")) == [
        "rename table res_notes to scalev__notes with its 0 record(s) (each surface's tables are its own)",
        "drop index ix_res_notes_seq on scalev__notes (named after res_notes)",
        "drop index ix_res_notes_title_seq on scalev__notes (named after res_notes)",
        "drop index ux_res_notes_id on scalev__notes (named after res_notes)",
        "create unique index ux_scalev__notes_id on scalev__notes(tenant, id)",
        "create index ix_scalev__notes_seq on scalev__notes(tenant, seq)",
        "create index ix_scalev__notes_title_seq on scalev__notes(tenant, f_title, seq)"]


async def test_a_table_name_another_surfaces_state_records_is_refused(store):
    await store.migrate([Table("shop__notes", resource="notes")], surface="shop-")
    with pytest.raises(MigrationRefused, match=r"notes: its table shop__notes is recorded by surface\(s\) shop- too"):
        await store.migrate([Table("shop__notes", resource="notes")], surface=S)


async def test_both_names_of_a_table_are_refused_while_the_old_one_holds_records(store, store_url):
    await store.migrate([notes(Column("title"))], surface=S)
    await store.insert("res_notes", "t1", {"id": "n1"})
    raw(store_url, "CREATE TABLE shop__notes (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, tenant TEXT NOT NULL, "
                   "doc TEXT NOT NULL, f_title TEXT)")
    with pytest.raises(MigrationRefused, match="notes: both res_notes of the older layout .1 record.s.. and "
                                               "shop__notes exist"):
        await store.migrate([renamed(notes(Column("title")))], surface=S)
    await store.delete("res_notes", "t1", "n1")
    steps = plain(await store.migrate([renamed(notes(Column("title")))], surface=S))
    assert steps[0] == "drop table res_notes (empty; notes is stored in shop__notes)"
    assert "res_notes" not in live_tables(store_url)


async def test_a_long_surface_name_still_gives_a_safe_table_name_on_every_backend(store):
    from specloom.generator.ir import table_name

    long_surface = "a-very-long-surface-name-that-someone-chose-for-their-store" * 2
    name = table_name(long_surface, "storeCreditTransactions")
    assert len(name) <= 63 and re.fullmatch(r"[a-z][a-z0-9_]*", name)
    assert name != table_name(long_surface + "x", "storeCreditTransactions")
    assert table_name("Shop-Vo", "storeCreditTransactions") == "shop_vo__store_credit_transactions"
    assert table_name("3d", "orders") == "s_3d__orders"
    table = Table(name, columns=(Column("title"),), unique=(("title",),), resource="storeCreditTransactions")
    await store.migrate([table], surface=long_surface)
    await store.insert(name, "t1", {"id": "a", "title": "x"})
    with pytest.raises(UniqueViolation):
        await store.insert(name, "t1", {"id": "b", "title": "x"})
    assert await ids(store, name, filters=(Filter("title", "x"),)) == ["a"]

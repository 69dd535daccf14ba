"""The offset page's `total` is read from counts the store maintains (backends/counts.py) when
the list's filters are none or one equality on a counted field: those totals must stay exact
through every kind of write, a rolled-back one, writers in two processes at once, and a store
whose records were there before the counts (the migration's backfill). Each total is checked
against the records themselves, counted by paging through them."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3

import psycopg
import pytest

from specloom.backends import open_store
from specloom.backends.base import Column, Filter, PageRequest, Query, SortKey, Table, UniqueViolation, UnknownCursor
from specloom.backends.sqlite import path_from_url

ITEMS = Table("res_items", columns=(Column("status"), Column("slug"), Column("rank", "integer")),
              unique=(("slug",),), resource="items", counted=("status",))
UNCOUNTED = Table("res_items", columns=ITEMS.columns, unique=ITEMS.unique, resource="items")


async def total(store, tenant: str, **filters) -> int:
    query = Query(filters=tuple(Filter(f, v) for f, v in filters.items()))
    page = await store.list("res_items", tenant, query, PageRequest(limit=1))
    return page.total


async def actual(store, tenant: str, **filters) -> int:
    """The records themselves, paged through by keyset (no total asked)."""
    query = Query(filters=tuple(Filter(f, v) for f, v in filters.items()))
    n, after = 0, None
    while True:
        page = await store.list("res_items", tenant, query,
                                PageRequest(limit=50, keyset=True, after=after, with_total=False))
        assert page.total is None  # a cursor page never counts
        n += len(page.items)
        if not page.has_next:
            return n
        after = page.last_position


async def assert_exact(store, tenants=("t1", "t2")) -> None:
    for tenant in tenants:
        for filters in ({}, {"status": "ACTIVE"}, {"status": "DRAFT"}, {"status": None}):
            assert await total(store, tenant, **filters) == await actual(store, tenant, **filters), (tenant, filters)


async def test_totals_follow_inserts_updates_and_deletes(store):
    await store.migrate([ITEMS])
    for i in range(7):
        await store.insert("res_items", "t1", {"id": f"i{i}", "slug": f"s{i}", "status": "DRAFT" if i % 3 else "ACTIVE"})
    await store.insert("res_items", "t2", {"id": "j0", "slug": "s0", "status": "ACTIVE"})
    await store.insert("res_items", "t1", {"id": "n0", "slug": "none"})  # no status: counted as null
    assert await total(store, "t1") == 8 and await total(store, "t1", status="ACTIVE") == 3
    assert await total(store, "t1", status="DRAFT") == 4 and await total(store, "t1", status=None) == 1
    assert await total(store, "t2") == 1 and await total(store, "t3") == 0
    await assert_exact(store)

    await store.update("res_items", "t1", "i1", {"status": "ACTIVE"})  # DRAFT -> ACTIVE
    await store.update("res_items", "t1", "i0", {"rank": 4})  # nothing counted changes
    await store.update("res_items", "t1", "n0", {"status": "DRAFT"})  # null -> DRAFT
    assert await total(store, "t1", status="ACTIVE") == 4 and await total(store, "t1", status="DRAFT") == 4
    assert await store.delete("res_items", "t1", "i0") and not await store.delete("res_items", "t1", "i0")
    assert await store.delete("res_items", "t2", "j0")
    assert await total(store, "t1") == 7 and await total(store, "t1", status="ACTIVE") == 3
    assert await total(store, "t2") == 0
    await assert_exact(store)


async def test_totals_only_when_the_counts_cover_the_filters(store):
    await store.migrate([ITEMS])
    for i in range(4):
        await store.insert("res_items", "t1", {"id": f"i{i}", "slug": f"s{i}", "status": "ACTIVE", "rank": i})
    # two filters, a filter on an uncounted field, a search: counted from the rows, still exact
    both = Query(filters=(Filter("status", "ACTIVE"), Filter("rank", 1, "gte")))
    assert (await store.list("res_items", "t1", both, PageRequest(limit=1))).total == 3
    assert (await store.list("res_items", "t1", Query(filters=(Filter("rank", 2),)), PageRequest(limit=1))).total == 1
    searched = Query(search="s1", search_in=("slug",))
    assert (await store.list("res_items", "t1", searched, PageRequest(limit=1))).total == 1
    assert (await store.list("res_items", "t1", Query(), PageRequest(limit=1, with_total=False))).total is None


async def test_a_write_that_fails_or_rolls_back_counts_nothing(store):
    await store.migrate([ITEMS])
    await store.insert("res_items", "t1", {"id": "a", "slug": "a", "status": "ACTIVE"})
    with pytest.raises(UniqueViolation):
        await store.insert("res_items", "t1", {"id": "b", "slug": "a", "status": "ACTIVE"})
    with pytest.raises(RuntimeError):
        async with store.transaction():
            await store.insert("res_items", "t1", {"id": "c", "slug": "c", "status": "ACTIVE"})
            await store.update("res_items", "t1", "a", {"status": "DRAFT"})
            assert await total(store, "t1") == 2  # the unit sees its own writes
            raise RuntimeError("the request failed")
    async with store.transaction():  # a savepoint that fails inside a unit that commits
        await store.insert("res_items", "t1", {"id": "d", "slug": "d", "status": "DRAFT"})
        with pytest.raises(UniqueViolation):
            await store.insert("res_items", "t1", {"id": "e", "slug": "d", "status": "ACTIVE"})
    assert await total(store, "t1") == 2 and await total(store, "t1", status="ACTIVE") == 1
    assert await total(store, "t1", status="DRAFT") == 1
    await assert_exact(store)


def _writer(url: str, worker: int, rounds: int) -> None:
    """One process's share of the concurrent writes: inserts, status changes, deletes."""
    async def go():
        store = open_store(url)
        try:
            await store.migrate([ITEMS])
            for i in range(rounds):
                id = f"w{worker}-{i}"
                for attempt in range(50):
                    try:
                        await store.insert("res_items", "t1", {"id": id, "slug": id, "status": "DRAFT"})
                        if i % 2:
                            await store.update("res_items", "t1", id, {"status": "ACTIVE"})
                        if i % 5 == 0:
                            await store.delete("res_items", "t1", id)
                        break
                    except Exception as exc:  # a StoreConflict is retried, as the HTTP layer does
                        if type(exc).__name__ != "StoreConflict" or attempt == 49:
                            raise
        finally:
            await store.close()
    asyncio.run(go())


def test_writers_in_two_processes_keep_the_totals_exact(store_url):
    async def setup():
        store = open_store(store_url)
        await store.migrate([ITEMS])
        await store.close()
    asyncio.run(setup())
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(store_url, w, 40)) for w in range(2)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(240)
    assert [p.exitcode for p in workers] == [0, 0]

    async def check():
        store = open_store(store_url)
        try:
            await store.migrate([ITEMS])
            assert await total(store, "t1") == 2 * 32  # 8 of each 40 deleted
            assert await total(store, "t1", status="ACTIVE") == 2 * 16  # odd ones, less 5, 15, 25, 35
            await assert_exact(store, ("t1",))
        finally:
            await store.close()
    asyncio.run(check())


def _behind_the_back(url: str, statements: list[str]) -> None:
    if url.startswith("sqlite:"):
        conn = sqlite3.connect(path_from_url(url), isolation_level=None)
        try:
            for s in statements:
                conn.execute(s)
        finally:
            conn.close()
        return
    with psycopg.connect(url, autocommit=True) as conn:
        for s in statements:
            conn.execute(s)


async def test_the_migration_backfills_the_counts_of_stored_records(store, store_url):
    # records stored before the table's status totals were kept (an older specloom)
    await store.migrate([UNCOUNTED])
    for i in range(6):
        await store.insert("res_items", "t1" if i < 5 else "t2",
                           {"id": f"i{i}", "slug": f"s{i}", "status": "ACTIVE" if i % 2 else "DRAFT"})
    steps = await store.migrate([ITEMS])
    assert steps == ["count the records of res_items per tenant and per status, for list totals"]
    assert await total(store, "t1", status="ACTIVE") == 2 and await total(store, "t1", status="DRAFT") == 3
    assert await total(store, "t1") == 5 and await total(store, "t2") == 1
    await assert_exact(store)
    assert await store.migrate([ITEMS]) == []  # counted once

    # rows loaded behind the store's back, and the counts forgotten: counted again on the next start
    _behind_the_back(store_url, [
        "INSERT INTO res_items (id, tenant, doc, f_status, f_slug) VALUES "
        "('x1', 't1', '{\"id\": \"x1\", \"slug\": \"x1\", \"status\": \"ACTIVE\"}', 'ACTIVE', 'x1')",
        "DELETE FROM sl_meta WHERE key = 'totals:res_items'"])
    assert len(await store.migrate([ITEMS])) == 1
    assert await total(store, "t1", status="ACTIVE") == 3 and await total(store, "t1") == 6
    await assert_exact(store)


async def test_a_page_after_a_record_id_is_read_with_its_position(store):
    """A lastId cursor: the store finds the record's position and reads the page after it in
    one read (one statement on PostgreSQL); an id the tenant lacks is UnknownCursor."""
    await store.migrate([ITEMS])
    for i in range(5):
        await store.insert("res_items", "t1", {"id": f"i{i}", "slug": f"s{i}", "status": "ACTIVE", "rank": 5 - i})
    await store.insert("res_items", "t2", {"id": "other", "slug": "o", "status": "ACTIVE"})
    page = await store.list("res_items", "t1", Query(), PageRequest(limit=2, keyset=True, after_id="i1", with_total=False))
    assert [d["id"] for d in page.items] == ["i2", "i3"] and page.has_next and page.has_previous
    by_rank = Query(sort=(SortKey("rank"),), filters=(Filter("status", "ACTIVE"),))
    page = await store.list("res_items", "t1", by_rank, PageRequest(limit=10, keyset=True, after_id="i3", with_total=False))
    assert [d["id"] for d in page.items] == ["i2", "i1", "i0"] and not page.has_next
    page = await store.list("res_items", "t1", Query(), PageRequest(limit=2, keyset=True, after_id="i4", with_total=False))
    assert page.items == [] and not page.has_next
    for unknown in ("nope", "other"):  # another tenant's record is unknown too
        with pytest.raises(UnknownCursor):
            await store.list("res_items", "t1", Query(), PageRequest(limit=2, keyset=True, after_id=unknown))


async def test_a_record_is_read_with_its_children_in_one_call(store):
    """`get_with`: an operation's `embed` (a product with its variants) read with the record."""
    children = Table("res_parts", columns=(Column("itemId"), Column("rank", "integer")), resource="parts")
    await store.migrate([ITEMS, children])
    await store.insert("res_items", "t1", {"id": "a", "slug": "a"})
    for i, rank in enumerate([3, 1, 2]):
        await store.insert("res_parts", "t1", {"id": f"p{i}", "itemId": "a", "rank": rank})
    await store.insert("res_parts", "t2", {"id": "x", "itemId": "a", "rank": 0})  # another tenant's
    by_rank = Query(filters=(Filter("itemId", "a"),), sort=(SortKey("rank"),))
    doc, (ranked, first_two) = await store.get_with("res_items", "t1", "a", [
        ("res_parts", by_rank, 10), ("res_parts", Query(filters=(Filter("itemId", "a"),)), 2)])
    assert doc["id"] == "a"
    assert [d["id"] for d in ranked] == ["p1", "p2", "p0"] and [d["id"] for d in first_two] == ["p0", "p1"]
    doc, (none,) = await store.get_with("res_items", "t3", "a", [("res_parts", by_rank, 10)])
    assert doc is None and none == []

"""The Store contract, run against every backend (the `store` fixture is parametrised).

Expected values are written out by hand, so a backend passing here behaves like the others.
"""

from __future__ import annotations

import asyncio
import re
import time

import psycopg
import pytest

from specloom.backends import StoreUnavailable, open_store, sql
from specloom.backends.base import (
    Column,
    Filter,
    Mutation,
    PageRequest,
    Query,
    Refused,
    SortKey,
    Store,
    Table,
    UniqueViolation,
)
from tests import pg_server

ITEMS = Table(
    "items",
    columns=(Column("name"), Column("email"), Column("rank", "integer"), Column("score", "real"),
             Column("active", "boolean")),
    unique=(("email",), ("name", "rank")),
)
NOTES = Table("notes", columns=(Column("title"), Column("rank", "integer"), Column("score", "real"),
                                Column("done", "boolean")))


def plain(steps: list[str]) -> list[str]:
    """Steps with the digest that makes index names unambiguous left out, for reading."""
    return [re.sub(r"_[0-9a-f]{8}(?= on )", "", step) for step in steps]


def ids(page) -> list[str]:
    return [d["id"] for d in page.items]


async def add(store: Store, table: str, tenant: str, *docs: dict) -> None:
    for doc in docs:
        await store.insert(table, tenant, doc)


async def listing(store: Store, table: str = "notes", tenant: str = "t1", *, limit: int = 100,
                  **query) -> list[str]:
    return ids(await store.list(table, tenant, Query(**query), PageRequest(limit=limit)))


# -- opening and schema ---------------------------------------------------------------------
def test_store_satisfies_protocol(store):
    assert isinstance(store, Store)
    assert store.url.startswith(("sqlite:", "postgresql:"))


def test_unreachable_url_raises_store_unavailable_on_one_line(backend, tmp_path):
    url = {"sqlite": f"sqlite:///{tmp_path}/no/such/dir/x.db",
           "postgres": "postgresql://someone:hunter2@127.0.0.1:1/nothing"}[backend]
    with pytest.raises(StoreUnavailable) as info:
        open_store(url)
    message = str(info.value)
    assert message.startswith("cannot open ")
    assert "\n" not in message
    assert "hunter2" not in message
    if backend == "postgres":
        assert message == "cannot open postgresql://someone:***@127.0.0.1:1/nothing: connection refused"


async def test_migrate_creates_everything_then_is_idempotent(store, store_url):
    steps = await store.migrate([ITEMS, NOTES])
    assert plain(steps) == [
        "create table items",
        "create unique index ux_items_id on items(tenant, id)",
        "create unique index ux_items_email on items(tenant, f_email)",
        "create unique index ux_items_name_rank on items(tenant, f_name, f_rank)",
        "create index ix_items_seq on items(tenant, seq)",
        "create index ix_items_name_seq on items(tenant, f_name, seq)",
        "create index ix_items_rank_seq on items(tenant, f_rank, seq)",
        "create index ix_items_score_seq on items(tenant, f_score, seq)",
        "create index ix_items_active_seq on items(tenant, f_active, seq)",
        "create table notes",
        "create unique index ux_notes_id on notes(tenant, id)",
        "create index ix_notes_seq on notes(tenant, seq)",
        "create index ix_notes_title_seq on notes(tenant, f_title, seq)",
        "create index ix_notes_rank_seq on notes(tenant, f_rank, seq)",
        "create index ix_notes_score_seq on notes(tenant, f_score, seq)",
        "create index ix_notes_done_seq on notes(tenant, f_done, seq)",
    ]
    assert await store.migrate([ITEMS, NOTES]) == []
    # another store on the same database (another process, a restart) finds it all there
    other = open_store(store_url)
    try:
        assert await other.migrate([ITEMS, NOTES]) == []
    finally:
        await other.close()


async def test_migrate_adds_columns_and_backfills_them(store):
    v1 = Table("notes", columns=(Column("title"),))
    assert plain(await store.migrate([v1])) == ["create table notes",
                                         "create unique index ux_notes_id on notes(tenant, id)",
                                         "create index ix_notes_seq on notes(tenant, seq)",
                                         "create index ix_notes_title_seq on notes(tenant, f_title, seq)"]
    await add(store, "notes", "t1",
              {"id": "a", "title": "A", "rank": 3, "done": True},
              {"id": "b", "title": "B", "rank": 1, "done": False},
              {"id": "c", "title": "C", "rank": [1, 2]},  # not a scalar: no column value
              {"id": "d", "title": "D", "rank": 2})
    await add(store, "notes", "t2", {"id": "a", "title": "other tenant", "rank": 9})
    v2 = Table("notes", columns=(Column("title"), Column("rank", "integer"), Column("done", "boolean")),
               unique=(("title",),))
    assert plain(await store.migrate([v2])) == [
        "add column notes.f_rank (notes.rank, integer), filled from 5 stored record(s)",
        "add column notes.f_done (notes.done, boolean), filled from 5 stored record(s)",
        "drop index ix_notes_title_seq on notes (no longer in the spec)",  # the unique index covers it
        "create unique index ux_notes_title on notes(tenant, f_title)",
        "create index ix_notes_rank_seq on notes(tenant, f_rank, seq)",
        "create index ix_notes_done_seq on notes(tenant, f_done, seq)",
    ]
    assert await store.migrate([v2]) == []
    assert await listing(store, sort=(SortKey("rank"),)) == ["c", "b", "d", "a"]  # NULL first
    assert await listing(store, filters=(Filter("rank", 2, "gte"),)) == ["a", "d"]
    assert await listing(store, filters=(Filter("rank", None),)) == ["c"]
    assert await listing(store, filters=(Filter("done", True),)) == ["a"]
    assert await listing(store, filters=(Filter("done", False),)) == ["b"]
    assert (await store.find("notes", "t1", "rank", 2))["id"] == "d"
    assert (await store.find("notes", "t2", "rank", 9))["title"] == "other tenant"
    # the unique group added later is enforced
    with pytest.raises(UniqueViolation) as info:
        await store.insert("notes", "t1", {"id": "e", "title": "A"})
    assert info.value.fields == ("title",)


async def test_unmigrated_table_is_a_key_error(store):
    with pytest.raises(KeyError):
        await store.get("items", "t1", "x")
    with pytest.raises(KeyError):
        await store.insert("items", "t1", {"id": "x"})


# -- single documents -------------------------------------------------------------------------
async def test_insert_and_get_round_trip(store):
    await store.migrate([ITEMS])
    doc = {"id": "i1", "name": "Zoë", "email": "zoe@example.com", "rank": 7, "score": 2.5,
           "active": True, "nested": {"list": [1, "two", None, {"x": False}], "n": -0.125},
           "note": None, "quote": "it's 100% \"quoted\" \\ back"}
    assert await store.insert("items", "t1", doc) == doc
    assert await store.get("items", "t1", "i1") == doc
    assert await store.get("items", "t1", "missing") is None
    assert await store.get("items", "t2", "i1") is None


async def test_find_returns_first_inserted_match_of_own_tenant(store):
    await store.migrate([ITEMS])
    await add(store, "items", "t1",
              {"id": "a", "name": "dup", "rank": 1, "email": "a@x"},
              {"id": "b", "name": "dup", "rank": 2, "email": "b@x"})
    await add(store, "items", "t2", {"id": "z", "name": "dup", "rank": 1, "email": "a@x"})
    assert (await store.find("items", "t1", "email", "b@x"))["id"] == "b"
    assert (await store.find("items", "t1", "name", "dup"))["id"] == "a"
    assert (await store.find("items", "t2", "email", "a@x"))["id"] == "z"
    assert await store.find("items", "t1", "email", "nobody@x") is None
    assert await store.find("items", "t3", "name", "dup") is None
    with pytest.raises(KeyError):
        await store.find("items", "t1", "not_indexed", "x")


async def test_update_merges_and_reindexes(store):
    await store.migrate([ITEMS])
    await add(store, "items", "t1", {"id": "a", "name": "old", "rank": 1, "email": "a@x", "keep": 1})
    updated = await store.update("items", "t1", "a", {"name": "new", "rank": 5, "extra": [1]})
    assert updated == {"id": "a", "name": "new", "rank": 5, "email": "a@x", "keep": 1, "extra": [1]}
    assert await store.get("items", "t1", "a") == updated
    assert await store.find("items", "t1", "name", "old") is None
    assert (await store.find("items", "t1", "name", "new"))["id"] == "a"
    assert await listing(store, "items", filters=(Filter("rank", 5),)) == ["a"]
    # a field set to None clears its indexed column
    await store.update("items", "t1", "a", {"email": None})
    assert await listing(store, "items", filters=(Filter("email", None),)) == ["a"]
    assert await store.update("items", "t1", "missing", {"name": "x"}) is None


async def test_delete_reports_whether_a_row_went(store):
    await store.migrate([ITEMS])
    await add(store, "items", "t1", {"id": "a"}, {"id": "b"})
    assert await store.delete("items", "t1", "a") is True
    assert await store.delete("items", "t1", "a") is False
    assert await store.get("items", "t1", "a") is None
    assert await listing(store, "items") == ["b"]
    # the id is free again
    await store.insert("items", "t1", {"id": "a", "name": "again"})
    assert (await store.get("items", "t1", "a"))["name"] == "again"


async def warm_up(store, table: str = "items") -> None:
    """Let a pooled backend open several connections, so the calls that follow overlap."""
    for _ in range(3):
        await asyncio.gather(*(store.get(table, "t1", "warm-up") for _ in range(10)))


async def test_concurrent_updates_of_one_document_lose_nothing(store):
    await store.migrate([ITEMS])
    await store.insert("items", "t1", {"id": "a"})
    await warm_up(store)
    await asyncio.gather(*(store.update("items", "t1", "a", {f"f{i}": i}) for i in range(30)))
    doc = await store.get("items", "t1", "a")
    assert doc == {"id": "a", **{f"f{i}": i for i in range(30)}}


def withdraw(amount: int, ref: str):
    def change(doc: dict) -> Mutation:
        if doc["balance"] < amount:
            raise Refused("insufficient_funds", balance=doc["balance"])
        return Mutation({"balance": doc["balance"] - amount},
                        inserts=(("entries", {"id": ref, "account": doc["id"], "amount": -amount}),))
    return change


async def test_modify_reads_decides_and_writes_atomically(store):
    entries = Table("entries", columns=(Column("account"),))
    await store.migrate([ITEMS, entries])
    await store.insert("items", "t1", {"id": "acct", "balance": 100})
    seen = []

    def spy(doc):
        seen.append(doc)
        return withdraw(30, "e1")(doc)

    assert await store.modify("items", "t1", "acct", spy) == {"id": "acct", "balance": 70}
    assert seen == [{"id": "acct", "balance": 100}]
    assert await store.get("entries", "t1", "e1") == {"id": "e1", "account": "acct", "amount": -30}
    # a refusal writes nothing
    with pytest.raises(Refused) as info:
        await store.modify("items", "t1", "acct", withdraw(500, "e2"))
    assert (info.value.reason, info.value.info) == ("insufficient_funds", {"balance": 70})
    assert await store.get("items", "t1", "acct") == {"id": "acct", "balance": 70}
    assert await store.get("entries", "t1", "e2") is None
    # a failing insert undoes the change too
    with pytest.raises(UniqueViolation):
        await store.modify("items", "t1", "acct", withdraw(10, "e1"))
    assert await store.get("items", "t1", "acct") == {"id": "acct", "balance": 70}
    # missing records and other tenants' records are not offered to the callback
    calls = []
    assert await store.modify("items", "t1", "nope", lambda d: calls.append(d)) is None
    assert await store.modify("items", "t2", "acct", lambda d: calls.append(d)) is None
    assert calls == []


async def test_modify_keeps_invariants_under_concurrency(store):
    entries = Table("entries", columns=(Column("account"),))
    await store.migrate([ITEMS, entries])
    await store.insert("items", "t1", {"id": "acct", "balance": 100})
    await warm_up(store)

    async def attempt(i):
        try:
            await store.modify("items", "t1", "acct", withdraw(10, f"w{i}"))
            return True
        except Refused:
            return False

    results = await asyncio.gather(*(attempt(i) for i in range(25)))
    assert sum(results) == 10
    assert (await store.get("items", "t1", "acct"))["balance"] == 0
    page = await store.list("entries", "t1", Query(), PageRequest(limit=100))
    assert page.total == 10 and sum(d["amount"] for d in page.items) == -100


# -- uniqueness -------------------------------------------------------------------------------
async def test_unique_violations_name_the_rule(store):
    await store.migrate([ITEMS])
    await add(store, "items", "t1", {"id": "a", "name": "n", "rank": 1, "email": "a@x"},
              {"id": "b", "name": "n", "rank": 2, "email": "b@x"})
    cases = [({"id": "c", "email": "a@x"}, ("email",)),
             ({"id": "c", "name": "n", "rank": 1}, ("name", "rank")),
             ({"id": "a", "email": "new@x"}, ("id",))]
    for doc, fields in cases:
        with pytest.raises(UniqueViolation) as info:
            await store.insert("items", "t1", doc)
        assert (info.value.table, info.value.fields) == ("items", fields)
    assert await listing(store, "items") == ["a", "b"]
    # the rules hold per tenant; missing values (NULL) never collide
    await add(store, "items", "t2", {"id": "a", "name": "n", "rank": 1, "email": "a@x"})
    await add(store, "items", "t1", {"id": "c"}, {"id": "d"})
    # an update that would collide changes nothing
    with pytest.raises(UniqueViolation) as info:
        await store.update("items", "t1", "b", {"email": "a@x", "name": "changed"})
    assert info.value.fields == ("email",)
    with pytest.raises(UniqueViolation) as info:
        await store.update("items", "t1", "b", {"rank": 1})
    assert info.value.fields == ("name", "rank")
    assert await store.get("items", "t1", "b") == {"id": "b", "name": "n", "rank": 2, "email": "b@x"}
    # and the store is still usable afterwards
    assert (await store.update("items", "t1", "b", {"email": "c@x"}))["email"] == "c@x"


# -- tenants ----------------------------------------------------------------------------------
async def test_tenants_never_see_each_others_rows(store):
    await store.migrate([ITEMS])
    await add(store, "items", "A", {"id": "x", "name": "secret", "rank": 1}, {"id": "only-a"})
    await add(store, "items", "B", {"id": "x", "name": "mine", "rank": 1})
    assert (await store.get("items", "B", "x"))["name"] == "mine"
    assert await store.get("items", "B", "only-a") is None
    assert await listing(store, "items", "B") == ["x"]
    page = await store.list("items", "B", Query(search="secret", search_in=("name",)),
                            PageRequest(limit=10))
    assert (page.items, page.total) == ([], 0)
    assert await store.find("items", "B", "name", "secret") is None
    assert await store.update("items", "B", "only-a", {"name": "hijacked"}) is None
    assert await store.delete("items", "B", "only-a") is False
    assert (await store.update("items", "B", "x", {"name": "changed"}))["name"] == "changed"
    assert await store.delete("items", "B", "x") is True
    assert await store.get("items", "A", "x") == {"id": "x", "name": "secret", "rank": 1}
    assert await store.get("items", "A", "only-a") == {"id": "only-a"}
    assert (await store.list("items", "A", Query(), PageRequest(limit=10))).total == 2


# -- filters and search -----------------------------------------------------------------------
async def test_filters(store):
    await store.migrate([NOTES])
    await add(store, "notes", "t1",
              {"id": "a", "title": "a", "rank": 1, "score": 0.5, "done": True, "tags": ["red", "blue"]},
              {"id": "b", "title": "b", "rank": 2, "score": 1.5, "done": False, "tags": ["blue", 7]},
              {"id": "c", "title": None, "rank": 3, "score": -2.0, "tags": []},
              {"id": "d", "title": "d", "rank": None, "score": 1.5, "done": True})
    await add(store, "notes", "t2", {"id": "e", "title": "a", "rank": 1, "tags": ["red"]})
    f = Filter
    assert await listing(store, filters=(f("title", "a"),)) == ["a"]
    assert await listing(store, filters=(f("title", None),)) == ["c"]
    assert await listing(store, filters=(f("rank", None),)) == ["d"]
    assert await listing(store, filters=(f("done", True),)) == ["a", "d"]
    assert await listing(store, filters=(f("done", False),)) == ["b"]
    assert await listing(store, filters=(f("tags", "blue", "contains"),)) == ["a", "b"]
    assert await listing(store, filters=(f("tags", "red", "contains"),)) == ["a"]
    assert await listing(store, filters=(f("tags", 7, "contains"),)) == ["b"]
    assert await listing(store, filters=(f("tags", "7", "contains"),)) == []
    assert await listing(store, filters=(f("tags", "green", "contains"),)) == []
    assert await listing(store, filters=(f("rank", 2, "gte"),)) == ["b", "c"]
    assert await listing(store, filters=(f("rank", 2, "lte"),)) == ["a", "b"]
    assert await listing(store, filters=(f("rank", 1, "gte"), f("rank", 2, "lte"))) == ["a", "b"]
    assert await listing(store, filters=(f("score", 0.5, "gte"),)) == ["a", "b", "d"]
    assert await listing(store, filters=(f("score", 0, "lte"),)) == ["c"]
    assert await listing(store, filters=(f("title", "b", "gte"),)) == ["b", "d"]
    assert await listing(store, filters=(f("score", 1.5), f("done", True))) == ["d"]
    # numbers given as text are read in ASCII only: what float() and int() would also take
    # (other scripts' digits, underscores, nan) is no number and matches nothing
    assert await listing(store, filters=(f("score", "1.5"),)) == ["b", "d"]
    assert await listing(store, filters=(f("score", " 15e-1 "),)) == ["b", "d"]
    assert await listing(store, filters=(f("rank", "2"),)) == ["b"]
    for not_a_number in ("\uff11.5", "1_5e-1", "nan", "-inf", "1.5.", "\u0661"):
        assert await listing(store, filters=(f("score", not_a_number),)) == [], not_a_number
    for not_an_integer in ("\uff12", "2_0", "\u0662", "2.0"):
        assert await listing(store, filters=(f("rank", not_an_integer),)) == [], not_an_integer
    page = await store.list("notes", "t1", Query(filters=(f("tags", "blue", "contains"),)),
                            PageRequest(limit=1))
    assert (ids(page), page.total, page.has_next) == (["a"], 2, True)


async def test_search_is_case_insensitive_and_literal(store):
    await store.migrate([ITEMS])
    names = {"a": "Alice Smith", "b": "ALICE", "c": "100% cotton", "d": "100 cotton",
             "e": "snake_case", "f": "snakeXcase", "g": r"back\slash", "h": "backslash",
             "i": "plain"}
    for i, (id_, name) in enumerate(names.items()):
        await store.insert("items", "t1", {"id": id_, "name": name, "rank": i,
                                           "email": "alice@example.com" if id_ == "i" else None})

    async def search(term, fields=("name",)):
        return await listing(store, "items", search=term, search_in=fields)

    assert await search("alice") == ["a", "b"]
    assert await search("aLiCe sM") == ["a"]
    assert await search("alice", ("name", "email")) == ["a", "b", "i"]
    assert await search("%") == ["c"]
    assert await search("0%") == ["c"]
    assert await search("_") == ["e"]
    assert await search("e_c") == ["e"]
    assert await search("\\") == ["g"]
    assert await search("k\\s") == ["g"]
    assert await search("nothing here") == []
    assert len(await search("")) == len(names)  # no search term: no search
    assert len(await search(None)) == len(names)


# -- sorting ----------------------------------------------------------------------------------
async def test_sorting_with_nulls_ties_and_case(store):
    await store.migrate([NOTES])
    rows = [("a", "b", 2), ("b", "B", None), ("c", None, 1), ("d", "a", 2), ("e", "é", -5),
            ("f", "A", 1), ("g", "b", 0), ("h", "Z", None)]
    for id_, title, rank in rows:
        await store.insert("notes", "t1", {"id": id_, "title": title, "rank": rank})
    by_title = [SortKey("title")]
    # NULL sorts as the lowest value; text compares by code point; ties keep insertion order
    assert await listing(store, sort=tuple(by_title)) == ["c", "f", "b", "h", "d", "a", "g", "e"]
    assert await listing(store, sort=(SortKey("title", True),)) == ["e", "g", "a", "d", "h", "b", "f", "c"]
    assert await listing(store, sort=(SortKey("rank"),)) == ["b", "h", "e", "g", "c", "f", "a", "d"]
    assert await listing(store, sort=(SortKey("rank", True),)) == ["d", "a", "f", "c", "g", "e", "h", "b"]
    assert await listing(store, sort=(SortKey("rank", True), SortKey("title"))) == \
        ["d", "a", "c", "f", "g", "e", "b", "h"]
    assert await listing(store) == ["a", "b", "c", "d", "e", "f", "g", "h"]  # insertion order


# -- paging -----------------------------------------------------------------------------------
async def seed_notes(store, count: int, tenant: str = "t1") -> None:
    await store.migrate([NOTES])
    for i in range(count):
        # ranks repeat and some are missing, so keyset positions need the tie-breaker
        await store.insert("notes", tenant, {"id": f"n{i:02}", "rank": None if i % 5 == 0 else i % 3,
                                             "title": f"t{i % 4}"})


async def test_offset_paging_with_totals(store):
    await seed_notes(store, 7)
    await add(store, "notes", "t2", {"id": "other"})
    query = Query(sort=(SortKey("title"),))
    expected = await listing(store, sort=(SortKey("title"),))
    assert len(expected) == 7
    seen, flags = [], []
    for offset in (0, 3, 6):
        page = await store.list("notes", "t1", query, PageRequest(limit=3, offset=offset))
        assert page.total == 7
        seen += ids(page)
        flags.append((len(page.items), page.has_next, page.has_previous))
    assert seen == expected
    assert flags == [(3, True, False), (3, True, True), (1, False, True)]
    page = await store.list("notes", "t1", query, PageRequest(limit=3, offset=9))
    assert (page.items, page.total, page.has_next) == ([], 7, False)
    page = await store.list("notes", "t1", query, PageRequest(limit=3, with_total=False))
    assert page.total is None and len(page.items) == 3


@pytest.mark.parametrize("sort", [(), (SortKey("rank"),), (SortKey("rank", True), SortKey("title")),
                                  (SortKey("title", True),)], ids=["seq", "rank", "rank-desc+title",
                                                                   "title-desc"])
async def test_keyset_paging_forward_and_backward(store, sort):
    await seed_notes(store, 11)
    query = Query(sort=sort)
    expected = await listing(store, sort=sort)
    forward_pages, after = [], None
    while True:
        page = await store.list("notes", "t1", query,
                                PageRequest(limit=4, keyset=True, after=after, with_total=False))
        forward_pages.append(ids(page))
        assert page.has_previous == (after is not None)
        if not page.has_next:
            break
        after = page.last_position
    assert [i for p in forward_pages for i in p] == expected
    assert [len(p) for p in forward_pages] == [4, 4, 3]
    # walk back from the last page with `before`
    backward_pages, before = [], page.first_position
    while True:
        page = await store.list("notes", "t1", query, PageRequest(limit=4, keyset=True, before=before))
        backward_pages.append(ids(page))
        assert page.has_next is True
        assert page.total == 11
        if not page.has_previous:
            break
        before = page.first_position
    assert backward_pages == forward_pages[:-1][::-1]


async def test_keyset_paging_while_rows_are_inserted(store):
    await store.migrate([NOTES])
    for i in range(10):
        await store.insert("notes", "t1", {"id": f"o{i}", "rank": i * 10})
    query = Query(sort=(SortKey("rank"),))
    seen, after, extra, behind, ahead = [], None, 0, set(), set()
    while True:
        page = await store.list("notes", "t1", query, PageRequest(limit=3, keyset=True, after=after))
        seen += ids(page)
        if not page.has_next:
            break
        after = page.last_position
        last_rank = page.items[-1]["rank"]
        # between pages: one row behind the cursor, one tied with it, one ahead of it
        for rank, bucket in ((last_rank - 5, behind), (last_rank, ahead), (last_rank + 5, ahead)):
            await store.insert("notes", "t1", {"id": f"x{extra}", "rank": rank})
            bucket.add(f"x{extra}")
            extra += 1
    assert len(seen) == len(set(seen)), "a row was returned twice"
    assert {f"o{i}" for i in range(10)} <= set(seen), "a row was lost"
    assert ahead <= set(seen)
    assert not behind & set(seen)
    ranks = [(await store.get("notes", "t1", i))["rank"] for i in seen]
    assert ranks == sorted(ranks)


async def test_keyset_paging_in_insertion_order_sees_rows_added_meanwhile(store):
    await store.migrate([NOTES])
    for i in range(5):
        await store.insert("notes", "t1", {"id": f"o{i}"})
    seen, after, n = [], None, 0
    while True:
        page = await store.list("notes", "t1", Query(), PageRequest(limit=2, keyset=True, after=after))
        seen += ids(page)
        if not page.has_next:
            break
        after = page.last_position
        if n < 3:
            await store.insert("notes", "t1", {"id": f"new{n}"})
            n += 1
    assert seen == ["o0", "o1", "o2", "o3", "o4", "new0", "new1", "new2"]


# -- credentials, tenants, meta ---------------------------------------------------------------
def credential(key_id: str, surface: str = "api", **extra) -> dict:
    return {"key_id": key_id, "surface": surface, "tenant": "t1", "kind": "api_key",
            "secret_hash": "argon2$abc", "scopes": ["read", "write"], "signing_secret": None,
            "created_at": "2024-05-01T10:00:00Z", "revoked_at": None, "rate_limits": {}, **extra}


async def test_credentials_round_trip_and_revocation(store):
    await store.put_credential(credential("k1"))
    await store.put_credential(credential("k2", signing_secret="s3cr3t", scopes=[]))
    await store.put_credential(credential("k3", surface="admin", scopes=("admin",)))
    assert await store.get_credential("k1") == credential("k1")
    assert await store.get_credential("k2") == credential("k2", signing_secret="s3cr3t", scopes=[])
    assert (await store.get_credential("k3"))["scopes"] == ["admin"]
    assert await store.get_credential("nope") is None
    assert await store.count_credentials("api") == 2
    assert await store.count_credentials("admin") == 1
    assert await store.count_credentials("other") == 0
    assert await store.revoke_credential("admin", "k1", "2024-06-01T00:00:00Z") is False  # wrong surface
    assert await store.revoke_credential("api", "nope", "2024-06-01T00:00:00Z") is False
    assert await store.revoke_credential("api", "k1", "2024-06-01T00:00:00Z") is True
    assert await store.revoke_credential("api", "k1", "2024-07-01T00:00:00Z") is False
    assert (await store.get_credential("k1"))["revoked_at"] == "2024-06-01T00:00:00Z"
    assert (await store.get_credential("k2"))["revoked_at"] is None
    assert await store.count_credentials("api") == 2  # revoked keys still count


async def test_a_live_credential_carries_its_own_rate_limits(store):
    await store.put_credential(credential("k1", rate_limits={"plan": 30}))
    await store.put_credential(credential("k2"))
    assert (await store.get_credential("k1"))["rate_limits"] == {"plan": 30}
    assert await store.set_credential_rate_limits("api", "k2", {"plan": 300, "search": 60}) is True
    assert (await store.get_credential("k2"))["rate_limits"] == {"plan": 300, "search": 60}
    assert (await store.get_credential("k1"))["rate_limits"] == {"plan": 30}
    assert await store.set_credential_rate_limits("admin", "k1", {"plan": 1}) is False  # wrong surface
    assert await store.set_credential_rate_limits("api", "nope", {"plan": 1}) is False
    await store.revoke_credential("api", "k1", "2024-06-01T00:00:00Z")
    assert await store.set_credential_rate_limits("api", "k1", {"plan": 1}) is False  # revoked
    assert (await store.get_credential("k1"))["rate_limits"] == {"plan": 30}


async def test_tenants_round_trip(store):
    assert await store.get_tenant("api", "acme") is None
    await store.put_tenant("api", "acme", False)
    assert await store.get_tenant("api", "acme") == {"surface": "api", "tenant": "acme", "approved": False}
    await store.put_tenant("api", "acme", True)
    assert await store.get_tenant("api", "acme") == {"surface": "api", "tenant": "acme", "approved": True}
    assert await store.get_tenant("admin", "acme") is None
    await store.put_tenant("admin", "acme", False)
    assert (await store.get_tenant("admin", "acme"))["approved"] is False
    assert (await store.get_tenant("api", "acme"))["approved"] is True


async def test_meta_is_set_once_and_persists(store, store_url):
    assert await store.meta_get_or_set("pepper", "first") == "first"
    assert await store.meta_get_or_set("pepper", "second") == "first"
    assert await store.meta_get_or_set("other", "x") == "x"
    await store.close()
    reopened = open_store(store_url)
    try:
        assert await reopened.meta_get_or_set("pepper", "third") == "first"
    finally:
        await reopened.close()


async def test_idempotency_records(store):
    async def claim(scope, key, fingerprint, token, **times):
        return await store.idempotency_begin(scope, key, fingerprint, token, **times)

    assert await claim("api", "k1", "fp1", "c1", now=100.0, expires_at=200.0, stale_before=40.0) is None
    in_flight = {"fingerprint": "fp1", "state": "in_flight", "status": None, "headers": [], "body": None}
    assert await claim("api", "k1", "fp2", "c2", now=101.0, expires_at=201.0, stale_before=41.0) == in_flight
    assert await claim("other", "k1", "fp1", "c3", now=101.0, expires_at=201.0, stale_before=41.0) is None
    headers = [("content-type", "application/json"), ("x-dup", "1"), ("x-dup", "2")]
    assert await store.idempotency_complete("api", "k1", "c2", 201, headers, b"lost") is False  # not its claim
    assert await store.idempotency_complete("api", "k1", "c1", 201, headers, b'{"ok": true}\x00\xff') is True
    done = {"fingerprint": "fp1", "state": "done", "status": 201, "headers": headers,
            "body": b'{"ok": true}\x00\xff'}
    assert await claim("api", "k1", "fp1", "c4", now=102.0, expires_at=202.0, stale_before=42.0) == done
    assert await store.idempotency_complete("api", "k1", "c1", 500, [], b"again") is False  # done already
    await store.idempotency_release("api", "k1", "c1")  # only in-flight claims are released
    assert await claim("api", "k1", "fp1", "c5", now=103.0, expires_at=203.0, stale_before=43.0) == done
    # an expired record is replaced by a new claim
    assert await claim("api", "k1", "fp3", "c6", now=250.0, expires_at=350.0, stale_before=190.0) is None
    assert (await claim("api", "k1", "fp1", "c7", now=251.0, expires_at=351.0, stale_before=191.0)
            )["fingerprint"] == "fp3"
    # a stale in-flight claim (its request died) is replaced too, with the new claim's token:
    # the request that held the old one can no longer record an outcome
    assert await claim("api", "k1", "fp4", "c8", now=260.0, expires_at=360.0, stale_before=255.0) is None
    assert await store.idempotency_complete("api", "k1", "c6", 201, [], b"late") is False
    await store.idempotency_release("api", "k1", "c6")  # another request's claim is kept
    assert (await claim("api", "k1", "fp9", "c9", now=261.0, expires_at=361.0, stale_before=200.0)
            )["fingerprint"] == "fp4"
    # a released claim frees the key
    await store.idempotency_release("api", "k1", "c8")
    assert await claim("api", "k1", "fp5", "c10", now=261.0, expires_at=361.0, stale_before=200.0) is None


async def test_idempotency_concurrent_claims_admit_exactly_one(store):
    results = await asyncio.gather(*(store.idempotency_begin("api", "same", f"fp{i}", f"c{i}", 100.0, 200.0, 0.0)
                                     for i in range(12)))
    assert sum(r is None for r in results) == 1
    fingerprints = {r["fingerprint"] for r in results if r is not None}
    assert len(fingerprints) == 1 and fingerprints <= {f"fp{i}" for i in range(12)}


async def test_rate_limit_windows(store):
    assert [await store.rate_limit_hit("b1", 10, 70.0) for _ in range(3)] == [1, 2, 3]
    assert await store.rate_limit_hit("b2", 10, 70.0) == 1
    assert await store.rate_limit_hit("b1", 11, 80.0) == 1  # a new window starts at one...
    assert await store.rate_limit_hit("b1", 10, 70.0) == 1  # ...and forgot the windows before it
    assert await store.rate_limit_hit("b2", 10, 70.0) == 2  # other buckets untouched
    counts = await asyncio.gather(*(store.rate_limit_hit("b3", 5, 9.0) for _ in range(20)))
    assert sorted(counts) == list(range(1, 21))


async def test_kv_records_expire_and_are_consumed_once(store):
    await store.kv_put("codes", "c1", {"user": "u1", "n": [1, 2]}, group="u1", expires_at=100.0)
    await store.kv_put("codes", "c2", {"user": "u1"}, group="u1")
    await store.kv_put("other", "c1", {"user": "x"})
    assert await store.kv_get("codes", "c1", now=50.0) == {
        "value": {"user": "u1", "n": [1, 2]}, "group": "u1", "expires_at": 100.0, "consumed": False}
    assert await store.kv_get("codes", "c1", now=100.0) is None  # expired
    assert (await store.kv_get("codes", "c2", now=1e12))["expires_at"] is None  # never expires
    assert (await store.kv_get("other", "c1", now=0.0))["value"] == {"user": "x"}
    assert await store.kv_get("codes", "missing", now=0.0) is None
    assert await store.kv_consume("codes", "c1", now=150.0) is None  # expired
    assert await store.kv_consume("codes", "c1", now=50.0) == {"user": "u1", "n": [1, 2]}
    assert await store.kv_consume("codes", "c1", now=51.0) is None
    assert (await store.kv_get("codes", "c1", now=52.0))["consumed"] is True
    assert await store.kv_consume("codes", "missing", now=0.0) is None
    # put replaces the record: a new value, group and expiry, unconsumed again
    await store.kv_put("codes", "c1", {"user": "u2"}, group="u2", expires_at=500.0)
    assert await store.kv_get("codes", "c1", now=200.0) == {
        "value": {"user": "u2"}, "group": "u2", "expires_at": 500.0, "consumed": False}
    assert await store.kv_consume("codes", "c1", now=200.0) == {"user": "u2"}


async def test_kv_groups(store):
    await store.kv_put("tokens", "t1", {"i": 1}, group="fam")
    await store.kv_put("tokens", "t2", {"i": 2}, group="fam", expires_at=10.0)
    await store.kv_put("tokens", "t3", {"i": 3}, group="fam")
    await store.kv_put("tokens", "t4", {"i": 4}, group="other")
    await store.kv_put("elsewhere", "t5", {"i": 5}, group="fam")
    assert await store.kv_list("tokens", "fam", now=5.0) == [{"i": 1}, {"i": 2}, {"i": 3}]
    assert await store.kv_list("tokens", "fam", now=20.0) == [{"i": 1}, {"i": 3}]
    await store.kv_put("tokens", "t1", {"i": 10}, group="fam")  # replaced in place
    assert await store.kv_list("tokens", "fam", now=5.0) == [{"i": 10}, {"i": 2}, {"i": 3}]
    assert await store.kv_list("tokens", "nobody", now=5.0) == []
    assert await store.kv_delete("tokens", "t3") is True
    assert await store.kv_delete("tokens", "t3") is False
    assert await store.kv_delete_group("tokens", "fam") == 2
    assert await store.kv_delete_group("tokens", "fam") == 0
    assert await store.kv_list("tokens", "other", now=5.0) == [{"i": 4}]
    assert await store.kv_list("elsewhere", "fam", now=5.0) == [{"i": 5}]


async def test_kv_concurrent_consumers_one_wins(store):
    await store.kv_put("codes", "once", {"ok": True})
    results = await asyncio.gather(*(store.kv_consume("codes", "once", now=1.0) for _ in range(12)))
    assert [r for r in results if r is not None] == [{"ok": True}]


def test_store_works_across_event_loops(store, store_url):
    """A CLI or test may call asyncio.run several times with one store."""
    asyncio.run(store.migrate([NOTES]))
    for i in range(3):
        asyncio.run(store.insert("notes", "t1", {"id": str(i)}))
    assert asyncio.run(listing(store)) == ["0", "1", "2"]
    asyncio.run(store.close())
    if store_url.startswith("postgresql:"):
        dbname = store_url.rsplit("/", 1)[1]
        with psycopg.connect(store_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            for _ in range(50):  # a backend takes a moment to exit after its client leaves
                left = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                                    (dbname,)).fetchone()[0]
                if left == 0:
                    break
                time.sleep(0.05)
        assert left == 0, "connections left open after close()"


# -- PostgreSQL only --------------------------------------------------------------------------
async def test_postgres_concurrent_migrations_do_not_race(pg_url):
    stores = [open_store(pg_url) for _ in range(4)]
    try:
        results = await asyncio.gather(*(s.migrate([ITEMS, NOTES]) for s in stores))
    finally:
        for s in stores:
            await s.close()
    assert sorted(len(r) for r in results) == [0, 0, 0, 16]


async def test_index_names_of_tables_that_read_alike_do_not_clash(store):
    # table a_b column c and table a column b_c: once both were named ix_a_b_c
    first = await store.migrate([Table("a_b", columns=(Column("c"),))])
    second = await store.migrate([Table("a", columns=(Column("b_c"),))])
    assert plain(first)[-1] == plain(second)[-1].replace("a(tenant, f_b_c, seq)", "a_b(tenant, f_c, seq)")
    assert first[-1] != second[-1]
    await store.insert("a", "t1", {"id": "x", "b_c": "v"})
    assert await listing(store, "a", filters=(Filter("b_c", "v"),)) == ["x"]
    # a unique group of two fields and one field whose name joins theirs
    both = Table("u", columns=(Column("x"), Column("y"), Column("x_y")), unique=(("x", "y"), ("x_y",)))
    names = [index.name for index in sql.index_plan(both)]
    assert len(names) == len(set(names))
    await store.migrate([both])
    await store.insert("u", "t1", {"id": "1", "x": "a", "y": "b", "x_y": "a_b"})
    with pytest.raises(UniqueViolation) as info:
        await store.insert("u", "t1", {"id": "2", "x": "a", "y": "b"})
    assert info.value.fields == ("x", "y")
    with pytest.raises(UniqueViolation) as info:
        await store.insert("u", "t1", {"id": "3", "x_y": "a_b"})
    assert info.value.fields == ("x_y",)
    assert all(len(n) <= 63 for n in
               (i.name for i in sql.index_plan(Table("t" * 60, columns=(Column("c" * 60),)))))


def test_postgres_fresh_database_is_created_and_dropped(pg_admin_url):
    url, drop = pg_server.fresh_database(pg_admin_url)
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == name
    drop()
    with psycopg.connect(pg_admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s",
                            (name,)).fetchone()[0] == 0

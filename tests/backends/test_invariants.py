"""Invariants the store keeps under concurrency, on every backend: a unique flag stays unique,
a balance never goes below its floor, an idempotency key is claimed once — with writers on
separate connections (threads with a store each, as separate processes would be), so the
database's own locking is what is tested. Also: which rule a unique violation names, and
filter values that do not fit a column."""

from __future__ import annotations

import asyncio
import threading

import pytest

from specloom.backends import open_store
from specloom.backends.base import (
    Column,
    Filter,
    FlagRule,
    Mutation,
    PageRequest,
    Query,
    Refused,
    Table,
    UniqueViolation,
)

VARIANTS = Table("variants", columns=(Column("productId"), Column("isDefault", "boolean"), Column("name")),
                 flag=FlagRule("isDefault", "productId", first_is_set=True, promote_on_delete=True,
                               touch="updatedAt"))


async def flagged(store, tenant="t1", product="p1") -> list[str]:
    page = await store.list("variants", tenant, Query(filters=(Filter("productId", product),
                                                               Filter("isDefault", True))),
                            PageRequest(limit=100))
    return [d["id"] for d in page.items]


def in_threads(store_url: str, n: int, work, *, setup=None) -> list:
    """Run `work(store, i)` in n threads at once, each with its own store (connection)."""
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i):
        try:
            store = open_store(store_url)
        except Exception as exc:
            results[i] = exc
            barrier.abort()
            return
        try:
            async def go():
                await store.migrate(setup or [VARIANTS])
                barrier.wait(60)
                return await work(store, i)
            try:
                results[i] = asyncio.run(go())
            except Exception as exc:
                results[i] = exc
                barrier.abort()
        finally:
            asyncio.run(store.close())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


# -- unique flag ------------------------------------------------------------------------------
async def test_flag_rule_on_insert_update_and_delete(store):
    await store.migrate([VARIANTS])
    first = await store.insert("variants", "t1", {"id": "a", "productId": "p1", "isDefault": False})
    assert first["isDefault"] is True  # the first of its group gets the flag
    b = await store.insert("variants", "t1", {"id": "b", "productId": "p1", "isDefault": False})
    assert b["isDefault"] is False
    await store.insert("variants", "t1", {"id": "x", "productId": "p2"})  # another group
    await store.insert("variants", "t2", {"id": "a", "productId": "p1"})  # another tenant
    assert await flagged(store) == ["a"]
    # flagging one clears the others of its group, touching them with the writer's updatedAt
    await store.insert("variants", "t1", {"id": "c", "productId": "p1", "isDefault": True,
                                          "updatedAt": "2024-01-02T00:00:00.000Z"})
    assert await flagged(store) == ["c"]
    assert await store.get("variants", "t1", "a") == {"id": "a", "productId": "p1", "isDefault": False,
                                                      "updatedAt": "2024-01-02T00:00:00.000Z"}
    assert await store.update("variants", "t1", "b", {"isDefault": True, "updatedAt": "T3"})
    assert await flagged(store) == ["b"]
    assert (await store.get("variants", "t1", "c"))["updatedAt"] == "T3"
    # modify (a counter, a state machine) keeps the rule too
    await store.modify("variants", "t1", "a", lambda doc: Mutation({"isDefault": True}))
    assert await flagged(store) == ["a"]
    assert await flagged(store, product="p2") == ["x"] and await flagged(store, "t2") == ["a"]
    # deleting the flagged one passes the flag to the oldest remaining one
    assert await store.delete("variants", "t1", "a") is True
    assert await flagged(store) == ["b"]
    assert await store.delete("variants", "t1", "c") is True  # not flagged: nothing moves
    assert await flagged(store) == ["b"]
    await store.delete("variants", "t1", "b")
    assert await flagged(store) == []
    # the partial unique index backs the rule: a second flagged row cannot be written behind it
    await store.insert("variants", "t1", {"id": "d", "productId": "p1"})
    assert await flagged(store) == ["d"]


def test_concurrent_promotions_leave_exactly_one_flag(store_url):
    setup = open_store(store_url)
    try:
        async def prepare():
            await setup.migrate([VARIANTS])
            for i in range(8):
                await setup.insert("variants", "t1", {"id": f"v{i}", "productId": "p1", "isDefault": False})
        asyncio.run(prepare())
    finally:
        asyncio.run(setup.close())

    async def promote(store, i):
        for round_ in range(3):
            if i % 4 == 3:  # some writers add a new flagged variant instead
                await store.insert("variants", "t1", {"id": f"n{i}-{round_}", "productId": "p1", "isDefault": True})
            else:
                await store.update("variants", "t1", f"v{i}", {"isDefault": True})
        return True

    results = in_threads(store_url, 8, promote)
    assert results == [True] * 8, results
    check = open_store(store_url)
    try:
        async def verify():
            await check.migrate([VARIANTS])
            return await flagged(check)
        assert len(asyncio.run(verify())) == 1
    finally:
        asyncio.run(check.close())


def test_concurrent_first_records_of_a_group_flag_exactly_one(store_url):
    async def add_first(store, i):
        return await store.insert("variants", "t1", {"id": f"f{i}", "productId": "fresh"})

    results = in_threads(store_url, 8, add_first)
    assert all(isinstance(r, dict) for r in results), results
    assert sum(r.get("isDefault") is True for r in results) == 1


# -- balances and idempotency across connections -----------------------------------------------
ACCOUNTS = Table("accounts")
ENTRIES = Table("entries", columns=(Column("account"),))


def test_concurrent_debits_from_separate_connections_never_overdraw(store_url):
    setup = open_store(store_url)
    try:
        async def prepare():
            await setup.migrate([ACCOUNTS, ENTRIES])
            await setup.insert("accounts", "t1", {"id": "acct", "balance": 100})
        asyncio.run(prepare())
    finally:
        asyncio.run(setup.close())

    def debit(doc):
        if doc["balance"] < 10:
            raise Refused("insufficient_funds")
        return Mutation({"balance": doc["balance"] - 10},
                        inserts=(("entries", {"id": f"e{doc['balance']}", "account": "acct", "amount": -10}),))

    async def attempt(store, i):
        try:
            await store.modify("accounts", "t1", "acct", debit)
            return True
        except Refused:
            return False

    results = in_threads(store_url, 16, attempt, setup=[ACCOUNTS, ENTRIES])
    assert sorted(results, key=str) == [False] * 6 + [True] * 10, results


def test_one_idempotency_claim_across_connections(store_url):
    async def claim(store, i):
        return await store.idempotency_begin("api", "one-key", f"fp{i}", f"claim{i}", 100.0, 200.0, 0.0)

    results = in_threads(store_url, 10, claim, setup=[])
    assert sum(r is None for r in results) == 1, results
    assert all(r is None or isinstance(r, dict) for r in results)


# -- unique violations name the right rule ----------------------------------------------------
async def test_unique_violation_names_the_rule_exactly(store):
    # f_rank is a prefix of f_rank_2: the rule is matched whole, not by substring
    t = Table("ranks", columns=(Column("rank"), Column("rank_2")), unique=(("rank",), ("rank_2",)))
    await store.migrate([t])
    await store.insert("ranks", "t1", {"id": "a", "rank": "1", "rank_2": "x"})
    with pytest.raises(UniqueViolation) as info:
        await store.insert("ranks", "t1", {"id": "b", "rank": "2", "rank_2": "x"})
    assert (info.value.table, info.value.fields) == ("ranks", ("rank_2",))
    with pytest.raises(UniqueViolation) as info:
        await store.insert("ranks", "t1", {"id": "c", "rank": "1"})
    assert info.value.fields == ("rank",)


async def test_a_violation_in_a_modify_insert_names_the_inserted_table(store):
    ledger = Table("ledger", columns=(Column("ref"),), unique=(("ref",),))
    await store.migrate([ACCOUNTS, ledger])
    await store.insert("accounts", "t1", {"id": "acct", "balance": 5})
    await store.insert("ledger", "t1", {"id": "l1", "ref": "R"})

    def post(ref):
        return lambda doc: Mutation({"balance": doc["balance"] + 1}, inserts=(("ledger", {"id": "l2", "ref": ref}),))

    with pytest.raises(UniqueViolation) as info:
        await store.modify("accounts", "t1", "acct", post("R"))
    assert (info.value.table, info.value.fields) == ("ledger", ("ref",))
    with pytest.raises(UniqueViolation) as info:
        await store.modify("accounts", "t1", "acct", lambda doc: Mutation({}, inserts=(("ledger", {"id": "l1"}),)))
    assert (info.value.table, info.value.fields) == ("ledger", ("id",))
    assert (await store.get("accounts", "t1", "acct"))["balance"] == 5


# -- filter values that do not fit a column ---------------------------------------------------
async def test_filter_values_are_compared_as_the_columns_type(store):
    t = Table("things", columns=(Column("rank", "integer"), Column("score", "real"),
                                 Column("on", "boolean"), Column("code")))
    await store.migrate([t])
    await store.insert("things", "t1", {"id": "a", "rank": 5, "score": 1.5, "on": True, "code": "7"})
    await store.insert("things", "t1", {"id": "b", "rank": 6, "score": 2.0, "on": False, "code": "x"})

    async def ids(*filters):
        page = await store.list("things", "t1", Query(filters=filters), PageRequest(limit=10))
        return [d["id"] for d in page.items]

    assert await ids(Filter("rank", "abc")) == []  # PostgreSQL would refuse to compare
    assert await ids(Filter("rank", "5")) == ["a"]
    assert await ids(Filter("rank", "6", "gte")) == ["b"]
    assert await ids(Filter("rank", 5.5, "gte")) == []  # not an integer: nothing matches
    assert await ids(Filter("score", "1.75", "lte")) == ["a"]
    assert await ids(Filter("on", "true")) == ["a"] and await ids(Filter("on", "maybe")) == []
    assert await ids(Filter("code", 7)) == ["a"]
    assert await ids(Filter("rank", [1])) == []
    assert (await store.find("things", "t1", "rank", "6"))["id"] == "b"
    assert await store.find("things", "t1", "rank", "six") is None
    # searching a number column works on both backends
    page = await store.list("things", "t1", Query(search="6", search_in=("rank", "code")), PageRequest(limit=10))
    assert [d["id"] for d in page.items] == ["b"]

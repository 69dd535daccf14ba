"""Units of work (`Store.transaction`), run against every backend: a block's writes commit
together or not at all, nested blocks and refused writes undo only themselves, other tasks
never see uncommitted writes, and a task left over from a block that ended makes plain calls.
Also: recording an idempotency outcome under a claim that was taken over fails, and rolls the
request's writes back with it."""

from __future__ import annotations

import asyncio

import pytest

from specloom.backends import open_store
from specloom.backends.base import Column, Mutation, PageRequest, Query, Refused, Table, UniqueViolation

NOTES = Table("notes", columns=(Column("title"),), unique=(("title",),))


class Boom(Exception):
    pass


async def ids(store) -> list[str]:
    return sorted(d["id"] for d in (await store.list("notes", "t1", Query(), PageRequest(limit=100))).items)


async def seen_by_another_store(store_url) -> list[str]:
    other = open_store(store_url)
    try:
        await other.migrate([NOTES])
        return await ids(other)
    finally:
        await other.close()


async def test_a_unit_of_work_commits_its_writes_together(store, store_url):
    await store.migrate([NOTES])
    async with store.transaction():
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        await store.insert("notes", "t1", {"id": "b", "title": "B"})
        await store.update("notes", "t1", "a", {"title": "A2"})
        assert (await store.get("notes", "t1", "a"))["title"] == "A2"  # its own writes, read back
        assert await ids(store) == ["a", "b"]
    assert await ids(store) == ["a", "b"]
    assert await seen_by_another_store(store_url) == ["a", "b"]


async def test_a_unit_of_work_that_raises_writes_nothing(store, store_url):
    await store.migrate([NOTES])
    await store.insert("notes", "t1", {"id": "kept", "title": "K"})
    with pytest.raises(Boom):
        async with store.transaction():
            await store.insert("notes", "t1", {"id": "a", "title": "A"})
            await store.delete("notes", "t1", "kept")
            await store.kv_put("codes", "c1", {"x": 1})
            raise Boom()
    assert await ids(store) == ["kept"]
    assert await store.kv_get("codes", "c1", now=0.0) is None
    assert await seen_by_another_store(store_url) == ["kept"]


async def test_a_nested_block_is_a_savepoint(store):
    await store.migrate([NOTES])
    async with store.transaction():
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        with pytest.raises(Boom):
            async with store.transaction():
                await store.insert("notes", "t1", {"id": "b", "title": "B"})
                raise Boom()
        async with store.transaction():
            await store.insert("notes", "t1", {"id": "c", "title": "C"})
        assert await ids(store) == ["a", "c"]
    assert await ids(store) == ["a", "c"]
    # a nested block that committed is still undone with the unit around it
    with pytest.raises(Boom):
        async with store.transaction():
            async with store.transaction():
                await store.insert("notes", "t1", {"id": "d", "title": "D"})
            raise Boom()
    assert await ids(store) == ["a", "c"]


async def test_a_refused_write_in_a_unit_undoes_only_itself(store):
    await store.migrate([NOTES])
    await store.insert("notes", "t1", {"id": "acct", "title": "account", "balance": 5})

    def overdraw(doc):
        raise Refused("insufficient_funds")

    async with store.transaction():
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        with pytest.raises(UniqueViolation):
            await store.insert("notes", "t1", {"id": "b", "title": "A"})
        with pytest.raises(Refused):
            await store.modify("notes", "t1", "acct", overdraw)
        await store.modify("notes", "t1", "acct", lambda doc: Mutation({"balance": doc["balance"] - 1}))
        await store.insert("notes", "t1", {"id": "c", "title": "C"})
    assert await ids(store) == ["a", "acct", "c"]
    assert (await store.get("notes", "t1", "acct"))["balance"] == 4


async def test_other_tasks_do_not_see_uncommitted_writes(store):
    await store.migrate([NOTES])
    inside = asyncio.Event()

    async def outsider():  # started before the block: not part of it
        await inside.wait()
        return await store.get("notes", "t1", "a"), await ids(store)

    task = asyncio.create_task(outsider())
    async with store.transaction():
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        inside.set()
        assert await asyncio.wait_for(task, 60) == (None, [])  # answered while the unit is open
    assert (await store.get("notes", "t1", "a"))["title"] == "A"


async def test_tasks_started_in_a_unit_are_part_of_it(store):
    await store.migrate([NOTES])
    with pytest.raises(Boom):
        async with store.transaction():
            await asyncio.gather(*(store.insert("notes", "t1", {"id": f"n{i}", "title": f"N{i}"})
                                   for i in range(5)))
            assert await ids(store) == [f"n{i}" for i in range(5)]
            raise Boom()
    assert await ids(store) == []


async def test_a_task_left_over_from_an_ended_unit_makes_plain_calls(store, store_url):
    await store.migrate([NOTES])
    go = asyncio.Event()

    async def late():
        await go.wait()
        return await store.insert("notes", "t1", {"id": "late", "title": "L"})

    async with store.transaction():
        task = asyncio.create_task(late())  # inherits the unit of work, outlives it
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
    go.set()
    await asyncio.wait_for(task, 60)
    with pytest.raises(Boom):
        async with store.transaction():  # a later unit's rollback does not take the late write
            await store.insert("notes", "t1", {"id": "b", "title": "B"})
            raise Boom()
    assert await seen_by_another_store(store_url) == ["a", "late"]


async def test_an_outcome_under_a_lost_claim_is_refused_and_rolls_back(store, store_url):
    await store.migrate([NOTES])
    assert await store.idempotency_begin("api", "k", "fp", "mine", 100.0, 400.0, 0.0) is None
    # the claim went stale and another request (another process) took the key over
    other = open_store(store_url)
    try:
        assert await other.idempotency_begin("api", "k", "fp", "theirs", 200.0, 500.0, 150.0) is None
    finally:
        await other.close()
    with pytest.raises(Boom):
        async with store.transaction():
            await store.insert("notes", "t1", {"id": "a", "title": "A"})
            if not await store.idempotency_complete("api", "k", "mine", 201, [], b"{}"):
                raise Boom()  # what the idempotency policy does: this request must not count
    assert await ids(store) == []
    existing = await store.idempotency_begin("api", "k", "fp", "third", 201.0, 501.0, 150.0)
    assert existing["state"] == "in_flight"  # still the other request's
    assert await store.idempotency_complete("api", "k", "theirs", 201, [], b"{}") is True


async def test_the_outcome_commits_with_the_units_writes(store, store_url):
    await store.migrate([NOTES])
    assert await store.idempotency_begin("api", "k", "fp", "c1", 100.0, 400.0, 0.0) is None
    async with store.transaction():
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        assert await store.idempotency_complete("api", "k", "c1", 201, [("x", "1")], b"{}") is True
    replay = await store.idempotency_begin("api", "k", "fp", "c2", 101.0, 401.0, 0.0)
    assert (replay["state"], replay["status"], replay["body"]) == ("done", 201, b"{}")
    assert await seen_by_another_store(store_url) == ["a"]


async def test_after_commit_runs_once_the_outermost_block_commits(store):
    calls: list[str] = []
    store.after_commit(lambda: calls.append("outside"))  # no unit: at once
    assert calls == ["outside"]
    async with store.transaction():
        store.after_commit(lambda: calls.append("outer"))
        with pytest.raises(Boom):
            async with store.transaction():
                store.after_commit(lambda: calls.append("rolled back savepoint"))
                raise Boom
        async with store.transaction():
            store.after_commit(lambda: calls.append("released savepoint"))
        assert calls == ["outside"]  # nothing before the commit
    assert calls == ["outside", "outer", "released savepoint"]
    with pytest.raises(Boom):
        async with store.transaction():
            store.after_commit(lambda: calls.append("rolled back"))
            raise Boom
    assert calls == ["outside", "outer", "released savepoint"]

"""SQLite work runs off the event loop: while a write waits for another process's write lock
(up to the busy timeout), reads, rate-limit counting and requests that do not write keep
answering; writes of other tasks wait for a unit of work without blocking the loop.

The other process is real: a Python process that takes the write lock (`BEGIN IMMEDIATE`) and
holds it until the test has seen its reads answer. No timing is asserted, only order: the
read answered while the write was still waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from specloom.backends import open_store
from specloom.backends.base import Column, PageRequest, Query, Table
from tests.servers import Server, issue_key

NOTES = Table("notes", columns=(Column("title"),))

HOLD_WRITE_LOCK = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO sl_meta (key, value) VALUES ('held by another process', 'x')")
print("locked", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
"""


@contextlib.contextmanager
def write_lock_held(path: Path):
    """Another process holding the store's write lock; the context gives `release()`."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)

    def release() -> None:
        if holder.poll() is None:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(60)

    try:
        assert holder.stdout.readline().strip() == "locked"
        yield release
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(60)


async def notes(store) -> list[str]:
    return [d["id"] for d in (await store.list("notes", "t1", Query(), PageRequest(limit=10))).items]


async def test_reads_answer_while_a_write_waits_for_another_process(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        await store.migrate([NOTES])
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        with write_lock_held(tmp_path / "store.db") as release:
            write = asyncio.create_task(store.insert("notes", "t1", {"id": "b", "title": "B"}))
            await asyncio.sleep(0)  # the write starts, and waits for the other process's lock
            assert (await asyncio.wait_for(store.get("notes", "t1", "a"), 60))["title"] == "A"
            assert await asyncio.wait_for(notes(store), 60) == ["a"]
            assert await asyncio.wait_for(store.rate_limit_hit("ip:1", 1, 60.0), 60) == 1  # counting too
            assert not write.done(), "the write should still wait for the other process's lock"
            release()
            assert (await asyncio.wait_for(write, 60))["id"] == "b"
        assert await notes(store) == ["a", "b"]
    finally:
        await store.close()


async def test_a_unit_of_work_waiting_for_the_lock_does_not_stop_reads(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        await store.migrate([NOTES])
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        with write_lock_held(tmp_path / "store.db") as release:
            async def unit():
                async with store.transaction():  # BEGIN IMMEDIATE waits for the other process
                    await store.insert("notes", "t1", {"id": "b", "title": "B"})

            task = asyncio.create_task(unit())
            await asyncio.sleep(0)
            assert await asyncio.wait_for(notes(store), 60) == ["a"]
            assert not task.done()
            release()
            await asyncio.wait_for(task, 60)
        assert await notes(store) == ["a", "b"]
    finally:
        await store.close()


async def test_other_tasks_writes_wait_for_a_unit_of_work_and_reads_do_not(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        await store.migrate([NOTES])
        started = asyncio.Event()

        async def outsider_write():
            await started.wait()
            return await store.insert("notes", "t1", {"id": "out", "title": "O"})

        task = asyncio.create_task(outsider_write())  # not part of the unit below
        async with store.transaction():
            await store.insert("notes", "t1", {"id": "in", "title": "I"})
            started.set()
            assert await notes(store) == ["in"]  # the unit reads its own writes, others do not:
            assert await asyncio.wait_for(asyncio.create_task(notes(store), context=contextvars.Context()), 60) == []
            for _ in range(3):  # the outsider's write has had its chances to run: it waits
                await store.get("notes", "t1", "in")
                await asyncio.sleep(0)
            assert not task.done()
        await asyncio.wait_for(task, 60)
        assert sorted(await notes(store)) == ["in", "out"]
    finally:
        await store.close()


@pytest.mark.slow
def test_requests_answer_over_http_while_another_process_holds_the_write_lock(tmp_path):
    """`specloom serve` on a file: while another process holds the write lock, a POST waits
    for it, and /openapi.json and an authenticated GET (which counts a rate-limit hit) answer."""
    db = tmp_path / "shopvo.db"
    url = f"sqlite:///{db}"
    token = issue_key("shopvo", tmp_path, url, "site_demo", ("read:catalog", "write:catalog"))
    server = Server("shopvo", url, tmp_path).start().wait_ready()
    headers = {"Authorization": f"Bearer {token}"}
    products = server.url + "/api/v1/site_demo/products"
    try:
        with httpx.Client(timeout=60, trust_env=False) as client:
            made = client.post(products, json={"name": "Tee", "slug": "tee", "price": 100}, headers=headers)
            assert made.status_code == 201, made.text
            product = made.json()["data"]["id"]
            with write_lock_held(db) as release:
                posted: list[httpx.Response] = []

                def post() -> None:
                    with httpx.Client(timeout=60, trust_env=False) as other:
                        posted.append(other.post(products, json={"name": "Cap", "slug": "cap", "price": 50},
                                                 headers=headers))

                writer = threading.Thread(target=post)
                writer.start()
                # give the POST time to reach the store (were it not there yet, this test would
                # pass without proving anything; it can never fail for it)
                writer.join(0.5)
                assert client.get(server.url + "/openapi.json").status_code == 200
                got = client.get(f"{products}/{product}", headers=headers)
                assert got.status_code == 200, got.text
                assert writer.is_alive() and not posted, "the POST should still wait for the lock"
                release()
                writer.join(60)
            assert posted[0].status_code == 201, posted[0].text
    finally:
        server.stop()
    assert "Traceback" not in server.output()

"""A SQLite store that cannot be written: a read-only file, a full database, a full disk.

A start on a schema that did not change writes nothing, so a read-only store that is up to date
is served for reads (writes raise StoreReadOnly: 503); one that needs changes stops `serve` with
exit 2 and one line. A write refused for lack of space raises StoreFull (507) and leaves nothing
of itself behind; the store takes writes again once there is space.

Read-only is real: the file's mode for a user, the immutable attribute (`chattr +i`) for root,
whom file modes do not stop. A full database is SQLite's own limit (`PRAGMA max_page_count`,
which answers SQLITE_FULL as a full disk does); a full disk is a small tmpfs where mounting
one is allowed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from specloom.backends import StoreFull, StoreReadOnly, open_store
from specloom.backends.base import Column, Mutation, PageRequest, Query, Table
from tests.backends.test_sqlite_threads import write_lock_held
from tests.servers import SPECS, Server, generate, issue_key
from tests.support import serve

NOTES = Table("notes", columns=(Column("title"),))
LEDGER = Table("ledger")


@contextlib.contextmanager
def read_only(path: Path):
    """`path` read-only for this process and its children, whoever runs the tests."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    made = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True) if chattr else None
    if made is None or made.returncode != 0:
        pytest.skip(f"root cannot make a file read-only here: {made.stderr.strip() if made else 'no chattr'}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


async def notes(store) -> list[str]:
    return [d["id"] for d in (await store.list("notes", "t1", Query(), PageRequest(limit=100))).items]


def make_store(url: str, *docs: dict) -> None:
    async def run():
        store = open_store(url)
        try:
            await store.migrate([NOTES], surface="notebook")
            await store.meta_get_or_set("pepper", "p1")
            for doc in docs:
                await store.insert("notes", "t1", doc)
        finally:
            await store.close()
    asyncio.run(run())


# -- read-only ----------------------------------------------------------------------------------
async def test_a_start_on_an_unchanged_schema_writes_nothing(tmp_path):
    """Not even the write lock is taken: a start completes while another process holds it."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    await asyncio.to_thread(make_store, url, {"id": "a", "title": "A"})
    watcher = sqlite3.connect(tmp_path / "store.db")
    before = watcher.execute("PRAGMA data_version").fetchone()[0]  # changes when another connection commits
    with write_lock_held(tmp_path / "store.db"):
        store = open_store(url)
        try:
            assert await store.migrate([NOTES], surface="notebook") == []
            assert await store.meta_get_or_set("pepper", "p2") == "p1"
            assert await notes(store) == ["a"]
        finally:
            await store.close()
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
    watcher.close()


async def test_a_read_only_store_serves_reads_and_refuses_writes_whole(tmp_path):
    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    await asyncio.to_thread(make_store, url, {"id": "a", "title": "A"})
    with read_only(db):
        store = open_store(url)
        try:
            assert store.read_only
            assert await store.migrate([NOTES], surface="notebook") == []
            assert await store.meta_get_or_set("pepper", "p2") == "p1"
            assert (await store.get("notes", "t1", "a"))["title"] == "A"
            assert await notes(store) == ["a"]
            assert await store.rate_limit_hit("ip:1", 1, 60.0) == 1  # counted beside the store
            with pytest.raises(StoreReadOnly):
                await store.insert("notes", "t1", {"id": "b", "title": "B"})
            with pytest.raises(StoreReadOnly):
                await store.update("notes", "t1", "a", {"title": "A2"})
            with pytest.raises(StoreReadOnly):
                async with store.transaction():
                    await store.kv_put("codes", "c", {"x": 1})
            with pytest.raises(StoreReadOnly) as info:  # a schema change cannot be applied
                await store.migrate([NOTES, LEDGER], surface="notebook")
            assert "read-only" in str(info.value) and "\n" not in str(info.value)
            assert await notes(store) == ["a"]
            assert (await store.get("notes", "t1", "a"))["title"] == "A"
        finally:
            await store.close()


def run_cli(state: Path, url: str, *args: str, surface: str = "notebook") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(state), "SPECLOOM_SPECS": str(SPECS[surface])})
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args, surface, "--backend", url],
                          capture_output=True, text=True, env=env, cwd=state, timeout=120)


@pytest.mark.slow
@pytest.mark.parametrize("command", [("serve", "--port", "1"), ("migrate",)], ids=["serve", "migrate"])
def test_a_command_on_a_read_only_store_that_needs_changes_exits_2_with_one_line(tmp_path, command):
    db = tmp_path / "notebook.db"
    url = f"sqlite:///{db}"
    generate("notebook", tmp_path)
    asyncio.run(open_store(url).close())  # a store without the surface's tables
    with read_only(db):
        done = run_cli(tmp_path, url, command[0], *command[1:])
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and "read-only" in lines[0]
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_serve_on_a_read_only_store_that_is_up_to_date_serves_reads(tmp_path):
    db = tmp_path / "notebook.db"
    url = f"sqlite:///{db}"
    token = issue_key("notebook", tmp_path, url, "ws_1", ("notes:read", "notes:write"))
    with read_only(db):
        server = Server("notebook", url, tmp_path).start().wait_ready()
        try:
            headers = {"Authorization": f"Bearer {token}"}
            notes_url = server.url + "/workspaces/ws_1/notes"
            listed = httpx.get(notes_url, headers=headers, trust_env=False, timeout=60)
            assert listed.status_code == 200, listed.text
            made = httpx.post(notes_url, headers={**headers, "Idempotency-Key": "k1"}, json={"text": "T"},
                              trust_env=False, timeout=60)
            assert made.status_code == 503, made.text
            assert made.headers.get("retry-after")
        finally:
            server.stop()
    assert "the store is read-only" in server.output()


# -- full --------------------------------------------------------------------------------------
def fill_to_the_brim(store) -> None:
    """No page more for the store's file (SQLite's limit, SQLITE_FULL as a full disk)."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def make_room(store) -> None:
    store.conn.execute("PRAGMA max_page_count = 1073741823")


async def test_a_full_database_refuses_each_write_whole(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        await store.migrate([NOTES, LEDGER])
        await store.insert("notes", "t1", {"id": "a", "title": "A", "n": 0})
        fill_to_the_brim(store)
        big = "x" * 200_000
        with pytest.raises(StoreFull):
            await store.insert("notes", "t1", {"id": "b", "title": "B", "text": big})
        with pytest.raises(StoreFull):  # the change and its ledger entry: neither
            await store.modify("notes", "t1", "a", lambda doc: Mutation(
                {"n": 1}, inserts=(("ledger", {"id": "l1", "text": big}),)))
        with pytest.raises(StoreFull):  # a unit of work: nothing of it
            async with store.transaction():
                await store.update("notes", "t1", "a", {"n": 2})
                await store.insert("notes", "t1", {"id": "c", "title": "C", "text": big})
        assert await notes(store) == ["a"]
        assert (await store.get("notes", "t1", "a"))["n"] == 0
        assert await store.get("ledger", "t1", "l1") is None
        make_room(store)
        await store.insert("notes", "t1", {"id": "b", "title": "B", "text": big})
        assert await notes(store) == ["a", "b"]
    finally:
        await store.close()


def create_until_full(post, limit: int = 500) -> tuple[list[str], "httpx.Response"]:
    """Create products (4.9 kB descriptions) until the store is full: (slugs created, the refusal)."""
    made = []
    for _ in range(limit):
        slug = f"p-{uuid.uuid4().hex}"
        r = post({"name": "Big", "slug": slug, "price": 1, "description": "x" * 4900})
        if r.status_code != 201:
            return made, r
        made.append(slug)
    raise AssertionError(f"still not full after {limit} products")


def test_a_full_database_answers_507_with_retry_after(tmp_path):
    with serve("shopvo", tmp_path) as shopvo:
        headers = shopvo.auth("site_demo", ["read:catalog", "write:catalog"])
        products = "/api/v1/site_demo/products"
        fill_to_the_brim(shopvo.runtime.store)
        made, full = create_until_full(lambda body: shopvo.client.post(products, json=body, headers=headers))
        assert full.status_code == 507, full.text[:300]
        assert full.headers.get("retry-after")
        listed = shopvo.client.get(products, params={"limit": 100}, headers=headers)
        assert listed.status_code == 200
        assert sorted(p["slug"] for p in listed.json()["items"]) == sorted(made)  # nothing half-written
        make_room(shopvo.runtime.store)
        again = shopvo.client.post(products, json={"name": "Then", "slug": "then", "price": 1}, headers=headers)
        assert again.status_code == 201, again.text[:300]


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "4m"):
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.slow
def test_serve_on_a_full_disk_answers_507_and_recovers_when_space_is_freed(tmp_path):
    with tiny_disk(tmp_path / "disk") as disk:
        url = f"sqlite:///{disk / 'shopvo.db'}"
        token = issue_key("shopvo", tmp_path, url, "site_demo", ("read:catalog", "write:catalog"))
        server = Server("shopvo", url, tmp_path).start().wait_ready()
        try:
            headers = {"Authorization": f"Bearer {token}"}
            products = server.url + "/api/v1/site_demo/products"
            with httpx.Client(timeout=60, trust_env=False, headers=headers) as client:
                assert client.get(products).status_code == 200  # the rate-limit file is made
                filler = disk / "filler"
                with open(filler, "wb") as f:  # take the disk's free space
                    with contextlib.suppress(OSError):
                        while True:
                            f.write(b"\0" * 65536)
                            f.flush()
                made, full = create_until_full(lambda body: client.post(products, json=body))
                assert full.status_code == 507, full.text[:300]
                assert full.headers.get("retry-after")
                filler.unlink()
                again = client.post(products, json={"name": "Then", "slug": "then", "price": 1})
                assert again.status_code == 201, again.text[:300]
                listed = client.get(products, params={"limit": 100}).json()["items"]
                assert sorted(p["slug"] for p in listed) == sorted([*made, "then"])  # nothing half-written
        finally:
            server.stop()
    assert "Traceback" not in server.output()

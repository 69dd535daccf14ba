"""PostgreSQL connections that break, a database that cannot be reached, filled or written:
what the store does about each (backends/postgres_connections.py), with real kills
(`pg_terminate_backend`), a real refusal of connections, a real read-only transaction and a
real full disk (a tablespace on a 1 MiB tmpfs). Each store here names its connections
(`application_name`), so a test ends exactly its own.

Also: a lost connection through a TCP proxy the test cuts (an EOF, no word from the server),
where only work that cannot have committed is run again."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import httpx
import psycopg
import pytest

from specloom.backends import StoreError, StoreFull, StoreReadOnly, StoreUnavailable, open_store
from specloom.backends.base import Column, Mutation, PageRequest, Query, Table
from specloom.runtime.config import Settings
from tests import pg_server
from tests.servers import Server, at_once, issue_key
from tests.support import serve

NOTES = Table("notes", columns=(Column("title"),), unique=(("title",),))


def with_params(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in params.items():
        query[key] = f"{query[key]} {value}" if key == "options" and key in query else value
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def named(url: str) -> tuple[str, str]:
    """The URL with an application_name of its own, and that name."""
    name = f"sl-test-{uuid.uuid4().hex[:10]}"
    return with_params(url, application_name=name), name


def terminate(url: str, name: str) -> int:
    """End every server session named `name` and wait till they are gone; how many there were."""
    with psycopg.connect(url, autocommit=True) as conn:
        pids = [pid for (pid,) in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND pid <> pg_backend_pid()",
            (name,)).fetchall()]
        conn.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", (pids,))
        for _ in range(500):
            if not conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = ANY(%s)", (pids,)).fetchone():
                break
            time.sleep(0.01)
    return len(pids)


async def ids(store) -> list[str]:
    return sorted(d["id"] for d in (await store.list("notes", "t1", Query(), PageRequest(limit=500))).items)


async def warm(store, n: int) -> None:
    """Open `n` pooled connections (n calls at once, each holding its connection a moment)."""
    async def hold(_i):
        async with store.transaction():
            await store.get("notes", "t1", "none")
            await asyncio.sleep(0.05)

    await asyncio.gather(*(hold(i) for i in range(n)))


@pytest.fixture
def named_pg(pg_url):
    return named(pg_url)


# -- connections ended by the server ----------------------------------------------------------
async def test_killed_pooled_connections_are_replaced_not_raised(named_pg):
    url, name = named_pg
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        await warm(store, 4)
        assert terminate(url, name) >= 4
        # every pooled connection is dead: each call still gets a working one
        assert (await store.get("notes", "t1", "a"))["title"] == "A"
        await store.insert("notes", "t1", {"id": "b", "title": "B"})
        await store.update("notes", "t1", "a", {"title": "A2"})
        assert await store.kv_consume("codes", "none", 0.0) is None
        assert await ids(store) == ["a", "b"]
        # and at once, several of them
        await warm(store, 4)
        terminate(url, name)
        *_, got = await asyncio.gather(*(store.insert("notes", "t1", {"id": f"c{i}", "title": f"C{i}"})
                                         for i in range(4)), store.get("notes", "t1", "b"))
        assert got["title"] == "B"
        assert await ids(store) == ["a", "b", "c0", "c1", "c2", "c3"]
    finally:
        await store.close()


async def test_connections_killed_under_load_cost_no_write_and_no_raw_error(named_pg):
    """Writers and readers run while every session of the store is ended, again and again: a
    call either succeeds or, if its one retry was ended too, says StoreUnavailable; no write
    is applied twice (a retried insert would clash with itself)."""
    url, name = named_pg
    store = open_store(url)
    outcomes: dict[str, int] = {}
    try:
        await store.migrate([NOTES])
        stop = asyncio.Event()

        async def worker(w: int) -> None:
            for i in range(60):
                key = f"w{w}-{i}"
                for call in (store.insert("notes", "t1", {"id": key, "title": key}),
                             store.get("notes", "t1", key), store.update("notes", "t1", key, {"n": 1})):
                    try:
                        await call
                        kind = "ok"
                    except StoreUnavailable:
                        kind = "unavailable"
                    outcomes[kind] = outcomes.get(kind, 0) + 1
            stop.set()

        async def killer() -> int:
            kills = 0
            while not stop.is_set():
                await asyncio.sleep(0.05)
                kills += await asyncio.to_thread(terminate, url, name)
            return kills

        kills, *_ = await asyncio.gather(killer(), *(worker(w) for w in range(6)))
        assert kills > 0
        assert outcomes.get("ok", 0) > outcomes.get("unavailable", 0)
        stored = await ids(store)
        assert len(stored) == len(set(stored))
    finally:
        await store.close()


async def test_a_unit_of_work_whose_connection_dies_is_refused_whole(named_pg):
    url, name = named_pg
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        with pytest.raises(StoreUnavailable):
            async with store.transaction():
                await store.insert("notes", "t1", {"id": "a", "title": "A"})
                terminate(url, name)
                await store.insert("notes", "t1", {"id": "b", "title": "B"})
        assert await ids(store) == []  # nothing of the unit committed; the store works on
        # a unit that ends by itself with a dead connection says so too (its commit cannot happen)
        with pytest.raises(StoreUnavailable):
            async with store.transaction():
                await store.insert("notes", "t1", {"id": "c", "title": "C"})
                terminate(url, name)
        assert await ids(store) == []
        async with store.transaction():
            await store.insert("notes", "t1", {"id": "d", "title": "D"})
        assert await ids(store) == ["d"]
    finally:
        await store.close()


async def test_a_unit_of_work_begins_on_a_live_connection(named_pg):
    url, name = named_pg
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        await warm(store, 3)
        terminate(url, name)
        async with store.transaction():
            await store.insert("notes", "t1", {"id": "a", "title": "A"})
        assert await ids(store) == ["a"]
    finally:
        await store.close()


async def test_a_cancelled_unit_of_work_rolls_back_and_gives_its_connection_back(named_pg):
    url, name = named_pg
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        started = asyncio.Event()

        async def request():
            async with store.transaction():
                await store.insert("notes", "t1", {"id": "a", "title": "A"})
                started.set()
                await asyncio.sleep(60)  # the client went away meanwhile

        task = asyncio.create_task(request())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await ids(store) == []
        with psycopg.connect(url, autocommit=True) as conn:  # no session left inside a transaction
            states = conn.execute("SELECT state FROM pg_stat_activity WHERE application_name = %s "
                                  "AND pid <> pg_backend_pid()", (name,)).fetchall()
        assert all(state == "idle" for (state,) in states)
    finally:
        await store.close()


async def test_a_unit_that_swallowed_a_failed_statement_commits_nothing_and_says_so(pg_url):
    """PostgreSQL answers COMMIT of a failed transaction with a silent rollback: the unit
    raises instead of reporting a commit that did not happen."""
    store = open_store(pg_url)
    credential = {"key_id": "k1", "surface": "s", "tenant": "t", "kind": "api_key", "secret_hash": "h",
                  "scopes": [], "created_at": "2026-01-01T00:00:00Z"}
    try:
        await store.migrate([NOTES])
        await store.put_credential(credential)
        with pytest.raises(StoreError, match="nothing was committed"):
            async with store.transaction():
                await store.insert("notes", "t1", {"id": "a", "title": "A"})
                with pytest.raises(psycopg.errors.UniqueViolation):
                    await store.put_credential(credential)  # a caller's bug, caught by the caller
        assert await ids(store) == []
    finally:
        await store.close()


# -- a database that cannot be reached ---------------------------------------------------------
@pytest.fixture
def own_database(pg_admin_url):
    url, drop = pg_server.fresh_database(pg_admin_url)
    dbname = urlsplit(url).path.lstrip("/")
    yield url, dbname
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS true')
    drop()


def allow_connections(admin_url: str, dbname: str, allowed: bool) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS {"true" if allowed else "false"}')


@pytest.mark.slow  # the pool's reconnection backs off 1, 2, 4 s
async def test_an_unreachable_database_is_store_unavailable_and_recovers(own_database, pg_admin_url):
    db_url, dbname = own_database
    url, name = named(db_url)
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        await warm(store, 3)
        allow_connections(pg_admin_url, dbname, False)
        terminate(pg_admin_url, name)
        for call in (lambda: store.get("notes", "t1", "a"), lambda: store.insert("notes", "t1", {"id": "b"}),
                     lambda: ids(store), lambda: store.kv_put("n", "k", {})):
            with pytest.raises(StoreUnavailable, match="cannot reach"):
                await call()
        with pytest.raises(StoreUnavailable):
            async with store.transaction():
                pass
        allow_connections(pg_admin_url, dbname, True)
        for _ in range(300):  # the pool reconnects within seconds (backoff 1, 2, 4 s)
            try:
                assert (await store.get("notes", "t1", "a"))["title"] == "A"
                break
            except StoreUnavailable:
                await asyncio.sleep(0.1)
        else:
            pytest.fail("the store did not recover after the database accepted connections again")
        assert await ids(store) == ["a"]
    finally:
        await store.close()


def test_a_closed_port_is_store_unavailable_at_open():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreUnavailable, match="cannot open"):
        open_store(f"postgresql://postgres@127.0.0.1:{port}/postgres")


# -- read-only and full -------------------------------------------------------------------------
async def test_a_read_only_database_serves_reads_and_refuses_writes(pg_url):
    store = open_store(pg_url)
    try:
        await store.migrate([NOTES], surface="s")
        await store.insert("notes", "t1", {"id": "a", "title": "A"})
        await store.meta_get_or_set("pepper", "p1")
    finally:
        await store.close()
    read_only = open_store(with_params(pg_url, options="-cdefault_transaction_read_only=on"))
    try:
        # what a serve does at start and then every second: nothing of it writes
        assert await read_only.migrate([NOTES], surface="s") == []  # unchanged: nothing written
        assert await read_only.meta_get_or_set("pepper", "p2") == "p1"
        assert await read_only.outbox_claim("s", 100.0, 200.0, 10) == []
        assert await read_only.outbox_purge("s", 100.0) == 0
        assert (await read_only.get("notes", "t1", "a"))["title"] == "A"
        assert await ids(read_only) == ["a"]
        with pytest.raises(StoreReadOnly):
            await read_only.insert("notes", "t1", {"id": "b", "title": "B"})
        with pytest.raises(StoreReadOnly):
            await read_only.update("notes", "t1", "a", {"title": "A2"})
        with pytest.raises(StoreReadOnly):
            await read_only.kv_put("codes", "c", {"x": 1})
        with pytest.raises(StoreReadOnly):
            async with read_only.transaction():
                await read_only.rate_limit_hit("b", 1, 10.0)
    finally:
        await read_only.close()


def test_a_read_only_database_without_the_runtime_tables_is_store_read_only(pg_url):
    with pytest.raises(StoreReadOnly, match="read-only"):
        open_store(with_params(pg_url, options="-cdefault_transaction_read_only=on"))


def test_opening_a_current_store_takes_no_lock_on_the_runtime_tables(pg_url):
    """A second open (another process starting) neither creates nor alters anything when the
    runtime tables are current: it does not wait behind a long transaction holding them."""
    open_store(pg_url)
    with psycopg.connect(pg_url) as conn:
        conn.execute("LOCK TABLE sl_idempotency, sl_credentials IN ACCESS EXCLUSIVE MODE")
        opened: dict = {}
        thread = threading.Thread(target=lambda: opened.setdefault("store", open_store(pg_url)), daemon=True)
        thread.start()
        thread.join(20)
        assert "store" in opened
        conn.rollback()
    thread.join(20)


async def test_a_store_made_before_claim_tokens_gains_the_column(pg_url):
    open_store(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as a store of the previous release was
        conn.execute("ALTER TABLE sl_idempotency DROP COLUMN claim")
        conn.execute("DELETE FROM sl_meta WHERE key LIKE 'specloom:%'")
        conn.execute("INSERT INTO sl_idempotency (scope, key, fingerprint, state, created_at, expires_at) "
                     "VALUES ('api', 'old', 'fp', 'in_flight', 100, 400)")
    store = open_store(pg_url)
    try:
        # an in-flight record of before matches no claim; once stale, a new request takes it over
        assert await store.idempotency_complete("api", "old", "any", 201, [], b"") is False
        assert await store.idempotency_begin("api", "old", "fp", "new", 200.0, 500.0, 150.0) is None
        assert await store.idempotency_complete("api", "old", "new", 201, [], b"{}") is True
    finally:
        await store.close()


def _server_uid(url: str) -> int | None:
    """The uid of the local server process (None when the server is not on this machine)."""
    with psycopg.connect(url, autocommit=True) as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        try:
            return os.stat(f"/proc/{pid}").st_uid
        except OSError:
            return None


@pytest.fixture
def tiny_tablespace(pg_admin_url):
    """A tablespace on a 1 MiB tmpfs (needs root, a local server and mount)."""
    uid = _server_uid(pg_admin_url)
    if os.geteuid() != 0 or uid is None:
        pytest.skip("needs root and a PostgreSQL server on this machine")
    mount = Path(tempfile.mkdtemp(prefix="sl-tiny-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    name = f"sl_tiny_{uuid.uuid4().hex[:8]}"
    try:
        os.chown(mount, uid, -1)
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE TABLESPACE {name} LOCATION '{mount}'")
        yield name
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            try:
                conn.execute(f"DROP TABLESPACE IF EXISTS {name}")
            except psycopg.Error:
                pass  # the schema's drop comes after this fixture's end; tmpfs goes anyway
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


async def test_a_full_disk_is_store_full(pg_url, tiny_tablespace):
    open_store(pg_url)  # the runtime tables where they always are; the resource table below on 1 MiB
    store = open_store(with_params(pg_url, options=f"-cdefault_tablespace={tiny_tablespace}"))
    try:
        await store.migrate([NOTES])
        with pytest.raises(StoreFull, match="disk"):
            for i in range(2000):  # 1 MiB holds a few hundred of these
                await store.insert("notes", "t1", {"id": f"n{i}", "title": f"{i}", "pad": secrets.token_urlsafe(1500)})
        with pytest.raises(StoreFull):
            async with store.transaction():
                for i in range(2000):
                    await store.kv_put("k", str(i), {"x": i})  # sl_kv is elsewhere: fits
                    await store.insert("notes", "t1", {"id": f"m{i}", "title": f"m{i}",
                                                       "pad": secrets.token_urlsafe(1500)})
        assert await store.kv_get("k", "0", 0.0) is None  # the unit rolled back whole
        assert await store.get("notes", "t1", "n0") is not None  # reads still answer
    finally:
        await store.close()
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS notes")


# -- a connection lost without a word from the server (a TCP proxy the test cuts) --------------
class Proxy:
    """127.0.0.1:port → the server; `cut()` closes every connection it carries, abruptly."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)  # wakes the pipe threads; the peers read EOF
                s.close()
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
        self.cut()


@pytest.fixture
def proxied(pg_url):
    parts = urlsplit(pg_url)
    proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    yield pg_url, parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}").geturl(), proxy
    proxy.close()


async def test_idle_connections_cut_off_are_replaced(proxied):
    _direct, url, proxy = proxied
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        await warm(store, 3)
        proxy.cut()
        await asyncio.sleep(0.05)
        await store.insert("notes", "t1", {"id": "a", "title": "A"})  # not replayable: still fine
        assert await ids(store) == ["a"]
    finally:
        await store.close()


async def test_a_write_cut_off_before_its_commit_runs_again_and_one_cut_off_during_it_does_not(proxied):
    """A write waiting for a row lock when its connection is cut. In a transaction (modify) it
    had not committed: run again, it applies once. Committed by its own statement (kv_consume),
    the server may still apply it after the cut: StoreUnavailable, and the server's run is the
    only one."""
    direct, url, proxy = proxied
    store = open_store(url)
    try:
        await store.migrate([NOTES])
        await store.insert("notes", "t1", {"id": "a", "title": "A", "n": 0})
        await store.kv_put("codes", "c", {"v": 1})
        with psycopg.connect(direct) as blocker:  # holds the row locks until it commits
            blocker.execute("SELECT 1 FROM notes WHERE id = 'a' FOR UPDATE")
            blocker.execute("SELECT 1 FROM sl_kv WHERE key = 'c' FOR UPDATE")
            bump = asyncio.create_task(store.modify("notes", "t1", "a", lambda d: Mutation({"n": d["n"] + 1})))
            consume = asyncio.create_task(store.kv_consume("codes", "c", 0.0))
            await asyncio.sleep(0.5)  # both wait for the locks
            proxy.cut()
            await asyncio.sleep(0.3)
            blocker.commit()
        assert (await asyncio.wait_for(bump, 30))["n"] == 1
        with pytest.raises(StoreUnavailable):
            await asyncio.wait_for(consume, 30)
        assert (await store.get("notes", "t1", "a"))["n"] == 1
        for _ in range(100):  # the server finishes the cut-off UPDATE once the lock is free
            if (await store.kv_get("codes", "c", 0.0))["consumed"]:
                break
            await asyncio.sleep(0.05)
        assert (await store.kv_get("codes", "c", 0.0))["consumed"] is True
    finally:
        await store.close()


# -- over HTTP ----------------------------------------------------------------------------------
PRODUCTS = "/api/v1/site_demo/products"


def test_killed_connections_are_not_500s_over_http(named_pg, tmp_path):
    url, name = named_pg
    with serve("shopvo", tmp_path, backend=url) as shopvo:
        headers = shopvo.auth("site_demo", ["read:catalog", "write:catalog"])
        assert shopvo.client.get(PRODUCTS, headers=headers).status_code == 200
        for i in range(3):
            assert terminate(url, name) >= 1
            listed = shopvo.client.get(PRODUCTS, headers=headers)
            assert listed.status_code == 200, listed.text
            assert terminate(url, name) >= 1
            made = shopvo.client.post(PRODUCTS, headers=headers, json={"name": f"P{i}", "slug": f"p{i}", "price": 100})
            assert made.status_code == 201, made.text
        names = sorted(p["name"] for p in shopvo.client.get(PRODUCTS, headers=headers).json()["items"])
        assert names == ["P0", "P1", "P2"]


def test_an_unreachable_database_is_503_with_retry_after_over_http(own_database, pg_admin_url, tmp_path):
    db_url, dbname = own_database
    url, name = named(db_url)
    with serve("shopvo", tmp_path, backend=url) as shopvo:
        headers = shopvo.auth("site_demo", ["read:catalog", "write:catalog"])
        assert shopvo.client.get(PRODUCTS, headers=headers).status_code == 200
        allow_connections(pg_admin_url, dbname, False)
        terminate(pg_admin_url, name)
        for method, body in (("GET", None), ("POST", {"name": "P", "slug": "p", "price": 1})):
            r = shopvo.client.request(method, PRODUCTS, headers=headers, json=body)
            assert r.status_code == 503, r.text
            assert int(r.headers["Retry-After"]) > 0
            assert "Traceback" not in r.text and "psycopg" not in r.text
        allow_connections(pg_admin_url, dbname, True)
        for _ in range(300):
            if shopvo.client.get(PRODUCTS, headers=headers).status_code == 200:
                break
            time.sleep(0.1)
        assert shopvo.client.get(PRODUCTS, headers=headers).status_code == 200


@pytest.mark.slow
def test_a_serve_process_answers_through_kills_and_503s_while_unreachable(own_database, pg_admin_url, tmp_path):
    """A real `specloom serve shopvo`: 16 clients at once while every session of the server is
    ended three times over; then the database refuses connections: 503 with Retry-After."""
    db_url, dbname = own_database
    url, name = named(db_url)
    token = issue_key("shopvo", tmp_path, url, "site_demo")
    server = Server("shopvo", url, tmp_path).start().wait_ready()
    auth = {"Authorization": f"Bearer {token}"}
    try:
        def request(i: int, client: httpx.Client) -> httpx.Response:
            if i % 2:
                return client.get(server.url + PRODUCTS, headers=auth)
            return client.post(server.url + PRODUCTS, headers=auth,
                               json={"name": f"P{i}", "slug": f"p{i}", "price": 100})

        statuses = []
        for _ in range(3):
            killer = threading.Timer(0.05, terminate, (pg_admin_url, name))
            killer.start()
            statuses += [r.status_code for r in at_once(16, request)]
            killer.join()
            assert terminate(pg_admin_url, name) >= 1
        assert set(statuses) <= {200, 201, 409}, server.output()  # 409: a slug made in an earlier round
        allow_connections(pg_admin_url, dbname, False)
        terminate(pg_admin_url, name)
        for i in range(2):
            r = request(i, httpx.Client(timeout=30, trust_env=False))
            assert r.status_code == 503, r.text
            assert int(r.headers["Retry-After"]) > 0
        assert '" 500 ' not in server.output()
    finally:
        server.stop()


def test_a_read_only_database_serves_reads_and_503s_writes_over_http(pg_url, tmp_path):
    """With rate limits off (counting a request is a write: with them on, every request of a
    read-only store is a 503, reads included)."""
    token = issue_key("shopvo", tmp_path, pg_url, "site_demo")  # a writable start first: schema, key
    read_only = with_params(pg_url, options="-cdefault_transaction_read_only=on")
    settings = Settings(validate_responses=True, rate_limits=False)
    with serve("shopvo", tmp_path, backend=read_only, settings=settings) as shopvo:
        auth = {"Authorization": f"Bearer {token}"}
        assert shopvo.client.get(PRODUCTS, headers=auth).status_code == 200
        made = shopvo.client.post(PRODUCTS, headers=auth, json={"name": "P", "slug": "p", "price": 1})
        assert made.status_code == 503, made.text
        assert int(made.headers["Retry-After"]) > 0

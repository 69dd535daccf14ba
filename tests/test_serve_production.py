"""`specloom serve` as deployed: worker processes, a trusted proxy's client address, a root path,
JSON access logs, a graceful shutdown that finishes what is in flight (a request, a webhook
delivery), and the warning when several processes write one SQLite file under load. Real serve
processes; store-touching tests on both backends."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from specloom.backends import open_store
from tests.servers import Server, generate, issue_key

pytestmark = pytest.mark.slow  # real `specloom serve` processes

NOTES = "/workspaces/ws_1/notes"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'nb.db'}"


def started(surface, backend, state, *args, env=None) -> Server:
    return Server(surface, backend, state, args=args, env=env or {}).start().wait_ready()


def get(server, path, **kwargs) -> httpx.Response:
    return httpx.get(server.url + path, trust_env=False, timeout=30, **kwargs)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def json_lines(server) -> list[dict]:
    lines = []
    for line in server.log.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def sample(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_workers_serve_one_store_and_their_metrics_add_up(tmp_path, backend):
    token = issue_key("notebook", tmp_path, backend, "ws_1", ("notes:read",))
    server = started("notebook", backend, tmp_path, "--workers", "2", "--metrics", env={"SPECLOOM_RATE_LIMITS": "0"})
    try:
        deadline = time.monotonic() + 30
        while len(children(server.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(children(server.process.pid)) >= 2  # uvicorn's supervisor and its two workers
        for _ in range(20):  # a new connection each: the kernel spreads them over the workers
            assert get(server, NOTES, headers={"Authorization": f"Bearer {token}"}).status_code == 200
        for _ in range(4):  # whichever worker answers the scrape counts every worker's requests
            text = get(server, "/metrics").text
            assert sample(text, 'specloom_http_requests_total{method="GET",operation="listNotes",status="200"') == 20
    finally:
        server.stop()
    assert server.process.returncode in (0, -signal.SIGTERM)


def token_failures(server, forwarded_for: str) -> list[int]:
    return [httpx.post(server.url + "/connect/token", trust_env=False, timeout=30,
                       headers={"X-Forwarded-For": forwarded_for},
                       data={"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"}
                       ).status_code for _ in range(11)]


@pytest.mark.parametrize("trusted", [True, False])
def test_behind_a_trusted_proxy_limits_and_logs_see_the_real_client(tmp_path, trusted):
    """Alza allows 10 failed token requests per client address in 10 minutes. Behind a proxy
    (the test, at 127.0.0.1) two clients have a bucket each; with --no-proxy-headers they are
    one address, the proxy's."""
    args = ("--forwarded-allow-ips", "127.0.0.1", "--log-format", "json") if trusted else (
        "--no-proxy-headers", "--log-format", "json")
    server = started("alza", f"sqlite:///{tmp_path / 'alza.db'}", tmp_path, *args)
    try:
        first = token_failures(server, "203.0.113.7")
        second = token_failures(server, "198.51.100.9")
    finally:
        server.stop()
    assert first == [401] * 10 + [429]
    assert second == ([401] * 10 + [429] if trusted else [429] * 11)
    clients = {line["client"] for line in json_lines(server)
               if line.get("logger") == "specloom.access" and line["path"] == "/connect/token"}
    assert clients == ({"203.0.113.7", "198.51.100.9"} if trusted else {"127.0.0.1"})


def test_root_path_json_access_log_and_request_ids(tmp_path):
    server = started("notebook", f"sqlite:///{tmp_path / 'nb.db'}", tmp_path, "--root-path", "/api",
                     "--log-format", "json")
    token = issue_key("notebook", tmp_path, server.backend, "ws_1", ("notes:read",))
    try:
        # the proxy strips /api: the server sees the path without it and routes it
        listed = get(server, NOTES, headers={"Authorization": f"Bearer {token}", "X-Request-Id": "lb-1"})
        assert listed.status_code == 200 and listed.headers["x-request-id"] == "lb-1"
        assert get(server, "/healthz").json() == {"status": "ok"}
        docs = get(server, "/docs")
        assert docs.status_code == 200 and 'url: "/api/openapi.json"' in docs.text
    finally:
        server.stop()
    access = [line for line in json_lines(server) if line.get("logger") == "specloom.access"]
    mine = next(line for line in access if line["request_id"] == "lb-1")
    assert mine["operation"] == "listNotes" and mine["status"] == 200 and mine["tenant"] == "ws_1"
    assert mine["path"] == "/api" + NOTES and isinstance(mine["duration_ms"], float)
    assert all({"time", "level", "message"} <= set(line) for line in json_lines(server))


def ended_gracefully(server) -> bool:
    """The process ran its shutdown to the end (uvicorn then ends by the signal it was sent, as
    its default action would: status -SIGTERM)."""
    code = server.process.wait(30)
    server.stop()
    return code in (0, -signal.SIGTERM) and "Application shutdown complete" in server.output()


def test_a_slow_request_in_flight_completes_across_sigterm(tmp_path, backend):
    """SIGTERM while a request's body is still arriving: the server stops taking connections,
    finishes that request (201, the note stored) and exits 0."""
    token = issue_key("notebook", tmp_path, backend, "ws_1", ("notes:write", "notes:read"))
    server = started("notebook", backend, tmp_path, "--graceful-timeout", "20")
    body = json.dumps({"text": "written during shutdown"}).encode()
    head = (f"POST {NOTES} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Idempotency-Key: k-1\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head + body[:10])
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        with pytest.raises(OSError):  # no new connections once shutting down
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        sock.sendall(body[10:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 201 "), answer[:200]
    assert ended_gracefully(server)

    async def notes():
        from specloom.backends.base import PageRequest, Query
        from specloom.runtime.config import Settings
        from specloom.runtime.surface_runtime import SurfaceRuntime

        store = open_store(backend)
        try:
            await SurfaceRuntime(generate("notebook", tmp_path), store, Settings()).ensure_ready()
            return (await store.list("notebook__notes", "ws_1", Query(), PageRequest(limit=10))).items
        finally:
            await store.close()

    assert [n["text"] for n in asyncio.run(notes())] == ["written during shutdown"]


class SlowReceiver:
    """A webhook receiver that takes `delay` seconds to answer 200; `started` is set when the
    first delivery arrives."""

    def __init__(self, delay: float):
        self.started = threading.Event()
        self.answered = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.started.set()
                time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                receiver.answered += 1

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


def test_a_webhook_delivery_in_flight_finishes_across_sigterm(tmp_path, backend):
    receiver = SlowReceiver(delay=2.0)
    env = {"SPECLOOM_WEBHOOK_HTTP_HOSTS": "127.0.0.1", "SPECLOOM_WEBHOOK_POLL_SECONDS": "0.05"}
    token = issue_key("dispatch", tmp_path, backend, "shop_a", ("parcels:write", "webhooks:write"))
    server = started("dispatch", backend, tmp_path, env=env)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        made = httpx.post(server.url + "/shops/shop_a/webhooks", headers=headers, trust_env=False, timeout=30,
                          json={"url": receiver.url("/hook"), "events": ["parcel.created"]})
        assert made.status_code == 201, made.text
        assert httpx.post(server.url + "/shops/shop_a/parcels", headers=headers, trust_env=False, timeout=30,
                          json={"label": "Box"}).status_code == 201
        assert receiver.started.wait(30)
        server.process.send_signal(signal.SIGTERM)  # the receiver is still working on it
        assert ended_gracefully(server)
    finally:
        server.stop()
        receiver.server.shutdown()
    assert receiver.answered == 1

    async def deliveries():
        store = open_store(backend)
        try:
            return await store.outbox_list("dispatch", deliveries=True)
        finally:
            await store.close()

    assert [(d["status"], d["attempts"]) for d in asyncio.run(deliveries())] == [("delivered", 1)]


def test_several_processes_writing_one_sqlite_file_under_load_get_one_warning(tmp_path):
    url = f"sqlite:///{tmp_path / 'nb.db'}"
    token = issue_key("notebook", tmp_path, url, "ws_1", ("notes:write",))
    server = started("notebook", url, tmp_path, env={"SPECLOOM_RATE_LIMITS": "0"})
    stop = threading.Event()

    def other_writer():  # another process's writes: it holds the write lock a while, again and again
        conn = sqlite3.connect(tmp_path / "nb.db", isolation_level=None, timeout=30)
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            time.sleep(0.2)
            conn.execute("COMMIT")
            time.sleep(0.01)
        conn.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        for n in range(25):
            r = httpx.post(server.url + NOTES, trust_env=False, timeout=30, json={"text": f"n{n}"},
                           headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"k-{n}"})
            assert r.status_code == 201, r.text
    finally:
        stop.set()
        thread.join()
        server.stop()
    warnings = [line for line in server.output().splitlines() if "waited for another process's write lock" in line]
    assert len(warnings) == 1, server.output()
    assert "move to PostgreSQL" in warnings[0] and str(tmp_path / "nb.db") in warnings[0]


def test_one_process_alone_gets_no_contention_warning(tmp_path):
    url = f"sqlite:///{tmp_path / 'nb.db'}"
    token = issue_key("notebook", tmp_path, url, "ws_1", ("notes:write",))
    server = started("notebook", url, tmp_path, env={"SPECLOOM_RATE_LIMITS": "0"})
    try:
        for n in range(25):
            assert httpx.post(server.url + NOTES, trust_env=False, timeout=30, json={"text": f"n{n}"},
                              headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"k-{n}"}
                              ).status_code == 201
    finally:
        server.stop()
    assert "write lock" not in server.output()

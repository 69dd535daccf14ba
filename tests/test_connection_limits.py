"""What one connection may cost `specloom serve` (issue 10, fault 6), over raw sockets against a
real server process: a request head over the size limit is a real 431, a client that sends no
request, or its head or body too slowly (slowloris), is answered 408 or closed, a kept-alive
connection is closed when idle, and connections beyond the limit are answered 503. The limits
come from SPECLOOM_* settings or `serve` flags (runtime/http/connection_limits.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.servers import SPECS, Server, free_port, generate, issue_key

pytestmark = pytest.mark.slow  # real `specloom serve` processes

# short limits, so that the tests wait a second where production waits ten
LIMITS = {"SPECLOOM_HEADER_TIMEOUT_SECONDS": "1", "SPECLOOM_BODY_TIMEOUT_SECONDS": "1",
          "SPECLOOM_KEEP_ALIVE_SECONDS": "1", "SPECLOOM_MAX_HEADER_BYTES": "8192",
          "SPECLOOM_MAX_CONNECTIONS": "300"}
PATIENCE = 15  # seconds a socket waits for the server's answer before the test fails


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    state = tmp_path_factory.mktemp("limits")
    backend = f"sqlite:///{state / 'shopvo.db'}"
    key = issue_key("shopvo", state, backend, "site_demo")
    served = Server("shopvo", backend, state, env=LIMITS).start().wait_ready()
    yield served, key
    served.stop()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)


def answer(sock: socket.socket) -> bytes:
    """All the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def test_a_head_over_the_limit_is_a_431_whether_it_comes_whole_or_in_pieces(server):
    served, _ = server
    with connect(served.port) as sock:  # 9 KB in one write: h11 alone let a whole head through
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
        assert status(answer(sock)) == 431
    with connect(served.port) as sock:
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n")
        for _ in range(10):
            sock.sendall(b"X-Part: " + b"b" * 1000 + b"\r\n")
        assert status(answer(sock)) == 431
    # a client still sending a 32 MB header block reads the 431 too (the server lingers, then closes)
    with connect(served.port) as sock:
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 32_000_000 + b"\r\n\r\n")
        assert status(answer(sock)) == 431
    # a head within the limit is served
    r = httpx.get(served.url + "/openapi.json", headers={"X-Fine": "a" * 4000}, trust_env=False, timeout=30)
    assert r.status_code == 200


def test_connections_that_send_no_request_or_trickle_their_head_are_closed(server):
    served, _ = server
    idle = [connect(served.port) for _ in range(100)]
    slow = []
    for _ in range(100):
        slow.append(connect(served.port))
        slow[-1].sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n")
    for _ in range(3):  # slowloris: a header line now and then, never the end of the head
        for sock in slow:
            sock.sendall(b"X-Slow: 1\r\n")
    assert [answer(sock) for sock in idle] == [b""] * 100  # closed, nothing said
    assert {status(answer(sock)) for sock in slow} == {408}
    for sock in idle + slow:
        sock.close()


def test_a_body_sent_too_slowly_is_a_408_and_never_executed(server):
    served, key = server
    body = b'{"name": "Slow", "slug": "slow", "price": 100, "status": "DRAFT"}'
    with connect(served.port) as sock:
        sock.sendall(b"POST /api/v1/site_demo/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                     + key.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body[:-1])
        assert status(answer(sock)) == 408
    r = httpx.get(served.url + "/api/v1/site_demo/products", params={"status": "DRAFT"},
                  headers={"Authorization": f"Bearer {key}"}, trust_env=False, timeout=30)
    assert r.status_code == 200 and r.json()["items"] == []


def test_a_kept_alive_connection_is_closed_when_idle(server):
    served, _ = server
    with connect(served.port) as sock:
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = answer(sock)  # the response, then the close once the connection idles
        assert status(reply) == 200 and reply.endswith(b"}")


def test_flags_set_the_limits_and_connections_beyond_the_limit_get_503(tmp_path):
    generate("shopvo", tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(tmp_path), "SPECLOOM_SPECS": str(SPECS["shopvo"])})
    log = tmp_path / "serve.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "specloom.runtime.cli", "serve", "shopvo", "--backend",
             f"sqlite:///{tmp_path / 'shopvo.db'}", "--port", str(port), "--max-connections", "3",
             "--max-header-bytes", "2048", "--header-timeout", "30"],
            stdout=sink, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/openapi.json", trust_env=False, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        with connect(port) as sock:  # answer() returns once the server has closed this connection
            sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 3000 + b"\r\n\r\n")
            assert status(answer(sock)) == 431
        held = [connect(port) for _ in range(2)]
        with connect(port) as third:  # the third connection is served
            third.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert status(answer(third)) == 200
        held.append(connect(port))
        with connect(port) as fourth:
            fourth.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
            reply = answer(fourth)
        assert status(reply) == 503 and b"retry-after: 1" in reply.lower()
        for sock in held:
            sock.close()
    finally:
        process.terminate()
        process.wait(30)

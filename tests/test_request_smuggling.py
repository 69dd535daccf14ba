"""Request framing that proxies and servers may read differently (request smuggling) is refused
by `specloom serve` itself, over a raw socket: a request with both Content-Length and
Transfer-Encoding, two different Content-Lengths, or a Transfer-Encoding other than chunked
gets one 400 and the connection closes, so nothing hidden in its body is read as a second
request; nothing is created."""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.servers import Server, issue_key

pytestmark = pytest.mark.slow  # a real `specloom serve` process

PRODUCTS = "/api/v1/site_demo/products"


@pytest.fixture(scope="module")
def shopvo(tmp_path_factory):
    state = tmp_path_factory.mktemp("smuggling")
    url = f"sqlite:///{state / 'store.db'}"
    key = issue_key("shopvo", state, url, "site_demo")
    server = Server("shopvo", url, state, env={"SPECLOOM_RATE_LIMITS": "0"}).start().wait_ready()
    yield server, key
    server.stop()


def exchange(server: Server, raw: bytes) -> bytes:
    """Send `raw`, then read until the server closes the connection (10 s at most)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def smuggled_create(key: str, slug: str) -> bytes:
    """A second request, hidden in the first one's body: a product create."""
    body = b'{"name": "Smuggled", "slug": "' + slug.encode() + b'", "price": 1}'
    return (b"POST " + PRODUCTS.encode() + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key.encode()
            + b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode()
            + b"\r\n\r\n" + body)


def created(server: Server, key: str, slug: str) -> list[str]:
    r = httpx.get(server.url + PRODUCTS, params={"limit": 100}, headers={"Authorization": f"Bearer {key}"},
                  timeout=30, trust_env=False)
    return [p["slug"] for p in r.json()["items"] if p["slug"] == slug]


FRAMINGS = [
    b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
    b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
    b"Content-Length: 5\r\nContent-Length: 300\r\n",
    b"Transfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n",
    b"Transfer-Encoding: identity\r\n",
]


@pytest.mark.parametrize("case", range(len(FRAMINGS)))
def test_ambiguous_framing_is_one_400_and_nothing_hidden_runs(shopvo, case):
    server, key = shopvo
    framing, slug = FRAMINGS[case], f"smuggled-{case}"
    first = (b"POST " + PRODUCTS.encode() + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key.encode()
             + b"\r\nContent-Type: application/json\r\n" + framing + b"\r\n0\r\n\r\n")
    answer = exchange(server, first + smuggled_create(key, slug))
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert answer.count(b"HTTP/1.1 ") == 1, answer  # one answer: the hidden create was never read
    assert created(server, key, slug) == []

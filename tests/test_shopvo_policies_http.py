"""Shopvo's policies over real HTTP, against real `specloom serve` processes sharing one store
(SQLite file and PostgreSQL): rate-limit headers on every answer, whatever its status, and
signed requests accepted once across processes (replay protection)."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import httpx
import pytest

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.security import signatures
from specloom.runtime.surface_runtime import SurfaceRuntime
from tests.servers import Server, at_once, generate, start_all

pytestmark = pytest.mark.slow  # real `specloom serve` processes sharing one store

SITE = "/api/v1/site_demo"
PLAN, PUBLIC = "1000", "30"  # Shopvo's default plan (per key) and public bucket (per client address)


@pytest.fixture(params=["sqlite", "postgres"])
def pair(request, tmp_path):
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'shopvo.db'}"
    generate("shopvo", tmp_path)
    servers = start_all([Server("shopvo", url, tmp_path), Server("shopvo", url, tmp_path)])
    yield servers, url, tmp_path
    for s in servers:
        s.stop()


def issue(url, state_dir, scopes=("admin:*",), tenant="site_demo", **options):
    """A key issued straight into the servers' store (its pepper is shared)."""
    generated = generate("shopvo", state_dir)
    store = open_store(url)

    async def run():
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            return await runtime.api_keys.issue(tenant, tuple(scopes), **options)
        finally:
            await store.close()

    return asyncio.run(run())


def bearer(issued) -> dict[str, str]:
    return {"Authorization": f"Bearer {issued.token}"}


def limits(response: httpx.Response) -> tuple[str | None, str | None, str | None]:
    h = response.headers
    return h.get("x-ratelimit-limit"), h.get("x-ratelimit-remaining"), h.get("x-ratelimit-reset")


def raw_request(port: int, head: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send request head bytes (no body) and read the answer: status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        header_block, _, body = data.partition(b"\r\n\r\n")
        lines = header_block.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(lines[0].split()[1]), headers, body


def test_every_answer_carries_the_rate_limit_headers_of_its_bucket(pair):
    (server, _), url, state = pair
    admin, reader = bearer(issue(url, state)), bearer(issue(url, state, ("read:orders",)))
    with httpx.Client(base_url=server.url, trust_env=False, timeout=30) as http:
        made = http.post(SITE + "/products", json={"name": "Tee", "slug": "tee", "price": 1}, headers=admin)
        answers = {
            # the key was accepted: its plan's bucket
            "201 create": (made, PLAN),
            "200 list": (http.get(SITE + "/products", headers=admin), PLAN),
            "400 validation": (http.get(SITE + "/products?limit=0", headers=admin), PLAN),
            "403 scope": (http.get(SITE + "/products", headers=reader), PLAN),
            "404 record": (http.get(SITE + "/products/prd_nothing", headers=admin), PLAN),
            "404 other site": (http.get("/api/v1/site_other/products", headers=admin), PLAN),
            "409 conflict": (http.post(SITE + "/products", json={"name": "Tee", "slug": "tee", "price": 1},
                                       headers=admin), PLAN),
            # no key was accepted, or no endpoint answers: the client address's public bucket
            "401 bad key": (http.get(SITE + "/products", headers={"Authorization": "Bearer sk_live_nope"}), PUBLIC),
            "401 no key": (http.get(SITE + "/products"), PUBLIC),
            "404 no route": (http.get(SITE + "/nowhere", headers=admin), PUBLIC),
            "405 method": (http.put(SITE + "/products", json={}, headers=admin), PUBLIC),
            "200 public route": (http.post(SITE + "/promotions/validate", json={"code": "NOPE", "cartTotal": 100}),
                                 PUBLIC),
        }
    status, headers, body = raw_request(server.port, (
        f"POST {SITE}/products HTTP/1.1\r\nHost: x\r\n{'Authorization: ' + admin['Authorization']}\r\n"
        f"Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n").encode())
    assert status == 413 and json.loads(body) == {"error": "Request body exceeds the limit of 1048576 bytes"}
    too_large = (headers.get("x-ratelimit-limit"), headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset"))
    for name, (response, bucket) in answers.items():
        assert response.status_code == int(name.split()[0]), (name, response.text)
        limit, remaining, reset = limits(response)
        assert limit == bucket and remaining is not None and reset is not None, (name, dict(response.headers))
        assert 0 <= int(remaining) < int(limit) and 0 < int(reset) <= 60, name
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}, name  # Shopvo's error shape, as ever
    assert too_large[0] == PUBLIC and too_large[1] is not None and too_large[2] is not None  # refused before auth

    # the public bucket is the client address's: 30 a minute, then 429 with Retry-After
    with httpx.Client(base_url=server.url, trust_env=False, timeout=30) as http:
        for _ in range(100):  # at most two windows' worth, should a window end meanwhile
            r = http.get(SITE + "/products", headers={"Authorization": "Bearer sk_live_wrong"})
            if r.status_code == 429:
                break
            assert r.status_code == 401
        assert r.status_code == 429 and r.json() == {"error": r.json()["error"]} and int(r.headers["retry-after"]) > 0
        assert limits(r)[:2] == (PUBLIC, "0")
        # a key that works is not held back by its address's public bucket
        assert http.get(SITE + "/products", headers=admin).status_code == 200


def test_a_signed_request_is_accepted_once_across_processes(pair):
    (a, b), url, state = pair
    issued = issue(url, state, signing_secret=True)
    auth = {**bearer(issued), "Content-Type": "application/json"}
    body = json.dumps({"name": "Signed", "slug": "signed", "price": 1}).encode()
    signed = {**auth, "X-Shopvo-Signature": signatures.sign(issued.signing_secret, body)}
    first = httpx.post(a.url + SITE + "/products", content=body, headers=signed, trust_env=False, timeout=30)
    assert first.status_code == 201, first.text
    replayed = httpx.post(b.url + SITE + "/products", content=body, headers=signed, trust_env=False, timeout=30)
    assert replayed.status_code == 401 and replayed.json() == {"error": "Unauthorized"}
    assert replayed.headers["x-ratelimit-limit"] == PLAN  # the key was accepted before its signature was refused

    # the same signed request sent to both processes at once: exactly one is accepted
    get = {**auth, "X-Shopvo-Signature": signatures.sign(issued.signing_secret, b"", int(time.time()))}
    servers = [a, b] * 4
    answers = at_once(len(servers), lambda i, client: client.get(servers[i].url + SITE + "/products", headers=get))
    assert sorted(r.status_code for r in answers) == [200] + [401] * 7

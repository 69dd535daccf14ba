"""Shopvo request signing: X-Shopvo-Signature: t=<unix>,sha256=<hex> over "<t>.<raw body>"."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.security.signatures import sign, signature
from specloom.runtime.surface_runtime import SurfaceRuntime
from tests.servers import Server, generate, start_all

PRODUCTS = "/api/v1/site_demo/products"


@pytest.fixture
def signed(shopvo):
    key = shopvo.issue_key("site_demo", ["read:catalog", "write:catalog"], signing_secret=True)
    assert key.signing_secret.startswith("sks_")
    shopvo.key = key
    return shopvo


def post(api, body: bytes, signature_header=None):
    h = {"Authorization": f"Bearer {api.key.token}", "Content-Type": "application/json"}
    if signature_header is not None:
        h["X-Shopvo-Signature"] = signature_header
    return api.client.post(PRODUCTS, content=body, headers=h)


BODY = json.dumps({"name": "Signed", "slug": "signed", "price": 100}).encode()


def test_a_correctly_signed_request_passes(signed):
    r = post(signed, BODY, sign(signed.key.signing_secret, BODY))
    assert r.status_code == 201, r.text


def test_signed_get_with_empty_body(signed):
    h = {"Authorization": f"Bearer {signed.key.token}", "X-Shopvo-Signature": sign(signed.key.signing_secret, b"")}
    assert signed.client.get(PRODUCTS, headers=h).status_code == 200


def test_every_bad_signature_gets_the_same_401(signed):
    secret = signed.key.signing_secret
    now = int(time.time())
    cases = {
        "missing": None,
        "stale": sign(secret, BODY, now - 320),
        "future": sign(secret, BODY, now + 320),
        "tampered": sign(secret, BODY.replace(b"100", b"1")),
        "wrong secret": sign("sks_other", BODY),
        "unparsable": "sha256=abc",
        "garbage": "t=notanumber,sha256=00",
    }
    bodies = set()
    for name, header in cases.items():
        body = BODY.replace(b"100", b"1") if name == "tampered" else BODY
        r = post(signed, body if name != "tampered" else BODY.replace(b"100", b"1"), header)
        if name == "tampered":
            r = post(signed, BODY.replace(b'"price": 100', b'"price": 999'), sign(secret, BODY))
        assert r.status_code == 401, name
        bodies.add(r.content)
    unknown_key = signed.client.get(PRODUCTS, headers={"Authorization": "Bearer sk_live_nope"})
    bodies.add(unknown_key.content)
    assert bodies == {b'{"error":"Unauthorized"}'}


def test_within_tolerance_both_ways(signed):
    secret = signed.key.signing_secret
    now = int(time.time())
    assert post(signed, BODY, sign(secret, BODY, now - 290)).status_code == 201
    body2 = BODY.replace(b"signed", b"signed-2")
    assert post(signed, body2, sign(secret, body2, now + 290)).status_code == 201


def test_several_signatures_are_accepted_for_rotation(signed):
    t = int(time.time())
    header = f"t={t},sha256={signature('sks_old', t, BODY)},sha256={signature(signed.key.signing_secret, t, BODY)}"
    assert post(signed, BODY, header).status_code == 201


def test_keys_without_a_signing_secret_need_no_signature(shopvo):
    assert shopvo.client.get(PRODUCTS, headers=shopvo.auth()).status_code == 200


def test_signing_secrets_are_sealed_at_rest_and_bound_to_their_key(signed):
    store = signed.runtime.store
    row = signed.call(store.get_credential, signed.key.key_id)
    assert signed.key.signing_secret not in json.dumps(row)  # not in the row, in any form we can see
    assert row["signing_secret"].startswith("sealed:v1:")
    # the same sealed value moved onto another key does not open there
    other = signed.issue_key("site_demo", ["read:catalog", "write:catalog"], signing_secret=True)
    box = signed.call(signed.runtime.api_keys.signing_box)
    from specloom.runtime.security.sealed_secrets import SealedSecretError, SecretBox

    assert box.open(row["signing_secret"], f"shopvo:{signed.key.key_id}") == signed.key.signing_secret
    with pytest.raises(SealedSecretError):
        box.open(row["signing_secret"], f"shopvo:{other.key_id}")
    # under another pepper it does not open either
    with pytest.raises(SealedSecretError):
        SecretBox(b"another pepper", "request signing").open(row["signing_secret"],
                                                             f"shopvo:{signed.key.key_id}")
    assert post(signed, BODY, sign(signed.key.signing_secret, BODY)).status_code == 201


@pytest.mark.slow  # a real serve process: only a raw socket sends Latin-1 header bytes as they are
def test_a_timestamp_of_latin_1_digits_is_the_common_401_not_a_500(tmp_path):
    """"²" and "¹" are Latin-1 bytes that str.isdigit() takes for digits but int() refuses."""
    url = f"sqlite:///{tmp_path / 'shopvo.db'}"
    generated = generate("shopvo", tmp_path)

    async def issue():
        store = open_store(url)
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            return await runtime.api_keys.issue("site_demo", ("read:catalog",), signing_secret=True)
        finally:
            await store.close()

    key = asyncio.run(issue())
    (server,) = start_all([Server("shopvo", url, tmp_path)])
    try:
        for timestamp in (b"\xb2\xb3", b"\xb9"):
            head = (b"GET " + PRODUCTS.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Authorization: Bearer " + key.token.encode() + b"\r\n"
                    b"X-Shopvo-Signature: t=" + timestamp + b",sha256=00\r\nConnection: close\r\n\r\n")
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(head)
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            assert answer.startswith(b"HTTP/1.1 401 "), answer[:200]
            assert answer.endswith(b'{"error":"Unauthorized"}')
    finally:
        server.stop()

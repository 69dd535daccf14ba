"""Secrets the server must be able to read back (a webhook subscription's signing secret),
sealed at rest with keys derived from the server pepper (runtime/credentials.py `load_pepper`).

Hashing cannot do here — the secret is needed to sign — so it is encrypted: HMAC-SHA-256 in
counter mode as the key stream (a PRF in CTR mode) and an HMAC-SHA-256 tag over the nonce and
ciphertext (encrypt-then-MAC), each with its own key derived from the pepper and a purpose
label. Only the standard library is used. A sealed value is `v1.<base64url(nonce|ct|tag)>`; a
tampered value, or one sealed under another pepper or purpose, does not open (None).

Whoever has the store and not the pepper (`SPECLOOM_PEPPER`, or the pepper row of the store's
metadata when none is configured) cannot read the secrets; with the pepper kept in the same
store, this only protects copies of the secrets' rows (exports, logs), not the whole database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_VERSION = b"v1"
_NONCE = 16
_TAG = 32


def _keys(pepper: bytes, purpose: str) -> tuple[bytes, bytes]:
    enc = hmac.new(pepper, f"specloom seal {purpose} encrypt".encode(), hashlib.sha256).digest()
    mac = hmac.new(pepper, f"specloom seal {purpose} authenticate".encode(), hashlib.sha256).digest()
    return enc, mac


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (hmac.new(key, nonce + i.to_bytes(8, "big"), hashlib.sha256).digest()
              for i in range((length + 31) // 32))
    return b"".join(blocks)[:length]


def seal(pepper: bytes, purpose: str, plaintext: str) -> str:
    enc, mac = _keys(pepper, purpose)
    nonce = secrets.token_bytes(_NONCE)
    data = plaintext.encode()
    cipher = bytes(a ^ b for a, b in zip(data, _stream(enc, nonce, len(data))))
    tag = hmac.new(mac, _VERSION + nonce + cipher, hashlib.sha256).digest()
    return "v1." + base64.urlsafe_b64encode(nonce + cipher + tag).decode()


def unseal(pepper: bytes, purpose: str, sealed: str) -> str | None:
    if not isinstance(sealed, str) or not sealed.startswith("v1."):
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed[3:].encode())
    except ValueError:
        return None
    if len(raw) < _NONCE + _TAG:
        return None
    nonce, cipher, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    enc, mac = _keys(pepper, purpose)
    if not hmac.compare_digest(tag, hmac.new(mac, _VERSION + nonce + cipher, hashlib.sha256).digest()):
        return None
    try:
        return bytes(a ^ b for a, b in zip(cipher, _stream(enc, nonce, len(cipher)))).decode()
    except UnicodeDecodeError:
        return None

"""API keys: `<prefix><key id>_<secret>`, stored as the key id plus an HMAC-SHA-256 of the
whole token under a server pepper, verified in constant time. The prefix is part of the
credential: a key issued `sk_live_…` is refused as `sk_test_…` with the same id and secret.

The pepper comes from `SPECLOOM_PEPPER`; without it one is generated on first use and kept in
the store's metadata, so every process on the same store agrees on it. A key's request-signing
secret (`sks_…`) must be read back to check HMACs, so it is sealed rather than hashed
(sealed_secrets.py, a key derived from the same pepper).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import string
from typing import Any, Mapping

import attrs

from specloom.backends.base import Store
from specloom.runtime.clock import now_iso

from .sealed_secrets import SecretBox

_ALPHABET = string.ascii_letters + string.digits
_KEY_ID = re.compile(r"^[a-z0-9]{16}$")
_SECRET = re.compile(r"^[A-Za-z0-9]{40}$")
_UNOPENED = object()  # a cached credential's signing secret not opened yet


def _random(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def new_key_id() -> str:
    return _random(string.ascii_lowercase + string.digits, 16)


def new_secret() -> str:
    return _random(_ALPHABET, 40)


def parse_token(token: str, prefixes: tuple[str, ...]) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed token with one of `prefixes`, else None."""
    for prefix in prefixes:
        if token.startswith(prefix):
            key_id, sep, secret = token[len(prefix):].partition("_")
            if sep and _KEY_ID.match(key_id) and _SECRET.match(secret):
                return key_id, secret
    return None


def derive_key(pepper: bytes, purpose: str) -> bytes:
    """A key for one purpose (signing one scheme's JWTs...), derived from the server pepper."""
    return hmac.new(pepper, purpose.encode(), hashlib.sha256).digest()


def hash_secret(pepper: bytes, secret: str) -> str:
    return hmac.new(pepper, secret.encode(), hashlib.sha256).hexdigest()


def key_token(prefix: str, key_id: str, secret: str) -> str:
    return f"{prefix}{key_id}_{secret}"


async def load_pepper(store: Store) -> bytes:
    configured = os.environ.get("SPECLOOM_PEPPER")
    if configured:
        return configured.encode()
    return (await store.meta_get_or_set("pepper", secrets.token_hex(32))).encode()


@attrs.frozen
class Credential:
    key_id: str
    surface: str
    tenant: str
    scopes: tuple[str, ...]
    kind: str = "apiKey"
    signing_secret: str | None = None
    subject: str | None = None  # who within the tenant (a customer), for sessions
    rate_limits: Mapping[str, int] = attrs.field(factory=dict)  # its own, by rule name (its plan)
    test: bool = False  # a test-mode key (its scheme's testPrefix): runs in the tenant's sandbox

    def has_scopes(self, required: tuple[str, ...]) -> bool:
        return "admin:*" in self.scopes or all(s in self.scopes for s in required)


@attrs.frozen
class IssuedKey:
    token: str
    key_id: str
    tenant: str
    scopes: tuple[str, ...]
    signing_secret: str | None
    rate_limits: Mapping[str, int] = attrs.field(factory=dict)
    test: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"token": self.token, "key_id": self.key_id, "tenant": self.tenant,
                "scopes": list(self.scopes), "signing_secret": self.signing_secret,
                "rate_limits": dict(self.rate_limits), "mode": "test" if self.test else "live"}


class ApiKeys:
    """Issue, revoke and verify API keys of one surface."""

    kind = "apiKey"  # a subclass issuing another kind of key never verifies as this one

    def __init__(self, store: Store, surface: str, prefixes: tuple[str, ...], test_prefix: str | None = None):
        self.store = store
        self.surface = surface
        self.prefixes = prefixes
        self.test_prefix = test_prefix  # keys issued with it are test-mode (runtime/security/sandbox.py)
        self._pepper: bytes | None = None
        self._box: SecretBox | None = None
        self._dummy_hash = "0" * 64
        # key id → (store's credential epoch when read, row, opened signing secret): no store read per
        # request; any credential change in any process moves the epoch on (Store.credential_epoch)
        self._rows: dict[str, list] = {}

    async def pepper(self) -> bytes:
        if self._pepper is None:
            self._pepper = await load_pepper(self.store)
        return self._pepper

    async def signing_box(self) -> SecretBox:
        """Seals request-signing secrets at rest (HMAC needs them back, so no hash will do)."""
        if self._box is None:
            self._box = SecretBox(await self.pepper(), "request signing")
        return self._box

    async def issue(self, tenant: str, scopes: tuple[str, ...], *, signing_secret: bool = False,
                    prefix: str | None = None,
                    rate_limits: Mapping[str, int] | None = None, test: bool = False) -> IssuedKey:
        if test and self.test_prefix is None:
            raise ValueError(f"{self.surface} declares no test-mode prefix (testPrefix) for its keys")
        prefix = self.test_prefix if test else prefix or next(p for p in self.prefixes if p != self.test_prefix)
        key_id, secret = new_key_id(), new_secret()
        signing = "sks_" + _random(_ALPHABET, 40) if signing_secret else None
        sealed = (await self.signing_box()).seal(signing, f"{self.surface}:{key_id}") if signing else None
        token = key_token(prefix, key_id, secret)
        await self.store.put_credential({
            "key_id": key_id, "surface": self.surface, "tenant": tenant, "kind": self.kind,
            "secret_hash": hash_secret(await self.pepper(), token), "scopes": list(scopes),
            "signing_secret": sealed, "created_at": now_iso(), "revoked_at": None,
            "rate_limits": dict(rate_limits or {})})
        return IssuedKey(token, key_id, tenant, tuple(scopes), signing,
                         dict(rate_limits or {}), test=prefix == self.test_prefix)

    async def revoke(self, key_id: str) -> bool:
        return await self.store.revoke_credential(self.surface, key_id, now_iso())

    async def _row(self, key_id: str) -> list:
        """[epoch, stored credential or None, its opened signing secret or _UNOPENED], from memory
        while the store's credential epoch has not moved since it was read (the epoch is read
        first: a change committed during the read moves it on). Unknown key ids are not kept."""
        epoch_of = getattr(self.store, "credential_epoch", None)
        epoch = epoch_of() if epoch_of is not None else None
        if epoch is not None:
            cached = self._rows.get(key_id)
            if cached is not None and cached[0] == epoch:
                return cached
        entry = [epoch, await self.store.get_credential(key_id), _UNOPENED]
        if epoch is not None and entry[1] is not None:
            if len(self._rows) >= 10_000:  # bounded: a forgotten entry is only read again
                self._rows.clear()
            self._rows[key_id] = entry
        return entry

    async def verify(self, token: str) -> Credential | None:
        """The credential a token stands for, or None for any kind of bad token (a known key
        id and secret under another of the prefixes included)."""
        parsed = parse_token(token, self.prefixes)
        pepper = await self.pepper()
        if parsed is None:
            hmac.compare_digest(hash_secret(pepper, token), self._dummy_hash)
            return None
        key_id, secret = parsed
        entry = await self._row(key_id)
        row = entry[1]
        expected = row["secret_hash"] if row else self._dummy_hash
        # keys issued before the prefix was hashed with the secret (their hash covers the
        # secret alone) were all issued with the first prefix: they verify under it only
        legacy = token.startswith(self.prefixes[0])
        matches = (hmac.compare_digest(hash_secret(pepper, token), expected)
                   | (hmac.compare_digest(hash_secret(pepper, secret), expected) & legacy))
        if (not row or not matches or row["revoked_at"] or row["surface"] != self.surface
                or row["kind"] != self.kind):
            return None
        signing = entry[2]
        if signing is _UNOPENED:
            signing = entry[2] = row.get("signing_secret")
            if signing:
                signing = entry[2] = (await self.signing_box()).open(signing, f"{self.surface}:{key_id}")
        # the prefix is hashed with the secret, so the one it verified under is the one it was issued with
        test = self.test_prefix is not None and token.startswith(self.test_prefix)
        return Credential(key_id=row["key_id"], surface=row["surface"], tenant=row["tenant"],
                          scopes=tuple(row["scopes"]), kind=row["kind"], signing_secret=signing,
                          rate_limits=row.get("rate_limits") or {}, test=test)

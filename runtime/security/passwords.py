"""Passwords of people a surface stores (customers), hashed with Argon2id (argon2-cffi).

Hashes live in runtime records of the store, never in resource documents, so no response can
carry one. Verification runs in a worker thread (Argon2 is deliberately slow) and costs the
same whether or not the account exists.
"""

from __future__ import annotations

import asyncio
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from specloom.backends.base import Store

NAMESPACE = "passwords"
_HASHER = PasswordHasher()


@functools.cache
def _dummy() -> str:
    """The hash an unknown account is checked against, made on the first such check (in the
    worker thread): an Argon2 hash takes its 64 MiB for a moment, which at import time was the
    peak resident memory of every serving process, password or not."""
    return _HASHER.hash("specloom: no such account")


class Passwords:
    def __init__(self, store: Store, surface: str, realm: str):
        self.store = store
        self.surface = surface
        self.realm = realm  # the resource whose records have passwords (customers)

    def _key(self, tenant: str, subject: str) -> str:
        return f"{self.surface}:{self.realm}:{tenant}:{subject}"

    async def set(self, tenant: str, subject: str, password: str) -> None:
        hashed = await asyncio.to_thread(_HASHER.hash, password)
        await self.store.kv_put(NAMESPACE, self._key(tenant, subject), {"hash": hashed})

    async def check(self, tenant: str, subject: str | None, password: str) -> bool:
        """Whether `password` is `subject`'s; as slow for an unknown subject as for a known one."""
        record = await self.store.kv_get(NAMESPACE, self._key(tenant, subject), 0.0) if subject else None
        hashed = record["value"]["hash"] if record else None

        def verify() -> bool:
            try:
                return _HASHER.verify(hashed or _dummy(), password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

        ok = await asyncio.to_thread(verify)
        return ok and record is not None

"""Revoked token families: the tombstones that end a refresh-token family (a customer session,
an OAuth grant) for good.

A family's tokens are separate records, written by whoever refreshes, so deleting them cannot
revoke the family on its own: a refresh that spent its token just before a reuse was detected
may write its new pair after the revocation deleted the family's records. So revocation also
writes a tombstone that nothing else ever writes or deletes, and every use of a token of the
family (verifying an access token, spending a refresh token) checks it: once the tombstone is
stored, no token of the family works, whatever was written before or after it. Each store call
is atomic, so this holds on every backend without multi-statement transactions.

A tombstone is kept `keep_seconds` — longer than any token of the family can live — and then
expires on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from specloom.backends.base import Store

NAMESPACE = "revoked_token_families"


class RevokedFamilies:
    """The tombstones of one kind of family (`kind` names the surface and scheme)."""

    def __init__(self, store: Store, kind: str, *, keep_seconds: float, clock: Callable[[], float] = time.time):
        self.store = store
        self.kind = kind
        self.keep_seconds = keep_seconds
        self.clock = clock

    def _key(self, family: str) -> str:
        return f"{self.kind}:{family}"

    async def revoke(self, family: str) -> None:
        now = self.clock()
        await self.store.kv_put(NAMESPACE, self._key(family), {"revoked_at": now},
                                expires_at=now + self.keep_seconds)

    async def is_revoked(self, family: str) -> bool:
        return await self.store.kv_get(NAMESPACE, self._key(family), self.clock()) is not None

"""Request signing: when the credential has a signing secret, every request must carry a
fresh, valid signature header; missing, stale, future, tampered or unparsable → the same 401
as any other authentication failure.

Replays are refused too: a signed request is accepted once. Each accepted signature is
recorded in the store (`signature_replays` runtime records, shared by every process on the
store) under a hash of the key id, the signature, the method and the request target, until its
timestamp leaves the tolerance window — after that the signature is refused as stale anyway,
and the record is purged. The same request presented again inside the window is the common
401. The method and target are part of the record because the signature covers only the
timestamp and the body: two different body-less requests signed in the same second carry the
same signature, and both are genuine.
"""

from __future__ import annotations

import hashlib
import time
from typing import Callable

from specloom.backends.base import Store
from specloom.generator.ir import Operation, Signing
from specloom.runtime.errors import Unauthorized
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.security import signatures

REPLAYS = "signature_replays"  # runtime records: signatures accepted, until they leave the window
PURGE_EVERY_SECONDS = 60.0  # how often a process purges expired records


class VerifySignature:
    name = "signing"

    def __init__(self, signing: Signing, store: Store | None = None, clock: Callable[[], float] = time.time):
        self.signing = signing
        self.store = store  # None: signatures are checked, replays are not
        self.clock = clock
        self._purged_at = float("-inf")

    def applies_to(self, operation: Operation) -> bool:
        return not operation.is_public

    async def apply(self, request: IncomingRequest) -> None:
        credential = request.credential
        if credential is None or not credential.signing_secret:
            return
        body = await request.raw_body()
        header = request.headers.get(self.signing.header.lower())
        now = self.clock()
        if not signatures.verify(credential.signing_secret, header, body, now=now,
                                 tolerance=self.signing.tolerance_seconds):
            raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
        if self.store is not None:
            parsed = signatures.parse(header or "")
            assert parsed is not None, "a verified header parses"
            # the signature that matched, as the server computes it: extra or re-spelt values
            # in the header make no new record
            accepted = signatures.signature(credential.signing_secret, parsed[0], body)
            await self._refuse_replay(request, credential.key_id, parsed[0], accepted, now)

    async def _refuse_replay(self, request: IncomingRequest, key_id: str, timestamp: int, accepted: str,
                             now: float) -> None:
        target = (request.scope.get("raw_path") or request.scope["path"].encode()) + b"?" + request.scope.get(
            "query_string", b"")
        digest = hashlib.sha256(b"\n".join([key_id.encode(), accepted.encode(),
                                            request.operation.method.upper().encode(), target])).hexdigest()
        expires = timestamp + self.signing.tolerance_seconds  # stale, hence refused, from then on
        if now - self._purged_at >= PURGE_EVERY_SECONDS:
            self._purged_at = now
            await self.store.kv_purge_expired(REPLAYS, now)
        if not await self.store.kv_add(REPLAYS, digest, {}, expires_at=max(expires, now) + 1, now=now):
            raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})

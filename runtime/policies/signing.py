"""Request signing: when the credential has a signing secret, every request must carry a
fresh, valid signature header; missing, stale, future, tampered or unparsable → the same 401
as any other authentication failure."""

from __future__ import annotations

import time
from typing import Callable

from specloom.generator.ir import Operation, Signing
from specloom.runtime.errors import Unauthorized
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.security import signatures


class VerifySignature:
    name = "signing"

    def __init__(self, signing: Signing, clock: Callable[[], float] = time.time):
        self.signing = signing
        self.clock = clock

    def applies_to(self, operation: Operation) -> bool:
        return not operation.is_public

    async def apply(self, request: IncomingRequest) -> None:
        credential = request.credential
        if credential is None or not credential.signing_secret:
            return
        body = await request.raw_body()
        header = request.headers.get(self.signing.header.lower())
        if not signatures.verify(credential.signing_secret, header, body, now=self.clock(),
                                 tolerance=self.signing.tolerance_seconds):
            raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})

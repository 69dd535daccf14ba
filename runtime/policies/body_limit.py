"""Body size limit and complete requests, the first policy of every operation.

A declared Content-Length over the limit is refused (413) before any work; a body streamed
without one is cut off as soon as it passes the limit. Then the whole body is read, before any
other policy runs: a client that disconnects before its body is complete (a body shorter than its
Content-Length, a chunked body without its last chunk) raises `ClientDisconnected`, so no rate
limit is charged, no idempotency key is claimed and no handler runs for an incomplete request."""

from __future__ import annotations

from specloom.generator.ir import Operation
from specloom.runtime.errors import PayloadTooLarge
from specloom.runtime.http.request import IncomingRequest


class BodyLimit:
    name = "body_limit"

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def applies_to(self, operation: Operation) -> bool:
        return True

    async def apply(self, request: IncomingRequest) -> None:
        length = request.declared_length()
        if length is not None and length > self.max_bytes:
            raise PayloadTooLarge(f"Request body exceeds the limit of {self.max_bytes} bytes")
        await request.raw_body()  # complete, or ClientDisconnected / 413 here

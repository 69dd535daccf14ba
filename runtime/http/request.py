"""The request as policies see it: headers, path parameters, a size-capped body, and what
earlier policies decided (tenant, credential, validated arguments).

The body is read here, whole, once: the handler gets the body the policies read. A client that
goes away before its body is complete (`http.disconnect` before the last `more_body: false`)
raises `ClientDisconnected`: an incomplete request is never executed."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from starlette.types import Receive, Scope

from specloom.generator.ir import Operation
from specloom.runtime.errors import BadRequest, ClientDisconnected, PayloadTooLarge
from specloom.runtime.security.credentials import Credential


class IncomingRequest:
    __slots__ = ("scope", "receive", "operation", "headers", "max_body", "tenant", "credential",
                 "arguments", "body", "_raw", "response_headers", "replay", "_outcome_callbacks")

    def __init__(self, scope: Scope, receive: Receive, operation: Operation, max_body: int):
        self.scope = scope
        self.receive = receive
        self.operation = operation
        self.headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self.max_body = max_body
        self.tenant: str | None = None
        self.credential: Credential | None = None
        self.arguments: dict[str, Any] = {}
        self.body: Any = None
        self._raw: bytes | None = None
        self.response_headers: dict[str, str] = {}
        self.replay: tuple[int, list[tuple[str, str]], bytes] | None = None
        self._outcome_callbacks: list[Callable[[int | None, list[tuple[str, str]], bytes], Awaitable[None]]] = []

    def set_rate_limit_headers(self, *, limit: int, remaining: int, reset: int) -> None:
        current = self.response_headers.get("X-RateLimit-Remaining")
        if current is not None and int(current) <= remaining:
            return
        self.response_headers.update({"X-RateLimit-Limit": str(limit),
                                      "X-RateLimit-Remaining": str(remaining),
                                      "X-RateLimit-Reset": str(reset)})

    def on_outcome(self, callback) -> None:
        """Call `callback(status, headers, body)` once the response is known; status None
        when the request was rejected before its handler ran or failed unexpectedly."""
        self._outcome_callbacks.append(callback)

    async def outcome(self, status: int | None, headers: list[tuple[str, str]], body: bytes, *,
                      in_unit: bool = False) -> None:
        """Run the outcome callbacks, then drop them. If one raises, they are all kept: the
        unit of work they ran in is rolled back, and either runs again or ends with a failure
        outcome (status None). `in_unit`: they ran inside a unit of work that has yet to commit,
        so they are kept until `outcome_committed` (a failed commit is a failure outcome too)."""
        for callback in self._outcome_callbacks:
            await callback(status, headers, body)
        if not in_unit:
            self._outcome_callbacks = []

    def outcome_committed(self) -> None:
        """The unit of work the outcome callbacks ran in committed: they are done."""
        self._outcome_callbacks = []

    @property
    def path_params(self) -> dict[str, str]:
        return self.scope.get("path_params") or {}

    def declared_length(self) -> int | None:
        raw = self.headers.get("content-length")
        if raw is None:
            return None
        if not (raw.isascii() and raw.isdigit()):  # int() would take any Unicode digit
            raise BadRequest("Content-Length is not a number")
        return int(raw)

    async def raw_body(self) -> bytes:
        """The whole body, read at most once; 413 as soon as it passes the limit;
        `ClientDisconnected` when the client leaves before sending all of it."""
        if self._raw is None:
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await self.receive()
                if message["type"] == "http.disconnect":
                    raise ClientDisconnected()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    raise PayloadTooLarge(f"Request body exceeds the limit of {self.max_body} bytes")
                chunks.append(chunk)
                more = message.get("more_body", False)
            self._raw = b"".join(chunks)
        return self._raw

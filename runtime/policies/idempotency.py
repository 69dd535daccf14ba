"""Idempotency keys: a retried write runs once.

The claim on (credential, key) is taken in the store before the request runs, so concurrent
duplicates see it (409 while in flight) in every process. A completed request's status,
headers and body are stored and replayed byte-for-byte with `Idempotent-Replayed: true`.

The outcome is recorded in the request's own unit of work (runtime/http/stack.py), in the
transaction of the handler's writes: after a crash at any point, the key either holds the
stored response (the write committed with it) or a stale claim of a request whose writes
never committed, which a retry may take over once it is older than `in_flight_seconds`. Each
claim carries a token; a request whose claim was taken over meanwhile cannot record its
outcome, so its writes are rolled back and it answers 409, rather than running twice.
The same key with another method, path or body is refused (422, or the surface's status).
A request rejected before its handler ran (validation) or failing with a 5xx stores nothing,
so it can be retried with the same key.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Callable

from specloom.backends.base import Store
from specloom.generator.ir import Idempotency, Operation
from specloom.runtime.errors import ApiError, BadRequest, Conflict
from specloom.runtime.http.request import IncomingRequest

from .rate_limit import client_ip

IN_FLIGHT_SECONDS = 60.0  # a claim older than this is taken to be from a crashed process
NOT_REPLAYED = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-request-id")


class IdempotencyMismatch(ApiError):
    status, code = 422, "idempotency_key_reused"
    default_message = "This Idempotency-Key was already used with another request"


class IdempotentRequests:
    name = "idempotency"

    def __init__(self, surface_name: str, config: Idempotency, store: Store,
                 clock: Callable[[], float] = time.time, in_flight_seconds: float = IN_FLIGHT_SECONDS):
        self.surface_name = surface_name
        self.config = config
        self.store = store
        self.clock = clock
        self.in_flight_seconds = in_flight_seconds

    def applies_to(self, operation: Operation) -> bool:
        return self.config.applies_to(operation.method)

    async def apply(self, request: IncomingRequest) -> None:
        cfg = self.config
        key = request.headers.get(cfg.header.lower())
        if key is None:
            if cfg.required:
                raise BadRequest(f"The {cfg.header} header is required for {request.operation.method} requests",
                                 code="idempotency_key_required")
            return
        if not key.strip() or len(key) > cfg.max_key_length:
            raise BadRequest(f"{cfg.header} must be 1 to {cfg.max_key_length} characters",
                             code="idempotency_key_invalid")
        owner = ("key:" + request.credential.key_id) if request.credential else ("ip:" + client_ip(request))
        scope = f"{self.surface_name}:{owner}"
        body = await request.raw_body()
        target = request.scope.get("raw_path", request.scope["path"].encode())
        query = request.scope.get("query_string", b"")
        fingerprint = hashlib.sha256(request.operation.method.encode() + b" " + target + b"?" + query
                                     + b"\n" + body).hexdigest()
        now = self.clock()
        claim = secrets.token_hex(16)
        existing = await self.store.idempotency_begin(scope, key, fingerprint, claim, now,
                                                      now + cfg.retention_seconds, now - self.in_flight_seconds)
        if existing is None:
            request.on_outcome(lambda status, headers, content: self._finish(scope, key, claim, status, headers,
                                                                            content))
            return
        if existing["fingerprint"] != fingerprint:
            error = IdempotencyMismatch()
            error.status = cfg.mismatch_status
            raise error
        if existing["state"] != "done":
            raise Conflict(f"A request with this {cfg.header} is still being processed",
                           code="idempotency_in_flight")
        headers = [(k, v) for k, v in existing["headers"]] + [("idempotent-replayed", "true")]
        request.replay = (existing["status"], headers, existing["body"])

    async def _finish(self, scope: str, key: str, claim: str, status: int | None,
                      headers: list[tuple[str, str]], body: bytes) -> None:
        if status is None or status >= 500:
            await self.store.idempotency_release(scope, key, claim)
            return
        kept = [(k, v) for k, v in headers if k.lower() not in NOT_REPLAYED]
        if not await self.store.idempotency_complete(scope, key, claim, status, kept, body):
            # the claim went stale and another request took the key over: this one must not
            # count, so raising here rolls its writes back (it runs in the unit of work)
            raise Conflict(f"A request with this {self.config.header} is still being processed",
                           code="idempotency_in_flight")

"""The policy stack, in its one documented order:

    errors → body limit → client rate limit → auth → credential rate limit → authorize
           → signing → idempotency → validation → handler

Writes run in a unit of work: the handler of a POST, PUT, PATCH or DELETE runs inside one
store transaction (`Store.transaction`), and its outcome (the idempotency record) is written
in that same transaction before it commits; its response is held back until the commit, so a
client never sees a response for a write that did not happen. A handler's refusal (an error
below 500) commits what it wrote (a refresh-token family revoked on reuse stays revoked);
a failure (500 and above, an unexpected exception, a response that breaks the contract) rolls
everything back. A unit that lost a race with another (a deadlock on PostgreSQL: units hold
their row locks till they commit) is rolled back by the store and run again, so a handler
must not act outside the store before its unit commits (it records what to send in the
outbox instead). The policies before the handler (rate limits, the idempotency claim) commit
on their own, so concurrent duplicates see the claim at once.

`errors` is the outermost ASGI middleware (`runtime/http/error_responses.py`); the rest run inside
`PolicyStack`, an ASGI middleware placed right after Connexion's routing middleware. Each
operation's list of policies is computed once at start-up, keyed by operationId; a policy
a surface does not declare is simply not in its lists.

Rate limiting is split around auth: per-client-IP buckets are charged before it, per-credential
buckets only after it succeeded, so a request with a bad key is never charged to the tenant
whose key it names; a valid key's request refused by `authorize` (scope, tenant, approval) is
charged to it like any other. A request refused before any bucket was charged (a bad key's
401, a 413 before authentication) and a request no operation serves (the router's 404 or 405)
are charged to the client IP's public bucket instead (`unidentified`,
runtime/policies/rate_limit.py), so every answer carries X-RateLimit-* headers.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Callable, Sequence

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from specloom.backends.base import StoreConflict
from specloom.generator.ir import Surface
from specloom.runtime.errors import ApiError, ClientDisconnected
from specloom.runtime.policies import Policy

from .request import IncomingRequest

ORDER = ("body_limit", "client_rate_limit", "auth", "rate_limit", "authorize", "signing", "idempotency",
         "validation")
UNIT_ATTEMPTS = 3  # runs of a unit of work that lost a race (StoreConflict) before giving up
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ROUTING = "connexion_routing"
REQUEST = "specloom_request"


class _Reply:
    """What the handler sends, recorded for its outcome (status, headers as sent by the
    handler, body) with the policies' `extra` headers added. Passed on to `send` as it comes,
    or, without one, held back until `release`."""

    def __init__(self, extra: list[tuple[bytes, bytes]], send: Send | None = None):
        self.extra = extra
        self.forward = send
        self.held: list[Message] = []
        self.status: int | None = None
        self.headers: list[tuple[str, str]] = []
        self.chunks: list[bytes] = []

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(k.decode(), v.decode()) for k, v in message["headers"]]
            message = {**message, "headers": list(message["headers"]) + self.extra}
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
        if self.forward is not None:
            await self.forward(message)
        else:
            self.held.append(message)

    async def release(self, send: Send) -> None:
        for message in self.held:
            await send(message)


class _FailedReply(Exception):
    """A handler answered 5xx (or nothing): its unit of work is rolled back, its reply sent."""

    def __init__(self, reply: _Reply):
        super().__init__("the handler answered with a failure")
        self.reply = reply


class PolicyStack:
    def __init__(self, app: ASGIApp, *, surface: Surface, policies: Sequence[Policy],
                 render_error: Callable[[ApiError], bytes],
                 unit_of_work: Callable[[], AbstractAsyncContextManager[None]] | None = None,
                 unidentified: Any = None):
        self.app = app
        self.surface = surface
        self.unidentified = unidentified  # the client RateLimiter: public bucket of unidentified requests
        self.render_error = render_error
        self.unit_of_work = unit_of_work
        ranked = sorted(policies, key=lambda p: ORDER.index(p.name))
        self.by_operation = {
            op.operation_id: (op, tuple(p for p in ranked if p.applies_to(op)))
            for op in surface.operations
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        operation_id = scope.get("extensions", {}).get(ROUTING, {}).get("operation_id")
        entry = self.by_operation.get(operation_id)
        if entry is None:  # not an API route: a 404/405 from the router (see UnroutedRequests)
            await self.app(scope, receive, send)
            return
        operation, policies = entry
        request = IncomingRequest(scope, receive, operation, self.surface.max_body_bytes)
        scope["extensions"][REQUEST] = request
        try:
            for policy in policies:
                await policy.apply(request)
        except BaseException as exc:
            await request.outcome(None, [], b"")  # rejected before the handler: nothing to keep
            if (self.unidentified is not None and isinstance(exc, ApiError)
                    and not isinstance(exc, ClientDisconnected)):
                await self.unidentified.charge_unidentified(request)  # no bucket yet: the client's public one
            raise
        extra = [(k.lower().encode(), v.encode()) for k, v in request.response_headers.items()]
        if request.replay is not None:
            status, headers, body = request.replay
            await send({"type": "http.response.start", "status": status,
                        "headers": [(k.encode(), v.encode()) for k, v in headers] + extra})
            await send({"type": "http.response.body", "body": body})
            return
        if self.unit_of_work is not None and operation.method.upper() not in SAFE_METHODS:
            await self._write(request, scope, receive, send, extra)
        else:
            await self._read(request, scope, receive, send, extra)

    async def _read(self, request: IncomingRequest, scope: Scope, receive: Receive, send: Send,
                    extra: list[tuple[bytes, bytes]]) -> None:
        """Run the handler, streaming its response as it comes."""
        reply = _Reply(extra, send)
        try:
            await self.app(scope, receive, reply.send)
        except ApiError as exc:
            if exc.status < 500:  # a refusal by the handler (404, 409...) is an outcome to keep
                await request.outcome(exc.status, self._error_headers(exc), self.render_error(exc))
            else:
                await request.outcome(None, [], b"")
            raise
        except BaseException:
            await request.outcome(None, [], b"")
            raise
        await request.outcome(reply.status, reply.headers, reply.body)

    async def _write(self, request: IncomingRequest, scope: Scope, receive: Receive, send: Send,
                     extra: list[tuple[bytes, bytes]]) -> None:
        """Run the handler in a unit of work; send its response only once it committed. A
        unit that lost a race with another (StoreConflict: a deadlock, a serialization
        failure) was rolled back whole and runs again, up to `UNIT_ATTEMPTS` times."""
        for attempt in range(1, UNIT_ATTEMPTS + 1):
            try:
                reply, refusal = await self._run_unit(request, scope, receive, extra)
                break
            except StoreConflict:
                if attempt == UNIT_ATTEMPTS:
                    await request.outcome(None, [], b"")
                    raise
            except _FailedReply as failed:
                await request.outcome(None, [], b"")  # a 5xx reply: its writes rolled back, the reply sent
                reply, refusal = failed.reply, None
                break
            except BaseException:
                await request.outcome(None, [], b"")  # rolled back: nothing to keep
                raise
        if refusal is not None:
            raise refusal
        await reply.release(send)

    async def _run_unit(self, request: IncomingRequest, scope: Scope, receive: Receive,
                        extra: list[tuple[bytes, bytes]]) -> tuple[_Reply, ApiError | None]:
        """One attempt: the handler and its outcome in one unit of work. Returns the reply,
        held back, and the handler's refusal (an error below 500, committed), if any."""
        assert self.unit_of_work is not None
        reply = _Reply(extra)
        refusal: ApiError | None = None
        async with self.unit_of_work():
            try:
                await self.app(scope, receive, reply.send)
            except ApiError as exc:
                if exc.status >= 500:
                    raise
                # a refusal commits what the handler wrote, and is kept
                refusal = exc
                await request.outcome(exc.status, self._error_headers(exc), self.render_error(exc), in_unit=True)
            else:
                if reply.status is None or reply.status >= 500:
                    raise _FailedReply(reply)
                await request.outcome(reply.status, reply.headers, reply.body, in_unit=True)
        request.outcome_committed()  # a commit that failed left them for the failure outcome
        return reply, refusal

    @staticmethod
    def _error_headers(exc: ApiError) -> list[tuple[str, str]]:
        return [("content-type", "application/json")] + list(exc.headers.items())


class UnroutedRequests:
    """Around the router: a request no operation serves — the router's own 404 or 405 — has
    no credential either, so it is counted in its client IP's public bucket and answered with
    that bucket's X-RateLimit-* headers (429 once the bucket is full)."""

    def __init__(self, app: ASGIApp, *, limiter: Any, max_body: int):
        self.app = app
        self.limiter = limiter  # the client RateLimiter, or None when rate limits are off
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limiter is None:
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        except HTTPException:
            extensions = scope.setdefault("extensions", {})
            if REQUEST not in extensions:  # the router answered: no operation, no policy ran
                request = IncomingRequest(scope, receive, None, self.max_body)  # type: ignore[arg-type]
                extensions[REQUEST] = request
                await self.limiter.charge_unidentified(request)
            raise

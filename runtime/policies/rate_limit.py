"""Rate limits: fixed windows counted in the store, so every process on one store shares them.

Two phases: `client_rate_limit` runs before authentication and counts per client IP;
`rate_limit` runs after it and counts per credential — so requests that fail authentication
are never charged to the tenant they name. Every response carries the most constraining
rule's X-RateLimit-Limit/Remaining/Reset; over the limit → 429 with Retry-After.

Operations callable without a credential (public ones) also get the surface's
`publicRateLimits`, per client IP; a surface that declares none gets the runtime's default
(`public_default_rules`: `SPECLOOM_PUBLIC_RATE_LIMIT` requests and `SPECLOOM_PUBLIC_FAILURE_LIMIT`
failed attempts a minute), so no public operation — a coupon check, a token endpoint — can be
hammered from one address.

A request answered before any credential was accepted — a 401, a 413 or malformed request
refused before authentication, a path or method no operation serves (404, 405) — is a public
request of its client: `charge_unidentified` counts it in the client IP's public bucket (the
surface's `publicRateLimits`, else the runtime's default requests rule) and gives it that
bucket's headers, or 429 once the bucket is full. So every response carries X-RateLimit-*:
the credential's bucket once one was accepted, the client's public bucket otherwise.

A rule with `count: failures` counts only the operation's own 401 answers (a wrong client
secret, password or one-time code), once the answer is known; when a window's failures reach the
limit, a block is stored until the window ends and every request of that client to the
operation is refused with 429 before it runs.
"""

from __future__ import annotations

import logging
import math
import time
from functools import partial
from typing import Callable

from specloom.backends.base import Store
from specloom.generator.ir import Operation, RateLimit, Surface
from specloom.runtime.errors import ApiError
from specloom.runtime.http.request import IncomingRequest

log = logging.getLogger("specloom.rate_limit")

BLOCKS = "rate_limit_blocks"  # runtime records: a client blocked by a failures rule until its window ends
PUBLIC_WINDOW_SECONDS = 60


class TooManyRequests(ApiError):
    status, code, default_message = 429, "rate_limited", "Too many requests"


def client_ip(request: IncomingRequest) -> str:
    client = request.scope.get("client")
    return client[0] if client else "unknown"


def public_default_rules(requests_per_minute: int, failures_per_minute: int) -> tuple[RateLimit, ...]:
    """The runtime's rules for the public operations of a surface declaring no
    `publicRateLimits` (0: that rule is off)."""
    rules = []
    if requests_per_minute > 0:
        rules.append(RateLimit("public", requests_per_minute, PUBLIC_WINDOW_SECONDS, per="client"))
    if failures_per_minute > 0:
        rules.append(RateLimit("publicFailures", failures_per_minute, PUBLIC_WINDOW_SECONDS, per="client",
                               counts="failures"))
    return tuple(rules)


def _window(rule: RateLimit, now: float) -> tuple[int, float]:
    window = int(now // rule.window_seconds)
    return window, (window + 1) * rule.window_seconds


class RateLimiter:
    def __init__(self, surface: Surface, store: Store, *, per: str,
                 clock: Callable[[], float] = time.time, public_defaults: tuple[RateLimit, ...] = ()):
        self.surface = surface
        self.store = store
        self.per = per
        self.name = "client_rate_limit" if per == "client" else "rate_limit"
        self.clock = clock
        public = surface.public_rate_limits if surface.public_rate_limits is not None else public_defaults
        self.rules = {op.operation_id: tuple(r for r in surface.rate_limits_for(op) + (public if op.is_public else ())
                                             if r.per == per)
                      for op in surface.operations}
        # the public bucket of requests no credential was accepted for (charge_unidentified)
        self.unidentified = tuple(r for r in public if r.counts != "failures")

    def applies_to(self, operation: Operation) -> bool:
        return bool(self.rules[operation.operation_id])

    def _identity(self, request: IncomingRequest) -> str:
        if self.per == "credential" and request.credential is not None:
            return "key:" + request.credential.key_id
        return "ip:" + client_ip(request)

    def _bucket(self, rule: RateLimit, identity: str) -> str:
        return f"{self.surface.name}:{rule.name}:{identity}"

    def _applies(self, rule: RateLimit, request: IncomingRequest) -> bool:
        if rule.when_query is None:
            return True
        query = request.scope.get("query_string", b"").decode("latin-1")
        return any(part.split("=", 1)[0] == rule.when_query for part in query.split("&"))

    async def apply(self, request: IncomingRequest) -> None:
        now = self.clock()
        identity = self._identity(request)
        rules = [rule for rule in self.rules[request.operation.operation_id] if self._applies(rule, request)]
        failures = [rule for rule in rules if rule.counts == "failures"]
        for rule in failures:
            await self._refuse_while_blocked(rule, identity, now, request)
        if failures:
            request.on_outcome(partial(self._count_failures, failures, identity))
        await self._count_request(request, identity, now, [rule for rule in rules if rule.counts != "failures"])

    async def charge_unidentified(self, request: IncomingRequest) -> None:
        """Count a request answered before any credential was accepted (401, 413, no route) in
        its client IP's public bucket and set that bucket's headers; 429 once it is full. A
        request whose headers some bucket already set is not counted twice."""
        if not self.unidentified or request.credential is not None or "X-RateLimit-Limit" in request.response_headers:
            return  # nothing to count, a credential's request (its own rules, if any), or counted already
        rules = [rule for rule in self.unidentified if self._applies(rule, request)]
        await self._count_request(request, "ip:" + client_ip(request), self.clock(), rules)

    async def _count_request(self, request: IncomingRequest, identity: str, now: float,
                             rules: list[RateLimit]) -> None:
        own_limits = request.credential.rate_limits if (
            self.per == "credential" and request.credential is not None) else {}
        tightest: tuple[int, int, float] | None = None  # remaining, limit, reset seconds
        exceeded: tuple[int, float] | None = None
        windows = [_window(rule, now) for rule in rules]
        # every rule of the request counted in one statement (one transaction), not one each
        counts = await self.store.rate_limit_hits(
            [(self._bucket(rule, identity), window, window_end)
             for rule, (window, window_end) in zip(rules, windows)]) if rules else []
        for rule, (window, window_end), count in zip(rules, windows, counts):
            limit = rule.limit_for(own_limits)
            remaining = max(limit - count, 0)
            reset = window_end - now
            if tightest is None or remaining < tightest[0]:
                tightest = (remaining, limit, reset)
            if count > limit and (exceeded is None or reset > exceeded[1]):
                exceeded = (limit, reset)
        if tightest is None:
            return
        request.set_rate_limit_headers(limit=tightest[1], remaining=tightest[0],
                                       reset=math.ceil(tightest[2]))
        if exceeded is not None:
            raise TooManyRequests(
                f"Rate limit exceeded: at most {exceeded[0]} requests per window; retry in "
                f"{math.ceil(exceeded[1])} s",
                headers={**request.response_headers, "Retry-After": str(math.ceil(exceeded[1]))})

    async def _refuse_while_blocked(self, rule: RateLimit, identity: str, now: float,
                                    request: IncomingRequest) -> None:
        block = await self.store.kv_get(BLOCKS, self._bucket(rule, identity), now)
        if block is None:
            return
        retry = max(math.ceil(block["expires_at"] - now), 1)
        raise TooManyRequests(f"Too many failed attempts: at most {rule.limit} per {rule.window_seconds} s; retry in "
                              f"{retry} s",
                              headers={**request.response_headers, "Retry-After": str(retry)})

    async def _count_failures(self, rules: list[RateLimit], identity: str, status: int | None,
                              headers: list[tuple[str, str]], body: bytes) -> None:
        """Charge a 401 answer to each failures rule; block the client when one is full."""
        if status != 401:
            return
        now = self.clock()
        try:
            for rule in rules:
                window, window_end = _window(rule, now)
                bucket = self._bucket(rule, identity)
                if await self.store.rate_limit_hit(bucket, window, window_end) >= rule.limit:
                    await self.store.kv_put(BLOCKS, bucket, {"rule": rule.name}, expires_at=window_end)
        except Exception:  # noqa: BLE001 - the answer has gone out; a store hiccup must not turn it into an error
            log.warning("could not count a failed attempt of %s for %s", self.surface.name, identity, exc_info=True)

"""Rate limits: fixed windows counted in the store, so every process on one store shares them.

Two phases: `client_rate_limit` runs before authentication and counts per client IP;
`rate_limit` runs after it and counts per credential — so requests that fail authentication
are never charged to the tenant they name. Every response carries the most constraining
rule's X-RateLimit-Limit/Remaining/Reset; over the limit → 429 with Retry-After.
"""

from __future__ import annotations

import math
import time
from typing import Callable

from specloom.backends.base import Store
from specloom.generator.ir import Operation, RateLimit, Surface
from specloom.runtime.errors import ApiError
from specloom.runtime.http.request import IncomingRequest


class TooManyRequests(ApiError):
    status, code, default_message = 429, "rate_limited", "Too many requests"


def client_ip(request: IncomingRequest) -> str:
    client = request.scope.get("client")
    return client[0] if client else "unknown"


class RateLimiter:
    def __init__(self, surface: Surface, store: Store, *, per: str,
                 clock: Callable[[], float] = time.time):
        self.surface = surface
        self.store = store
        self.per = per
        self.name = "client_rate_limit" if per == "client" else "rate_limit"
        self.clock = clock
        self.rules = {op.operation_id: tuple(r for r in surface.rate_limits_for(op) if r.per == per)
                      for op in surface.operations}

    def applies_to(self, operation: Operation) -> bool:
        return bool(self.rules[operation.operation_id])

    def _identity(self, request: IncomingRequest) -> str:
        if self.per == "credential" and request.credential is not None:
            return "key:" + request.credential.key_id
        return "ip:" + client_ip(request)

    def _applies(self, rule: RateLimit, request: IncomingRequest) -> bool:
        if rule.when_query is None:
            return True
        query = request.scope.get("query_string", b"").decode("latin-1")
        return any(part.split("=", 1)[0] == rule.when_query for part in query.split("&"))

    async def apply(self, request: IncomingRequest) -> None:
        now = self.clock()
        identity = self._identity(request)
        own_limits = request.credential.rate_limits if (
            self.per == "credential" and request.credential is not None) else {}
        tightest: tuple[int, int, float] | None = None  # remaining, limit, reset seconds
        exceeded: tuple[int, float] | None = None
        for rule in self.rules[request.operation.operation_id]:
            if not self._applies(rule, request):
                continue
            window = int(now // rule.window_seconds)
            window_end = (window + 1) * rule.window_seconds
            count = await self.store.rate_limit_hit(f"{self.surface.name}:{rule.name}:{identity}",
                                                    window, window_end)
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

"""The policy stack, in its one documented order:

    errors → body limit → rate limit → auth → signing → idempotency → validation → handler

`errors` is the outermost ASGI middleware (`runtime.error_responses`); the rest run inside
`PolicyStack`, an ASGI middleware placed right after Connexion's routing middleware. Each
operation's list of policies is computed once at start-up, keyed by operationId. Policies
not built yet for a surface (rate limit, signing, idempotency) simply are not in its list.
"""

from __future__ import annotations

from typing import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from specloom.generator.ir import Surface

from .policies import Policy
from .request import IncomingRequest

ORDER = ("body_limit", "rate_limit", "auth", "signing", "idempotency", "validation")
ROUTING = "connexion_routing"
REQUEST = "specloom_request"


class PolicyStack:
    def __init__(self, app: ASGIApp, *, surface: Surface, policies: Sequence[Policy]):
        self.app = app
        self.surface = surface
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
        if entry is None:  # not an API route: docs, or a 404/405 from the router
            await self.app(scope, receive, send)
            return
        operation, policies = entry
        request = IncomingRequest(scope, receive, operation, self.surface.max_body_bytes)
        for policy in policies:
            await policy.apply(request)
        scope["extensions"][REQUEST] = request
        await self.app(scope, receive, send)

"""`payments.start` and `payments.callback`: the two operations of a payment
(runtime/payments/), configured by the surface's `x-specloom.payments`.

    POST /api/v1/{siteId}/orders/{orderId}/payment      payments.start (resource: orders)
    → 201 {"success": true, "data": {"id": "ps_…", "status": "PENDING", "url": "https://…/_specloom/pay/…", …}}

    POST /api/v1/{siteId}/payments/callback             payments.callback (public: the signature is the credential)
    → 200 the session, settled (or as it was, for a repeated callback); 401 unsigned, forged or stale

`payments.start` pays the record the path names, with the amount and currency taken from it
(a test-mode key's session lives in the tenant's sandbox, and its callback, which names the
site as clients know it, settles it there);
`payments.callback` hands the raw body and headers to the provider, which verifies them before
anything is read, then settles the session in the request's unit of work.
"""

from __future__ import annotations

import re
import time
from typing import Any

from specloom.runtime.errors import NotFound, Unauthorized
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.payments.interface import CallbackRefused
from specloom.runtime.payments.service import PaymentService
from specloom.runtime.payments.sessions import settle, start_payment
from specloom.runtime.security.sandbox import public_tenant
from specloom.runtime.services.resources import TenantResources

from . import action
from .records import target_record

_HOST = re.compile(r"^[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?$")


def request_origin(ctx: RequestContext) -> str:
    """scheme://host the client reached the API at, for URLs handed back to it: the deployment's
    `SPECLOOM_PUBLIC_URL` when set, else the request's Host header when well-formed, else the
    address the server listens on."""
    public = getattr(ctx.runtime.settings, "public_url", None)
    if public:
        return str(public).rstrip("/")
    scope = ctx.request.scope
    scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
    host = ctx.request.headers.get("host", "")
    if not _HOST.match(host):
        server = scope.get("server") or ("localhost", None)
        host = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
    return f"{scheme}://{host}"


@action("payments.start")
async def start(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    service = ctx.runtime.service(PaymentService)
    record = await target_record(ctx, arguments)
    return_url = (body or {}).get(settings.get("returnUrlField", "returnUrl")) if isinstance(body, dict) else None
    session = await start_payment(ctx.resources, service.payments, await service.provider(), record,
                                  site=public_tenant(ctx.tenant or ""), origin=request_origin(ctx), now=time.time(),
                                  return_url=return_url)
    return ctx.respond.item(session, status=ctx.operation.success_status)


@action("payments.callback")
async def callback(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    service = ctx.runtime.service(PaymentService)
    provider = await service.provider()
    raw = await ctx.request.raw_body()
    try:
        outcome = provider.verify_callback(ctx.request.headers, raw)
    except CallbackRefused:
        raise Unauthorized("Invalid payment callback signature", code="invalid_signature") from None
    if outcome.site != ctx.tenant:  # a genuine callback, sent to another site's path
        raise NotFound("Payment session not found")
    resources = (ctx.resources if outcome.tenant == ctx.resources.tenant
                 else TenantResources(ctx.surface, ctx.resources.store, outcome.tenant))
    session, _ = await settle(resources, service.payments, outcome)
    return ctx.respond.item(session, status=ctx.operation.success_status)

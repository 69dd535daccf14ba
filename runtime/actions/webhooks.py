"""`webhooks.subscribe` and `webhooks.unsubscribe`: make and delete webhook subscriptions of the
surface's `x-specloom.webhooks` (runtime/webhooks/ delivers to them).

    x-specloom: { resource: webhooks, action: webhooks.subscribe }     # POST .../webhooks
    x-specloom: { resource: webhooks, action: webhooks.unsubscribe }   # DELETE .../webhooks/{webhookId}

`subscribe` checks the URL (runtime/security/outbound_urls.py `public_url_problem`: https, a public host, no
credentials; a refusal answers the surface's validation status with details on the URL field)
and the event names (those of `webhooks.events` when the surface lists them), stores the
subscription, issues its signing secret (`<secretPrefix>` + 40 random characters), keeps the
secret sealed under the server pepper and answers with the subscription plus the secret in
`secretField` — the only time the secret is shown. `unsubscribe` deletes the subscription and
its secret; deliveries still queued for it end `failed`. Listing subscriptions is a plain
`list` of the subscriptions resource: the secret is not part of the record.
"""

from __future__ import annotations

from typing import Any

from specloom.runtime.errors import ValidationFailed, body_field_refused
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.security.outbound_urls import public_url_problem
from specloom.runtime.webhooks.subscription_secrets import forget_secret, keep_secret, new_secret

from . import action
from .records import target_record


def _refuse(ctx: RequestContext, field: str, code: str, message: str) -> ValidationFailed:
    return body_field_refused(ctx.surface.validation_status, field, code, message)


def _webhooks(ctx: RequestContext):
    hooks = ctx.surface.webhooks
    if hooks is None:
        raise LookupError(f"{ctx.operation.operation_id}: the surface declares no x-specloom.webhooks")
    return hooks


@action("webhooks.subscribe")
async def subscribe(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    hooks = _webhooks(ctx)
    body = dict(body) if isinstance(body, dict) else {}
    url = body.get(hooks.url_field)
    problem = (public_url_problem(url, tuple(ctx.runtime.settings.webhook_http_hosts)) if isinstance(url, str)
               else ("required", "is required"))
    if problem is not None:
        raise _refuse(ctx, hooks.url_field, *problem)
    events = body.get(hooks.events_field)
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise _refuse(ctx, hooks.events_field, "required", "must list at least one event")
    unknown = [e for e in events if hooks.events and e not in hooks.events]
    if unknown:
        raise _refuse(ctx, hooks.events_field, "unknown_event",
                      f"unknown event {unknown[0]}; known: {', '.join(hooks.events)}")
    body[hooks.events_field] = list(dict.fromkeys(events))
    body.pop(hooks.secret_field, None)
    record = await ctx.resources.create(ctx.operation.resource, body)
    secret = new_secret(hooks.secret_prefix)
    try:
        await keep_secret(ctx.runtime, ctx.resources.tenant, record["id"], secret)
    except BaseException:
        await ctx.resources.delete(ctx.operation.resource, record)
        raise
    return ctx.respond.item({**record, hooks.secret_field: secret}, status=ctx.operation.success_status)


subscribe.refusals = (400, 422)  # schema-valid URLs it refuses (validation status): by design (runtime/fuzz)


@action("webhooks.unsubscribe")
async def unsubscribe(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    _webhooks(ctx)
    record = await target_record(ctx, arguments)
    await ctx.resources.delete(ctx.operation.resource, record)
    await forget_secret(ctx.runtime, record["id"])
    return ctx.respond.deleted(status=ctx.operation.success_status)

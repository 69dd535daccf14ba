"""`webhooks.deliveries`: the delivery history of one webhook subscription of the request's
tenant, newest first, in the surface's cursor page (runtime/webhooks/ records each delivery in
the outbox: its status, attempts, the receiver's last answer and error).

    x-specloom:
      resource: webhookSubscriptions           # the surface's webhooks.subscriptions
      action: webhooks.deliveries
      with: { fields: { subscription: webhook_id, lastStatus: response_status } }

The subscription is the record the path names (another tenant's, or one deleted: 404). A
delivery is `{id, subscription, event, status, attempts, lastStatus, lastError, nextAttemptAt,
deliveredAt, createdAt, updatedAt}` — `status` `pending` (to be tried, again after a failure),
`delivered` or `failed` (given up), times as ISO 8601 UTC — each key renamed by `with.fields`.
The history is what the outbox keeps (finished rows for SPECLOOM_WEBHOOK_RETENTION_SECONDS), read
up to `with.scanLimit` newest deliveries of the tenant (default the surface's collectionLimit);
pages go both ways by the surface's opaque cursors (newest first, keyset on the creation time
and id), so deliveries made meanwhile shift no page.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from specloom.backends.base import Filter, Page, PageRequest
from specloom.runtime.handler_api import Reply, RequestContext

from . import action
from .records import target_record

FIELDS = {"id": "id", "subscription": "subscription", "event": "event", "status": "status",
          "attempts": "attempts", "lastStatus": "last_status", "lastError": "last_error",
          "nextAttemptAt": "next_attempt_at", "deliveredAt": "delivered_at", "createdAt": "created_at",
          "updatedAt": "updated_at"}
TIMES = {"next_attempt_at", "delivered_at", "created_at", "updated_at"}


def _iso(seconds: Any) -> str | None:
    if not isinstance(seconds, (int, float)):
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def shown(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A delivery as clients see it: its logical fields under the operation's names."""
    out: dict[str, Any] = {}
    for logical, column in FIELDS.items():
        value = row.get(column)
        if column in TIMES:
            value = _iso(value)
        if column == "next_attempt_at" and row.get("status") != "pending":
            value = None  # nothing more will be tried
        out[names.get(logical, logical)] = value
    return out


def paged(rows: list[dict[str, Any]], request: PageRequest) -> Page:
    """A keyset page of `rows` (newest first) after or before a position (created_at, id)."""
    def key(row: dict[str, Any]) -> tuple:
        return (float(row["created_at"]), str(row["id"]))

    ordered = sorted(rows, key=key, reverse=True)
    if request.after is not None:
        after = (float(request.after[0]), str(request.after[1]))
        ordered = [r for r in ordered if key(r) < after]
        chosen, has_next, has_previous = ordered[:request.limit], len(ordered) > request.limit, True
    elif request.before is not None:
        before = (float(request.before[0]), str(request.before[1]))
        earlier = [r for r in ordered if key(r) > before]
        chosen, has_previous, has_next = earlier[-request.limit:], len(earlier) > request.limit, True
    else:
        chosen, has_next, has_previous = ordered[:request.limit], len(ordered) > request.limit, False
    return Page(items=chosen, total=None, has_next=has_next, has_previous=has_previous,
                first_position=list(key(chosen[0])) if chosen else None,
                last_position=list(key(chosen[-1])) if chosen else None)


@action("webhooks.deliveries")
async def deliveries(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    if ctx.surface.webhooks is None:
        raise LookupError(f"{ctx.operation.operation_id}: the surface declares no x-specloom.webhooks")
    subscription = await target_record(ctx, arguments)
    op = ctx.operation
    ctx.query(Filter("subscription", subscription["id"]))  # cursors bound to tenant, operation, subscription
    request = ctx.paging(**{role: arguments.get(p.python_name) for role in ("limit", "cursor", "previous_cursor")
                            if (p := op.param(role)) is not None})
    scan = int(settings.get("scanLimit") or ctx.surface.collection_limit)
    rows = await ctx.resources.store.outbox_list(ctx.surface.name, tenant=ctx.resources.tenant,
                                                 deliveries=True, limit=scan)
    page = paged([r for r in rows if r.get("subscription") == subscription["id"]], request)
    names = dict(settings.get("fields") or {})
    return ctx.respond.page(Page(items=[shown(r, names) for r in page.items], total=None, has_next=page.has_next,
                                 has_previous=page.has_previous, first_position=page.first_position,
                                 last_position=page.last_position))

"""`counters.adjust`: the `counter` domain action for a record named by any path parameter
(Alva: `POST /orders/{shopify_order_id}/access/extra-downloads` adds to `extra_downloads`).

    x-specloom:
      resource: orders
      action: counters.adjust
      with: { field: extra_downloads, amountField: additional_downloads }

Settings mean what the `counter` keyword's do (`field`, `floor`, `modeField`, `amountField`);
without a mode in the body the amount is added. The record is the one the operation's last
path parameter names. The change is atomic (row-locked); below the floor → 409 `insufficient_quantity`.
"""

from __future__ import annotations

from typing import Any

from specloom.generator.ir import Counter
from specloom.runtime.handler_api import Reply, RequestContext

from . import action
from .records import target_record


@action("counters.adjust")
async def adjust(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await target_record(ctx, arguments)
    defaults = Counter(field=settings["field"])
    counter = Counter(field=settings["field"], floor=settings.get("floor", defaults.floor),
                      mode_field=settings.get("modeField", defaults.mode_field),
                      amount_field=settings.get("amountField", defaults.amount_field))
    updated = await ctx.resources.adjust_counter(ctx.operation.resource, record, body or {}, counter)
    return ctx.respond.item(updated, status=ctx.operation.success_status)

"""`states.transition`: move a record by a named transition of its resource's state machine
(runtime/state_machines.py), atomically, and answer with the updated record.

    x-specloom:
      resource: orders
      action: states.transition
      with: { transition: fulfill }
"""

from __future__ import annotations

from typing import Any

from ..handler_api import Reply, RequestContext
from ..state_machines import apply_transition
from . import action
from .records import target_record


@action("states.transition")
async def transition(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await target_record(ctx, arguments)
    updated = await apply_transition(ctx.resources, ctx.operation.resource, record,
                                     settings["transition"], body)
    if settings.get("embed"):
        await ctx.resources.expand(ctx.operation.resource, [updated], settings["embed"])
    return ctx.respond.item(updated, status=ctx.operation.success_status)

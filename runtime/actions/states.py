"""`states.transition`: move a record by a transition of its resource's state machine
(runtime/services/state_machines.py), atomically, and answer with the updated record.

    x-specloom:
      resource: orders
      action: states.transition
      with: { transition: fulfill }

The transition is the named one, or (`targetField`) the one leading to the state the body
names, from the record's current state. `target` names a fixed state the operation moves to, by whichever transition leads there from the
current state (Alza's acknowledgement: `acknowledge` from Pending, `reacknowledge` from
Acknowledged, so acknowledging twice answers the same record). `idField` names the record by a body field when
the path does not (Shopvo: `PATCH /checkout {"sessionId": "cs_abc", "state": "shipping"}`).
"""

from __future__ import annotations

from typing import Any

from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.state_machines import apply_transition

from . import action
from .records import target_record


@action("states.transition")
async def transition(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await target_record(ctx, arguments, body=body, body_field=settings.get("idField"))
    target = (body or {}).get(settings["targetField"]) if settings.get("targetField") else None
    if target is None and settings.get("target") is not None:  # always to this state, from wherever it is
        target = settings["target"]
    updated = await apply_transition(ctx.resources, ctx.operation.resource, record,
                                     settings.get("transition"), body, target=target)
    if settings.get("embed"):
        await ctx.resources.expand(ctx.operation.resource, [updated], settings["embed"])
    return ctx.respond.item(updated, status=ctx.operation.success_status)

"""`states.transition`: move a record by a transition of its resource's state machine
(runtime/services/state_machines.py), atomically, and answer with the updated record.

    x-specloom:
      resource: orders
      action: states.transition
      with: { transition: fulfill }

The transition is the named one, or (`targetField`) the one leading to the state the body
names, from the record's current state; `transitions` limits the choice to those named (an
admin's status change never takes the transition a payment takes). `idField` names the record by a body field when
the path does not (Shopvo: `PATCH /checkout {"sessionId": "cs_abc", "state": "shipping"}`).
`target` names a fixed state the operation moves to, by whichever transition leads there from the
current state (Alza's acknowledgement: `acknowledge` from Pending, `reacknowledge` from
Acknowledged, so acknowledging twice answers the same record). `expectedStateField` names a body
field with the state the client read the record in: found in another state under the row lock,
the move is 409 `state_conflict` (it lost a race with another move), not the refusal status. `defaultTransition` is taken when the body names no state (Shopvo: a gift card's PATCH with
only a new `expiresAt`; `{"status": "VOID"}` takes the transition to VOID).
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
    named = settings.get("transition")
    if target is None and settings.get("defaultTransition"):  # the body names no state (a new expiry)
        named = settings["defaultTransition"]
    expected = {}
    if settings.get("expectedStateField") and isinstance(body, dict) and settings["expectedStateField"] in body:
        expected = {"expected": body[settings["expectedStateField"]]}  # optimistic: the state the client read
    updated = await apply_transition(ctx.resources, ctx.operation.resource, record,
                                     named, body, target=target,
                                     allowed=settings.get("transitions"), **expected)
    if settings.get("embed"):
        await ctx.resources.expand(ctx.operation.resource, [updated], settings["embed"])
    return ctx.respond.item(updated, status=ctx.operation.success_status)

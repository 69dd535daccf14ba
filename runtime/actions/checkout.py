"""`checkout.pay`: check a record out and start paying what the checkout made, in one request
(Aly: `POST /stores/{store}/carts/{cart}/checkout` answers the payment session whose `url` the
buyer is redirected to).

    x-specloom:
      resource: carts
      action: checkout.pay
      with: { transition: checkout, returnUrlField: return_url }

The record the path names takes the transition `transition` of its state machine (row-locked,
with its `redeems`, `decrements` and `marks`), which must `creates` a record of the surface's
`payments.pays.resource` (the order) and name it in its `linkField`; then a payment session for
that new record starts through the payment-provider interface (runtime/payments/), exactly as
`payments.start` starts one: amount and currency from the new record, never from the client.
Both happen in the request's unit of work. The answer is the session (201). A record the
transition does not apply to (a cart already checked out) is refused by the state machine and
nothing is made. The provider's signed callback then settles the session and moves the order
(`payments.callback`).
"""

from __future__ import annotations

import time
from typing import Any

from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.payments.service import PaymentService
from specloom.runtime.payments.sessions import start_payment
from specloom.runtime.security.sandbox import public_tenant
from specloom.runtime.services.state_machines import apply_transition

from . import action
from .payments import request_origin
from .records import target_record


@action("checkout.pay")
async def pay(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    service = ctx.runtime.service(PaymentService)
    payments = service.payments
    resource = ctx.surface.resource(ctx.operation.resource)
    machine = resource.state_machine
    transition = machine.transition(settings["transition"]) if machine else None
    if transition is None or transition.creates is None or not transition.creates.link_field:
        raise LookupError(f"{ctx.operation.operation_id}: the transition must create the paid record (lint)")
    record = await target_record(ctx, arguments)
    moved = await apply_transition(ctx.resources, resource.name, record, transition.name, body)
    paid = await ctx.resources.lookup(payments.resource, moved[transition.creates.link_field])
    return_url = body.get(settings.get("returnUrlField", "returnUrl")) if isinstance(body, dict) else None
    session = await start_payment(ctx.resources, payments, await service.provider(), paid,
                                  site=public_tenant(ctx.tenant or ""), origin=request_origin(ctx),
                                  now=time.time(), return_url=return_url)
    return ctx.respond.item(session, status=ctx.operation.success_status)


# a schema-valid checkout of a cart already checked out is refused by its state machine
pay.refusals = (409, 422)

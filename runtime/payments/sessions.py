"""Payment sessions: starting one for a record, and settling it from a verified callback.

A session is a record of the surface's `payments.sessions` resource: the paid record
(`linkField`), `amount` and `currency` taken from that record when the session starts (never
from the client), `status` PENDING → SUCCEEDED | FAILED, the provider's `url`, `expiresAt`,
`completedAt`.

Starting is refused (the paid resource's refusal status, 409 for Shopvo) when the record is
not awaiting payment: its `succeeded` transition would not apply to it (an order already paid,
cancelled, or refunded).

Settling runs in the callback's unit of work: the session moves from PENDING under a row lock,
and in the same transaction the paid record takes its `succeeded` or `failed` transition
(whose events — payment.confirmed, payment.failed — are recorded with it). A session moves
once: a callback repeated, replayed or sent twice at once finds it settled and changes nothing
(no second transition, no second event), and a failure reported after a success does not undo
it. When the record has moved on meanwhile (cancelled while the customer paid), the session
keeps the outcome and the record is left as it is.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from specloom.backends.base import Mutation, Refused
from specloom.generator.ir import Payments, Resource
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import ApiError, NotFound
from specloom.runtime.services.resources import TenantResources, new_id
from specloom.runtime.services.state_machines import TransitionRefused, apply_transition

from .interface import SUCCEEDED, PaymentOutcome, PaymentProvider, PaymentRequest

PENDING, STATUS_OF = "PENDING", {SUCCEEDED: "SUCCEEDED", "failed": "FAILED"}


class NotAwaitingPayment(ApiError):
    status, code, default_message = 409, "not_awaiting_payment", "This record is not awaiting payment"


def _iso(at: float) -> str:
    return datetime.fromtimestamp(int(at), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _keep(resource: Resource, doc: dict[str, Any]) -> dict[str, Any]:
    """Only the fields the session schema has (a surface may leave out `returnUrl`)."""
    return {k: v for k, v in doc.items() if k == "id" or resource.field(k) is not None}


def _not_awaiting(paid: Resource, record: dict[str, Any], payments: Payments) -> NotAwaitingPayment | None:
    machine = paid.state_machine
    assert machine is not None, "lint: the paid resource has a stateMachine"
    transition = machine.transition(payments.succeeded)
    assert transition is not None
    state = record.get(machine.field)
    guard = transition.guard_failure(record)
    if state in transition.from_states and guard is None:
        return None
    noun = paid.noun
    label = next((record[f] for f in paid.lookup if f != "id" and record.get(f)), record.get("id"))
    why = f"its {guard[0]} is {guard[1]}" if state in transition.from_states and guard else f"it is {state}"
    error = NotAwaitingPayment(f"{noun.capitalize()} {label} is not awaiting payment ({why})")
    error.status = machine.refusal_status
    return error


async def start_payment(resources: TenantResources, payments: Payments, provider: PaymentProvider,
                        record: dict[str, Any], *, site: str, origin: str, now: float,
                        return_url: str | None = None) -> dict[str, Any]:
    """A new PENDING session paying `record`, with the URL the provider answered."""
    surface = resources.surface
    paid, sessions = surface.resource(payments.resource), surface.resource(payments.sessions)
    refusal = _not_awaiting(paid, record, payments)
    if refusal is not None:
        raise refusal
    amount = record.get(payments.amount_field)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise NotAwaitingPayment(f"{paid.noun.capitalize()} {record.get('id')} has no amount to pay")
    currency = record.get(payments.currency_field) if payments.currency_field else None
    session_id = new_id(sessions.id_prefix)
    expires = now + payments.session_seconds
    started = await provider.start(PaymentRequest(
        session_id=session_id, tenant=resources.tenant, site=site, record_id=record["id"], amount=amount,
        currency=currency, expires_at=expires, origin=origin, return_url=return_url,
        description=f"{paid.noun} {record.get('number') or record['id']}"))
    doc = {"id": session_id, payments.link_field: record["id"], "status": PENDING, "amount": amount,
           "currency": currency, "provider": provider.name, "url": started.url, "reference": started.reference,
           "returnUrl": return_url, "expiresAt": _iso(expires), "completedAt": None}
    return await resources.seed(payments.sessions, _keep(sessions, payments.stored_session(doc)))


async def settle(resources: TenantResources, payments: Payments,
                 outcome: PaymentOutcome) -> tuple[dict[str, Any], bool]:
    """Record `outcome` on its session and move the paid record; (the session, whether this
    callback settled it — False for a repeat, which changes nothing)."""
    surface = resources.surface
    sessions = surface.resource(payments.sessions)
    status = STATUS_OF[outcome.outcome]
    now = now_iso()

    def decide(current: dict[str, Any]) -> Mutation:
        if payments.logical_session(current).get("status") != PENDING:
            raise Refused("settled", status=current.get(payments.session_field("status")))
        return Mutation(sessions.timestamps.on_change(
            payments.stored_session({"status": status, "completedAt": now}), now))

    try:
        session = await resources.store.modify(sessions.table_name, resources.tenant, outcome.session_id, decide)
    except Refused:
        session = await resources.store.get(sessions.table_name, resources.tenant, outcome.session_id)
        assert session is not None
        return session, False
    if session is None:
        raise NotFound("Payment session not found")
    transition = payments.succeeded if outcome.outcome == SUCCEEDED else payments.failed
    record_id = session.get(payments.link_field)
    paid = surface.resource(payments.resource)
    record = await resources.store.get(paid.table_name, resources.tenant, record_id) if record_id else None
    if transition is not None and record is not None:
        try:
            await apply_transition(resources, payments.resource, record, transition)
        except TransitionRefused:
            pass  # the record moved on meanwhile (cancelled, or paid by another session)
    return session, True

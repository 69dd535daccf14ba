"""State machines declared on resources (`x-specloom.resources.<name>.stateMachine`).

A record's state field moves only by named transitions. A transition reads the record under a
row lock (`Store.modify`), checks that the current state is one it may leave from, and writes
the new state with its field updates in the same transaction — two concurrent requests can
never both fulfil an order, and a refund never lands on an order cancelled a moment earlier.
A transition from a state it does not allow is refused with the machine's `refusalStatus`
(Aly: 422 "Operation refused") and `refusalCode`; nothing is written.

Field updates (`set`) are literals or placeholders: `$now` (an ISO-8601 UTC timestamp),
`$record.<field>` (the record's value before the transition) and `$body.<field>` (a dotted
path into the request body; when the body does not carry it, the field is left as it is).
"""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Mutation, Refused
from specloom.generator.ir import Resource, StateMachine, Transition

from .credentials import now_iso
from .errors import ApiError, NotFound
from .resources import TenantResources, _derive

_ABSENT = object()


class TransitionRefused(ApiError):
    status, code, default_message = 422, "invalid_transition", "Operation refused"


def _body_value(body: Any, path: str) -> Any:
    value = body
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _ABSENT
    return copy.deepcopy(value)


def resolve(value: Any, *, record: dict[str, Any], body: Any, now: str) -> Any:
    """The value a `set` entry stands for; `_ABSENT` when it names a body field not sent."""
    if isinstance(value, str) and value.startswith("$"):
        if value == "$now":
            return now
        if value.startswith("$record."):
            return copy.deepcopy(record.get(value[len("$record."):]))
        if value.startswith("$body."):
            return _body_value(body, value[len("$body."):])
    return copy.deepcopy(value)


def transition_changes(resource: Resource, machine: StateMachine, transition: Transition,
                       record: dict[str, Any], body: Any, now: str) -> dict[str, Any]:
    """What a transition writes on `record` (raises Refused when its state forbids it)."""
    state = record.get(machine.field)
    if state not in transition.from_states:
        raise Refused("transition_refused", state=state)
    changes: dict[str, Any] = {machine.field: transition.to}
    for field, value in transition.updates.items():
        resolved = resolve(value, record=record, body=body, now=now)
        if resolved is not _ABSENT:
            changes[field] = resolved
    merged = {**record, **changes}
    _derive(resource, merged, changes)
    changes = {k: v for k, v in merged.items() if k not in record or record[k] != v}
    if resource.timestamps:
        changes["updatedAt"] = now
    return changes


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def refusal(resource: Resource, machine: StateMachine, transition: Transition, state: Any) -> TransitionRefused:
    noun = resource.singular.replace("_", " ")
    where = f"that is {state}" if state is not None else "that has no state"
    allowed = ", ".join(transition.from_states)
    error = TransitionRefused(
        f"Operation refused: cannot {transition.name} {_article(noun)} {noun} {where} "
        f"({transition.name} applies to {allowed})", code=machine.refusal_code)
    error.status = machine.refusal_status
    return error


async def apply_transition(resources: TenantResources, name: str, record: dict[str, Any],
                           transition_name: str, body: Any = None) -> dict[str, Any]:
    """Move `record` of resource `name` by the named transition, atomically; the updated record."""
    resource = resources.surface.resource(name)
    machine = resource.state_machine
    if machine is None:
        raise LookupError(f"resource {name!r} declares no stateMachine")
    transition = machine.transition(transition_name)
    if transition is None:
        raise LookupError(f"resource {name!r} has no transition {transition_name!r}")
    now = now_iso()

    def decide(current: dict[str, Any]) -> Mutation:
        return Mutation(transition_changes(resource, machine, transition, current, body, now))

    try:
        updated = await resources.store.modify(resource.table_name, resources.tenant, record["id"], decide)
    except Refused as exc:
        raise refusal(resource, machine, transition, exc.info.get("state")) from None
    if updated is None:
        raise NotFound(f"{resource.singular.replace('_', ' ').capitalize()} not found")
    return updated

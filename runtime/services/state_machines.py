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

A transition may create a record in another resource (`creates`: an order placed when a
checkout completes) from the same placeholders; it is inserted in the transition's own
transaction, so a checkout never completes without its order nor places two.

A transition may also require values of other fields (`requires`: an order is confirmed by
its payment only while its paymentStatus is PENDING or FAILED); a record that fails such a
guard is refused like one in the wrong state, with a message naming the field.

A transition is named by the operation, or chosen by the state the request asks for
(`apply_transition(..., target=...)`): the one leading there from the record's current state,
among the transitions the operation may take (`allowed`: an admin's status change never takes
the transition a payment takes).
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from specloom.backends.base import Mutation, Refused, UniqueViolation
from specloom.generator.ir import Creation, Resource, StateMachine, Surface, Transition
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import ApiError, Conflict

from . import coupons, credits, give_back, read_derivations, stock
from .resources import NUMBER_ATTEMPTS, TenantResources, _derive, new_id, new_number, not_found

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
    failed_guard = transition.guard_failure(record)
    if failed_guard is not None:
        raise Refused("transition_refused", state=state, guard=failed_guard)
    changes: dict[str, Any] = {machine.field: transition.to}
    for field, value in transition.updates.items():
        resolved = resolve(value, record=record, body=body, now=now)
        if resolved is not _ABSENT:
            changes[field] = resolved
    merged = {**record, **changes}
    _derive(resource, merged, changes)
    changes = {k: v for k, v in merged.items() if k not in record or record[k] != v}
    if not changes:  # a move to the state it is in that sets nothing new (Alza's re-acknowledgement)
        return changes  # changes nothing, not even its update time
    return resource.timestamps.on_change(changes, now)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def refusal(resource: Resource, machine: StateMachine, transition: Transition, state: Any,
            guard: tuple[str, Any] | None = None) -> TransitionRefused:
    noun = resource.noun
    if guard is not None:  # the state allows it, another field does not (`requires`)
        field, value = guard
        needed = ", ".join(str(v) for v in transition.requires[field])
        error = TransitionRefused(
            f"Operation refused: cannot {transition.name} {_article(noun)} {noun} whose {field} is {value} "
            f"({transition.name} requires {field} {needed})", code=machine.refusal_code)
        error.status = machine.refusal_status
        return error
    where = f"that is {state}" if state is not None else "that has no state"
    allowed = ", ".join(transition.from_states)
    error = TransitionRefused(
        f"Operation refused: cannot {transition.name} {_article(noun)} {noun} {where} "
        f"({transition.name} applies to {allowed})", code=machine.refusal_code)
    error.status = machine.refusal_status
    return error


class NoTransition(ApiError):
    status, code, default_message = 422, "invalid_transition", "Operation refused"


def _choose(machine: StateMachine, target: Any, record: dict[str, Any],
            allowed: Iterable[str] | None = None) -> Transition | None:
    """The transition leading to `target` (among `allowed`, when given): one that applies to
    `record` if any, else one allowed from its state, else the first (whose refusal then
    explains where it applies); None when none leads there."""
    names = None if allowed is None else set(allowed)
    leading = [t for t in machine.transitions if t.to == target and (names is None or t.name in names)]
    state = record.get(machine.field)
    from_state = [t for t in leading if state in t.from_states]
    return next((t for t in from_state if t.guard_failure(record) is None),
                from_state[0] if from_state else leading[0] if leading else None)


def created_record(surface: Surface, creation: Creation, record: dict[str, Any], body: Any,
                   now: str) -> tuple[Resource, dict[str, Any]]:
    """The record a transition creates: defaults, resolved `values`, id, number, timestamps."""
    created = maybe_created_record(surface, creation, record, body, now)
    if created is None:
        raise LookupError(f"creates {creation.resource}: onlyEntries left nothing (use maybe_created_record)")
    return created


def _keeps(entry: Any, where: dict[str, tuple[Any, ...]]) -> bool:
    return isinstance(entry, dict) and all(entry.get(field) in values for field, values in where.items())


def maybe_created_record(surface: Surface, creation: Creation, record: dict[str, Any], body: Any,
                         now: str) -> tuple[Resource, dict[str, Any]] | None:
    """`created_record`, or None when `onlyEntries` leaves its array field empty."""
    target = surface.resource(creation.resource)
    doc: dict[str, Any] = {k: copy.deepcopy(v) for k, v in target.defaults.items()}
    given = {}
    for field, value in creation.values.items():
        resolved = resolve(value, record=record, body=body, now=now)
        if resolved is not _ABSENT:
            given[field] = resolved
    if creation.only_entries_field is not None:
        entries = given.get(creation.only_entries_field, doc.get(creation.only_entries_field))
        kept = [e for e in entries if _keeps(e, creation.only_entries_where)] if isinstance(entries, list) else []
        if not kept:
            return None
        given[creation.only_entries_field] = kept
    doc.update(given)
    doc["id"] = new_id(target.id_prefix)
    if target.numbering and target.numbering.field not in given:
        doc[target.numbering.field] = new_number(target.numbering)
    _derive(target, doc, given)
    target.timestamps.on_create(doc, now)
    return target, doc


async def apply_transition(resources: TenantResources, name: str, record: dict[str, Any],
                           transition_name: str | None = None, body: Any = None, *,
                           target: Any = None, allowed: Iterable[str] | None = None,
                           expected: Any = _ABSENT) -> dict[str, Any]:
    """Move `record` of resource `name` by the named transition (or the one leading to the
    state `target`, among `allowed` when given), atomically, creating its `creates` record in
    the same transaction; the updated record. A transition with effects (`decrements`,
    `redeems`, `restores`) takes them in the same unit: the move, its stock and its code use commit
    together or not at all. `expected`: the state the client read the record in; a record
    found (under the row lock) in another state is a conflict (409 `state_conflict`: another
    move won the race), whatever the transition would say."""
    machine = resources.surface.resource(name).state_machine
    if machine is None or not any(t.decrements or t.redeems or t.credits or t.marks or t.restores
                                  for t in machine.transitions):
        return await _apply_transition(resources, name, record, transition_name, body, target=target, allowed=allowed,
                                       expected=expected)
    async with resources.store.transaction():  # a refusal below rolls back what the effects took
        extra = await _effects(resources, name, record, transition_name, target, allowed)
        return await _apply_transition(resources, name, record, transition_name, body, target=target,
                                       allowed=allowed, extra=extra, expected=expected)


async def _effects(resources: TenantResources, name: str, record: dict[str, Any], transition_name: str | None,
                   target: Any, allowed: Iterable[str] | None) -> dict[str, Any]:
    """Lock the record, and take the effects of the transition that applies to it: stock
    (`decrements`), a code's use (`redeems`); the fields the effects set on the moved record.
    A transition that does not apply takes nothing (the move then refuses it)."""
    resource = resources.surface.resource(name)
    machine = resource.state_machine
    assert machine is not None
    seen: list[tuple[Transition, dict[str, Any]]] = []

    def peek(current: dict[str, Any]) -> Mutation:  # the row lock, held till the unit ends
        transition = (machine.transition(transition_name) if transition_name is not None
                      else _choose(machine, target, current, allowed))
        if (transition is not None and current.get(machine.field) in transition.from_states
                and transition.guard_failure(current) is None):
            seen.append((transition, copy.deepcopy(current)))
        return Mutation({})

    await resources.store.modify(resource.table_name, resources.tenant, record["id"], peek)
    if not seen:
        return {}
    transition, current = seen[0]
    extra: dict[str, Any] = {}
    redeems = transition.redeems
    if redeems is not None:
        amount = current.get(redeems.amount_field) or 0
        code = current.get(redeems.code_field)
        discount: Any = 0
        if code:
            _, discount = await coupons.redeem(resources, resources.surface.resource(redeems.resource), code, amount,
                                               current.get(redeems.customer_field) if redeems.customer_field else None,
                                               redeems.refusal_code)
        extra[redeems.discount_field] = discount
        if redeems.total_field:
            extra[redeems.total_field] = max(amount - discount, 0)
    if transition.decrements:
        await stock.take_stock(resources, transition.decrements, current)
    for rule in transition.credits:  # points earned on a paid order
        await credits.credit(resources, rule, {**current, **extra})
    for mark in transition.marks:  # a checked-out cart is no longer left to be abandoned
        await _mark(resources, mark, current)
    restores = transition.restores
    if restores is not None and current.get(restores.once_field) is None:  # given back once, never twice
        if restores.if_field is None or current.get(restores.if_field) is not None:  # it took something
            await give_back.give_back(resources, restores, current)
            extra[restores.once_field] = now_iso()
    return extra


async def _mark(resources: TenantResources, mark: Any, record: dict[str, Any]) -> None:
    key = record.get(mark.id_field)
    if not isinstance(key, str):
        return
    target = resources.surface.resource(mark.resource)
    now = now_iso()

    def write(current: dict[str, Any]) -> Mutation:
        changes = {field: resolve(value, record=record, body=None, now=now) for field, value in mark.set.items()}
        changes = {k: v for k, v in changes.items() if v is not _ABSENT}
        merged = {**current, **changes}
        _derive(target, merged, changes)
        return Mutation(target.timestamps.on_change({k: v for k, v in merged.items() if current.get(k) != v}, now))

    await resources.store.modify(target.table_name, resources.tenant, key, write, outbox=resources.outbox("update"))


async def _apply_transition(resources: TenantResources, name: str, record: dict[str, Any],
                            transition_name: str | None = None, body: Any = None, *,
                            target: Any = None, allowed: Iterable[str] | None = None,
                            extra: dict[str, Any] | None = None, expected: Any = _ABSENT) -> dict[str, Any]:
    resource = resources.surface.resource(name)
    machine = resource.state_machine
    if machine is None:
        raise LookupError(f"resource {name!r} declares no stateMachine")
    if transition_name is not None and machine.transition(transition_name) is None:
        raise LookupError(f"resource {name!r} has no transition {transition_name!r}")
    noun = resource.noun
    now = now_iso()
    chosen: list[Transition] = []

    def decide(current: dict[str, Any]) -> Mutation:
        chosen.clear()
        if expected is not _ABSENT and current.get(machine.field) != expected:
            raise Refused("state_conflict", state=current.get(machine.field))
        transition = (machine.transition(transition_name) if transition_name is not None
                      else _choose(machine, target, current, allowed))
        if transition is None:
            raise Refused("no_transition", state=current.get(machine.field))
        chosen.append(transition)
        changes = transition_changes(resource, machine, transition, current, body, now)
        effects = extra if (transition.decrements or transition.redeems or transition.restores) and extra else {}
        changes.update(effects)  # a discount and the total after it (`redeems`), when given back (`restores`)
        changes = read_derivations.normalise(resource, changes)  # a new expiry compares exactly
        inserts: tuple[tuple[str, dict[str, Any]], ...] = ()
        made = (maybe_created_record(resources.surface, transition.creates, {**current, **effects}, body, now)
                if transition.creates is not None else None)
        if made is not None and transition.creates is not None:
            created, doc = made
            if transition.creates.link_field:
                changes[transition.creates.link_field] = doc["id"]
            inserts = ((created.table_name, doc),)
        return Mutation(changes, inserts)

    for attempt in range(NUMBER_ATTEMPTS):
        try:
            updated = await resources.store.modify(
                resource.table_name, resources.tenant, record["id"], decide,
                outbox=resources.outbox("transition", lambda: chosen[0].name if chosen else None))
            break
        except Refused as exc:
            state = exc.info.get("state")
            if exc.reason == "state_conflict":
                raise Conflict(f"State conflict: the {noun} is {state}, not {expected} as the request expected "
                               "(it moved since it was read)", code="state_conflict") from None
            if not chosen:
                error = NoTransition(f"Operation refused: cannot move {_article(noun)} {noun} that is {state} "
                                     f"to {target} (no transition leads there)", code=machine.refusal_code)
                error.status = machine.refusal_status
                raise error from None
            if exc.info.get("guard") is not None:
                raise refusal(resource, machine, chosen[0], state, exc.info["guard"]) from None
            if target is not None:  # the request named a state: say which move it asked for
                final = not any(state in t.from_states for t in machine.transitions)
                why = f"{state} is final" if final else f"{target} follows {', '.join(chosen[0].from_states)}"
                error = TransitionRefused(
                    f"Operation refused: cannot move {_article(noun)} {noun} that is {state} to {target} "
                    f"({why})", code=machine.refusal_code)
                error.status = machine.refusal_status
                raise error from None
            raise refusal(resource, machine, chosen[0], state) from None
        except UniqueViolation as exc:  # a drawn record number clashed: draw again
            creation = chosen[0].creates if chosen else None
            numbering = resources.surface.resource(creation.resource).numbering if creation else None
            if numbering is None or numbering.field not in exc.fields or attempt == NUMBER_ATTEMPTS - 1:
                raise Conflict(f"Another record already has this {', '.join(exc.fields)}",
                               code="already_exists") from None
    if updated is None:
        raise not_found(resource)
    return updated

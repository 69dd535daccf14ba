"""Fields computed on every read (`derivedOnRead`) and fields matched case-insensitively
(`caseInsensitive`); `runtime/services/resources.py` and the responder call these.

A read-time field is never trusted from the store: it is computed from the record and the
time whenever the record is read (a promotion is EXPIRED once `expiresAt` passed, EXHAUSTED
once `remainingUses` reached 0; a loyalty account's tier follows its points and the site's
thresholds), so it is never stale. A list filtering on it (`?status=EXPIRED`) gets the same
answer, computed by the store: the filter becomes the conditions that make that case win —
its own, and the opposite of every case before it — so paging and totals stay the store's.

Timestamps compared with `$now` are kept as the runtime writes them (UTC, milliseconds, `Z`),
so the store compares them as text exactly; case-insensitive fields are kept in upper case,
so lookups, filters and uniqueness ignore case.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any, Iterable

import attrs

from specloom.backends.base import Filter, Query
from specloom.generator.ir import Condition, ReadDerivation, Resource
from specloom.runtime.clock import now_iso

NOW = "$now"
_OPPOSITE = {"eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "lte": "gt", "gt": "lte", "set": "unset", "unset": "set"}
_COMPARE = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
            "lte": lambda a, b: a <= b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b}


def _value(condition: Condition, now: str) -> Any:
    return now if condition.value == NOW else condition.value


def holds(condition: Condition, doc: dict[str, Any], now: str) -> bool:
    """Whether `condition` holds for `doc`; a field without a value fails every comparison."""
    field = doc.get(condition.field)
    if condition.op in ("set", "unset"):
        return (field is not None) == (condition.op == "set")
    if field is None:
        return False
    value = _value(condition, now)
    if condition.value == NOW and isinstance(field, str):
        field = normal_time(field)
    try:
        return bool(_COMPARE[condition.op](field, value))
    except TypeError:
        return False


def _case_value(rule: ReadDerivation, doc: dict[str, Any], now: str, settings: dict[str, Any] | None) -> Any:
    if rule.thresholds_setting is not None:
        if settings is None:
            return doc.get(rule.field)  # computed by a read that had the settings
        thresholds = settings.get(rule.thresholds_setting) or {}
        amount = doc.get(rule.source or "")
        if not isinstance(amount, (int, float)) or isinstance(amount, bool):
            amount = 0
        reached = [(minimum, name) for name, minimum in thresholds.items()
                   if isinstance(minimum, (int, float)) and amount >= minimum]
        return max(reached)[1] if reached else None
    for value, condition in rule.cases:
        if condition is None or holds(condition, doc, now):
            return copy.deepcopy(value)
    return None


def present(resource: Resource | None, doc: Any, settings: dict[str, Any] | None = None) -> Any:
    """`doc` with its read-time fields computed (in place; also returned)."""
    if resource is None or not resource.derived_on_read or not isinstance(doc, dict):
        return doc
    now = now_iso()
    for rule in resource.derived_on_read:
        doc[rule.field] = _case_value(rule, doc, now, settings)
    return doc


def needs_settings(resource: Resource) -> bool:
    return any(rule.thresholds_setting for rule in resource.derived_on_read)


def _filters(condition: Condition, now: str, opposite: bool) -> Filter:
    op = _OPPOSITE[condition.op] if opposite else condition.op
    if op in ("set", "unset"):
        return Filter(condition.field, None, "ne" if op == "set" else "eq")
    # the opposite of a comparison also holds where the field has no value
    return Filter(condition.field, _value(condition, now), op, nulls=opposite)  # type: ignore[arg-type]


def translate(resource: Resource, query: Query) -> Query | None:
    """`query` with each equality filter on a read-time field replaced by store filters on the
    fields it is computed from; None when no record can match (a value no case gives)."""
    rules = {rule.field: rule for rule in resource.derived_on_read if not rule.thresholds_setting}
    if not rules or not any(f.field in rules for f in query.filters):
        return query
    now = now_iso()
    filters: list[Filter] = []
    for flt in query.filters:
        rule = rules.get(flt.field)
        if rule is None:
            filters.append(flt)
            continue
        if flt.op != "eq":
            return None
        for value, condition in rule.cases:
            if value == flt.value:
                if condition is not None:
                    filters.append(_filters(condition, now, opposite=False))
                break
            if condition is None:  # an otherwise case before it: it never wins
                return None
            filters.append(_filters(condition, now, opposite=True))
        else:
            return None
    return attrs.evolve(query, filters=tuple(filters))


def normal_time(value: str) -> str:
    """An ISO-8601 timestamp as the runtime writes them (`2026-12-31T23:59:59.000Z`); text
    that is no timestamp is kept."""
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _timed_fields(resource: Resource) -> set[str]:
    return {c.field for rule in resource.derived_on_read for _, c in rule.cases
            if c is not None and c.value == NOW}


def normalise(resource: Resource, values: dict[str, Any]) -> dict[str, Any]:
    """Values about to be stored: case-insensitive fields in upper case, timestamps compared
    with the time as the runtime writes them."""
    if not (resource.case_insensitive or resource.derived_on_read):
        return values
    out = dict(values)
    for field in resource.case_insensitive:
        if isinstance(out.get(field), str):
            out[field] = out[field].upper()
    for field in _timed_fields(resource):
        if isinstance(out.get(field), str):
            out[field] = normal_time(out[field])
    return out


def fold(resource: Resource, field: str, value: Any) -> Any:
    """A lookup or filter value for `field`, folded as the stored values are."""
    if field in resource.case_insensitive and isinstance(value, str):
        return value.upper()
    return value


def fold_filters(resource: Resource, filters: Iterable[Filter]) -> tuple[Filter, ...]:
    return tuple(attrs.evolve(f, value=fold(resource, f.field, f.value)) if f.field in resource.case_insensitive
                 else f for f in filters)

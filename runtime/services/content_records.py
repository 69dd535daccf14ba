"""What the content-and-customer resource keywords mean (`runtime/services/resources.py` calls
these): `settingDefaults` (a field's initial value chosen by a tenant setting), `references`
(body ids of another resource's records stored as entries: a B2B account's contacts),
`typedValue` (a string that must parse as the type another field names: metafields),
`aggregates` (counts and sums over related records, computed on every read: a customer's
totalOrders and totalSpent), `owner` (records attached to a record of one of several resources:
deleted with it) and `private` (fields stored but never answered nor sent in events).
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any, Iterable

import orjson

from specloom.backends.base import Filter, PageRequest, Query
from specloom.generator.ir import Resource, Surface
from specloom.runtime.errors import NotFound, body_field_refused
from specloom.runtime.security.sandbox import public_tenant

from .tenant_settings import TenantSettings

# `resources` below is the request's `TenantResources` (runtime/services/resources.py), which
# calls these functions; it is not imported here, so imports run one way
TenantResources = Any

BATCH = 500  # records read per round trip when aggregating or deleting attached records
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_NUMBER = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?([eE][-+]?[0-9]{1,3})?")


def singleton_id(tenant: str) -> str:
    """The id of a tenant's one record of a `singleton` resource: the tenant as clients name it
    (a test-mode sandbox keeps its own record under the same id)."""
    return public_tenant(tenant)


def visible(resource: Resource | None, doc: Any) -> Any:
    """The record as clients and webhook receivers see it: without its `private` fields."""
    if resource is None or not resource.private or not isinstance(doc, dict):
        return doc
    return {k: v for k, v in doc.items() if k not in resource.private}


async def apply_setting_defaults(resources: TenantResources, resource: Resource, doc: dict[str, Any]) -> None:
    settings = await TenantSettings(resources.store, resources.surface.name).get(resources.tenant)
    for rule in resource.setting_defaults:
        if rule.setting in settings and settings[rule.setting] == rule.equals:
            doc[rule.field] = copy.deepcopy(rule.value)


async def resolve_references(resources: TenantResources, resource: Resource,
                             given: dict[str, Any]) -> dict[str, Any]:
    """`given` with each declared reference field replaced by the entries it names (kept as
    given without `into`); an id that names no record of the tenant answers the reference's
    `refusalStatus` (404 by default) naming the field (nothing written)."""
    if not resource.references or not any(r.body_field in given for r in resource.references):
        return given
    given = dict(given)
    for ref in resource.references:
        if ref.body_field not in given:
            continue
        value = given.pop(ref.body_field) if ref.into is not None else given[ref.body_field]
        many = isinstance(value, list)
        ids = value if many else [value]
        target = resources.surface.resource(ref.resource)
        entries = []
        for i, key in enumerate(dict.fromkeys(k for k in ids if isinstance(k, str))):
            try:
                record = await resources.lookup(ref.resource, key)
            except NotFound:  # like a copyFrom source that is not there: 404, naming the field
                where = f"{ref.body_field}.{i}" if many else ref.body_field
                message = f"no {target.noun} {key!r} in this site"
                if ref.refusal_status != 404:  # answered as a validation failure of the field
                    raise body_field_refused(ref.refusal_status, where, "unknown_reference", message) from None
                raise NotFound(f"body.{where}: {message}", code="unknown_reference") from None
            unmet = next(((f, v) for f, v in ref.where.items() if record.get(f) not in v), None)
            if unmet is not None:  # there, but not one the field may name (an archived plan)
                where = f"{ref.body_field}.{i}" if many else ref.body_field
                field, allowed = unmet
                raise body_field_refused(
                    ref.refusal_status if ref.refusal_status != 404 else resources.surface.validation_status,
                    where, "reference_not_allowed",
                    f"{target.noun} {key!r} has {field} {record.get(field)} (allowed: {', '.join(map(str, allowed))})")
            if ref.into is None:
                continue
            entry = ({field: copy.deepcopy(record.get(source)) for field, source in ref.copy.items()}
                     if ref.copy else visible(target, record))
            if ref.first_flag:
                entry[ref.first_flag] = i == 0
            entries.append(entry)
        if ref.into is not None:
            given[ref.into] = entries
    return given


def parses_as(kind: str, value: str) -> bool:
    if kind == "string":
        return True
    if kind == "integer":
        return _INTEGER.fullmatch(value) is not None
    if kind == "number":
        return _NUMBER.fullmatch(value) is not None and math.isfinite(float(value))
    if kind == "boolean":
        return value in ("true", "false")
    if kind == "json":
        try:
            orjson.loads(value)
        except orjson.JSONDecodeError:
            return False
        return True
    return False


def check_typed_value(surface: Surface, resource: Resource, doc: dict[str, Any]) -> None:
    rule = resource.typed_value
    if rule is None or not isinstance(doc.get(rule.field), str):
        return
    kind = doc.get(rule.type_field) or rule.default_type
    if not parses_as(kind, doc[rule.field]):
        raise body_field_refused(surface.validation_status, rule.field, "invalid_value",
                                 f"{doc[rule.field]!r} is not a valid {kind} value ({rule.type_field} is {kind})")


async def _each(resources: TenantResources, resource: Resource, filters: tuple[Filter, ...]):
    after = None
    while True:
        page = await resources.store.list(resource.table_name, resources.tenant, Query(filters=filters),
                                          PageRequest(limit=BATCH, keyset=True, after=after, with_total=False))
        for item in page.items:
            yield item
        if not page.has_next or page.last_position is None:
            return
        after = page.last_position


def _matches(record: dict[str, Any], where: dict[str, tuple[Any, ...]]) -> bool:
    return all(record.get(field) in allowed for field, allowed in where.items())


async def attach_aggregates(resources: TenantResources, resource: Resource, docs: Iterable[dict[str, Any]]) -> None:
    """Each aggregate of each record; the aggregates over the same related records (a customer's
    orders: their count and their paid total) are computed in one pass over them."""
    groups: dict[tuple[str, str], list] = {}
    for agg in resource.aggregates:
        groups.setdefault((agg.resource, agg.foreign_key), []).append(agg)
    for doc in docs:
        for (name, foreign_key), aggs in groups.items():
            totals: dict[str, int | float] = {agg.field: 0 for agg in aggs}
            async for record in _each(resources, resources.surface.resource(name),
                                      (Filter(foreign_key, doc["id"]),)):
                for agg in aggs:
                    if not _matches(record, agg.where):
                        continue
                    value = 1 if agg.count else record.get(agg.sum or "")
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        totals[agg.field] += value
            doc.update(totals)


async def delete_owned(resources: TenantResources, name: str, owner_id: str) -> None:
    """Records attached (`owner`) to a deleted record go with it."""
    for owned in resources.surface.resources:
        if owned.owner is None:
            continue
        for kind, owner_resource in owned.owner.resources.items():
            if owner_resource != name:
                continue
            filters = (Filter(owned.owner.type_field, kind), Filter(owned.owner.id_field, owner_id))
            doomed = [item async for item in _each(resources, owned, filters)]
            for item in doomed:
                await resources.store.delete(owned.table_name, resources.tenant, item["id"])

"""`upsert.byKey`: create a record, or update the one with the same key — Alva's "create or
update a mapping", and its order assignment (which can create the customer and the purchase,
and optionally send the delivery email).

    x-specloom:
      resource: orders
      action: upsert.byKey
      with:
        key: [shopify_order_id]                  # from the path parameter of that name, else the body
        references:                              # body fields that must name existing records
          shopify_product_ids: { resource: mappings, field: shopify_product_id }
        link:                                    # body objects upserted into another resource
          customer: { resource: customers, key: [email], field: customer_id }
        merge: [shopify_product_ids]             # arrays unioned with the stored ones on update
        fixed: [customer_id]                     # once stored, never changed by an upsert (409)
        mail: { template: delivery, to: customer.email, when: send_email, stamp: email_sent_at }

The stored record gets the body's fields that its schema has (read-only ones excepted), the
key, and the ids of linked records; a new one also the schema's defaults, and its timestamp
fields (the resource's `timestamps`) are stamped. The key must be one of the resource's `unique`
groups: two concurrent upserts of one key end as one record. A reference that names nothing
answers 422 `unknown_reference`, with details on that body field; nothing is written. The answer
is the record: 201 when it was created, 200 when it was updated.

A `fixed` field keeps its first value: an update that would change it is refused with 409
`conflict`, naming the stored value — for a link's field, the linked record by its key (Alva: an
order assigned to buyer@example.com is not moved to another customer by a second assignment);
nothing is written. The check is made under the record's row lock, so two concurrent
assignments for different customers cannot both pass it.
"""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Filter, Mutation, PageRequest, Query, Refused, UniqueViolation
from specloom.generator.ir import Resource
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict, NotFound, Unprocessable
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.resources import new_id, not_found

from . import action
from .mail import deliver


def _merged(old: Any, new: Any) -> Any:
    if not isinstance(old, list) or not isinstance(new, list):
        return new
    out = list(old)
    for item in new:
        if item not in out:
            out.append(item)
    return out


async def find_by_key(ctx: RequestContext, resource: Resource, key: dict[str, Any]) -> dict[str, Any] | None:
    page = await ctx.resources.store.list(
        resource.table_name, ctx.resources.tenant,
        Query(filters=tuple(Filter(field, value) for field, value in key.items())),
        PageRequest(limit=1, with_total=False))
    return page.items[0] if page.items else None


class FixedFieldChanged(Exception):
    def __init__(self, field: str, stored: Any):
        self.field, self.stored = field, stored
        super().__init__(field)


async def upsert_record(ctx: RequestContext, resource: Resource, key: dict[str, Any], fields: dict[str, Any],
                        merge: tuple[str, ...] = (), fixed: tuple[str, ...] = ()) -> tuple[dict[str, Any], bool]:
    """(the record, whether it was created); raises FixedFieldChanged when an update would
    change a `fixed` field that has a value."""
    existing = await find_by_key(ctx, resource, key)
    if existing is None:
        doc = {"id": new_id(resource.id_prefix), **copy.deepcopy(fields), **key}
        resource.timestamps.on_create(doc, now_iso())
        try:
            return await ctx.resources.seed(resource.name, doc, record_events=True), True
        except UniqueViolation:  # created concurrently: update that one instead
            existing = await find_by_key(ctx, resource, key)
            if existing is None:
                raise

    def change(current: dict[str, Any]) -> Mutation:
        for name in fixed:
            if name in fields and current.get(name) is not None and current.get(name) != fields[name]:
                raise Refused("fixed_field", field=name, stored=current.get(name))
        changes = {name: _merged(current.get(name), value) if name in merge else copy.deepcopy(value)
                   for name, value in fields.items()}
        return Mutation(resource.timestamps.on_change(changes, now_iso()))

    try:
        updated = await ctx.resources.store.modify(resource.table_name, ctx.resources.tenant, existing["id"],
                                                   change, outbox=ctx.resources.outbox("update"))
    except Refused as exc:
        if exc.reason != "fixed_field":
            raise
        raise FixedFieldChanged(exc.info["field"], exc.info["stored"]) from None
    if updated is None:
        raise not_found(resource)
    return updated, False


def _invalid(details: list[dict[str, Any]], code: str) -> Unprocessable:
    first = details[0]
    return Unprocessable(f"{first['path']}: {first['message']}", code=code, details=details)


async def check_references(ctx: RequestContext, references: dict[str, Any], body: dict[str, Any]) -> None:
    details = []
    for name, rule in (references or {}).items():
        target = ctx.surface.resource(rule["resource"])
        values = body.get(name)
        items = list(enumerate(values)) if isinstance(values, list) else ([(None, values)] if values is not None else [])
        for index, value in items:
            if rule.get("field"):
                found = await ctx.resources.store.find(target.table_name, ctx.resources.tenant, rule["field"], value)
            else:
                try:
                    found = await ctx.resources.lookup(target.name, value)
                except NotFound:
                    found = None
            if found is None:
                path = f"body.{name}" + (f".{index}" if index is not None else "")
                noun = target.noun
                details.append({"path": path, "code": "unknown_reference",
                                "message": f"no {noun} {value} exists"})
    if details:
        raise _invalid(details, "unknown_reference")


def _stored(resource: Resource, body: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in body.items()
            if resource.field(k) is not None and k not in resource.read_only}


async def _upsert_with_links(ctx: RequestContext, resource: Resource, settings: dict[str, Any],
                             key: dict[str, Any], body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    fields = _stored(resource, body)
    for name, rule in (settings.get("link") or {}).items():
        value = body.get(name)
        if isinstance(value, dict):
            target = ctx.surface.resource(rule["resource"])
            linked_key = {f: value.get(f) for f in rule["key"]}
            if None not in linked_key.values():
                linked, _ = await upsert_record(ctx, target, linked_key, _stored(target, value))
                fields[rule["field"]] = linked["id"]
    fields.update(key)
    try:
        return await upsert_record(ctx, resource, key, fields, tuple(settings.get("merge") or ()),
                                   tuple(settings.get("fixed") or ()))
    except FixedFieldChanged as exc:
        raise await _fixed_conflict(ctx, resource, settings, key, exc.field, exc.stored) from None


@action("upsert.byKey")
async def by_key(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    resource = ctx.surface.resource(ctx.operation.resource)
    body = body if isinstance(body, dict) else {}
    from_path = {p.name: arguments.get(p.python_name) for p in ctx.operation.params
                 if p.location == "path" and p.role != "tenant"}
    key = {field: from_path[field] if field in from_path else body.get(field) for field in settings["key"]}
    missing = [f for f, v in key.items() if v is None]
    if missing:
        raise _invalid([{"path": f"body.{f}", "code": "required", "message": f"{f} is required"}
                        for f in missing], "validation_failed")
    await check_references(ctx, settings.get("references") or {}, body)
    # one savepoint: a refusal below (a fixed field) undoes the linked records written before it
    async with ctx.resources.store.transaction():
        record, created = await _upsert_with_links(ctx, resource, settings, key, body)
    mail = settings.get("mail")
    if mail and (not mail.get("when") or body.get(mail["when"])):
        record = await deliver(ctx, mail, record)
    return ctx.respond.item(record, status=201 if created else 200)


async def _fixed_conflict(ctx: RequestContext, resource: Resource, settings: dict[str, Any], key: dict[str, Any],
                          field: str, stored: Any) -> Conflict:
    """409 naming what the record keeps: for a link's field, the linked record by its key."""
    what = " ".join(str(v) for v in key.values())
    for name, rule in (settings.get("link") or {}).items():
        if rule["field"] != field:
            continue
        target = ctx.surface.resource(rule["resource"])
        linked = await ctx.resources.store.get(target.table_name, ctx.resources.tenant, str(stored)) or {}
        named = ", ".join(str(linked.get(f)) for f in rule["key"] if linked.get(f) is not None)
        message = (f"The {resource.noun} {what} already belongs to {target.noun} {named or stored} ({stored}); "
                   f"it is not reassigned")
        return Conflict(message, code="conflict", details=[
            {"path": f"body.{name}", "code": "conflict", "message": message}])
    message = f"The {resource.noun} {what} already has {field} {stored}; it is not changed"
    return Conflict(message, code="conflict", details=[{"path": f"body.{field}", "code": "conflict",
                                                        "message": message}])


by_key.refusals = (409, 422)  # schema-valid references it refuses: an answer by design (runtime/fuzz)

"""Finding the record a service action works on, from the operation's request.

The record's id is a query parameter declared `x-specloom: {recordId: true}` (Shopvo's
`?cartId=`), else the last path parameter other than the tenant (`/orders/{order}/fulfill`:
`order`); when the resource nests under a parent, the parameter before it is the parent's.
An action may also name the record by a body field (`body_field`: Shopvo's checkout
`{sessionId, state}`)."""

from __future__ import annotations

import re
from typing import Any

from specloom.runtime.handler_api import RequestContext
from specloom.runtime.services.resources import not_found


def path_parameters(ctx: RequestContext) -> list[str]:
    """Python names of the operation's path parameters, in path order, tenant excluded."""
    by_name = {p.name: p for p in ctx.operation.params if p.location == "path"}
    names = [n for n in re.findall(r"\{([^}]+)\}", ctx.operation.path) if n in by_name]
    return [by_name[n].python_name for n in names if by_name[n].role != "tenant"]


async def target_record(ctx: RequestContext, arguments: dict[str, Any], *, body: Any = None,
                        body_field: str | None = None) -> dict[str, Any]:
    """The record the request names (404 when there is none, or it is not the parent's child,
    or — with the operation's `ownedBy` — not the request's principal's)."""
    record = await _named_record(ctx, arguments, body=body, body_field=body_field)
    owner_field = ctx.operation.owned_by
    if owner_field is not None and not owned(record, owner_field, getattr(ctx.credential, "subject", None)):
        raise not_found(ctx.surface.resource(ctx.operation.resource))
    return record


def owned(record: dict[str, Any], fields: str | tuple[str, ...] | list[str], subject: str | None) -> bool:
    """Whether `subject` owns `record` through `fields` (one field, or any of several: an order
    is its customer's or its guest's)."""
    if not subject:
        return False
    names = (fields,) if isinstance(fields, str) else tuple(fields)
    return any(record.get(name) == subject for name in names)


async def _named_record(ctx: RequestContext, arguments: dict[str, Any], *, body: Any = None,
                        body_field: str | None = None) -> dict[str, Any]:
    resource = ctx.surface.resource(ctx.operation.resource)
    by_query = next((p for p in ctx.operation.params if p.role == "id" and p.location == "query"), None)
    if by_query is not None:
        return await ctx.resources.lookup(resource.name, arguments[by_query.python_name])
    if body_field is not None:
        key = body.get(body_field) if isinstance(body, dict) else None
        if not isinstance(key, str):
            raise LookupError(f"{ctx.operation.operation_id}: the body must require the string {body_field!r}")
        return await ctx.resources.lookup(resource.name, key)
    names = path_parameters(ctx)
    if not names:
        raise LookupError(f"{ctx.operation.operation_id}: the path names no record")
    parent = None
    if resource.parent and len(names) >= 2:
        parent = await ctx.resources.lookup(resource.parent[0], arguments[names[-2]])
    return await ctx.resources.lookup(resource.name, arguments[names[-1]], parent=parent)

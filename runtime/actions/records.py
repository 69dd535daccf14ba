"""Finding the record a service action works on, from the operation's path.

The record's id is the last path parameter other than the tenant (`/orders/{order}/fulfill`:
`order`); when the resource nests under a parent, the parameter before it is the parent's."""

from __future__ import annotations

import re
from typing import Any

from ..handler_api import RequestContext


def path_parameters(ctx: RequestContext) -> list[str]:
    """Python names of the operation's path parameters, in path order, tenant excluded."""
    by_name = {p.name: p for p in ctx.operation.params if p.location == "path"}
    names = [n for n in re.findall(r"\{([^}]+)\}", ctx.operation.path) if n in by_name]
    return [by_name[n].python_name for n in names if by_name[n].role != "tenant"]


async def target_record(ctx: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """The record the path names (404 when there is none, or it is not the parent's child)."""
    resource = ctx.surface.resource(ctx.operation.resource)
    names = path_parameters(ctx)
    if not names:
        raise LookupError(f"{ctx.operation.operation_id}: the path names no record")
    parent = None
    if resource.parent and len(names) >= 2:
        parent = await ctx.resources.lookup(resource.parent[0], arguments[names[-2]])
    return await ctx.resources.lookup(resource.name, arguments[names[-1]], parent=parent)

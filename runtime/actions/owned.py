"""`owned.list`, `owned.create`, `owned.update`, `owned.delete`: records attached to a record of
one of several resources, the resource's `owner` declaration (Shopvo metafields on a product,
customer, order or the site itself):

    /api/v1/{siteId}/{resourceType}/{resourceId}/metafields                 owned.list, owned.create
    /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}   owned.update, owned.delete

The path parameters named like the owner's `typeField` and `idField` name the owning record: it
must exist in the tenant, else 404 (a type whose resource is a `singleton` is the tenant
itself, named by the tenant id, whether or not its record was loaded). The owner fields of the attached record are the
path's, never the body's; a record attached to another owner is not found through this one.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Filter
from specloom.generator.ir import Owner, Resource
from specloom.runtime.errors import NotFound
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.content_records import singleton_id

from . import action
from .records import path_parameters


def _owner_of(ctx: RequestContext) -> tuple[Resource, Owner]:
    resource = ctx.surface.resource(ctx.operation.resource)
    if resource.owner is None:
        raise LookupError(f"{ctx.operation.operation_id}: resource {resource.name} declares no owner")
    return resource, resource.owner


def _argument(ctx: RequestContext, arguments: dict[str, Any], name: str) -> Any:
    param = next((p for p in ctx.operation.params if p.name == name), None)
    if param is None:
        raise LookupError(f"{ctx.operation.operation_id}: no parameter {name!r} names the owner")
    return arguments[param.python_name]


async def owning_record(ctx: RequestContext, arguments: dict[str, Any]) -> tuple[str, str]:
    """(type, id) of the record the path names as owner; 404 when the tenant has none such."""
    _, owner = _owner_of(ctx)
    kind = _argument(ctx, arguments, owner.type_field)
    key = _argument(ctx, arguments, owner.id_field)
    name = owner.resources.get(kind)
    if name is None:
        raise NotFound(f"Unknown resource type {kind!r}")
    target = ctx.surface.resource(name)
    if target.singleton:  # the tenant itself: there whether or not its record was loaded yet
        if key != singleton_id(ctx.tenant):
            raise NotFound(f"{target.noun.capitalize()} not found")
        return kind, key
    record = await ctx.resources.lookup(name, key)
    return kind, record["id"]


async def _attached(ctx: RequestContext, arguments: dict[str, Any]) -> dict[str, Any]:
    resource, owner = _owner_of(ctx)
    kind, owner_id = await owning_record(ctx, arguments)
    record = await ctx.resources.lookup(resource.name, arguments[path_parameters(ctx)[-1]])
    if record.get(owner.type_field) != kind or record.get(owner.id_field) != owner_id:
        raise NotFound(f"{resource.noun.capitalize()} not found")
    return record


def _without_owner(owner: Owner, body: Any) -> dict[str, Any]:
    return {k: v for k, v in (body or {}).items() if k not in (owner.type_field, owner.id_field)}


@action("owned.list")
async def list_attached(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    resource, owner = _owner_of(ctx)
    kind, owner_id = await owning_record(ctx, arguments)
    query = ctx.query(Filter(owner.type_field, kind), Filter(owner.id_field, owner_id))
    return ctx.respond.collection(await ctx.resources.list(resource.name, query, ctx.everything()))


@action("owned.create")
async def create_attached(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    resource, owner = _owner_of(ctx)
    kind, owner_id = await owning_record(ctx, arguments)
    values = {**_without_owner(owner, body), owner.type_field: kind, owner.id_field: owner_id}
    record = await ctx.resources.create(resource.name, values)
    return ctx.respond.item(record, status=ctx.operation.success_status)


@action("owned.update")
async def update_attached(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    resource, owner = _owner_of(ctx)
    record = await _attached(ctx, arguments)
    updated = await ctx.resources.update(resource.name, record, _without_owner(owner, body))
    return ctx.respond.item(updated, status=ctx.operation.success_status)


@action("owned.delete")
async def delete_attached(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    resource, _ = _owner_of(ctx)
    record = await _attached(ctx, arguments)
    await ctx.resources.delete(resource.name, record)
    return ctx.respond.deleted(status=ctx.operation.success_status)

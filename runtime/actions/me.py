"""`me.get` and `me.list`: the signed-in principal's own records (`/customers/me/*`).

The principal is the credential's `subject` (a customer of a `customerSession`); requests
without one never get here (the operation's security names a session scheme).

- `me.get` without `ownerField`: the principal's own record of the operation's resource.
  With `ownerField`: the record the path names, only when its `ownerField` is the principal
  (anyone else's answers 404, as if it did not exist).
- `me.list`: the records whose `ownerField` is the principal, with the operation's filters,
  search and paging, in the surface's page (or collection) envelope.
- `me.update`: `me.get`'s record, changed by the body (the fields clients may write).
- `me.create`: a new record whose `ownerField` is the principal, whatever the body says
  (a signed-in customer's or a guest's cart); with `principalFields` (credential kind ->
  field) the principal also goes into its kind's field (`customer_id` or `guest_id`).
- `ownerField` of `me.get`/`me.update` (and an operation's `ownedBy`) may list several fields:
  the record is the principal's when any of them names it.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Filter
from specloom.runtime.errors import Unauthorized
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.resources import not_found

from . import action
from .records import owned, target_record


def _subject(ctx: RequestContext) -> str:
    subject = getattr(ctx.credential, "subject", None)
    if not subject:
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    return subject


@action("me.get")
async def get(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    subject = _subject(ctx)
    resource = ctx.surface.resource(ctx.operation.resource)
    owner_field = settings.get("ownerField")
    if owner_field is None:
        record = await ctx.resources.lookup(resource.name, subject)
    else:
        record = await target_record(ctx, arguments)
        if not owned(record, owner_field, subject):
            raise not_found(resource)
    fields = ctx.operation.param("fields")
    return ctx.respond.item(record, fields=arguments.get(fields.python_name) if fields else None)


@action("me.list")
async def list_(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    subject = _subject(ctx)
    op = ctx.operation
    resource = ctx.surface.resource(op.resource)
    filters = [Filter(settings["ownerField"], subject)]
    for p in op.params_with_role("filter"):
        value = arguments.get(p.python_name)
        if value is not None:
            filters.append(Filter(p.filter_field or p.name, value, p.filter_match))  # type: ignore[arg-type]
    search = op.param("search")
    query = ctx.query(*filters, search=arguments.get(search.python_name) if search else None,
                      search_in=resource.searchable)
    fields_param = op.param("fields")
    fields = arguments.get(fields_param.python_name) if fields_param else None
    if op.paginated:
        paging = {role: arguments.get(p.python_name)
                  for role in ("page", "limit", "cursor", "previous_cursor")
                  if (p := op.param(role)) is not None}
        page = await ctx.resources.list(resource.name, query, ctx.paging(**paging))
        return ctx.respond.page(page, fields=fields)
    page = await ctx.resources.list(resource.name, query, ctx.everything())
    return ctx.respond.collection(page, fields=fields)


async def _own_record(ctx: RequestContext, settings: dict[str, Any], arguments: dict[str, Any]) -> dict[str, Any]:
    subject = _subject(ctx)
    resource = ctx.surface.resource(ctx.operation.resource)
    owner_field = settings.get("ownerField")
    if owner_field is None:
        return await ctx.resources.lookup(resource.name, subject)
    record = await target_record(ctx, arguments)
    if not owned(record, owner_field, subject):
        raise not_found(resource)
    return record


@action("me.update")
async def update(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await _own_record(ctx, settings, arguments)
    updated = await ctx.resources.update(ctx.operation.resource, record, body)
    return ctx.respond.item(updated, status=ctx.operation.success_status)


@action("me.create")
async def create(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    subject = _subject(ctx)
    fixed = {settings["ownerField"]: subject}
    kind_field = (settings.get("principalFields") or {}).get(getattr(ctx.credential, "kind", None))
    if kind_field:  # the principal's kind says which field it is (a customer's, a guest's)
        fixed[kind_field] = subject
    record = await ctx.resources.create(ctx.operation.resource, body, fixed=fixed)
    return ctx.respond.item(record, status=ctx.operation.success_status)

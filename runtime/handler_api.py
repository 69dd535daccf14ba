"""What generated handlers (and hooks) may use: the request context, filters, replies.

Handlers are plain async functions `handler(ctx, **arguments)`; they reach the store only
through `ctx.resources` (bound to the request's tenant) and answer with `ctx.respond`, which
renders the surface's declared envelopes.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import attrs

from specloom.backends.base import Filter, Page, PageRequest, Query
from specloom.generator.ir import Operation, Surface
from specloom.runtime.security.credentials import Credential
from specloom.runtime.services import read_derivations
from specloom.runtime.services.content_records import visible
from specloom.runtime.services.pagination import LAST_ID, CursorCodec
from specloom.runtime.services.resources import TenantResources

from .envelopes import Envelopes


def eq(field: str, value: Any) -> Filter | None:
    return None if value is None else Filter(field, value, "eq")


def contains(field: str, value: Any) -> Filter | None:
    return None if value is None else Filter(field, value, "contains")


def gte(field: str, value: Any) -> Filter | None:
    return None if value is None else Filter(field, value, "gte")


def lte(field: str, value: Any) -> Filter | None:
    return None if value is None else Filter(field, value, "lte")


@attrs.frozen
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = attrs.field(factory=dict)


def _sparse(doc: dict[str, Any], fields: str | None) -> dict[str, Any]:
    if not fields:
        return doc
    wanted = [f for f in fields.split(",") if f]
    return {k: doc[k] for k in wanted if k in doc}


class RequestContext:
    """Everything a handler knows about the request it serves."""

    def __init__(self, *, surface: Surface, operation: Operation, envelopes: Envelopes,
                 resources: TenantResources, cursors: CursorCodec, tenant: str | None,
                 credential: Credential | None, hooks: dict[str, Any] | None = None,
                 runtime: Any = None, request: Any = None):
        self.surface = surface
        self.operation = operation
        self.tenant = tenant
        self.credential = credential
        self.resources = resources
        self._cursors = cursors
        self._binding = ""
        self._paging: dict[str, Any] = {}
        self.respond = Responder(self, envelopes)
        self.hooks = hooks or {}
        # the served surface's shared services (auth families, the job runner), for service
        # actions (runtime/actions); handlers and hooks reach data through `resources` only
        self.runtime = runtime
        # the request as the policies saw it (headers, raw body), for service actions that
        # verify what they were sent (a payment provider's signed callback)
        self.request = request

    def query(self, *filters: Filter | None, search: str | None = None,
              search_in: Iterable[str] = ()) -> Query:
        query = Query(filters=tuple(f for f in filters if f is not None),
                      search=search or None, search_in=tuple(search_in))
        self._binding = CursorCodec.binding(
            self.tenant, self.operation.operation_id,
            [[f.field, f.op, f.value] for f in query.filters] + [search])
        return query

    def paging(self, *, page: int | None = None, limit: int | None = None,
               cursor: str | None = None, previous_cursor: str | None = None) -> PageRequest:
        """Offset paging when the operation has a page parameter and no cursor was given;
        keyset paging otherwise (an empty cursor starts at the first page)."""
        limit = min(limit or self.surface.default_limit, self.surface.max_limit)
        token = cursor if cursor is not None else previous_cursor
        if token is None and page is not None:
            self._paging = {"mode": "offset", "page": page, "limit": limit}
            return PageRequest(limit=limit, offset=(page - 1) * limit)
        self._paging = {"mode": "cursor", "limit": limit}
        if not token:
            return PageRequest(limit=limit, keyset=True, with_total=False)
        if self.surface.cursor_style == LAST_ID:  # the id of the last record seen, checked by the list
            return PageRequest(limit=limit, keyset=True, after_id=token, with_total=False)
        position, direction = self._cursors.decode(token, self._binding)
        if direction == "next":
            return PageRequest(limit=limit, keyset=True, after=position, with_total=False)
        return PageRequest(limit=limit, keyset=True, before=position, with_total=False)

    def everything(self) -> PageRequest:
        return PageRequest(limit=self.surface.collection_limit, with_total=False)

    def cursor_for(self, position: tuple | None, direction: str) -> str | None:
        return None if position is None else self._cursors.encode(position, direction, self._binding)

    async def perform(self, action: str, **arguments: Any) -> Reply:
        """Run a service action (runtime/actions) with this operation's `with` settings."""
        from .actions import action_function

        return await action_function(action)(self, self.operation.options, **arguments)

    async def hook(self, name: str, **arguments: Any) -> Reply:
        """Run `name` from the surface's hooks.py: logic truly its own, using this context."""
        return await self.hooks[name](self, **arguments)


class Responder:
    """Renders the surface's envelopes for one request."""

    def __init__(self, ctx: RequestContext, envelopes: Envelopes):
        self._ctx = ctx
        self._envelopes = envelopes
        # the operation's resource, whose `private` fields no answer shows
        self._resource = (next((r for r in ctx.surface.resources if r.name == ctx.operation.resource), None)
                          if ctx.operation.resource else None)

    def _shown(self, doc: Any, fields: str | None) -> Any:
        # read-time fields (`derivedOnRead`: a promotion's status) are computed as it is answered
        doc = read_derivations.present(self._resource, doc, self._ctx.resources.cached_settings)
        return _sparse(visible(self._resource, doc), fields)

    def item(self, doc: dict[str, Any], *, status: int = 200, fields: str | None = None) -> Reply:
        return Reply(status, self._envelopes.render("item", {"item": self._shown(doc, fields)}))

    def collection(self, page: Page, *, fields: str | None = None, status: int = 200) -> Reply:
        items = [self._shown(d, fields) for d in page.items]
        return Reply(status, self._envelopes.render("collection", {"items": items}))

    def page(self, page: Page, *, fields: str | None = None, status: int = 200) -> Reply:
        ctx = self._ctx
        items = [self._shown(d, fields) for d in page.items]
        paging = ctx._paging
        if paging.get("mode") == "cursor":
            last_id = ctx.surface.cursor_style == LAST_ID
            values = {
                "items": items, "limit": paging["limit"], "hasNext": page.has_next,
                "hasPrevious": page.has_previous,
                "nextCursor": (None if not page.has_next else page.items[-1]["id"] if last_id
                               else ctx.cursor_for(page.last_position, "next")),
                "previousCursor": (ctx.cursor_for(page.first_position, "previous")
                                   if page.has_previous else None),
            }
            return Reply(status, self._envelopes.render("cursorPage", values))
        total = page.total or 0
        values = {"items": items, "page": paging["page"], "limit": paging["limit"], "total": total,
                  "totalPages": math.ceil(total / paging["limit"]) if paging["limit"] else 0,
                  "hasNext": page.has_next, "hasPrevious": page.has_previous}
        return Reply(status, self._envelopes.render("page", values))

    def deleted(self, *, status: int = 200) -> Reply:
        body = self._envelopes.render("deleted", {})
        return Reply(204 if body is None and status == 200 else status, body)

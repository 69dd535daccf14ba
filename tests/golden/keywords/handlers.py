"""Handlers of the keywords surface, one per operationId. Generated; do not edit.

Everything the spec decided is spelled out here; everything general is a runtime call.
"""

from specloom.runtime.handler_api import Reply, RequestContext, contains, eq, gte, lte  # noqa: F401


async def list_widgets(
    ctx: RequestContext,
    *,
    color=None,
    min_ratio=None,
    x_trace=None,
) -> Reply:
    """GET /widgets: List widgets (public)."""
    query = ctx.query(
        eq("color", color),
    )
    widgets = await ctx.resources.list("widgets", query, ctx.everything())
    return ctx.respond.collection(widgets)


async def create_widget(
    ctx: RequestContext,
    *,
    body,
) -> Reply:
    """POST /widgets: Create a widget (public)."""
    widget = await ctx.resources.create("widgets", body)
    return ctx.respond.item(widget, status=201)

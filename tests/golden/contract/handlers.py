"""Handlers of the contract surface, one per operationId. Generated; do not edit.

Everything the spec decided is spelled out here; everything general is a runtime call.
"""

from specloom.runtime.handler_api import Reply, RequestContext, contains, eq, gte, lte  # noqa: F401


async def create_note(
    ctx: RequestContext,
    *,
    body,
) -> Reply:
    """POST /notes:  (public)."""
    note = await ctx.resources.create("notes", body)
    return ctx.respond.item(note, status=201)


async def count_notes(
    ctx: RequestContext,
) -> Reply:
    """GET /notes/count: How many notes there are (a hook) (public)."""
    return await ctx.hook(
        "count_notes",
    )

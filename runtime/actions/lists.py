"""`lists.append`: append entries to an array field of a record, atomically (row-locked), and
answer with the updated record — items added to a cart, say.

    x-specloom:
      resource: carts
      action: lists.append
      with: { field: line_items, bodyField: line_items, mergeOn: [product_id, variant_id], sum: [quantity], idPrefix: li_ }

The entries are the body's `bodyField` array (or the body itself, one entry, without it).
An entry whose `mergeOn` fields equal an existing entry's is merged into it: its `sum` fields
are added, its other fields replace the existing ones. `idPrefix` gives each new entry an id.
"""

from __future__ import annotations

import copy
from typing import Any

from specloom.backends.base import Mutation

from ..credentials import now_iso
from ..errors import NotFound
from ..handler_api import Reply, RequestContext
from ..resources import new_id
from . import action
from .records import target_record


def appended(existing: list[Any], entries: list[dict[str, Any]], settings: dict[str, Any]) -> list[Any]:
    items = copy.deepcopy(list(existing or []))
    merge_on = tuple(settings.get("mergeOn") or ())
    sums = tuple(settings.get("sum") or ())
    for entry in entries:
        entry = copy.deepcopy(entry)
        match = None
        if merge_on:
            key = tuple(entry.get(k) for k in merge_on)
            match = next((i for i in items if isinstance(i, dict)
                          and tuple(i.get(k) for k in merge_on) == key), None)
        if match is not None:
            for name, value in entry.items():
                if name in sums and isinstance(value, (int, float)):
                    match[name] = (match.get(name) or 0) + value
                elif name != "id":
                    match[name] = value
        else:
            if settings.get("idPrefix"):
                entry = {"id": new_id(settings["idPrefix"]), **{k: v for k, v in entry.items() if k != "id"}}
            items.append(entry)
    return items


@action("lists.append")
async def append(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await target_record(ctx, arguments)
    resource = ctx.surface.resource(ctx.operation.resource)
    field = settings["field"]
    source = settings.get("bodyField")
    entries = (body or {}).get(source) if source else body
    entries = entries if isinstance(entries, list) else ([entries] if isinstance(entries, dict) else [])

    def decide(current: dict[str, Any]) -> Mutation:
        changes = {field: appended(current.get(field), entries, settings)}
        if resource.timestamps:
            changes["updatedAt"] = now_iso()
        return Mutation(changes)

    updated = await ctx.resources.store.modify(resource.table_name, ctx.resources.tenant, record["id"], decide)
    if updated is None:
        raise NotFound(f"{resource.singular.replace('_', ' ').capitalize()} not found")
    return ctx.respond.item(updated, status=ctx.operation.success_status)

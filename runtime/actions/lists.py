"""`lists.append`: append entries to an array field of a record, atomically (row-locked), and
answer with the updated record — items added to a cart, say.

    x-specloom:
      resource: carts
      action: lists.append
      with: { field: line_items, bodyField: line_items, mergeOn: [product_id, variant_id], sum: [quantity], idPrefix: li_ }

The entries are the body's `bodyField` array (or the body itself, one entry, without it).
An entry whose `mergeOn` fields equal an existing entry's is merged into it: its `sum` fields
are added, its other fields replace the existing ones. `idPrefix` gives each new entry an id.

`lists.edit`: one entry added, updated or removed, as the body's `modeField` says (Shopvo's
cart: `{"action": "add" | "update" | "remove", "item": {...}}`):

    x-specloom:
      resource: carts
      action: lists.edit
      with: { field: items, modeField: action, entryField: item, mergeOn: [productId, variantId], sum: [quantity] }

`add` appends like `lists.append`; `update` replaces the given fields of the entry matching on
`mergeOn`; `remove` drops it. An update or removal matching no entry answers 404.

Both re-derive the record's `derive` fields (a cart total) in the same transaction.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from specloom.backends.base import Mutation, Refused
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.resources import _derive, new_id, not_found

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

    return await _rewrite(ctx, resource, record, field, lambda items: appended(items, entries, settings))


async def _rewrite(ctx: RequestContext, resource, record: dict[str, Any], field: str,
                   rewrite: Callable[[Any], list[Any]]) -> Reply:
    """Replace the record's array `field` by `rewrite(current array)` under the row lock, with
    the derived fields it moves (a cart total) and the update time; answer with the record."""

    def decide(current: dict[str, Any]) -> Mutation:
        merged = {**current, field: rewrite(current.get(field))}
        _derive(resource, merged, ())
        changes = {k: v for k, v in merged.items() if k not in current or current[k] != v}
        return Mutation(resource.timestamps.on_change(changes, now_iso()))

    updated = await ctx.resources.store.modify(resource.table_name, ctx.resources.tenant, record["id"], decide,
                                               outbox=ctx.resources.outbox("update"))
    if updated is None:
        raise not_found(resource)
    return ctx.respond.item(updated, status=ctx.operation.success_status)


def edited(existing: list[Any], mode: str, entry: dict[str, Any], settings: dict[str, Any]) -> list[Any]:
    """The array after adding, updating or removing `entry` (Refused: nothing matches)."""
    if mode == "add":
        return appended(existing, [entry], settings)
    items = copy.deepcopy(list(existing or []))
    merge_on = tuple(settings["mergeOn"])
    key = tuple(entry.get(k) for k in merge_on)
    index = next((n for n, i in enumerate(items) if isinstance(i, dict)
                  and tuple(i.get(k) for k in merge_on) == key), None)
    if index is None:
        raise Refused("entry_not_found")
    if mode == "remove":
        del items[index]
    else:
        items[index].update({k: copy.deepcopy(v) for k, v in entry.items() if k != "id"})
    return items


@action("lists.edit")
async def edit(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await target_record(ctx, arguments)
    resource = ctx.surface.resource(ctx.operation.resource)
    field = settings["field"]
    body = body if isinstance(body, dict) else {}
    mode = body.get(settings.get("modeField", "action"))
    entry = body.get(settings["entryField"])
    if mode not in ("add", "update", "remove") or not isinstance(entry, dict):
        raise LookupError(f"{ctx.operation.operation_id}: the body schema must require the mode "
                          "(add, update or remove) and the entry object")

    try:
        return await _rewrite(ctx, resource, record, field, lambda items: edited(items, mode, entry, settings))
    except Refused:  # the record exists, the entry does not: a conflict with its state, not a 404
        match = ", ".join(f"{k} {entry[k]}" for k in settings["mergeOn"] if entry.get(k) is not None)
        raise Conflict(f"No entry of {field} matches {match}".rstrip(), code="entry_not_found") from None


edit.refusals = (409,)  # schema-valid edits of an entry the record does not hold: by design (runtime/fuzz)

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
`mergeOn`; `remove` drops it. An update or removal matching no entry answers 409.

With `catalog` (runtime/services/stock.py), an added or updated entry must name records of
the tenant, takes its price from them (never the client's), and may not hold more than their
stock: Shopvo's cart lines (400 naming the field for an unknown product, 409 OUT_OF_STOCK).

`lists.union`: one offset-paged list over the records of several resources, one after the
other, each mapped to a common item shape (Shopvo's inventory: products and variants):

    x-specloom:
      action: lists.union
      with:
        filters: [sku]                        # query parameters: equal on every source
        sources:
          - resource: variants
            fields: { id: id, variantId: id, name: '{parent.name} — {name}', sku: sku }
          - resource: products
            fields: { id: id, variantId: null, name: name, sku: sku }

A field is copied from a field of the record (`sku`), of its parent (`parent.name`), made by
a template (`{parent.name} — {name}`), or a literal null.

Both re-derive the record's `derive` fields (a cart total) in the same transaction.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from specloom.backends.base import Filter, Mutation, Page, PageRequest, Query, Refused
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services import stock
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


def edited(existing: list[Any], mode: str, entry: dict[str, Any], settings: dict[str, Any],
           available: Any = None) -> list[Any]:
    """The array after adding, updating or removing `entry` (Refused: nothing matches, or the
    entry would hold more than the `available` stock)."""
    if mode == "add":
        items = appended(existing, [entry], settings)
        if settings.get("catalog"):
            key = tuple(entry.get(k) for k in settings["mergeOn"])
            merged = next(i for i in items if isinstance(i, dict) and tuple(i.get(k) for k in settings["mergeOn"]) == key)
            stock.check_quantity(settings["catalog"], merged, available)
        return items
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
        if settings.get("catalog"):
            stock.check_quantity(settings["catalog"], items[index], available)
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

    available = None
    if settings.get("catalog") and mode != "remove":  # priced and checked against the catalog
        entry, available = await stock.catalog_entry(ctx.resources, settings["catalog"], entry,
                                                     settings["entryField"], fill=mode == "add")
    match = ", ".join(f"{k} {entry[k]}" for k in settings["mergeOn"] if entry.get(k) is not None)
    try:
        return await _rewrite(ctx, resource, record, field,
                              lambda items: edited(items, mode, entry, settings, available))
    except Refused as exc:
        if exc.reason == "out_of_stock":
            raise stock.out_of_stock(settings["catalog"], exc.info, match) from None
        # the record exists, the entry does not: a conflict with its state, not a 404
        raise Conflict(f"No entry of {field} matches {match}".rstrip(), code="entry_not_found") from None


# schema-valid edits of an entry the record does not hold, of more than is in stock (409), or
# naming a product the site does not have (400): answers by design (runtime/fuzz)
edit.refusals = (400, 409)


_PLACE = re.compile(r"\{([A-Za-z0-9_.]+)\}")


def _mapped(value: Any, record: dict[str, Any], parent: dict[str, Any] | None) -> Any:
    def read(path: str) -> Any:
        if path.startswith("parent."):
            return (parent or {}).get(path[len("parent."):])
        return record.get(path)

    if not isinstance(value, str):
        return copy.deepcopy(value)
    if "{" in value:
        return _PLACE.sub(lambda m: "" if read(m.group(1)) is None else str(read(m.group(1))), value)
    return copy.deepcopy(read(value))


@action("lists.union")
async def union(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    by_name = {p.name: p.python_name for p in ctx.operation.params}
    filters = tuple(Filter(name, arguments[by_name[name]]) for name in settings.get("filters") or ()
                    if arguments.get(by_name.get(name, "")) is not None)
    page_param, limit_param = ctx.operation.param("page"), ctx.operation.param("limit")
    paging = ctx.paging(page=arguments.get(page_param.python_name) if page_param else 1,
                        limit=arguments.get(limit_param.python_name) if limit_param else None)
    items: list[dict[str, Any]] = []
    skip, total = paging.offset, 0
    for source in settings["sources"]:
        resource = ctx.surface.resource(source["resource"])
        query = Query(filters=filters)
        count = (await ctx.resources.list(resource.name, query, PageRequest(limit=1))).total or 0
        total += count
        want = paging.limit - len(items)
        if want > 0 and skip < count:
            page = await ctx.resources.list(resource.name, query, PageRequest(limit=want, offset=skip, with_total=False))
            parents: dict[str, Any] = {}
            for record in page.items:
                parent = None
                if resource.parent:
                    key = record.get(resource.parent[1])
                    if key not in parents:
                        parents[key] = await ctx.resources.store.get(
                            ctx.surface.resource(resource.parent[0]).table_name, ctx.resources.tenant, key)
                    parent = parents[key]
                items.append({name: _mapped(value, record, parent) for name, value in source["fields"].items()})
        skip = max(0, skip - count)
    has_next = paging.offset + len(items) < total
    return ctx.respond.page(Page(items=items, total=total, has_next=has_next))

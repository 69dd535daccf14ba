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
from specloom.runtime.errors import ApiError, Conflict, NotFound, body_field_refused
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services import stock
from specloom.runtime.services.resources import _derive, new_id, not_found

from . import action
from .records import path_parameters, target_record


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
    source = settings.get("bodyField")
    entries = (body or {}).get(source) if source else body
    entries = entries if isinstance(entries, list) else ([entries] if isinstance(entries, dict) else [])
    return await _append(ctx, resource, record, entries, settings)


async def _priced(ctx: RequestContext, entries: list[Any], settings: dict[str, Any],
                  record: dict[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    """Each entry priced and checked against the catalog (`catalog`), with the stock it may
    not exceed; entries as they are without it."""
    catalog = settings.get("catalog")
    if not catalog:
        return [(entry, None) for entry in entries]
    source = settings.get("bodyField")
    priced = []
    for n, entry in enumerate(entries):
        where = f"{source}.{n}" if source else "body"
        priced.append(await stock.catalog_entry(ctx.resources, catalog, entry, where, record=record))
    return priced


def _checked_append(items: Any, priced: list[tuple[dict[str, Any], Any]], settings: dict[str, Any]) -> list[Any]:
    merged = appended(items, [entry for entry, _ in priced], settings)
    catalog = settings.get("catalog")
    if catalog:
        merge_on = tuple(settings.get("mergeOn") or ())
        for entry, available in priced:
            key = tuple(entry.get(k) for k in merge_on)
            line = next((i for i in merged if isinstance(i, dict) and tuple(i.get(k) for k in merge_on) == key), entry)
            stock.check_quantity(catalog, line, available)
    return merged


def _stock_refusal(settings: dict[str, Any], exc: Refused, what: str) -> Exception:
    if exc.reason == "out_of_stock" and settings.get("catalog"):
        return stock.out_of_stock(settings["catalog"], exc.info, what)
    return exc


async def _append(ctx: RequestContext, resource, record: dict[str, Any], entries: list[Any],
                  settings: dict[str, Any]) -> Reply:
    priced = await _priced(ctx, entries, settings, record)
    try:
        return await _rewrite(ctx, resource, record, settings["field"],
                              lambda items: _checked_append(items, priced, settings))
    except Refused as exc:
        raise _stock_refusal(settings, exc, settings["field"]) from None


@action("lists.create")
async def create_with_entries(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    """A new record whose array `field` starts with the body's `bodyField` entries, each
    priced and checked as `lists.append` does; a refused entry creates nothing."""
    resource = ctx.surface.resource(ctx.operation.resource)
    fields = dict(body) if isinstance(body, dict) else {}
    entries = fields.pop(settings["bodyField"], None) or []
    priced = await _priced(ctx, entries, settings, fields)
    try:
        _checked_append([], priced, settings)  # refused before anything is written
    except Refused as exc:
        raise _stock_refusal(settings, exc, settings["field"]) from None
    record = await ctx.resources.create(resource.name, fields)
    if not entries:
        return ctx.respond.item(record, status=ctx.operation.success_status)
    return await _rewrite(ctx, resource, record, settings["field"],
                          lambda items: _checked_append(items, priced, settings))


def _entry_target(ctx: RequestContext, arguments: dict[str, Any]) -> tuple[str, str]:
    names = path_parameters(ctx)
    if len(names) < 2:
        raise LookupError(f"{ctx.operation.operation_id}: the path must name the record, then its entry")
    return arguments[names[-2]], arguments[names[-1]]


def _entry_index(items: list[Any], entry_id: str) -> int:
    index = next((n for n, i in enumerate(items) if isinstance(i, dict) and i.get("id") == entry_id), None)
    if index is None:
        raise Refused("entry_not_found")
    return index


async def _edit_entry(ctx: RequestContext, settings: dict[str, Any], arguments: dict[str, Any],
                      change: Callable[[list[Any], int], None]) -> Reply:
    resource = ctx.surface.resource(ctx.operation.resource)
    record_id, entry_id = _entry_target(ctx, arguments)
    record = await ctx.resources.lookup(resource.name, record_id)

    def rewrite(existing: Any) -> list[Any]:
        items = copy.deepcopy(list(existing or []))
        change(items, _entry_index(items, entry_id))
        return items

    try:
        return await _rewrite(ctx, resource, record, settings["field"], rewrite)
    except Refused as exc:
        if exc.reason == "entry_not_found":
            raise NotFound(f"No entry {entry_id} in this {resource.noun}", code="not_found") from None
        raise _stock_refusal(settings, exc, entry_id) from None


@action("lists.update")
async def update_entry(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    """The entry named by the path's last parameter (its `id`, from `idPrefix`) takes the
    body's fields (a new quantity); with `catalog`, within the stock of what it names."""
    fields = {k: copy.deepcopy(v) for k, v in (body or {}).items() if k != "id"} if isinstance(body, dict) else {}
    available_of: dict[str, Any] = {}
    catalog = settings.get("catalog")
    if catalog:  # the stock of the records the entry names, read before the row lock
        resource = ctx.surface.resource(ctx.operation.resource)
        record_id, entry_id = _entry_target(ctx, arguments)
        record = await ctx.resources.lookup(resource.name, record_id)
        items = record.get(settings["field"]) or []
        current = next((i for i in items if isinstance(i, dict) and i.get("id") == entry_id), None)
        if current is not None:
            _, available_of[entry_id] = await stock.catalog_entry(ctx.resources, catalog, {**current, **fields},
                                                                  "body", fill=False, record=record)

    def change(items: list[Any], index: int) -> None:
        items[index].update(fields)
        if catalog:
            stock.check_quantity(catalog, items[index], available_of.get(items[index].get("id")))

    return await _edit_entry(ctx, settings, arguments, change)


@action("lists.remove")
async def remove_entry(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    """Drop the entry named by the path's last parameter; answer the record."""
    return await _edit_entry(ctx, settings, arguments, lambda items, index: items.pop(index))


update_entry.refusals = (409, 422)  # more than in stock; a record onlyWhen refuses
remove_entry.refusals = (422,)  # a record onlyWhen refuses
create_with_entries.refusals = (400, 409)  # a line naming what the tenant does not offer; more than in stock


# with `catalog`: a line naming a product the tenant does not offer (400), more than in stock (409);
# `onlyWhen`: a record whose state takes no more entries (the state machine's refusal status)
append.refusals = (400, 409, 422)


async def _rewrite(ctx: RequestContext, resource, record: dict[str, Any], field: str,
                   rewrite: Callable[[Any], list[Any]]) -> Reply:
    """Replace the record's array `field` by `rewrite(current array)` under the row lock, with
    the derived fields it moves (a cart total) and the update time; answer with the record."""

    only_when = (ctx.operation.options or {}).get("onlyWhen") or {}

    def decide(current: dict[str, Any]) -> Mutation:
        for name, allowed in only_when.items():  # a checked-out cart takes no more lines
            if current.get(name) not in allowed:
                raise _not_editable(resource, name, current.get(name), allowed)
        merged = {**current, field: rewrite(current.get(field))}
        _check_bounds(ctx, current.get(field), merged[field])
        _derive(resource, merged, ())
        changes = {k: v for k, v in merged.items() if k not in current or current[k] != v}
        return Mutation(resource.timestamps.on_change(changes, now_iso()))

    updated = await ctx.resources.store.modify(resource.table_name, ctx.resources.tenant, record["id"], decide,
                                               outbox=ctx.resources.outbox("update"))
    if updated is None:
        raise not_found(resource)
    return ctx.respond.item(updated, status=ctx.operation.success_status)


def _check_bounds(ctx: RequestContext, before: Any, after: list[Any]) -> None:
    """`maxEntries` and `maxSum`: an edit that would take the array past them is refused with
    the validation status on the body's entry (a cart of at most 100 lines, each of at most
    10 000); an array already past them may still shrink."""
    settings = ctx.operation.options or {}
    most, sums = settings.get("maxEntries"), settings.get("maxSum") or {}
    if most is None and not sums:
        return
    before = before if isinstance(before, list) else []
    where = settings.get("entryField") or settings.get("bodyField") or settings.get("field") or "body"
    status = ctx.surface.validation_status
    if most is not None and len(after) > most and len(after) > len(before):
        raise body_field_refused(status, where, "too_many_entries",
                                 f"{settings['field']} would hold {len(after)} entries, at most {most}")
    for name, limit in sums.items():
        for entry in after:
            value = entry.get(name) if isinstance(entry, dict) else None
            if isinstance(value, (int, float)) and value > limit and entry not in before:
                raise body_field_refused(status, f"{where}.{name}", "too_large",
                                         f"the entry would hold {name} {value}, at most {limit}")


def _not_editable(resource, field: str, value: Any, allowed: list[Any]) -> ApiError:
    """`onlyWhen` refused: the state machine's refusal status and code when the resource has
    one (Aly: 422 operation_refused), else 409 invalid_state."""
    machine = resource.state_machine
    error = ApiError(f"Operation refused: the {resource.noun}'s {field} is {value} "
                     f"(its {field} must be {', '.join(str(a) for a in allowed)})",
                     code=machine.refusal_code if machine else "invalid_state")
    error.status = machine.refusal_status if machine else 409
    return error


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
edit.refusals = (400, 409, 422)  # 422: past maxEntries / maxSum


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

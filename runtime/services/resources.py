"""Resource services: what create, get, update, delete, list and expand mean for a resource
declared in a spec — ids with their prefix, defaults from the schema, read-only fields,
parents, timestamps, derived fields, a flag unique within a group, and relations.

One `TenantResources` is made per request, bound to that request's tenant; it is the only way
handlers reach the store, so no handler can touch another tenant's records.
"""

from __future__ import annotations

import copy
import secrets
import string
from typing import Any, Callable, Iterable

import attrs

from specloom.backends.base import (
    Filter,
    Mutation,
    Outbox,
    Page,
    PageRequest,
    Query,
    Refused,
    SortKey,
    Store,
    UniqueViolation,
    UnknownCursor,
    coerce,
)
from specloom.generator.ir import Counter, Ledger, Numbering, Resource, Surface
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict, NotFound
from specloom.runtime.services.pagination import invalid_cursor

from . import content_records as content
from . import read_derivations
from .tenant_settings import TenantSettings

_ID_ALPHABET = string.ascii_lowercase + string.digits
NUMBER_ATTEMPTS = 5  # draws of a record number (`numbering`) before a clash is reported


def not_found(resource: Resource) -> NotFound:
    """The 404 for a record of `resource` that is not there (or is another tenant's)."""
    return NotFound(f"{resource.noun.capitalize()} not found")


def new_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(20))


def new_number(numbering: Numbering) -> str:
    """A readable record number: the prefix and random decimal digits (`ORD-480213`), or its
    `format` with each `#` a random character of its alphabet (`GIFT-7KQ2-M9XD`)."""
    if numbering.format:
        return numbering.prefix + "".join(secrets.choice(numbering.alphabet) if ch == "#" else ch
                                          for ch in numbering.format)
    return numbering.prefix + "".join(secrets.choice(string.digits) for _ in range(numbering.digits))


def _sum_product(entries: Any, fields: tuple[str, ...]) -> int | float:
    """Σ over the entries of Π of their `fields` (a cart total: Σ price × quantity); an entry
    missing a field, or holding a non-number there, adds nothing."""
    total: int | float = 0
    for entry in entries if isinstance(entries, list) else ():
        product: int | float = 1
        for field in fields:
            value = entry.get(field) if isinstance(entry, dict) else None
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                product = 0
                break
            product *= value
        total += product
    return total


def _derive(resource: Resource, doc: dict[str, Any], explicit: Iterable[str]) -> None:
    for rule in resource.derivations:
        if rule.field in explicit or rule.source not in doc:
            continue
        if rule.sum_product:
            doc[rule.field] = _sum_product(doc[rule.source], rule.sum_product)
            continue
        if rule.difference:  # uses left: maxUses − usedCount (nothing when unlimited)
            a, b = (doc.get(f) for f in rule.difference)
            numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
            doc[rule.field] = a - b if numbers else None  # type: ignore[operator]
            continue
        if rule.join:
            entries = doc[rule.source] if isinstance(doc[rule.source], list) else []
            doc[rule.field] = " ".join(str(e[rule.join]) for e in entries
                                       if isinstance(e, dict) and e.get(rule.join) is not None)
            continue
        source = doc[rule.source]
        for bound, value in rule.cases:
            if bound is None or (source is not None and source <= bound):
                doc[rule.field] = copy.deepcopy(value)
                break


def counted(resource: Resource, current: dict[str, Any], counter: Counter, mode: str,
            amount: Any) -> tuple[Any, Any, dict[str, Any]]:
    """A counter's move (`set`, `increment`, `decrement` by `amount`): the value before, the
    value after, and the record's changed fields (derived ones included). Raises
    Refused("below_floor") when the value would go below the counter's floor."""
    value = current.get(counter.field) or 0
    after = {"set": amount, "increment": value + amount, "decrement": value - amount}[mode]
    if counter.floor is not None and after < counter.floor:
        raise Refused("below_floor", value=value)
    merged = {**current, counter.field: after}
    _derive(resource, merged, ())
    return value, after, {k: v for k, v in merged.items() if current.get(k) != v}


def _to_column(resource: Resource, field: str, value: Any) -> tuple[bool, Any]:
    """A lookup or filter value as a value of the field's indexed column (a path segment "42"
    for an integer field is 42), so every backend compares like with like; (False, None)
    when it cannot be one."""
    info = resource.field(field)
    if info is None or not info.column_type:
        return True, value
    return coerce(info.column_type, value)  # type: ignore[arg-type]


class TenantResources:
    def __init__(self, surface: Surface, store: Store, tenant: str, *, embed: tuple[str, ...] = ()):
        self.surface = surface
        self.store = store
        self.tenant = tenant
        self._resources = {r.name: r for r in surface.resources}
        self.cached_settings: dict[str, Any] | None = None  # loaded on first use (`settings`)
        # the operation's `embed` relations: a lookup by id reads their records with the record
        # (Store.get_with: one read), kept here for the `expand` that follows
        self._embed = embed
        self._prefetched: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def outbox(self, kind: str, transition: Any = None) -> Outbox | None:
        """The events a write of `kind` (create, update, transition) records, in its own
        transaction (runtime/services/events.py); `transition` names the transition, or is a function
        answering it once the write chose one."""
        from .events import EventRecorder

        return EventRecorder.of(self.surface).outbox(self.tenant, kind, transition)

    def _resource(self, name: str) -> Resource:
        return self._resources[name]

    # -- reads ------------------------------------------------------------------------------
    async def lookup(self, name: str, key: str, *, parent: dict[str, Any] | None = None,
                     where: dict[str, Any] | None = None) -> dict[str, Any]:
        """The record whose id (or another lookup field) is `key`; 404 when there is none,
        when it belongs to another tenant, when it is not a child of `parent`, or when one of
        the fields `where` names holds another value (the operation's fixed filters: a public
        storefront's get answers published products only)."""
        resource = self._resource(name)
        doc = None
        for field in resource.lookup:
            if field == "id" and self._embed:
                doc = await self._get_with_embedded(resource, key)
            elif field == "id":
                doc = await self.store.get(resource.table_name, self.tenant, key)
            else:
                fits, value = _to_column(resource, field, read_derivations.fold(resource, field, key))
                doc = await self.store.find(resource.table_name, self.tenant, field, value) if fits else None
            if doc is not None:
                break
        if doc is not None and parent is not None and resource.parent:
            if doc.get(resource.parent[1]) != parent["id"]:
                doc = None
        if doc is not None and where and any(doc.get(f) != v for f, v in where.items()):
            doc = None
        if doc is None and resource.account_of is not None:
            doc = await self._unopened_account(resource, key)
        if doc is None:
            raise not_found(resource)
        return await self.present(resource, doc)

    async def _unopened_account(self, resource: Resource, key: str) -> dict[str, Any] | None:
        """The account of `key` as it reads before it was ever opened (`accountOf`): its schema
        defaults (a balance of 0), nothing stored; None when the tenant has no such owner."""
        assert resource.account_of is not None
        owner_name, field = resource.account_of
        owner = self._resource(owner_name)
        if await self.store.get(owner.table_name, self.tenant, key) is None:
            return None
        doc = {k: copy.deepcopy(v) for k, v in resource.defaults.items()}
        doc.update({"id": key, field: key})
        return doc

    async def _get_with_embedded(self, resource: Resource, key: str) -> dict[str, Any] | None:
        """The record `key` and the records of its embedded child relations, in one read."""
        wanted = []
        for rel_name in self._embed:
            rel = resource.relation(rel_name)
            if rel is None or not rel.foreign_key:
                continue
            query = self._store_query(self._resource(rel.resource),
                                      Query(filters=(Filter(rel.foreign_key, key),)))
            if query is not None:
                wanted.append((rel, query))
        if not wanted:
            return await self.store.get(resource.table_name, self.tenant, key)
        doc, lists = await self.store.get_with(
            resource.table_name, self.tenant, key,
            [(self._resource(rel.resource).table_name, query, self.surface.collection_limit) for rel, query in wanted])
        if doc is not None:
            for (rel, _), items in zip(wanted, lists):
                self._prefetched[(rel.name, key)] = items
        return doc

    def _store_query(self, resource: Resource, query: Query) -> Query | None:
        """`query` as the store runs it: filters on read-time fields become filters on what
        they are computed from, values become their column's type, the resource's default sort
        applies; None when no record can match (a value that fits no column)."""
        # filters on read-time fields become filters on what they are computed from
        translated = read_derivations.translate(
            resource, attrs.evolve(query, filters=read_derivations.fold_filters(resource, query.filters)))
        if translated is None:
            return None
        query = translated
        filters = []
        for flt in query.filters:
            fits, value = _to_column(resource, flt.field, flt.value) if flt.op != "contains" else (True, flt.value)
            if not fits:  # "abc" for an integer field: nothing matches (on every backend)
                return None
            filters.append(attrs.evolve(flt, value=value) if value is not flt.value else flt)
        query = Query(filters=tuple(filters), search=query.search, search_in=query.search_in, sort=query.sort)
        if not query.sort and resource.sort:
            query = Query(filters=query.filters, search=query.search, search_in=query.search_in,
                          sort=tuple(SortKey(s.lstrip("-"), s.startswith("-")) for s in resource.sort))
        return query

    async def list(self, name: str, query: Query, paging: PageRequest) -> Page:
        resource = self._resource(name)
        prepared = self._store_query(resource, query)
        if prepared is None:
            return Page(items=[], total=0 if paging.with_total else None, has_next=False,
                        has_previous=paging.offset > 0 or paging.after is not None)
        query = prepared
        try:  # a lastId cursor (`after_id`) pages on after that record of this tenant
            page = await self.store.list(resource.table_name, self.tenant, query, paging)
        except UnknownCursor:
            raise invalid_cursor() from None
        for item in page.items:
            await self.present(resource, item)
        return page

    # -- read-time fields and tenant settings (runtime/services/read_derivations.py) ----------
    async def settings(self) -> dict[str, Any]:
        """The tenant's settings over the defaults the spec declares (`x-specloom.settings`)."""
        if self.cached_settings is None:
            own = await TenantSettings(self.store, self.surface.name).get(self.tenant)
            self.cached_settings = {**copy.deepcopy(self.surface.settings), **own}
        return self.cached_settings

    async def present(self, resource: Resource | str, doc: dict[str, Any]) -> dict[str, Any]:
        """`doc` with its read-time fields (`derivedOnRead`) computed, in place."""
        resource = self._resource(resource) if isinstance(resource, str) else resource
        if not resource.derived_on_read:
            return doc
        settings = await self.settings() if read_derivations.needs_settings(resource) else self.cached_settings
        return read_derivations.present(resource, doc, settings)

    async def expand(self, name: str, docs: list[dict[str, Any]], relations: Iterable[str]) -> None:
        """Attach related records in place, under each relation's name."""
        resource = self._resource(name)
        for rel_name in relations or ():
            rel = resource.relation(rel_name)
            if rel is None:
                continue
            target = self._resource(rel.resource)
            for doc in docs:
                if rel.foreign_key:
                    items = self._prefetched.pop((rel.name, doc["id"]), None)
                    if items is not None:  # read with the record (`_get_with_embedded`)
                        for item in items:
                            await self.present(target, item)
                    else:
                        items = (await self.list(rel.resource, Query(filters=(Filter(rel.foreign_key, doc["id"]),)),
                                                 PageRequest(limit=self.surface.collection_limit,
                                                             with_total=False))).items
                    doc[rel.name] = items
                else:
                    ref = doc.get(rel.local_key or "")
                    if isinstance(ref, list):
                        found = [await self.store.get(target.table_name, self.tenant, i) for i in ref]
                        doc[rel.name] = [d for d in found if d is not None]
                    else:
                        doc[rel.name] = (await self.store.get(target.table_name, self.tenant, ref)
                                         if isinstance(ref, str) else None)

    # -- writes -----------------------------------------------------------------------------
    def _writable(self, resource: Resource, body: dict[str, Any] | None) -> dict[str, Any]:
        return {k: v for k, v in (body or {}).items() if k not in resource.read_only}

    async def create(self, name: str, body: dict[str, Any] | None, *,
                     parent: dict[str, Any] | None = None, loaded: bool = False,
                     check: Callable[[dict[str, Any]], None] | None = None,
                     fixed: dict[str, Any] | None = None) -> dict[str, Any]:
        """`loaded` (a data file, runtime/services/data_loading.py): the body may carry the
        read-only fields too (its id, timestamps, number), which are kept; `check(doc)` sees
        the record as it is about to be stored and may raise to refuse it; `fixed` fields are
        set by the server whatever the body says (the signed-in owner of a new cart)."""
        resource = self._resource(name)
        given = read_derivations.normalise(resource, dict(body or {}) if loaded else self._writable(resource, body))
        own_id = given.pop("id", None) if loaded else None
        doc: dict[str, Any] = {"id": content.singleton_id(self.tenant) if resource.singleton else own_id or new_id(resource.id_prefix)}
        if resource.parent and parent is not None:
            doc[resource.parent[1]] = parent["id"]
        for field, default in resource.defaults.items():
            doc.setdefault(field, copy.deepcopy(default))
        if resource.setting_defaults:  # a review starts PUBLISHED where the site auto-approves
            await content.apply_setting_defaults(self, resource, doc)
        given = await content.resolve_references(self, resource, given)
        doc.update(given)
        doc.update(copy.deepcopy(fixed or {}))
        for field, source in resource.starts_as.items():  # a gift card's balance starts as issued
            if field not in given:
                doc[field] = copy.deepcopy(doc.get(source))
        content.check_typed_value(self.surface, resource, doc)
        for rule in resource.copy_from:  # a checkout takes its cart's items (404: no such cart)
            if doc.get(rule.field) is not None:
                source = await self.lookup(rule.resource, str(doc[rule.field]))
                doc.update({k: copy.deepcopy(source.get(v)) for k, v in rule.fields.items() if v in source})
        _derive(resource, doc, given)
        (resource.timestamps.on_seed if loaded else resource.timestamps.on_create)(doc, now_iso())
        # a unique flag (isDefault) is kept by the store in the insert's own transaction:
        # the first of a group gets it, setting it clears it on the others
        numbering = resource.numbering if resource.numbering and resource.numbering.field not in given else None
        for attempt in range(NUMBER_ATTEMPTS if numbering else 1):
            if numbering:
                doc[numbering.field] = new_number(numbering)
            if check is not None:
                check(doc)
            try:
                return await self.store.insert(resource.table_name, self.tenant, doc,
                                               outbox=self.outbox("create"))
            except UniqueViolation as exc:
                if not numbering or numbering.field not in exc.fields or attempt == NUMBER_ATTEMPTS - 1:
                    raise self._conflict(resource, exc) from None
        raise AssertionError("unreachable")

    async def seed(self, name: str, doc: dict[str, Any], *, record_events: bool = False) -> dict[str, Any]:
        """Store a record with the id it comes with: demo data, or a record a service action
        made (`record_events`: its create events go to the outbox with it, as for `create`)."""
        resource = self._resource(name)
        full = {k: copy.deepcopy(v) for k, v in resource.defaults.items()}
        full.update(doc)
        if resource.singleton:  # the tenant's one record is named by the tenant
            full["id"] = content.singleton_id(self.tenant)
        _derive(resource, full, doc)
        resource.timestamps.on_seed(full, now_iso())
        return await self.store.insert(resource.table_name, self.tenant, full,
                                       outbox=self.outbox("create") if record_events else None)

    async def update(self, name: str, doc: dict[str, Any], body: dict[str, Any] | None) -> dict[str, Any]:
        resource = self._resource(name)
        changes = await content.resolve_references(
            self, resource, read_derivations.normalise(resource, self._writable(resource, body)))
        merged = {**doc, **changes}
        content.check_typed_value(self.surface, resource, merged)
        _derive(resource, merged, changes)
        changes = {k: v for k, v in merged.items() if doc.get(k, object()) != v or k not in doc}
        resource.timestamps.on_change(changes, now_iso())
        try:  # setting a unique flag clears it on the others, in the same transaction
            updated = await self.store.update(resource.table_name, self.tenant, doc["id"], changes,
                                              outbox=self.outbox("update"))
        except UniqueViolation as exc:
            raise self._conflict(resource, exc) from None
        if updated is None:
            raise not_found(resource)
        return updated

    async def post_to_ledger(self, name: str, account_id: str, body: dict[str, Any], ledger: Ledger) -> dict[str, Any]:
        """Credit or debit an account; the balance check and the entry are one transaction."""
        resource = self._resource(name)
        entries = self._resource(ledger.entries)
        amount = body[ledger.amount_field]
        debit = body[ledger.type_field] == ledger.debit
        now = now_iso()
        entry = {k: v for k, v in body.items() if k not in entries.read_only}
        entry["id"] = new_id(entries.id_prefix)
        entries.timestamps.on_create(entry, now)
        if entries.parent:
            entry[entries.parent[1]] = account_id

        def move(account: dict[str, Any]) -> Mutation:
            balance = account.get(ledger.balance_field) or 0
            after = balance - amount if debit else balance + amount
            if debit and after < ledger.floor:
                raise Refused("insufficient_balance", balance=balance)
            changes = resource.timestamps.on_change({ledger.balance_field: after}, now)
            return Mutation(changes, ((entries.table_name, entry),))

        try:
            account = await self.store.modify(resource.table_name, self.tenant, account_id, move,
                                              outbox=self.outbox("update"))
            if account is None and ledger.create_missing and not debit:
                await self._open_account(resource, account_id, ledger)
                account = await self.store.modify(resource.table_name, self.tenant, account_id, move,
                                                  outbox=self.outbox("update"))
        except Refused as exc:
            raise Conflict(f"Insufficient balance: {exc.info['balance']} available, {amount} requested",
                           code="insufficient_balance") from None
        if account is None:
            raise not_found(resource)
        return {ledger.balance_field: account[ledger.balance_field], ledger.result_entry_field: entry}

    async def _open_account(self, resource: Resource, account_id: str, ledger: Ledger) -> None:
        doc = {k: copy.deepcopy(v) for k, v in resource.defaults.items()}
        doc.update({"id": account_id, ledger.balance_field: 0})
        if ledger.account_key_field:
            doc[ledger.account_key_field] = account_id
        resource.timestamps.on_create(doc, now_iso())
        try:
            await self.store.insert(resource.table_name, self.tenant, doc)
        except UniqueViolation:
            pass  # opened concurrently by another request: fine

    async def adjust_counter(self, name: str, doc: dict[str, Any], body: dict[str, Any], counter: Counter) -> dict[str, Any]:
        """Set, increment or decrement a counter atomically; never below its floor (409)."""
        resource = self._resource(name)
        mode = body.get(counter.mode_field, "increment")
        amount = body[counter.amount_field]

        def adjust(current: dict[str, Any]) -> Mutation:
            _, _, changes = counted(resource, current, counter, mode, amount)
            return Mutation(resource.timestamps.on_change(changes, now_iso()))

        try:
            updated = await self.store.modify(resource.table_name, self.tenant, doc["id"], adjust,
                                              outbox=self.outbox("update"))
        except Refused as exc:
            raise Conflict(f"Not enough {counter.field}: {exc.info['value']} available, {amount} requested",
                           code="insufficient_quantity") from None
        if updated is None:
            raise not_found(resource)
        return updated

    async def delete(self, name: str, doc: dict[str, Any]) -> None:
        resource = self._resource(name)
        if not await self.store.delete(resource.table_name, self.tenant, doc["id"]):
            raise not_found(resource)
        for child in self.surface.resources:
            if child.parent and child.parent[0] == name:
                await self._delete_children(child, doc["id"])
        await content.delete_owned(self, name, doc["id"])  # a product's metafields go with it
        # a deleted flagged record passes its flag on (promoteOnDelete) inside the store's delete

    async def singleton(self, name: str) -> dict[str, Any]:
        """The tenant's one record of a `singleton` resource (404 until it is made or loaded)."""
        return await self.lookup(name, content.singleton_id(self.tenant))

    async def aggregate(self, name: str, docs: Iterable[dict[str, Any]]) -> None:
        """Attach the resource's `aggregates` (a customer's totalOrders, totalSpent) in place."""
        await content.attach_aggregates(self, self._resource(name), docs)

    # -- helpers ----------------------------------------------------------------------------
    async def _delete_children(self, child: Resource, parent_id: str) -> None:
        """Children go with their parent (variants with their product)."""
        assert child.parent is not None
        while True:
            page = await self.store.list(child.table_name, self.tenant,
                                         Query(filters=(Filter(child.parent[1], parent_id),)),
                                         PageRequest(limit=500, with_total=False))
            for item in page.items:
                await self.delete(child.name, item)
            if not page.has_next:
                return

    def _conflict(self, resource: Resource, exc: UniqueViolation) -> Conflict:
        fields = " and ".join(exc.fields)
        return Conflict(f"Another {resource.noun} already has this {fields}",
                        code="already_exists")

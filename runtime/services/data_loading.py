"""Loading records from a file into a tenant: `specloom data load` and the demo data.

A data file is YAML or JSON (README, "Loading data"):

    tenant: site_demo            # optional: the tenant (the command's --tenant wins)
    records:                     # resource name -> its records, loaded in this order
      brands:
        - { id: br_1, name: Essentials, slug: essentials }
      products:
        - { id: prd_abc123, name: Classic White T-Shirt, slug: classic-white-t-shirt,
            price: 2999, brandId: br_1 }

`records` may also be a list of one-key mappings (`- brands: [...]`) where the order must be
explicit, and a file without `records` is read as the mapping itself (`{brands: [...], ...}`).
Records load in file order, so a record may name one loaded before it (a variant its product).

Each record goes through the API's own create (`TenantResources.create(..., loaded=True)`):
the id it is given (any text) or a new one with the resource's prefix, schema defaults, its
parent must exist in the tenant (404 on the API, an error here), `copyFrom`, references and
setting defaults, derived fields, timestamps (kept when given, as imported history), a record
number (`numbering`) drawn unless given, unique rules and flags (kept by the store), and the
resource's `create` events, recorded in the outbox with it. Just before it is written, the
record is validated with JSON Schema 2020-12: the fields a create accepts against the create
operation's request body (the constraints the API enforces), and the whole record as stored
against the resource schema (fields computed on read aside). Fields the resource schema does
not have, relations given inline and fields computed on read are refused.

The whole file is one unit of work (`Store.transaction()`): the first bad record stops the load
and nothing of the file is written. `LoadError` names the record (resource, index, id) and
the field.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable, Iterable

import attrs
import jsonschema_rs
import yaml

from specloom.backends.base import UniqueViolation
from specloom.generator.build import bundle
from specloom.generator.ir import Operation, Resource, Surface
from specloom.runtime.errors import ApiError, Conflict

from .resources import TenantResources

MAX_ID_LENGTH = 200
PROGRESS_EVERY = 500  # records between progress reports
Batches = list[tuple[str, list[Any]]]


class LoadError(Exception):
    """Bad input: the file, or one record of it (`resource`, `index` from 0, `record_id`) and
    the `field` at fault (a dotted path, or None for the record as a whole)."""

    def __init__(self, message: str, *, resource: str | None = None, index: int | None = None,
                 record_id: str | None = None, field: str | None = None):
        self.message = message
        self.resource = resource
        self.index = index
        self.record_id = record_id
        self.field = field
        super().__init__(str(self))

    def where(self) -> str:
        if self.resource is None:
            return ""
        place = self.resource + (f"[{self.index}]" if self.index is not None else "")
        if self.record_id:
            place += f" (id {self.record_id})"
        return place

    def __str__(self) -> str:
        parts = [p for p in (self.where(), f"field {self.field!r}" if self.field else "", self.message) if p]
        return ": ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.message, "resource": self.resource, "index": self.index,
                "id": self.record_id, "field": self.field}


@attrs.frozen
class LoadResult:
    tenant: str
    loaded: dict[str, int]  # resource -> records written, in load order
    events: int  # outbox events recorded with them

    @property
    def total(self) -> int:
        return sum(self.loaded.values())


# -- reading a file -----------------------------------------------------------------------------
def read_file(path: Path) -> dict[str, Any]:
    """The parsed data file (JSON for `.json`, else YAML, which also reads JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise LoadError(f"{path} is not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: "
                        f"{str(exc).splitlines()[0]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError(f"{path}: expected a mapping of resource names to lists of records")
    return data


def file_tenant(data: dict[str, Any]) -> str | None:
    tenant = data.get("tenant") if "records" in data else None
    return str(tenant) if tenant is not None else None


def batches(data: dict[str, Any], surface: Surface) -> Batches:
    """(resource name, its records) in load order; unknown resources and malformed lists are refused."""
    records = data["records"] if "records" in data else data
    extra = set(data) - {"records", "tenant"} if "records" in data else set()
    if extra:
        raise LoadError(f"unknown top-level key(s) {', '.join(sorted(extra))}: expected `tenant` and `records`")
    pairs: list[tuple[Any, Any]] = []
    if isinstance(records, dict):
        pairs = list(records.items())
    elif isinstance(records, list):
        for i, entry in enumerate(records):
            if not isinstance(entry, dict) or len(entry) != 1:
                raise LoadError(f"records[{i}] must be a mapping of one resource name to its records")
            pairs.extend(entry.items())
    elif records is not None:
        raise LoadError("`records` must be a mapping of resource names to lists of records")
    known = {r.name for r in surface.resources}
    out: Batches = []
    for name, items in pairs:
        if name not in known:
            raise LoadError(f"unknown resource {name!r}; {surface.name} has: {', '.join(sorted(known))}",
                            resource=str(name))
        if not isinstance(items, list):
            raise LoadError("expected a list of records", resource=name)
        out.append((name, items))
    return out


# -- loading -------------------------------------------------------------------------------------
def _error_field(prefix: str, error) -> str | None:
    path = [str(p) for p in error.instance_path]
    if type(error.kind).__name__ == "Required":
        path.append(str(error.kind.property))
    joined = ".".join(path)
    return (f"{prefix}.{joined}" if prefix and joined else joined or prefix) or None


_FIELD_KINDS_LEFT_TO_THE_RESOURCE = ("AdditionalProperties", "UnevaluatedProperties")


def computed_on_read(resource: Resource) -> set[str]:
    """Fields computed whenever the record is read (`aggregates`, `derivedOnRead`), never stored."""
    return ({a.field for a in resource.aggregates}
            | {d.field for d in resource.derived_on_read})


class _CountingResources(TenantResources):
    """The tenant's resources, counting the events their writes record."""

    events = 0

    def outbox(self, kind: str, transition: Any = None):
        inner = super().outbox(kind, transition)
        if inner is None:
            return None

        def rows(written):
            out = inner(written)
            self.events += len(out)
            return out

        return rows


class DataLoader:
    """Loads batches of records into one surface's store (see the module docstring)."""

    def __init__(self, surface: Surface, document: dict[str, Any], store):
        self.surface = surface
        self.document = document
        self.store = store
        self._validators: dict[str, tuple[Any, Any]] = {}

    @classmethod
    def for_runtime(cls, runtime) -> "DataLoader":
        return cls(runtime.surface, runtime.generated.document, runtime.store)

    def _create_operation(self, resource: Resource) -> Operation | None:
        for op in self.surface.operations:
            if op.resource == resource.name and op.action == "create" and op.body is not None:
                return op
        return None

    def _compiled(self, resource: Resource) -> tuple[Any, Any]:
        """(the resource schema's validator, the create body's validator or None)."""
        if resource.name not in self._validators:
            whole = jsonschema_rs.validator_for(
                bundle(self.document, {"$ref": f"#/components/schemas/{resource.schema_name}"}),
                validate_formats=True)
            op = self._create_operation(resource)
            body = jsonschema_rs.validator_for(op.body.schema, validate_formats=True) if op and op.body else None
            self._validators[resource.name] = (whole, body)
        return self._validators[resource.name]

    async def load(self, tenant: str, work: Batches, *,
                   progress: Callable[[int, int], None] | None = None) -> LoadResult:
        """Load every record in one unit of work; the first bad record raises `LoadError` and
        nothing is written."""
        if not tenant or not str(tenant).strip():
            raise LoadError("the tenant must not be empty")
        total = sum(len(items) for _, items in work)
        loaded: dict[str, int] = {}
        resources = _CountingResources(self.surface, self.store, tenant)
        done = 0
        async with self.store.transaction():
            for name, items in work:
                resource = self.surface.resource(name)
                for index, raw in enumerate(items):
                    await self._load_one(resources, resource, index, raw)
                    loaded[name] = loaded.get(name, 0) + 1
                    done += 1
                    if progress is not None and done % PROGRESS_EVERY == 0 and done < total:
                        progress(done, total)
        if progress is not None and total >= PROGRESS_EVERY:
            progress(total, total)
        return LoadResult(tenant=tenant, loaded=loaded, events=resources.events)

    async def _load_one(self, resources: "_CountingResources", resource: Resource, index: int, raw: Any) -> dict[str, Any]:
        def error(message: str, field: str | None = None, record_id: Any = None) -> LoadError:
            rid = record_id if record_id is not None else (raw.get("id") if isinstance(raw, dict) else None)
            return LoadError(message, resource=resource.name, index=index,
                             record_id=rid if isinstance(rid, str) else None, field=field)

        if not isinstance(raw, dict):
            raise error("a record must be a mapping of fields to values")
        known = {f.name for f in resource.fields} | {"id"}
        relations = {r.name for r in resource.relations}
        for field in raw:
            if not isinstance(field, str) or field not in known:
                raise error(f"unknown field; {resource.name} has: {', '.join(sorted(known - relations))}",
                            str(field))
            if field in relations:
                raise error("a relation cannot be given inline: load its records as their own resource", field)
            if field in computed_on_read(resource):
                raise error("computed on every read, never stored: leave it out", field)
        given = copy.deepcopy(raw)
        record_id = given.get("id")
        if record_id is not None and (not isinstance(record_id, str) or not record_id.strip()
                                      or len(record_id) > MAX_ID_LENGTH):
            raise error(f"an id must be non-empty text of at most {MAX_ID_LENGTH} characters", "id", "")
        if record_id is not None and await self.store.get(resource.table_name, resources.tenant, record_id):
            raise error("another record already has this id", "id")
        parent = None
        if resource.parent:  # a child names a parent of this tenant, as its create path requires
            parent_name, parent_field = resource.parent
            parent_id = given.get(parent_field)
            found = (await self.store.get(self.surface.resource(parent_name).table_name, resources.tenant, parent_id)
                     if isinstance(parent_id, str) else None)
            if found is None:
                raise error(f"no {self.surface.resource(parent_name).noun} {parent_id!r} in this tenant "
                            "(load it before its children)", parent_field)
            parent = found
        for rule in resource.copy_from:
            if given.get(rule.field) is not None:
                source = self.surface.resource(rule.resource)
                if await self.store.get(source.table_name, resources.tenant, str(given[rule.field])) is None:
                    raise error(f"no {source.noun} {given[rule.field]!r} in this tenant", rule.field)
        try:
            return await resources.create(resource.name, given, parent=parent, loaded=True,
                                          check=lambda doc: self._validate(resource, given, doc, error))
        except LoadError:
            raise
        except Conflict as exc:
            clash = exc.__context__
            fields = clash.fields if isinstance(clash, UniqueViolation) else ()
            if fields in ((), ("id",)):
                raise error("another record already has this id" if fields else exc.message,
                            "id" if fields else None) from None
            raise error(f"another {resource.noun} already has this {' and '.join(fields)}",
                        " and ".join(fields)) from None
        except ApiError as exc:  # refused as the API would refuse it (a metafield's target missing)
            raise error(exc.message) from None

    def _validate(self, resource: Resource, given: dict[str, Any], doc: dict[str, Any], error) -> None:
        whole, body = self._compiled(resource)
        if body is not None:  # what a create accepts: the body's own constraints
            writable = {k: v for k, v in given.items() if k not in resource.read_only}
            for problem in body.iter_errors(writable):
                if type(problem.kind).__name__ in _FIELD_KINDS_LEFT_TO_THE_RESOURCE:
                    continue
                raise error(problem.message, _error_field("", problem))
        computed = computed_on_read(resource)
        for problem in whole.iter_errors(doc):
            field = _error_field("", problem)
            if (field or "").split(".")[0] in computed:  # added when the record is read
                continue
            raise error(problem.message, field)


def existing(surface: Surface, work: Iterable[tuple[str, list[Any]]]) -> tuple[str, str] | None:
    """The (table, id) of the first record of `work` that names its id, to tell whether a
    file was loaded already (demo data loads into an empty tenant only)."""
    for name, items in work:
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return surface.resource(name).table_name, item["id"]
    return None

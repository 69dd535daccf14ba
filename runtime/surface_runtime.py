"""`SurfaceRuntime`: everything one served surface shares across requests, built once — the
surface's IR and generated package, the store, the settings, the envelopes, the compiled
validators, the API keys, one authentication family per security scheme and the cursor codec.

It sits below the HTTP edge (runtime/http/app.py builds one per app) and above the services
it holds. Services that need the whole runtime — the job runner (runtime/services/jobs.py) and
the webhook dispatcher (runtime/webhooks/dispatcher.py) — take it as their argument and are
made on first use by `service(kind)`, one per runtime, so that this module never imports them.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, TypeVar

import attrs

from specloom.backends.base import Column, FlagRule, Store, Table
from specloom.generator.ir import Surface
from specloom.runtime.auth import build_families
from specloom.runtime.config import Settings
from specloom.runtime.envelopes import Envelopes
from specloom.runtime.handler_api import RequestContext
from specloom.runtime.http.error_responses import render_error
from specloom.runtime.http.validation import OperationValidator
from specloom.runtime.security.credentials import ApiKeys
from specloom.runtime.services.pagination import CursorCodec
from specloom.runtime.services.resources import TenantResources
from specloom.runtime.surfaces import GeneratedSurface

S = TypeVar("S")


def tables_for(surface: Surface) -> list[Table]:
    """The store tables the surface's resources need (columns, unique rules, flag rules), each
    the surface's own: `<surface>__<resource>` (`Resource.table_name`), so surfaces sharing a
    store never share a table."""
    tables = []
    for resource in surface.resources:
        columns = tuple(Column(name, resource.field(name).column_type)  # type: ignore[union-attr]
                        for name in resource.column_fields())
        flag = resource.flag
        rule = None
        if flag is not None and {flag.field, flag.within} <= {c.field for c in columns}:
            # the store keeps the flag unique within its group, atomically (backends/base.py)
            rule = FlagRule(flag.field, flag.within, flag.first_is_set, flag.promote_on_delete,
                            resource.timestamps.updated)
        tables.append(Table(resource.table_name, columns, resource.unique, rule, resource.name,
                            counted_fields(surface, resource.name, {c.field for c in columns})))
    return tables


def counted_fields(surface: Surface, resource: str, columns: set[str]) -> tuple[str, ...]:
    """The fields whose per-value totals the store maintains (backends/counts.py): the equality
    filters an offset list of the resource applies by default (a filter parameter with a default,
    `status=ACTIVE`) or always (`where`), so its default page's `total` is read, not counted."""
    fields: list[str] = []
    for op in surface.operations:
        if op.resource != resource or not op.paginated or op.param("page") is None:
            continue
        wanted = [p.filter_field for p in op.params_with_role("filter")
                  if p.default is not None and p.filter_match == "eq" and not p.is_array]
        wanted += list(op.where)
        fields += [f for f in wanted if f in columns and f not in fields]
    return tuple(sorted(fields))


class SurfaceRuntime:
    """Everything one served surface shares across requests, built once."""

    def __init__(self, generated: GeneratedSurface, store: Store, settings: Settings):
        surface = generated.surface
        if settings.max_body_bytes:
            surface = attrs.evolve(surface, max_body_bytes=settings.max_body_bytes)
        self.surface = surface
        self.generated = generated
        self.store = store
        self.settings = settings
        self.envelopes = Envelopes(surface.envelopes, surface.error_envelope)
        self.validators = {op.operation_id: OperationValidator(op, surface.validation_status,
                                                               surface.validation_details,
                                                               max_depth=settings.max_json_depth)
                           for op in surface.operations}
        prefixes = tuple(p for s in surface.security_schemes if s.family == "apiKey" for p in s.prefixes)
        test_prefix = next((s.test_prefix for s in surface.security_schemes
                            if s.family == "apiKey" and s.test_prefix), None)
        self.api_keys = ApiKeys(store, surface.name, prefixes or ("key_",), test_prefix)
        self.families = build_families(self)
        self.cursors: CursorCodec | None = None
        self._services: dict[Callable[..., Any], Any] = {}
        self._ready = False
        self._ready_lock = asyncio.Lock()

    def service(self, kind: Callable[["SurfaceRuntime"], S]) -> S:
        """The one `kind(self)` of this runtime (the job runner, the webhook dispatcher), made on
        first use."""
        try:
            return self._services[kind]
        except KeyError:
            made = self._services[kind] = kind(self)
            return made

    def render_error(self, error) -> bytes:
        return render_error(self.envelopes, error)

    async def ensure_ready(self) -> None:
        """Migrate the store and load secrets, once, before the first request."""
        if self._ready:
            return
        async with self._ready_lock:
            if not self._ready:
                # additive schema changes apply; a refused one raises MigrationRefused
                await self.store.migrate(tables_for(self.surface), surface=self.surface.name)
                self.cursors = CursorCodec(await self.api_keys.pepper())
                self._ready = True

    def context(self, request) -> RequestContext:
        assert self.cursors is not None
        return RequestContext(
            surface=self.surface, operation=request.operation, envelopes=self.envelopes,
            resources=TenantResources(self.surface, self.store, request.tenant or "",
                                      embed=request.operation.embed),
            cursors=self.cursors, tenant=request.tenant, credential=request.credential,
            hooks=self.generated.hooks, runtime=self, request=request)

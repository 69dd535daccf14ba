"""The app factory: a Connexion AsyncApp serving one surface from its generated package.

Connexion supplies the application, routing by operationId and the resolver; specloom plugs
in through Connexion's extension points — its middleware list (error envelopes, docs, the
policy stack) and its API class (handlers are called with validated arguments, replies are
rendered in the surface's envelopes and, when enabled, checked against the response schemas).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import partial
from typing import Any

import orjson
from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.resolver import Resolver
from starlette.types import Receive, Scope, Send

from specloom.backends.base import Column, FlagRule, Store, Table
from specloom.generator.ir import Operation, Surface

from .config import Settings
from .auth import build_families
from .credentials import ApiKeys
from .cors import Cors
from .docs import Docs
from .envelopes import Envelopes
from .error_responses import AllowedMethods, ErrorEnvelopes, render_error
from .errors import InternalError
from .handler_api import RequestContext
from .jobs import JobRunner
from .pagination import CursorCodec
from .policies.auth import Authenticate, Authorize
from .policies.body_limit import BodyLimit
from .policies.idempotency import IdempotentRequests
from .policies.rate_limit import RateLimiter
from .policies.signing import VerifySignature
from .policies.validation import ValidateRequest
from .resources import TenantResources
from .stack import REQUEST, PolicyStack
from .surfaces import GeneratedSurface, load_surface
from .validation import OperationValidator
from .webhooks import WebhookDispatcher

log = logging.getLogger("specloom.app")


def tables_for(surface: Surface) -> list[Table]:
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
        tables.append(Table(resource.table_name, columns, resource.unique, rule, resource.name))
    return tables


class SurfaceRuntime:
    """Everything one served surface shares across requests, built once."""

    def __init__(self, generated: GeneratedSurface, store: Store, settings: Settings):
        surface = generated.surface
        if settings.max_body_bytes:
            import attrs

            surface = attrs.evolve(surface, max_body_bytes=settings.max_body_bytes)
        self.surface = surface
        self.generated = generated
        self.store = store
        self.settings = settings
        self.envelopes = Envelopes(surface.envelopes, surface.error_envelope)
        self.validators = {op.operation_id: OperationValidator(op, surface.validation_status,
                                                               surface.validation_details)
                           for op in surface.operations}
        prefixes = tuple(p for s in surface.security_schemes if s.family == "apiKey" for p in s.prefixes)
        self.api_keys = ApiKeys(store, surface.name, prefixes or ("key_",))
        self.families = build_families(self)
        self.jobs = JobRunner(self)
        self.webhooks = WebhookDispatcher(self)  # delivers the outbox (x-specloom.webhooks)
        self.cursors: CursorCodec | None = None
        self._ready = False
        self._ready_lock = asyncio.Lock()

    def policies(self) -> list[Any]:
        surface = self.surface
        policies: list[Any] = [BodyLimit(surface.max_body_bytes), Authenticate(surface, self.families, self.store),
                               Authorize(surface, self.store), ValidateRequest(self.validators, surface.tenant_forbidden_body_fields)]
        if self.settings.rate_limits:
            policies += [RateLimiter(surface, self.store, per="client", clock=self.settings.clock),
                         RateLimiter(surface, self.store, per="credential", clock=self.settings.clock)]
        if surface.signing is not None:
            policies.append(VerifySignature(surface.signing))
        if surface.idempotency is not None:
            policies.append(IdempotentRequests(surface.name, surface.idempotency, self.store))
        return policies

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
            resources=TenantResources(self.surface, self.store, request.tenant or ""),
            cursors=self.cursors, tenant=request.tenant, credential=request.credential,
            hooks=self.generated.hooks, runtime=self)


class HandlerCall:
    """The endpoint Connexion routes to: run the generated handler, send its reply."""

    def __init__(self, fn, operation: Operation, runtime: SurfaceRuntime):
        self.fn = fn
        self.operation = operation
        self.runtime = runtime
        self.validator = runtime.validators[operation.operation_id]
        self.has_body = operation.body is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = scope["extensions"][REQUEST]
        ctx = self.runtime.context(request)
        kwargs = request.arguments
        if self.has_body:
            kwargs["body"] = request.body
        reply = await self.fn(ctx, **kwargs)
        if self.runtime.settings.validate_responses:
            problems = self.validator.response_problems(reply.status, reply.body)
            if problems:
                log.error("response of %s breaks the spec: %s", self.operation.operation_id, problems)
                raise InternalError("Internal server error: the response did not match the API contract",
                                    code="response_contract")
        body = b"" if reply.body is None else orjson.dumps(reply.body)
        headers = [(b"content-length", str(len(body)).encode())]
        if reply.body is not None:
            headers.append((b"content-type", b"application/json"))
        headers += [(k.lower().encode(), v.encode()) for k, v in reply.headers.items()]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class SpecloomApi(AsyncApi):
    def __init__(self, *args, specloom_runtime: SurfaceRuntime, **kwargs):
        self.runtime = specloom_runtime
        super().__init__(*args, **kwargs)

    def make_operation(self, operation) -> HandlerCall:  # type: ignore[override]
        op = self.runtime.surface.operation(operation.operation_id)
        return HandlerCall(operation.function, op, self.runtime)


class SpecloomASGIApp(AsyncASGIApp):
    api_cls = SpecloomApi


class ReadyGate:
    """Makes sure the store is migrated before the first request is served."""

    def __init__(self, app, *, runtime: SurfaceRuntime):
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.runtime.ensure_ready()
        await self.app(scope, receive, send)


def create_app(surface: str | GeneratedSurface, store: Store, *, settings: Settings | None = None) -> AsyncApp:
    generated = load_surface(surface) if isinstance(surface, str) else surface
    settings = settings or Settings.from_env()
    runtime = SurfaceRuntime(generated, store, settings)
    handlers = {op.operation_id: getattr(generated.handlers, op.function_name)
                for op in runtime.surface.operations}

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await runtime.ensure_ready()
        await runtime.jobs.resume()
        runtime.webhooks.start()
        yield
        await runtime.webhooks.stop()
        await runtime.jobs.stop()

    from .openapi31 import routing_document

    middlewares = [
        partial(Cors, runtime=runtime),  # x-specloom.cors: browsers' preflights and origins
        partial(ErrorEnvelopes, envelopes=runtime.envelopes,
                allowed=AllowedMethods((op.path, op.method) for op in runtime.surface.operations)),
        partial(Docs, document=generated.document, title=runtime.surface.title),
        partial(ReadyGate, runtime=runtime),
        RoutingMiddleware,
        partial(PolicyStack, surface=runtime.surface, policies=runtime.policies(),
                render_error=runtime.render_error),
        LifespanMiddleware,
    ]
    app = AsyncApp(__name__, middlewares=middlewares, lifespan=lifespan)
    app._middleware_app = SpecloomASGIApp()  # the API class that calls generated handlers
    app.middleware.app = app._middleware_app
    app.add_api(routing_document(runtime.surface), resolver=Resolver(function_resolver=handlers.__getitem__),
                specloom_runtime=runtime)
    app.specloom = runtime  # type: ignore[attr-defined]
    return app

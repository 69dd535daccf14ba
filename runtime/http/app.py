"""The app factory: a Connexion AsyncApp serving one surface from its generated package.

Connexion supplies the application, routing by operationId and the resolver; specloom plugs
in through Connexion's extension points — its middleware list (error envelopes, docs, the
policy stack) and its API class (handlers are called with validated arguments, replies are
rendered in the surface's envelopes and, when enabled, checked against the response schemas).
"""

from __future__ import annotations

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

from specloom.backends.base import Store
from specloom.generator.ir import Operation
from specloom.runtime.actions import action_function
from specloom.runtime.config import Settings
from specloom.runtime.errors import InternalError
from specloom.runtime.mail.worker import MailWorker
from specloom.runtime.payments.hosted_page import HostedPaymentPages
from specloom.runtime.policies.auth import Authenticate, Authorize
from specloom.runtime.policies.body_limit import BodyLimit
from specloom.runtime.policies.idempotency import IdempotentRequests
from specloom.runtime.policies.rate_limit import RateLimiter, public_default_rules
from specloom.runtime.policies.signing import VerifySignature
from specloom.runtime.policies.validation import ValidateRequest
from specloom.runtime.services.jobs import JobRunner
from specloom.runtime.services.last_used import LastUsed
from specloom.runtime.services.sweeps import SweepRunner
from specloom.runtime.surface_runtime import SurfaceRuntime
from specloom.runtime.surfaces import GeneratedSurface, load_surface
from specloom.runtime.webhooks.dispatcher import WebhookDispatcher

from .cors import Cors
from .docs import Docs
from .error_responses import AllowedMethods, ErrorEnvelopes
from .file_transfers import FileTransfers
from .health import RESERVED, Readiness
from .observe import Observe
from .routing_view import routing_document
from .stack import REQUEST, PolicyStack, UnroutedRequests

log = logging.getLogger("specloom.app")


def policies_for(runtime: SurfaceRuntime) -> list[Any]:
    """The surface's policies, configured from its IR; the stack runs them in its order."""
    surface = runtime.surface
    policies: list[Any] = [BodyLimit(surface.max_body_bytes), Authenticate(surface, runtime.families, runtime.store),
                           Authorize(surface, runtime.store),
                           ValidateRequest(runtime.validators, surface.tenant_forbidden_body_fields,
                                           surface.parameter_validation_status)]
    if runtime.settings.rate_limits:
        public_defaults = public_default_rules(runtime.settings.public_rate_limit, runtime.settings.public_failure_limit)
        policies += [RateLimiter(surface, runtime.store, per="client", clock=runtime.settings.clock,
                                 public_defaults=public_defaults),
                     RateLimiter(surface, runtime.store, per="credential", clock=runtime.settings.clock)]
    if surface.signing is not None:
        policies.append(VerifySignature(surface.signing, runtime.store))
    if surface.idempotency is not None:
        policies.append(IdempotentRequests(surface.name, surface.idempotency, runtime.store,
                                           in_flight_seconds=runtime.settings.idempotency_in_flight_seconds))
    return policies


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
    clash = sorted({op.path for op in runtime.surface.operations} & set(RESERVED))
    if clash:  # health and metrics are answered before routing: such a route could never be reached
        raise ValueError(f"{runtime.surface.name} declares {', '.join(clash)}: paths specloom serves itself "
                         f"(health and metrics: {', '.join(RESERVED)})")
    readiness, last_used = Readiness(runtime), LastUsed(store, runtime.surface.name)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await runtime.ensure_ready()
        jobs, webhooks = runtime.service(JobRunner), runtime.service(WebhookDispatcher)
        for op in runtime.surface.operations:  # their job processors, before queued jobs resume
            if op.is_service_action:
                action_function(op.action)
        await jobs.resume()
        webhooks.start()  # delivers the outbox (x-specloom.webhooks)
        mail = runtime.service(MailWorker)
        mail.start()  # sends the mail outbox (runtime/mail/): SMTP, or the log in development
        sweeps = runtime.service(SweepRunner)
        sweeps.start()  # scheduled sweeps (x-specloom resources' `sweeps`)
        readiness.started = True
        yield
        readiness.stopping = True  # /readyz says so; in-flight deliveries and jobs get the grace time
        grace = runtime.settings.graceful_timeout_seconds
        await sweeps.stop()
        await mail.stop()
        await webhooks.stop(grace=grace)
        await jobs.stop(grace=grace)
        await last_used.flush()

    policies = policies_for(runtime)
    # requests answered before any credential was accepted count in the client's public bucket
    client_limiter = next((p for p in policies if getattr(p, "name", "") == "client_rate_limit"), None)
    middlewares = [
        # /healthz, /readyz, /metrics; request ids, metrics, the access log, last use of credentials
        partial(Observe, runtime=runtime, readiness=readiness, last_used=last_used),
        partial(Cors, runtime=runtime),  # x-specloom.cors: browsers' preflights and origins
        partial(ErrorEnvelopes, envelopes=runtime.envelopes,
                allowed=AllowedMethods((op.path, op.method) for op in runtime.surface.operations)),
        partial(Docs, document=generated.document, title=runtime.surface.title),
        partial(ReadyGate, runtime=runtime),
        partial(FileTransfers, runtime=runtime),  # x-specloom.files: upload and download bytes, streamed
        # x-specloom.payments: the test provider's payment pages under /_specloom/pay/
        partial(HostedPaymentPages, runtime=runtime, root=lambda: app),
        partial(UnroutedRequests, limiter=client_limiter, max_body=runtime.surface.max_body_bytes),
        RoutingMiddleware,
        partial(PolicyStack, surface=runtime.surface, policies=policies,
                render_error=runtime.render_error, unit_of_work=runtime.store.transaction,
                unidentified=client_limiter),
        LifespanMiddleware,
    ]
    app = AsyncApp(__name__, middlewares=middlewares, lifespan=lifespan)
    app._middleware_app = SpecloomASGIApp()  # the API class that calls generated handlers
    app.middleware.app = app._middleware_app
    app.add_api(routing_document(runtime.surface), resolver=Resolver(function_resolver=handlers.__getitem__),
                specloom_runtime=runtime)
    app.specloom = runtime  # type: ignore[attr-defined]
    return app

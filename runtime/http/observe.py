"""The outermost middleware of a served surface: what a deployment sees of it besides the API.

- `/healthz`, `/readyz` (runtime/http/health.py; on unless `SPECLOOM_HEALTH=0`) and `/metrics`
  (runtime/metrics.py; only with `SPECLOOM_METRICS=1` / `serve --metrics`, and then, when
  `SPECLOOM_METRICS_TOKEN` is set, only with `Authorization: Bearer <token>`) are answered
  here, before CORS, routing and every policy: never rate-limited, never a credential's, never
  counted. A spec cannot declare these paths (create_app refuses it), so they never hide a route.
- every other request gets a request id (the client's `X-Request-Id` when it is a short token
  of letters, digits, `.`, `_`, `-`; else a new `req_…`), returned in `X-Request-Id`, used by
  error responses and logged; when it ends it is counted in the metrics and written to the access
  log (runtime/logs.py) with its operation, status, duration and tenant, and the credential it
  used is noted for "last used" (runtime/services/last_used.py).

Paths are matched below `root_path` (`serve --root-path`), as the router does.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import time

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from specloom.runtime import metrics
from specloom.runtime.config import Settings
from specloom.runtime.security.sandbox import is_sandbox, public_tenant
from specloom.runtime.services.jobs import JobRunner
from specloom.runtime.services.last_used import LastUsed
from specloom.runtime.surface_runtime import SurfaceRuntime

from .health import HEALTH_PATH, METRICS_PATH, READY_PATH, Readiness

access = logging.getLogger("specloom.access")
log = logging.getLogger("specloom.observe")

REQUEST_ID = "specloom_request_id"  # scope["extensions"] key error responses read
_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def route_path(scope: Scope) -> str:
    path, root = scope.get("path", ""), scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root):] or "/"
    return path


class Observe:
    def __init__(self, app: ASGIApp, *, runtime: SurfaceRuntime, readiness: Readiness, last_used: LastUsed):
        self.app = app
        self.runtime = runtime
        self.settings: Settings = runtime.settings
        self.surface = runtime.surface.name
        self.readiness = readiness
        self.last_used = last_used

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        if path in (HEALTH_PATH, READY_PATH) and self.settings.health:
            await self._health(path, scope, send)
            return
        if path == METRICS_PATH and self.settings.metrics:
            await self._metrics(scope, send)
            return
        await self._observed(scope, receive, send)

    # -- health and metrics -------------------------------------------------------------------
    async def _health(self, path: str, scope: Scope, send: Send) -> None:
        if path == HEALTH_PATH:
            await _reply(send, scope, 200, orjson.dumps({"status": "ok"}))
            return
        failing = await self.readiness.failing()
        body = {"status": "not ready", "failing": failing} if failing else {"status": "ready"}
        await _reply(send, scope, 503 if failing else 200, orjson.dumps(body))

    async def _metrics(self, scope: Scope, send: Send) -> None:
        token = self.settings.metrics_token
        if token:
            given = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                await _reply(send, scope, 401, orjson.dumps({"error": "metrics need the metrics token"}),
                             extra=[(b"www-authenticate", b'Bearer realm="metrics"')])
                return
        store = self.runtime.store
        try:
            outbox = await store.outbox_pending(self.surface)
            jobs = len(await store.kv_list(self.runtime.service(JobRunner).namespace, "queued", time.time()))
        except Exception as exc:  # noqa: BLE001 - the counters are still worth a scrape
            log.warning("metrics: backlog not read: %s: %s", type(exc).__name__, exc)
            outbox, jobs = {}, 0
        await _reply(send, scope, 200, metrics.exposition(self.surface, outbox, jobs),
                     content_type=metrics.CONTENT_TYPE.encode())

    # -- every other request ------------------------------------------------------------------
    async def _observed(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _CLIENT_ID.fullmatch(given) else "req_" + secrets.token_hex(8)
        extensions = scope.setdefault("extensions", {})
        extensions[REQUEST_ID] = request_id
        started = time.perf_counter()
        status = 500
        replayed = False

        async def observing_send(message: Message) -> None:
            nonlocal status, replayed
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                replayed = b"idempotent-replayed" in names
                if b"x-request-id" not in names:
                    headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            self._record(scope, request_id, status, replayed, time.perf_counter() - started)

    def _record(self, scope: Scope, request_id: str, status: int, replayed: bool, seconds: float) -> None:
        extensions = scope.get("extensions", {})
        operation = extensions.get("connexion_routing", {}).get("operation_id") or "-"
        request = extensions.get("specloom_request")
        tenant = getattr(request, "tenant", None)
        if tenant and is_sandbox(tenant):  # a test-mode key's request: its tenant, marked, no control character
            tenant = public_tenant(tenant) + ":test"
        credential = getattr(request, "credential", None)
        method = scope.get("method", "")
        metrics.requests.labels(self.surface, operation, method, str(status)).inc()
        metrics.latency.labels(self.surface, operation).observe(seconds)
        if status == 429:
            metrics.rate_limit_refusals.labels(self.surface, operation).inc()
        if replayed:
            metrics.idempotent_replays.labels(self.surface, operation).inc()
        if credential is not None:
            try:
                self.last_used.note(credential.key_id)
            except RuntimeError:  # no running loop (cannot happen in a request); never fail one
                pass
        if self.settings.access_log:
            client = scope.get("client")
            fields = {"request_id": request_id, "method": method, "path": scope.get("path", ""),
                      "operation": operation, "status": status, "duration_ms": round(seconds * 1000, 2),
                      "tenant": tenant, "client": client[0] if client else None}
            access.info('%s "%s %s" %s %.1fms op=%s tenant=%s id=%s', fields["client"] or "-", method,
                        fields["path"], status, seconds * 1000, operation, tenant or "-", request_id, extra=fields)


async def _reply(send: Send, scope: Scope, status: int, body: bytes, *, content_type: bytes = b"application/json",
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})

"""The outermost middleware: every error, wherever raised, leaves in the surface's own error
envelope — validation failures, auth failures, unknown routes (404), wrong methods (405),
oversized bodies (413) and unexpected exceptions (500 with a request id, never a trace).

A store that cannot be reached or written (backends/base.py: StoreUnavailable, StoreReadOnly),
or a transaction that kept losing races (StoreConflict), answers 503, one that is full (StoreFull) 507, both with `Retry-After` and one log line per
event, no traceback: the condition is the operator's to fix, not a bug."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Iterable

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from specloom.backends.base import StoreConflict, StoreFull, StoreReadOnly, StoreUnavailable
from specloom.runtime.envelopes import Envelopes
from specloom.runtime.errors import (
    ApiError,
    InsufficientStorage,
    InternalError,
    MethodNotAllowed,
    NotFound,
    ServiceUnavailable,
)

log = logging.getLogger("specloom.errors")

_HTTP_ERRORS = {404: NotFound, 405: MethodNotAllowed}
STORE_RETRY_AFTER = "5"  # seconds a client is asked to wait when the store is down or full


class AllowedMethods:
    """The methods the spec declares on each path, for the `Allow` header of a 405.

    Connexion registers one Starlette route per (path, method), so Starlette's own 405 names
    only the methods of the first route whose path matched (`Allow: GET, HEAD` on a path that
    also takes POST). This answers with every method the spec declares on the path instead.
    """

    def __init__(self, operations: Iterable[tuple[str, str]]):
        by_path: dict[str, set[str]] = {}
        for path, method in operations:
            by_path.setdefault(path, set()).add(method.upper())
        self._routes = []
        for path, methods in by_path.items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
            if "GET" in methods:
                methods.add("HEAD")  # Starlette answers HEAD through the GET route
            self._routes.append((re.compile(f"^{pattern}$"), ", ".join(sorted(methods))))

    def __call__(self, path: str) -> str | None:
        for pattern, allow in self._routes:
            if pattern.match(path):
                return allow
        return None


def render_error(envelopes: Envelopes, error: ApiError, request_id: str = "") -> bytes:
    values = {"message": error.message, "code": error.code, "details": error.details,
              "status": error.status, "requestId": request_id}
    return orjson.dumps(envelopes.error(values))


class ErrorEnvelopes:
    def __init__(self, app: ASGIApp, *, envelopes: Envelopes, allowed: AllowedMethods | None = None):
        self.app = app
        self.envelopes = envelopes
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - this is the last line of defence
            if started:
                raise
            request_id = scope.get("extensions", {}).get("specloom_request_id") or "req_" + secrets.token_hex(8)
            error = self._as_api_error(exc, request_id)
            if error.status == 405 and self.allowed is not None:
                allow = self.allowed(scope.get("path", ""))
                if allow:
                    error.headers = {**error.headers, "Allow": allow}
            body = render_error(self.envelopes, error, request_id)
            headers = [(b"content-type", b"application/json"),
                       (b"content-length", str(len(body)).encode()),
                       (b"x-request-id", request_id.encode())]
            request = scope.get("extensions", {}).get("specloom_request")
            merged = {**(request.response_headers if request is not None else {}), **error.headers}
            headers += [(k.lower().encode(), v.encode()) for k, v in merged.items()]
            await send({"type": "http.response.start", "status": error.status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _as_api_error(exc: Exception, request_id: str) -> ApiError:
        if isinstance(exc, ApiError):
            return exc
        if isinstance(exc, HTTPException):
            cls = _HTTP_ERRORS.get(exc.status_code)
            if cls is not None:
                err = cls()
                if exc.status_code == 405 and exc.headers:
                    err.headers = dict(exc.headers)
                return err
            err = ApiError(str(exc.detail))
            err.status = exc.status_code
            return err
        if isinstance(exc, (StoreUnavailable, StoreReadOnly, StoreFull, StoreConflict)):
            log.error("store refused request %s: %s: %s", request_id, type(exc).__name__, exc)
            store_error: ApiError = InsufficientStorage() if isinstance(exc, StoreFull) else ServiceUnavailable()
            store_error.headers = {"Retry-After": STORE_RETRY_AFTER}
            return store_error
        log.exception("unexpected error, request %s", request_id)
        return InternalError(f"Internal server error (request {request_id})")

"""CORS for browser-facing operations, as `x-specloom.cors` declares.

Operations secured by one of the declared `schemes` (a storefront's publishable key, a
customer session) may be called from browsers on allowed origins: the declared list, or — with
`allowedOrigins: tenant` — the list of the tenant the path names, kept in the store
(`specloom keys create … --origin URL`). This middleware runs outermost:

- a preflight (`OPTIONS` with `Access-Control-Request-Method`) for such an operation from an
  allowed origin is answered here, 204 with the `Access-Control-Allow-*` headers; from any
  other origin it is refused (403 in the surface's error envelope, no CORS headers);
- an actual request with an `Origin` header from an allowed origin gets
  `Access-Control-Allow-Origin` (and `Access-Control-Expose-Headers`) on whatever it is
  answered, errors included; from an origin not allowed it is refused with 403 before
  anything else runs;
- requests without `Origin` (servers, curl) and same-origin requests pass untouched, and so
  does everything on operations CORS does not cover.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from specloom.runtime.errors import Forbidden
from specloom.runtime.services.tenant_settings import TenantSettings


class OriginRefused(Forbidden):
    code, default_message = "origin_not_allowed", "This origin is not allowed to call this API"


class _Route:
    def __init__(self, path: str, tenant_param: str | None):
        self.names: list[str] = []

        def group(match: re.Match) -> str:
            self.names.append(match.group(1))
            return f"(?P<p{len(self.names) - 1}>[^/]+)"

        pattern = re.sub(r"\\\{([^}]+?)\\\}", group, re.escape(path))
        self.regex = re.compile(f"^{pattern}$")
        self.tenant_group = (f"p{self.names.index(tenant_param)}"
                             if tenant_param in self.names else None)
        self.methods: set[str] = set()


class Cors:
    def __init__(self, app: ASGIApp, *, runtime: Any):
        self.app = app
        self.runtime = runtime
        surface = runtime.surface
        self.cors = surface.cors
        self.routes: list[_Route] = []
        if self.cors is None:
            return
        wanted = set(self.cors.schemes)
        by_path: dict[str, _Route] = {}
        for op in surface.operations:
            if any(r.scheme in wanted for req in op.security for r in req):
                route = by_path.setdefault(op.path, _Route(op.path, surface.tenant_parameter))
                route.methods.add(op.method.upper())
        self.routes = list(by_path.values())
        self.static = {o.lower() for o in self.cors.origins}
        self.settings = TenantSettings(runtime.store, surface.name)

    def _route(self, path: str) -> tuple[_Route, re.Match] | None:
        for route in self.routes:
            match = route.regex.match(path)
            if match:
                return route, match
        return None

    async def _allowed(self, origin: str, route: _Route, match: re.Match) -> bool:
        origin = origin.rstrip("/").lower()
        if "*" in self.static or origin in self.static:
            return True
        if self.cors.tenant_origins and route.tenant_group:
            await self.runtime.ensure_ready()
            return origin in await self.settings.origins(match.group(route.tenant_group))
        return False

    @staticmethod
    def _same_origin(origin: str, headers: dict[str, str]) -> bool:
        host = headers.get("host")
        return bool(host) and origin.partition("://")[2].rstrip("/").lower() == host.lower()

    async def _send_refusal(self, send: Send) -> None:
        body = self.runtime.render_error(OriginRefused())
        await send({"type": "http.response.start", "status": 403, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"vary", b"Origin")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.routes:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        found = self._route(scope.get("path", "")) if origin else None
        if origin is None or found is None:
            await self.app(scope, receive, send)
            return
        route, match = found
        method = scope["method"].upper()
        if method == "OPTIONS" and "access-control-request-method" in headers:
            wanted = headers["access-control-request-method"].strip().upper()
            if wanted not in route.methods or not await self._allowed(origin, route, match):
                await self._send_refusal(send)
                return
            cors = self.cors
            allow_headers = ", ".join(cors.allow_headers) or headers.get("access-control-request-headers", "")
            out = [(b"access-control-allow-origin", origin.encode("latin-1")),
                   (b"access-control-allow-methods", ", ".join(sorted(route.methods)).encode()),
                   (b"access-control-max-age", str(cors.max_age_seconds).encode()),
                   (b"vary", b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
                   (b"content-length", b"0")]
            if allow_headers:
                out.append((b"access-control-allow-headers", allow_headers.encode("latin-1")))
            await send({"type": "http.response.start", "status": 204, "headers": out})
            await send({"type": "http.response.body", "body": b""})
            return
        if (method if method != "HEAD" else "GET") not in route.methods or self._same_origin(origin, headers):
            await self.app(scope, receive, send)
            return
        if not await self._allowed(origin, route, match):
            await self._send_refusal(send)
            return
        extra = [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"Origin")]
        if self.cors.expose_headers:
            extra.append((b"access-control-expose-headers", ", ".join(self.cors.expose_headers).encode()))

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_cors)

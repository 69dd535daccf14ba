"""Interactive docs: Swagger UI 5 (which renders OpenAPI 3.1) from the swagger-ui-bundle-v2
package, and the surface's own 3.1 document at /openapi.json.

The UI is handed its own copy of the document (/docs/openapi.json) with every parameter
inlined: Swagger UI 5 resolves `$ref`s lazily, and a path-level `$ref` parameter (the tenant
id of every tenant route) could render as `any ()` with no input, so "Try it out" could not
fill it. /openapi.json stays the document as written, for tools."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

DOCS_PATH = "/docs"
SPEC_PATH = "/openapi.json"
UI_SPEC_PATH = DOCS_PATH + "/openapi.json"  # the copy the UI renders: parameters inlined

_INDEX = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} — specloom</title>
  <link rel="stylesheet" href="{docs}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{docs}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{url: "{spec}", dom_id: "#swagger-ui", deepLinking: true,
                                 persistAuthorization: true, displayRequestDuration: true}});
  </script>
</body>
</html>
"""
_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
          ".html": "text/html; charset=utf-8", ".map": "application/json"}


def _resolve(document: dict, node: Any, depth: int = 0) -> Any:
    """A local `$ref` object replaced by what it points at (its sibling keywords kept, as 3.1
    allows), recursively but boundedly: a recursive schema stays a `$ref` below a few levels."""
    if isinstance(node, list):
        return [_resolve(document, item, depth) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and depth < 8:
        target: Any = document
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        if isinstance(target, dict):
            merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            return _resolve(document, merged, depth + 1)
        return node
    return {key: _resolve(document, value, depth) for key, value in node.items()}


def ui_document(document: dict) -> dict:
    """The document the docs UI renders: the surface's, with each parameter of each path and
    operation (and its schema) inlined."""
    paths = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            paths[path] = item
            continue
        item = dict(item)
        for key, value in item.items():
            if key == "parameters" and isinstance(value, list):
                item[key] = _resolve(document, value)
            elif isinstance(value, dict) and isinstance(value.get("parameters"), list):
                item[key] = {**value, "parameters": _resolve(document, value["parameters"])}
        paths[path] = item
    components = dict(document.get("components") or {})
    if isinstance(components.get("securitySchemes"), dict):
        components["securitySchemes"] = _served_flows(components["securitySchemes"], set(paths))
    return {**document, "paths": paths, **({"components": components} if components else {})}


def _served_flows(schemes: dict, paths: set[str]) -> dict:
    """OAuth 2.0 flows whose authorization and token URLs name the API's public host are pointed
    at this deployment's own endpoints (the same path, relative), so "Authorize" works against it."""
    out = {}
    for name, scheme in schemes.items():
        flows = scheme.get("flows") if isinstance(scheme, dict) else None
        if isinstance(flows, dict):
            scheme = {**scheme, "flows": {
                kind: {key: (_own_path(value, paths) if key.endswith("Url") else value) for key, value in flow.items()}
                if isinstance(flow, dict) else flow for kind, flow in flows.items()}}
        out[name] = scheme
    return out


def _own_path(url: Any, paths: set[str]) -> Any:
    if not isinstance(url, str):
        return url
    path = urlsplit(url).path
    return path if path in paths else url


def swagger_ui_dir() -> Path:
    import swagger_ui_bundle

    vendor = Path(swagger_ui_bundle.__file__).parent / "vendor"
    candidates = sorted(vendor.glob("swagger-ui-5*"))
    if not candidates:
        raise RuntimeError("Swagger UI 5 not found: install swagger-ui-bundle-v2")
    return candidates[-1]


class Docs:
    """Serves /openapi.json and /docs in front of the API; everything else passes through."""

    def __init__(self, app: ASGIApp, *, document: dict, title: str):
        self.app = app
        self.spec_body = orjson.dumps(document)
        self.title = title
        self.assets = swagger_ui_dir()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = scope.get("root_path", "")  # `serve --root-path`: paths are matched below it
        path = scope.get("path", "")
        path = path[len(root):] if root and path.startswith(root) else path
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") or not (
                path == SPEC_PATH or path == DOCS_PATH or path.startswith(DOCS_PATH + "/")):
            await self.app(scope, receive, send)
            return
        if path == SPEC_PATH:
            await self._send(send, 200, self.spec_body, "application/json")
        elif path == UI_SPEC_PATH:
            await self._send(send, 200, self.ui_spec_body, "application/json")
        elif path in (DOCS_PATH, DOCS_PATH + "/"):
            index = _INDEX.format(title=self.title, docs=root + DOCS_PATH, spec=root + SPEC_PATH).encode()
            await self._send(send, 200, index, _TYPES[".html"])
        else:
            name = os.path.basename(path[len(DOCS_PATH) + 1:])
            file = self.assets / name
            if name and file.is_file():
                await self._send(send, 200, file.read_bytes(), _TYPES.get(file.suffix, "application/octet-stream"))
            else:
                await self.app(scope, receive, send)

    @staticmethod
    async def _send(send: Send, status: int, body: bytes, content_type: str) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type.encode()),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

"""Interactive docs: Swagger UI 5 (which renders OpenAPI 3.1) from the swagger-ui-bundle-v2
package, and the surface's own 3.1 document at /openapi.json."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

DOCS_PATH = "/docs"
SPEC_PATH = "/openapi.json"

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
    window.ui = SwaggerUIBundle({{url: "{spec}", dom_id: "#swagger-ui", deepLinking: true}});
  </script>
</body>
</html>
"""
_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
          ".html": "text/html; charset=utf-8", ".map": "application/json"}


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

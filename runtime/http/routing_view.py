"""The one loading shim between OpenAPI 3.1 and Connexion 3.3.

Connexion accepts only 3.0 documents (spec-first/connexion#1396). specloom keeps the 3.1
document as the source of truth — validation uses its schemas with 2020-12 semantics, the docs
serve it unchanged — and hands Connexion only what Connexion's routing needs: each path,
method and operationId, with its path parameters. Nothing is down-converted, because nothing
Connexion receives is used for validation.
"""

from __future__ import annotations

from typing import Any

from specloom.generator.ir import Surface


def routing_document(surface: Surface) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in surface.operations:
        path_params = [{"name": p.name, "in": "path", "required": True, "schema": {"type": "string"}}
                       for p in op.params if p.location == "path"]
        paths.setdefault(op.path, {})[op.method.lower()] = {
            "operationId": op.operation_id,
            "parameters": path_params,
            "responses": {"default": {"description": "see the OpenAPI 3.1 document"}},
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": surface.title, "version": surface.version},
        "paths": paths,
    }

"""Best-effort OpenAPI 3.1 → 3.0 conversion, only so stock Connexion 3.3 (3.0 only) can serve
the same spec in the side-by-side benchmark. specloom itself never down-converts."""

from __future__ import annotations

import copy
from typing import Any


def _schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("$schema", "$defs", "prefixItems", "unevaluatedProperties", "dependentRequired", "examples",
                   "if", "then", "else"):
            continue
        out[key] = _schema(value)
    t = out.get("type")
    if isinstance(t, list):
        non_null = [x for x in t if x != "null"]
        out["type"] = non_null[0]
        if "null" in t:
            out["nullable"] = True
    if "const" in out:
        out["enum"] = [out.pop("const")]
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(bound), (int, float)) and not isinstance(out.get(bound), bool):
            out[plain] = out[bound]
            out[bound] = True
    if "$ref" in out and len(out) > 1:  # 3.0 ignores a $ref's siblings: keep them via allOf
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    for combo in ("oneOf", "anyOf"):
        if combo in out and any(isinstance(s, dict) and s.get("type") == "null" for s in out[combo]):
            rest = [s for s in out[combo] if not (isinstance(s, dict) and s.get("type") == "null")]
            out.pop(combo)
            out["allOf"] = rest
            out["nullable"] = True
    if out.get("nullable") and "default" in out and out["default"] is None:
        out.pop("default")  # stock Connexion checks defaults against the schema, ignoring nullable
    return out


def downconvert(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    doc["openapi"] = "3.0.3"
    doc.pop("x-specloom", None)
    doc.pop("webhooks", None)
    doc["info"].pop("summary", None)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (_schema(v) if k == "schema" else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    doc["paths"] = walk(doc["paths"])
    comps = doc.get("components", {})
    comps["schemas"] = {k: _schema(v) for k, v in comps.get("schemas", {}).items()}
    for section in ("parameters", "responses"):
        if section in comps:
            comps[section] = walk(comps[section])
    for scheme in comps.get("securitySchemes", {}).values():
        scheme.pop("x-specloom", None)
        scheme["x-bearerInfoFunc"] = "benchmarks.stock_handlers.bearer_info"
    return doc

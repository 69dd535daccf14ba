"""The x-specloom vocabulary as a list of dotted keyword paths, read from its JSON Schema.

Used by the docs-drift test (every keyword must be documented in docs/x-specloom.md)."""

from __future__ import annotations

from typing import Any, Iterator

from .validate import action_schemas, extension_schema, family_schemas

PLACES = {
    "surface": "x-specloom",
    "resource": "x-specloom.resources.<name>",
    "operation": "operation x-specloom",
    "parameter": "parameter x-specloom",
    "securityScheme": "securityScheme x-specloom",
    "rateLimit": "rate limit rule",
}


def _walk(schema: dict[str, Any], prefix: str, defs: dict[str, Any]) -> Iterator[str]:
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        if isinstance(sub, dict):
            if sub.get("type") == "object" and "properties" in sub:
                yield from _walk(sub, path, defs)
            additional = sub.get("additionalProperties")
            if isinstance(additional, dict) and "properties" in additional:
                yield from _walk(additional, path + ".<name>", defs)
            items = sub.get("items")
            if isinstance(items, dict) and "properties" in items:
                yield from _walk(items, path + "[]", defs)


def keywords() -> list[tuple[str, str]]:
    """(place, dotted keyword) for every keyword the extension schema defines."""
    defs = extension_schema()["$defs"]
    out = []
    for definition, place in PLACES.items():
        for path in _walk(defs[definition], "", defs):
            out.append((place, path))
    for family, schema in sorted(family_schemas().items()):
        for path in _walk(schema, "", {}):
            out.append((f"{family} options", f"options.{path}"))
    for action, schema in sorted(action_schemas().items()):
        for path in _walk(schema, "", {}):
            out.append((f"{action} with", f"with.{path}"))
    return out

"""Keywords of the spec's schemas that no vocabulary knows.

JSON Schema 2020-12 lets a schema carry any keyword (an unknown one is an annotation, ignored
by validation), so the OpenAPI meta-schema accepts them, but in a hand-written spec one is
nearly always a mistake: a misspelt `maxLenght`, or a YAML flow mapping split by a comma in an
unquoted description (`{ description: Total, in cents. }` gives a key `in cents.`). Either way
the rule the author meant is not enforced, so lint warns at the keyword's line.
"""

from __future__ import annotations

from typing import Any, Iterator

from .problems import join_pointer

KNOWN = frozenset("""
    $ref $schema $id $defs $comment $anchor $dynamicRef $dynamicAnchor $vocabulary
    type enum const default title description examples example format deprecated readOnly writeOnly
    minimum maximum exclusiveMinimum exclusiveMaximum multipleOf
    minLength maxLength pattern contentMediaType contentEncoding contentSchema
    items prefixItems minItems maxItems uniqueItems contains minContains maxContains unevaluatedItems
    properties patternProperties additionalProperties required minProperties maxProperties
    propertyNames dependentRequired dependentSchemas unevaluatedProperties
    allOf anyOf oneOf not if then else
    discriminator xml externalDocs
""".split())

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_VALUES = ("items", "not", "if", "then", "else", "additionalProperties", "contains",
                  "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def _in_schema(schema: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key.startswith("x-"):
            continue
        if key not in KNOWN:
            yield join_pointer(pointer, key), key
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                yield from _in_schema(sub, join_pointer(pointer, key, name))
        elif key in _SCHEMA_VALUES:
            yield from _in_schema(value, join_pointer(pointer, key))
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            for i, sub in enumerate(value):
                yield from _in_schema(sub, join_pointer(pointer, key, i))


def _schemas_below(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Every `schema` of parameters, headers and media types below `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema":
                yield from _in_schema(value, join_pointer(pointer, key))
            elif not str(key).startswith("x-") and key != "examples" and key != "example":
                yield from _schemas_below(value, join_pointer(pointer, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _schemas_below(value, join_pointer(pointer, i))


def unknown_keywords(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON pointer, keyword) of each unknown keyword in the document's schemas."""
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        yield from _in_schema(schema, join_pointer("/components/schemas", name))
    for section in ("parameters", "headers", "requestBodies", "responses"):
        yield from _schemas_below(components.get(section) or {}, join_pointer("/components", section))
    yield from _schemas_below(document.get("paths") or {}, "/paths")

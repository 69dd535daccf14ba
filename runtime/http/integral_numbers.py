"""Values of `type: integer` fields are integers, whatever spelling the client used.

JSON Schema counts `5.0` and `1E2` as integers, and the JSON parser reads them as floats; kept
as they came, a store-credit balance credited `5.0` reads `5.0` for good and a price of `1E2`
comes back `100.0`, which strict clients (Go, Rust) refuse for an integer. After validation, a
body's integral floats are made ints wherever its schema types them `integer`, following the
schema through properties, items, combinators and local `$ref`s."""

from __future__ import annotations

import re
from typing import Any

from .schema_refs import local_target

_INT64 = 2 ** 63
_BRANCHES = ("allOf", "anyOf", "oneOf")
_CONDITIONAL = ("then", "else")


def _typed_integer(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    return declared == "integer" or (isinstance(declared, list) and "integer" in declared)


def _property_schema(schema: dict[str, Any], name: str) -> Any:
    properties = schema.get("properties")
    if isinstance(properties, dict) and name in properties:
        return properties[name]
    for pattern, sub in (schema.get("patternProperties") or {}).items():
        if re.search(pattern, name):
            return sub
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def _item_schema(schema: dict[str, Any], index: int) -> Any:
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list) and index < len(prefix):
        return prefix[index]
    items = schema.get("items")
    return items if isinstance(items, dict) else None


def integers_as_int(value: Any, schema: Any, root: dict[str, Any] | None = None,
                    _refs: frozenset[str] = frozenset()) -> Any:
    """`value` (a parsed, validated body) with each integral float that `schema` types as an
    integer made an int; objects and arrays are changed in place."""
    if not isinstance(schema, dict):
        return value
    root = schema if root is None else root
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and ref not in _refs:
        value = integers_as_int(value, local_target(root, ref), root, _refs | {ref})
    for key in _BRANCHES:
        for sub in schema.get(key) or ():
            value = integers_as_int(value, sub, root, _refs)
    for key in _CONDITIONAL:
        value = integers_as_int(value, schema.get(key), root, _refs)
    if isinstance(value, float):
        if _typed_integer(schema) and value.is_integer() and abs(value) < _INT64:
            return int(value)
    elif isinstance(value, dict):
        for name, item in value.items():
            sub = _property_schema(schema, name)
            if sub is not None:
                value[name] = integers_as_int(item, sub, root)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            sub = _item_schema(schema, index)
            if sub is not None:
                value[index] = integers_as_int(item, sub, root)
    return value

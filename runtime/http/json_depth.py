"""How deep a request's JSON body may nest: one runtime limit (`Settings.max_json_depth`,
default 64, env SPECLOOM_MAX_JSON_DEPTH), checked after parsing and before schema validation.

JSON Schema validation walks a body recursively; a body nested a few hundred levels deep passes
the JSON parser (orjson takes 1024) but not the validator. Bodies a real client sends nest a
handful of levels, so the limit refuses only what no schema describes."""

from __future__ import annotations

from typing import Any


def nesting_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests arrays and objects more than `limit` levels deep (a scalar is 0
    levels, `{"a": [1]}` is 2). Level by level, so it stops at the first level past the limit."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for node in level:
            children = node.values() if isinstance(node, dict) else node
            below.extend(child for child in children if isinstance(child, (dict, list)))
        level = below
    return False


def may_nest_deeper_than(raw: bytes, limit: int) -> bool:
    """A cheap first look at the raw bytes: a document with no more brackets than `limit`
    cannot nest deeper than it (brackets inside strings count too, which only errs on the safe
    side)."""
    return raw.count(b"[") + raw.count(b"{") > limit

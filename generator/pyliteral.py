"""Render IR values as formatted, deterministic Python source (constructor calls and literals)."""

from __future__ import annotations

import json
from typing import Any

import attrs

WIDTH = 96


def pyliteral(value: Any, indent: int = 0) -> str:
    flat = _flat(value)
    if len(flat) + indent <= WIDTH and "\n" not in flat:
        return flat
    pad, inner = " " * indent, " " * (indent + 4)
    if attrs.has(type(value)):
        parts = [f"{inner}{f.name}={pyliteral(getattr(value, f.name), indent + 4)},"
                 for f in attrs.fields(type(value)) if _differs(value, f)]
        return f"{type(value).__name__}(\n" + "\n".join(parts) + f"\n{pad})"
    if isinstance(value, dict):
        parts = [f"{inner}{_flat(k)}: {pyliteral(v, indent + 4)}," for k, v in value.items()]
        return "{\n" + "\n".join(parts) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)):
        open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
        parts = [f"{inner}{pyliteral(v, indent + 4)}," for v in value]
        return open_ + "\n" + "\n".join(parts) + f"\n{pad}{close}"
    return flat


def _differs(value: Any, field: attrs.Attribute) -> bool:
    """Keep generated constructor calls short: omit fields equal to their default."""
    current = getattr(value, field.name)
    default = field.default
    if default is attrs.NOTHING:
        return True
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return current != default


def _flat(value: Any) -> str:
    if attrs.has(type(value)):
        args = ", ".join(f"{f.name}={_flat(getattr(value, f.name))}"
                         for f in attrs.fields(type(value)) if _differs(value, f))
        return f"{type(value).__name__}({args})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if isinstance(value, tuple):
        if len(value) == 1:
            return f"({_flat(value[0])},)"
        return "(" + ", ".join(_flat(v) for v in value) + ")"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)

"""Render IR values as formatted, deterministic Python source (constructor calls and literals)."""

from __future__ import annotations

import json
from typing import Any

import attrs

WIDTH = 96


def pyliteral(value: Any, indent: int = 0) -> str:
    return _pyliteral(value, indent, {})


def _pyliteral(value: Any, indent: int, flats: dict[int, tuple[Any, str]]) -> str:
    """`flats` keeps each node's one-line form (by identity, the node held so its id stays its
    own): a node too wide for one line is split and its children tried in turn, and without it
    every level below re-flattened its whole subtree (quadratic in the depth)."""
    flat = _flat(value, flats)
    if len(flat) + indent <= WIDTH and "\n" not in flat:
        return flat
    pad, inner = " " * indent, " " * (indent + 4)
    if attrs.has(type(value)):
        parts = [f"{inner}{f.name}={_pyliteral(getattr(value, f.name), indent + 4, flats)},"
                 for f in attrs.fields(type(value)) if _differs(value, f)]
        return f"{type(value).__name__}(\n" + "\n".join(parts) + f"\n{pad})"
    if isinstance(value, dict):
        parts = [f"{inner}{_flat(k)}: {_pyliteral(v, indent + 4, flats)}," for k, v in value.items()]
        return "{\n" + "\n".join(parts) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)):
        open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
        parts = [f"{inner}{_pyliteral(v, indent + 4, flats)}," for v in value]
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


def _flat(value: Any, flats: dict[int, tuple[Any, str]] | None = None) -> str:
    """The one-line form; with `flats`, every node's is kept there (see _pyliteral)."""
    if flats is not None:
        seen = flats.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
    if attrs.has(type(value)):
        args = ", ".join(f"{f.name}={_flat(getattr(value, f.name), flats)}"
                         for f in attrs.fields(type(value)) if _differs(value, f))
        text = f"{type(value).__name__}({args})"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{_flat(k)}: {_flat(v, flats)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(_flat(v, flats) for v in value) + "]"
    elif isinstance(value, tuple):
        if len(value) == 1:
            text = f"({_flat(value[0], flats)},)"
        else:
            text = "(" + ", ".join(_flat(v, flats) for v in value) + ")"
    elif isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    else:
        return repr(value)
    if flats is not None:
        flats[id(value)] = (value, text)
    return text

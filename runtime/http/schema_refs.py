"""Following a local `$ref` (`#/components/schemas/Product`) inside a bundled schema."""

from __future__ import annotations

from typing import Any


def local_target(root: Any, ref: str) -> Any:
    """The node the local JSON pointer `ref` names in `root`, or None where it names nothing
    (its tokens unescaped: `~1` is `/`, `~0` is `~`)."""
    target: Any = root
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        target = target.get(token) if isinstance(target, dict) else None
    return target

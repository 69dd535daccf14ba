"""Response and error envelopes declared in a spec as JSON templates.

A template is any JSON value; a string that is exactly a placeholder (`$item`, `$items`,
`$message`...) is replaced by the value of that name. Templates are compiled once into plain
functions, so rendering an envelope costs one small tree walk and no parsing.
"""

from __future__ import annotations

from typing import Any, Callable

Render = Callable[[dict[str, Any]], Any]


def compile_template(template: Any) -> Render:
    if isinstance(template, str) and template.startswith("$"):
        name = template[1:]
        return lambda values: values.get(name)
    if isinstance(template, dict):
        parts = [(k, compile_template(v)) for k, v in template.items()]
        return lambda values: {k: render(values) for k, render in parts}
    if isinstance(template, list):
        items = [compile_template(v) for v in template]
        return lambda values: [render(values) for render in items]
    return lambda values: template


DEFAULTS = {
    "item": {"data": "$item"},
    "collection": {"data": "$items"},
    "page": {"data": "$items", "page": "$page", "limit": "$limit", "total": "$total"},
    "cursorPage": {"data": "$items", "next_cursor": "$nextCursor", "has_next": "$hasNext"},
    "deleted": None,
}


class Envelopes:
    """The compiled envelopes of one surface."""

    def __init__(self, declared: dict[str, Any], error_template: Any):
        merged = {**DEFAULTS, **declared}
        self._render = {name: compile_template(t) for name, t in merged.items()}
        self.error = compile_template(error_template)

    def render(self, kind: str, values: dict[str, Any]) -> Any:
        return self._render[kind](values)

"""A surface's own wording of validation failures (`x-specloom.errors.validation`).

By default a failure's `details[]` entries are `{path, code, message}` with located paths
(`body.line_items.0.quantity`, `query.limit`) and the failing JSON Schema keyword, snake_cased,
as the code. A surface may instead declare

- `messages`: the error message by location (Aly: "Body did not pass validation.");
- `paths: bare`: paths without their location (`line_items.0.quantity`);
- `item`: the JSON template of one entry (`{path: $path, code: $code}`);
- `keywords`: per JSON Schema keyword, a template merged over `item`
  (`minimum: {code: too_small, min: $expected}`).

Placeholders: `$path`, `$code` (the snake_cased keyword, or the runtime's own code such as
`unknown_parameter`), `$keyword` (the JSON Schema keyword), `$message` (the validator's own
sentence) and `$expected` (the failing keyword's value: the bound of `minimum`/`maxLength`…,
the allowed values of `enum`, the type(s) of `type`, the missing property of `required`).
With a declared style, a `required` failure's path names the missing property itself.
"""

from __future__ import annotations

from typing import Any

from specloom.generator.ir import ValidationDetails
from specloom.runtime.envelopes import compile_template

LOCATIONS = ("body", "query", "path", "header")
_JSON_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """`value` if it is plain JSON, else None (a oneOf's nested errors are not)."""
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, (list, tuple)):
        items = [_plain(v) for v in value]
        return None if any(i is None and v is not None for i, v in zip(items, value)) else items
    if isinstance(value, dict):
        out = {str(k): _plain(v) for k, v in value.items()}
        return None if any(out[str(k)] is None and v is not None for k, v in value.items()) else out
    return None


def raw_detail(error, prefix: str) -> dict[str, Any]:
    """The private facts a declared style needs about one jsonschema-rs error."""
    kind = getattr(error, "kind", None)
    keyword = getattr(kind, "name", None)
    expected = _plain(getattr(kind, "value", None))
    if keyword == "type" and isinstance(expected, list) and len(expected) == 1:
        expected = expected[0]
    return {"_prefix": prefix, "_parts": [str(p) for p in error.instance_path],
            "_keyword": keyword, "_expected": expected}


class DetailStyle:
    """Renders raw `{path, code, message, _…}` details in the surface's declared shape."""

    def __init__(self, config: ValidationDetails):
        self.messages = dict(config.messages)
        self.bare = config.bare_paths
        self.item = compile_template(config.item if config.item is not None
                                     else {"path": "$path", "code": "$code", "message": "$message"})
        self.keywords = {k: compile_template(v) for k, v in config.keywords.items()}

    @staticmethod
    def _split(raw: dict[str, Any]) -> tuple[str, list[str]]:
        """(location, path parts under it) of a detail, from its private facts or its path."""
        if "_prefix" in raw:
            location, _, name = raw["_prefix"].partition(".")
            return location, ([name] if name else []) + raw["_parts"]
        location, _, rest = raw["path"].partition(".")
        if location not in LOCATIONS:
            return "", [p for p in raw["path"].split(".") if p]
        return location, [p for p in rest.split(".") if p]

    def render(self, raw: dict[str, Any]) -> Any:
        location, parts = self._split(raw)
        keyword = raw.get("_keyword") or raw["code"]
        expected = raw.get("_expected")
        if keyword == "required" and isinstance(expected, str):
            parts = parts + [expected]
        path = ".".join(parts) if self.bare or not location else ".".join([location, *parts])
        values = {"path": path, "code": raw["code"], "keyword": keyword, "message": raw["message"],
                  "expected": expected}
        detail = self.item(values)
        extra = self.keywords.get(keyword) or self.keywords.get(raw["code"])
        if extra is not None and isinstance(detail, dict):
            detail = {**detail, **extra(values)}
        return detail

    def message(self, raw: dict[str, Any], default: str) -> str:
        location, _ = self._split(raw)
        return self.messages.get(location, default)

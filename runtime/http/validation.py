"""OpenAPI 3.1 request and response validation with JSON Schema 2020-12 semantics.

Connexion 3.3 validates with Draft 4 and builds a new validator on every request; here every
schema of an operation (each parameter, the body, each response) is compiled once, at
start-up, with jsonschema-rs, and reused. Parameters arrive as strings and are coerced by
the types their schema allows before validation (ASCII digits only: `int()` and `float()` take
any Unicode digit, `５` among them). A JSON body is checked for its nesting depth before the
schema sees it (json_depth.py), and its integral floats in integer fields become ints after
(integral_numbers.py).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs
import orjson

from specloom.generator.ir import Operation, Param, ValidationDetails
from specloom.runtime.errors import BadRequest, UnsupportedMediaType, ValidationFailed

from .integral_numbers import integers_as_int
from .json_depth import may_nest_deeper_than, nesting_depth_exceeds
from .schema_refs import local_target
from .validation_details import DetailStyle, raw_detail

# a parameter's number as clients write it in a URL: ASCII digits, an optional sign, fraction
# and exponent; no spaces, underscores, `nan` or `inf`, which float() would take
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _code(error) -> str:
    """The JSON Schema keyword that failed, snake_cased: `exclusiveMinimum` → `exclusive_minimum`."""
    keyword = next((p for p in reversed(list(error.schema_path)) if isinstance(p, str)), None)
    name = keyword or type(error.kind).__name__
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _compile(schema: dict[str, Any]):
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _field_path(prefix: str, path) -> str:
    parts = [prefix] if prefix else []
    parts += [str(p) for p in path]
    return ".".join(parts)


def schema_errors(validator, instance: Any, prefix: str, *, raw: bool = False) -> list[dict[str, Any]]:
    """`{path, code, message}` per failure; `raw` adds the private facts a surface's declared
    detail style renders from (runtime/http/validation_details.py)."""
    if validator.is_valid(instance):  # the common case: no error objects built, no iterator
        return []
    details = []
    for error in validator.iter_errors(instance):
        path = _field_path(prefix, error.instance_path)
        detail = {"path": path, "code": _code(error), "message": error.message}
        details.append({**detail, **raw_detail(error, prefix)} if raw else detail)
    return details


def _types(schema: dict[str, Any]) -> set[str]:
    """The JSON types a (bundled) parameter schema admits, following local $refs."""
    root = schema

    def walk(node: Any, depth: int = 0) -> set[str]:
        if not isinstance(node, dict) or depth > 20:
            return set()
        if "$ref" in node and isinstance(node["$ref"], str) and node["$ref"].startswith("#/"):
            return walk(local_target(root, node["$ref"]), depth + 1)
        found: set[str] = set()
        t = node.get("type")
        if isinstance(t, str):
            found.add(t)
        elif isinstance(t, list):
            found.update(t)
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key) or ():
                found |= walk(sub, depth + 1)
        return found

    return walk(schema)


def _coerce_scalar(raw: str, types: set[str]) -> Any:
    if "integer" in types and _INTEGER.fullmatch(raw):
        return int(raw)
    if "number" in types and _NUMBER.fullmatch(raw):
        number = int(raw) if _INTEGER.fullmatch(raw) else float(raw)
        if number not in (float("inf"), float("-inf")):
            return number
    if "boolean" in types and raw in ("true", "false"):
        return raw == "true"
    if "null" in types and raw == "null" and "string" not in types:
        return None
    return raw


def nul_paths(value: Any, path: str) -> list[str]:
    """Where a value holds a NUL character. Text with NUL is refused on every backend alike
    (PostgreSQL cannot store it in text or JSONB)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nul_paths(k, f"{path}.{k}") + nul_paths(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nul_paths(v, f"{path}.{i}")]
    return []


def _nul_details(paths: list[str]) -> list[dict[str, Any]]:
    return [{"path": p, "code": "nul_character", "message": "NUL characters are not allowed"} for p in paths]


class CompiledParam:
    __slots__ = ("param", "validator", "item_types", "types", "explode")

    def __init__(self, param: Param):
        self.param = param
        self.validator = _compile(param.schema)
        self.types = _types(param.schema)
        items = param.schema.get("items") if param.is_array else None
        self.item_types = _types({**param.schema, **items}) if isinstance(items, dict) else {"string"}
        self.explode = True

    def coerce(self, values: list[str]) -> Any:
        if self.param.is_array:
            if len(values) == 1 and not self.param.name.endswith("[]") and "," in values[0]:
                values = values[0].split(",")
            return [_coerce_scalar(v, self.item_types) for v in values]
        return _coerce_scalar(values[0], self.types)


class OperationValidator:
    """Everything needed to turn one raw request into validated handler arguments."""

    def __init__(self, op: Operation, validation_status: int, details: ValidationDetails | None = None,
                 *, max_depth: int = 64):
        self.op = op
        self.max_depth = max_depth
        cursors = (op.param("cursor"), op.param("previous_cursor"))
        self.cursor_names = tuple(p.name for p in cursors if p is not None and p.location == "query")
        self.status = validation_status
        self.style = DetailStyle(details) if details is not None else None
        self.raw = self.style is not None
        self.path_params = [CompiledParam(p) for p in op.params if p.location == "path"]
        self.query_params = {p.name: CompiledParam(p) for p in op.params if p.location == "query"}
        self.header_params = [CompiledParam(p) for p in op.params if p.location == "header"]
        self.body = _compile(op.body.schema) if op.body else None
        self.responses = {status: _compile(schema) for status, schema in op.responses.items() if schema}

    def _fail(self, details: list[dict[str, Any]]) -> ValidationFailed:
        first = details[0]
        message = f"{first['path']}: {first['message']}" if first["path"] else first["message"]
        if self.style is not None:
            message = self.style.message(first, message)
            details = [self.style.render(d) for d in details]
        exc = ValidationFailed(message, details=details)
        exc.status = self.status
        return exc

    def arguments(self, path_params: dict[str, str], query_string: bytes,
                  headers: dict[str, str]) -> dict[str, Any]:
        """Validated, coerced keyword arguments for the handler (body excluded)."""
        args: dict[str, Any] = {}
        details: list[dict[str, Any]] = []
        for cp in self.path_params:
            raw = path_params.get(cp.param.name)
            if raw is not None and "\x00" in raw:
                details += _nul_details([f"path.{cp.param.name}"])
                continue
            value = cp.coerce([raw]) if raw is not None else None
            details += schema_errors(cp.validator, value, f"path.{cp.param.name}", raw=self.raw)
            args[cp.param.python_name] = value
        seen: dict[str, list[str]] = {}
        for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
            if "\x00" in name or "\x00" in value:
                details += _nul_details([f"query.{name.replace(chr(0), '')}"])
                continue
            seen.setdefault(name, []).append(value)
        if len(self.cursor_names) == 2 and all(any(seen.get(name, ())) for name in self.cursor_names):
            # two directions at once (an empty cursor is none: the first page)
            forward, backward = self.cursor_names
            details.append({"path": f"query.{backward}", "code": "exclusive_parameters",
                            "message": f"send {forward} or {backward}, not both"})
        for name, values in seen.items():
            cp = self.query_params.get(name)
            if cp is None:
                details.append({"path": f"query.{name}", "code": "unknown_parameter",
                                "message": f"unknown query parameter {name!r}"})
                continue
            if not cp.param.is_array and len(values) > 1:
                details.append({"path": f"query.{name}", "code": "repeated_parameter",
                                "message": f"query parameter {name!r} may appear only once"})
                continue
            value = cp.coerce(values)
            details += schema_errors(cp.validator, value, f"query.{name}", raw=self.raw)
            args[cp.param.python_name] = value
        for name, cp in self.query_params.items():
            if name not in seen:
                if cp.param.required:
                    details.append({"path": f"query.{name}", "code": "required",
                                    "message": f"query parameter {name!r} is required"})
                elif cp.param.default is not None:
                    args[cp.param.python_name] = cp.param.default
        for cp in self.header_params:
            raw = headers.get(cp.param.name.lower())
            if raw is None:
                if cp.param.required:
                    details.append({"path": f"header.{cp.param.name}", "code": "required",
                                    "message": f"header {cp.param.name} is required"})
                continue
            value = cp.coerce([raw])
            details += schema_errors(cp.validator, value, f"header.{cp.param.name}", raw=self.raw)
            args[cp.param.python_name] = value
        if details:
            raise self._fail(details)
        return args

    def body_value(self, raw: bytes, content_type: str | None, check=None) -> Any:
        """The parsed and validated request body, or None when there is none; `check(value)`
        sees the parsed body before the schema does. Form bodies (a spec declaring
        `application/x-www-form-urlencoded`, e.g. an OAuth token endpoint) parse to strings."""
        spec = self.op.body
        if spec is None:
            return None
        if not raw:
            if spec.required:
                raise self._fail([{"path": "body", "code": "required", "message": "request body is required"}])
            return None
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if not spec.accepts(media):
            raise UnsupportedMediaType(f"Content-Type must be {' or '.join((spec.media_type, *spec.also_accepts))}")
        if media == "application/x-www-form-urlencoded":
            value: Any = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        else:
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                if "depth limit" in str(exc):  # past orjson's own limit (1024 levels)
                    raise self._too_deep() from None
                raise BadRequest(f"Malformed JSON in request body: {exc}", code="malformed_json") from None
            if may_nest_deeper_than(raw, self.max_depth) and nesting_depth_exceeds(value, self.max_depth):
                raise self._too_deep()
        if b"\\u0000" in raw or b"%00" in raw:
            found = nul_paths(value, "body")
            if found:
                raise self._fail(_nul_details(found))
        if check is not None:
            check(value)
        details = schema_errors(self.body, value, "body", raw=self.raw)
        if details:
            raise self._fail(details)
        return integers_as_int(value, spec.schema)

    def _too_deep(self) -> ValidationFailed:
        return self._fail([{"path": "body", "code": "max_depth",
                            "message": f"JSON nested more than {self.max_depth} levels deep "
                                       f"(the server's limit, SPECLOOM_MAX_JSON_DEPTH)"}])

    def response_problems(self, status: int, body: Any) -> list[dict[str, Any]]:
        """Why a response breaks the spec (empty when it does not)."""
        key = str(status)
        if key not in self.op.responses:
            key = f"{str(status)[0]}XX" if f"{str(status)[0]}XX" in self.op.responses else "default"
        if key not in self.op.responses:
            return [{"path": "", "code": "undeclared_status",
                     "message": f"status {status} is not declared for {self.op.operation_id}"}]
        validator = self.responses.get(key)
        if validator is None:
            return []
        return schema_errors(validator, body, "response")

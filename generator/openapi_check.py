"""The OpenAPI 3.1 part of lint: local `$ref`s that point nowhere, then openapi-spec-validator's
checks, each finding at the JSON pointer of the node it is about.

openapi-spec-validator walks the document through `$ref`s and reports a schema's errors
relative to that schema, only the first of them, and stops at a `$ref` that points nowhere with
an exception. Here every keyword check is wrapped so that a finding carries the path it was met
on, translated to where the node really is (a path walked through `$ref`s becomes the pointer of
the referenced component); a schema's meta-schema check yields all of its errors; dangling
`$ref`s are found first, and reported as problems of their own instead of a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for
from openapi_schema_validator.validators import OPENAPI_SPECIFICATIONS
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from .problems import join_pointer


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_local(doc: Any, ref: str) -> tuple[bool, Any]:
    """(found, value) of a local `#/…` reference in the document."""
    node = doc
    for token in ref[2:].split("/") if ref.startswith("#/") and len(ref) > 2 else []:
        token = _unescape(token)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return (ref in ("#", "#/") or ref.startswith("#/")), node


_VALUES = ("example", "examples", "default", "const", "enum")  # data, where a "$ref" key is just a key
_NAMED = ("/properties", "/patternProperties", "/$defs", "/schemas")  # maps whose keys are names


def dangling_refs(doc: Any, node: Any = None, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer of the `$ref`, its value) of every local reference that points nowhere."""
    node = doc if node is None and not pointer else node
    if isinstance(node, dict):
        for key, value in node.items():
            child = join_pointer(pointer, key)
            if key == "$ref" and isinstance(value, str) and value.startswith("#/"):  # not an #anchor
                if not resolve_local(doc, value)[0]:
                    yield child, value
            elif pointer.endswith(_NAMED) or not (key in _VALUES or str(key).startswith("x-")):
                yield from dangling_refs(doc, value, child)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from dangling_refs(doc, value, join_pointer(pointer, i))


_STAND_INS = {  # what a dangling $ref to a kind of component is replaced by while checking the rest
    "parameters": {"name": "unresolved", "in": "query", "schema": {}},
    "responses": {"description": "unresolved"},
    "requestBodies": {"content": {}},
    "headers": {"schema": {}},
    "pathItems": {},
    "securitySchemes": {"type": "http", "scheme": "bearer"},
}


def _without(node: Any, holders: dict[str, str], pointer: str = "") -> Any:
    """A copy of the document in which each node of `holders` (a dangling `$ref`'s object) is a
    minimal valid stand-in of the kind the reference names (`{}`, the empty schema, by default)."""
    if pointer in holders:
        parts = holders[pointer].split("/")
        kind = parts[2] if len(parts) > 2 and parts[1] == "components" else ""
        return dict(_STAND_INS.get(kind, {}))
    if isinstance(node, dict):
        return {k: _without(v, holders, join_pointer(pointer, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_without(v, holders, join_pointer(pointer, i)) for i, v in enumerate(node)]
    return node


def true_pointer(doc: Any, parts) -> str:
    """The pointer of the node reached by walking `parts` from the root, following local `$ref`s
    on the way (a node inside a referenced component gets the component's pointer)."""
    node, pointer = doc, ""
    for part in parts:
        for _ in range(20):  # a $ref to a $ref: follow the chain, boundedly
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and part not in node):
                break
            found, target = resolve_local(doc, node["$ref"])
            if not found:
                break
            node, pointer = target, node["$ref"][1:]
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None
        pointer = join_pointer(pointer, part)
    return pointer


def _located(cls: type) -> type:
    """A subclass of a keyword validator whose findings carry `.specloom_parts`: the path of
    the node it was checking, plus the error's own path below it."""

    class Located(cls):  # type: ignore[misc,valid-type]
        def __call__(self, node, *args, **kwargs):
            base = tuple(getattr(node, "parts", ()))
            below = ("default",) if issubclass(cls, keywords.ValueValidator) else ()
            for error in super().__call__(node, *args, **kwargs):
                if not isinstance(error, OpenAPIValidationError):  # the library re-wraps any other kind
                    error = OpenAPIValidationError.create_from(error)
                if getattr(error, "specloom_parts", None) is None:
                    error.specloom_parts = base + below + tuple(getattr(error, "path", ()) or ())
                yield error

    Located.__name__ = Located.__qualname__ = f"Located{cls.__name__}"
    return Located


_OAS_RESOURCES = [(uri, OPENAPI_SPECIFICATIONS.get_or_retrieve(uri).value.contents)
                  for uri in OPENAPI_SPECIFICATIONS if "spec.openapis.org" in uri]
_FAST: dict[str, Any] = {}  # meta-schema $id → a compiled jsonschema-rs validator (None: not compilable)
_CHECKERS: dict[tuple[str, int], Any] = {}  # (meta-schema $id, format checker) → jsonschema's validator


def _fast_valid(meta_schema: dict) -> Any:
    """A jsonschema-rs validator of the meta-schema, compiled once: a schema it finds valid has
    no finding; only an invalid one is walked by jsonschema for every error and its message (the
    pure-Python walk of each schema was most of `generate`'s time)."""
    key = str(meta_schema.get("$id"))
    if key not in _FAST:
        try:
            _FAST[key] = jsonschema_rs.validator_for(meta_schema, registry=jsonschema_rs.Registry(_OAS_RESOURCES),
                                                     validate_formats=True)
        except Exception:  # noqa: BLE001 - a dialect it cannot compile takes the slow path
            _FAST[key] = None
    return _FAST[key]


class _AllSchemaErrors(keywords.OpenAPIV31SchemaValidator):
    """Checks a schema against its dialect's meta-schema and yields every error (the library
    raises only the best one, so a second typo in the same schema went unreported)."""

    def _validate_schema_meta(self, schema, schema_value):
        errors = list(self._meta_errors(schema, schema_value))
        if not errors:
            return None
        self._pending = errors[1:]
        return errors[0]

    def _meta_errors(self, schema, schema_value) -> Iterator[ValidationError]:
        try:
            dialect = self._get_schema_dialect_id(schema, schema_value)
            cls = self._get_validator_class_for_dialect(dialect)
        except ValueError as exc:
            yield ValidationError(str(exc))
            return
        if cls is None:
            yield ValidationError(f"unknown JSON Schema dialect {dialect!r}")
            return
        fast = _fast_valid(cls.META_SCHEMA)
        if fast is not None and fast.is_valid(schema_value):
            return
        key = (str(cls.META_SCHEMA.get("$id")), id(self.schema_validator_format_checker))
        checker = _CHECKERS.get(key)
        if checker is None:
            meta_cls = validator_for(cls.META_SCHEMA, default=cls)
            checker = _CHECKERS[key] = meta_cls(
                cls.META_SCHEMA, format_checker=self.schema_validator_format_checker,
                registry=OPENAPI_SPECIFICATIONS)  # the OAS dialect's meta-schemas, offline
        for error in checker.iter_errors(schema_value):
            if error.context and error.validator in ("anyOf", "oneOf"):
                # "'intger' is not valid under any of the given schemas": say which values are
                inner = best_match(error.context)
                error.message = inner.message
            yield error

    def __call__(self, schema, require_properties: bool = True, meta_checked: bool = False):
        self._pending: list[ValidationError] = []
        for error in super().__call__(schema, require_properties, meta_checked):
            yield error
            pending, self._pending = self._pending, []
            yield from pending


_LOCATED = {name: _located(cls) for name, cls in OpenAPIV31SpecValidator.keyword_validators.items()}
_LOCATED["schema"] = _located(_AllSchemaErrors)


class LocatedOpenAPIV31SpecValidator(OpenAPIV31SpecValidator):
    keyword_validators = _LOCATED


def check(doc: dict) -> Iterator[tuple[str, str]]:
    """(message, pointer) of every OpenAPI 3.1 finding. Never raises for a bad document."""
    dangling = list(dangling_refs(doc))
    for pointer, ref in dangling:
        yield f"$ref target {ref} does not exist in this document", pointer
    holders = {pointer.rsplit("/", 1)[0]: ref for pointer, ref in dangling}
    if dangling:  # the library stops at the first $ref that points nowhere: check a copy with stand-ins
        doc = _without(doc, holders)
    seen: set[tuple[str, str]] = set()
    try:
        for error in LocatedOpenAPIV31SpecValidator(doc).iter_errors():
            parts = getattr(error, "specloom_parts", None)
            if parts is None:
                parts = tuple(getattr(error, "absolute_path", ()) or getattr(error, "path", ()) or ())
            pointer = true_pointer(doc, parts)
            message = error.message.split("\n\n")[0]  # the finding, not jsonschema's dump of the instance
            if any(pointer == h or pointer.startswith(h + "/") for h in holders):
                continue  # about a stand-in for a dangling $ref, reported above
            key = (message, pointer)
            if key not in seen:
                seen.add(key)
                yield message, pointer
    except Exception as exc:  # noqa: BLE001 - a library crash on a strange document is a finding, not a traceback
        yield f"OpenAPI 3.1 checks stopped: {type(exc).__name__}: {str(exc)[:200]}", ""

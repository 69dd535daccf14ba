"""Request validation: parameters and body against the operation's 2020-12 schemas,
compiled once at start-up. Produces the handler's keyword arguments."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import orjson

from specloom.generator.ir import Operation
from specloom.runtime.errors import BadRequest, ValidationFailed
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.http.validation import OperationValidator


def _undeclared_body(raw: bytes, content_type: str | None) -> Any:
    """What a body sent to an operation that declares none says, as far as it can be read (JSON
    or form fields); None when it reads as neither. The operation ignores it otherwise."""
    if (content_type or "").split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded":
        try:
            return {k: v[-1] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
        except (UnicodeDecodeError, ValueError):
            return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


class ValidateRequest:
    name = "validation"

    def __init__(self, validators: dict[str, OperationValidator], forbidden_body_fields: tuple[str, ...] = (),
                 parameter_status: int | None = None):
        self.validators = validators
        self.forbidden = forbidden_body_fields
        # parameters (path, query, headers) may answer another status than a body
        # (x-specloom.errors.parameterValidationStatus; Scalev: 400, a body's errors 422)
        self.parameter_status = parameter_status

    def applies_to(self, operation: Operation) -> bool:
        return True

    async def apply(self, request: IncomingRequest) -> None:
        validator = self.validators[request.operation.operation_id]
        try:
            request.arguments = validator.arguments(
                request.path_params, request.scope.get("query_string", b""), request.headers)
        except ValidationFailed as exc:
            if self.parameter_status is not None:
                exc.status = self.parameter_status
            raise
        if request.operation.body is not None:
            raw = await request.raw_body()
            request.body = validator.body_value(raw, request.headers.get("content-type"),
                                                check=self._no_tenant if self.forbidden else None)
        elif self.forbidden:  # an operation without a body still refuses one naming a tenant
            raw = await request.raw_body()
            if raw.strip():
                self._no_tenant(_undeclared_body(raw, request.headers.get("content-type")))

    def _no_tenant(self, body) -> None:
        """Before the schema (which may not know the field): a body naming a tenant is refused."""
        sent = [f for f in self.forbidden if f in body] if isinstance(body, dict) else []
        if sent:
            raise BadRequest(f"Do not send {', '.join(sent)}: requests are scoped to the "
                             "credential's own account", code="tenant_in_body")

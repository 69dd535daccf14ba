"""Errors the runtime answers with. Each carries a status, a message, a machine code and,
for validation failures, details per field; the surface's error envelope renders them."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 500
    code = "internal_error"
    default_message = "Internal server error"

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.details = details or []
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequest(ApiError):
    status, code, default_message = 400, "bad_request", "Bad request"


class ClientDisconnected(ApiError):
    """The client went away before its request was complete (a body shorter than its
    Content-Length, a chunked body without its last chunk). The request is abandoned before any
    policy charges or writes for it; its answer, if any is sent, reaches nobody."""

    status, code = 400, "client_disconnected"
    default_message = "The client disconnected before the request was complete"


class ValidationFailed(ApiError):
    """Status comes from the surface (400 or 422); set by the error renderer."""

    status, code, default_message = 400, "validation_failed", "Request did not pass validation"


def body_field_refused(status: int, field: str, code: str, message: str) -> ValidationFailed:
    """A request refused because of what one body field says (a webhook URL to a private host,
    a cart item that is not in the cart), answered like a validation error of that field with
    the surface's validation status."""
    error = ValidationFailed(f"body.{field}: {message}", code=code,
                             details=[{"path": f"body.{field}", "code": code, "message": message}])
    error.status = status
    return error


class Unauthorized(ApiError):
    status, code, default_message = 401, "unauthorized", "Unauthorized"


class Forbidden(ApiError):
    status, code, default_message = 403, "forbidden", "Forbidden"


class NotFound(ApiError):
    status, code, default_message = 404, "not_found", "Not found"


class MethodNotAllowed(ApiError):
    status, code, default_message = 405, "method_not_allowed", "Method not allowed"


class Conflict(ApiError):
    status, code, default_message = 409, "conflict", "Conflict"


class Unprocessable(ApiError):
    """Schema-valid but refused on its meaning: an unknown reference, a URL off an allow-list."""

    status, code, default_message = 422, "unprocessable", "The request could not be processed"


class PayloadTooLarge(ApiError):
    status, code, default_message = 413, "payload_too_large", "Request body too large"


class UnsupportedMediaType(ApiError):
    status, code, default_message = 415, "unsupported_media_type", "Unsupported content type"


class ServiceUnavailable(ApiError):
    """The store cannot be reached or written right now; the client may retry later."""

    status, code, default_message = 503, "service_unavailable", "The service is temporarily unavailable"


class InsufficientStorage(ApiError):
    """The store refused a write for lack of space; nothing was written."""

    status, code, default_message = 507, "insufficient_storage", "The server has no room to store this request"


class InternalError(ApiError):
    status, code, default_message = 500, "internal_error", "Internal server error"

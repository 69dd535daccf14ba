"""Typed errors. Every answer that is not a success raises an `ApiError` subclass chosen by its
status; each carries the surface's error envelope as it was sent (`envelope`), and the message,
machine code and details read out of it (`message`, `code`, `details`)."""

from __future__ import annotations

from typing import Any, Mapping

from ._surface import ERRORS


def _dig(value: Any, path: list[str] | None) -> Any:
    if path is None:
        return None
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


class SdkError(Exception):
    """Base of everything this client raises."""


class ApiConnectionError(SdkError):
    """The request could not be completed on the network (after the retries it was allowed)."""


class ApiError(SdkError):
    """An answer with an error status, with the surface's error envelope."""

    status: int = 0

    def __init__(self, status: int, envelope: Any, headers: Mapping[str, str], *, method: str = "",
                 url: str = "", text: str = ""):
        self.status = status
        self.envelope = envelope
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.method = method
        self.url = url
        self.text = text
        message = _dig(envelope, ERRORS["message"])
        if not isinstance(message, str):  # an answer outside the envelope (an OAuth token endpoint's)
            message = next((envelope[k] for k in ("error_description", "message", "title", "error")
                            if isinstance(envelope, Mapping) and isinstance(envelope.get(k), str)), None)
        self.message: str = message or text or f"HTTP {status}"
        code = _dig(envelope, ERRORS["code"])
        if code is None and isinstance(envelope, Mapping) and isinstance(envelope.get("error"), str) \
                and ERRORS["message"] != ["error"]:
            code = envelope["error"]  # RFC 6749 §5.2: {error, error_description}
        self.code: str | None = code if isinstance(code, str) else None
        details = _dig(envelope, ERRORS["details"])
        self.details: list[Any] = details if isinstance(details, list) else []
        self.request_id: str | None = self.headers.get("x-request-id")
        super().__init__(f"{status} {self.message}" + (f" ({self.code})" if self.code else ""))


class BadRequestError(ApiError):
    status = 400


class AuthenticationError(ApiError):
    status = 401


class PermissionDeniedError(ApiError):
    status = 403


class NotFoundError(ApiError):
    status = 404


class ConflictError(ApiError):
    status = 409


class UnprocessableEntityError(ApiError):
    status = 422


class RateLimitError(ApiError):
    status = 429

    @property
    def retry_after(self) -> float | None:
        from ._core import retry_after_seconds
        return retry_after_seconds(self.headers)


class ServerError(ApiError):
    status = 500


BY_STATUS: dict[int, type[ApiError]] = {400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError,
                                        404: NotFoundError, 409: ConflictError, 422: UnprocessableEntityError,
                                        429: RateLimitError}


def error_for(status: int, envelope: Any, headers: Mapping[str, str], **context: Any) -> ApiError:
    cls = BY_STATUS.get(status) or (ServerError if status >= 500 else ApiError)
    return cls(status, envelope, headers, **context)

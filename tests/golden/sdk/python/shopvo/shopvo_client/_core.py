"""What the sync and the async transport share, free of I/O: the description of an operation,
building its URL, query and body, signing it, and deciding whether and when to retry."""

from __future__ import annotations

import email.utils
import hashlib
import hmac
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import quote

from ._surface import IDEMPOTENCY, RETRY, SIGNING


@dataclass(frozen=True)
class Paging:
    """How a list operation pages (see the SDK model's Pagination): paths into the body."""

    style: str  # cursor | page
    items: tuple[str, ...]
    limit_param: str | None = None
    cursor_param: str | None = None
    page_param: str | None = None
    next_cursor: tuple[str, ...] | None = None
    has_next: tuple[str, ...] | None = None
    previous_cursor: tuple[str, ...] | None = None
    has_previous: tuple[str, ...] | None = None
    page: tuple[str, ...] | None = None
    total_pages: tuple[str, ...] | None = None
    total: tuple[str, ...] | None = None
    first_cursor: str | None = None
    page_items: tuple[str, ...] | None = None  # the items when a list that pages both ways is paged by number
    previous_cursor_param: str | None = None  # lists that page backwards too


@dataclass(frozen=True)
class Operation:
    """One operation as the transport sends it."""

    operation_id: str
    method: str
    path: str  # with {param} placeholders, the tenant's included
    auth: tuple[tuple[str, ...], ...] = ()  # any of these scheme sets (each: all of); () public
    content_type: str = "application/json"
    result: str = "item"  # item | list | page | raw | empty
    data: tuple[str, ...] = ()
    paging: Paging | None = None
    idempotent_write: bool = False
    signed: bool = False
    uses_tenant: bool = False
    issues: Mapping[str, Any] = field(default_factory=dict)  # credentials an answer hands the client

    @property
    def public(self) -> bool:
        return not self.auth or any(len(s) == 0 for s in self.auth)


def dig(value: Any, path: tuple[str, ...] | list[str] | None) -> Any:
    """The value at a path of keys (None when any step is missing)."""
    if path is None:
        return None
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def expand_path(template: str, values: Mapping[str, Any]) -> str:
    """`/products/{productId}` with each value percent-encoded as one path segment."""
    out = template
    for name, value in values.items():
        if value is None:
            raise ValueError(f"path parameter {name!r} is required")
        out = out.replace("{" + name + "}", quote(str(value), safe=""))
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def query_items(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query pairs: None left out, lists repeated (`expand[]=a&expand[]=b`), booleans true/false."""
    items: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            items.extend((name, _text(v)) for v in value)
        else:
            items.append((name, _text(value)))
    return items


def encode_body(body: Any, content_type: str) -> bytes:
    """The request body's bytes exactly as sent (and signed)."""
    if body is None:
        return b""
    if content_type == "application/x-www-form-urlencoded":
        from urllib.parse import urlencode
        return urlencode(query_items(body)).encode()
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


class Signer:
    """`t=<unix>,sha256=<hex HMAC-SHA256(secret, "<t>." + raw body)>`. The server accepts a
    signature once per method and target: the same request signed again in the same second (a
    retry, a page asked twice) takes the next second instead."""

    def __init__(self, secret: str):
        self.secret = secret.encode()
        self._used: dict[int, set[tuple[str, str, bytes]]] = {}
        self._lock = threading.Lock()

    def header(self, method: str, target: str, body: bytes, timestamp: int | None = None) -> str:
        if timestamp is None:
            request = (method.upper(), target, hashlib.sha256(body).digest())
            with self._lock:
                now = int(time.time())
                self._used = {t: seen for t, seen in self._used.items() if t >= now - 1}
                timestamp = now
                while request in self._used.get(timestamp, ()):
                    timestamp += 1
                self._used.setdefault(timestamp, set()).add(request)
        digest = hmac.new(self.secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        return f"t={timestamp},sha256={digest}"


def sign_header_name() -> str | None:
    return SIGNING["header"] if SIGNING else None


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def idempotency_header(method: str) -> str | None:
    """The header a write of `method` carries its key in (None: the surface has none)."""
    if IDEMPOTENCY and method.upper() in IDEMPOTENCY["methods"]:
        return str(IDEMPOTENCY["header"])
    return None


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """`Retry-After` as seconds: a number, or an HTTP date counted from now."""
    value = {k.lower(): v for k, v in headers.items()}.get(str(RETRY["retry_after_header"]).lower())
    if value is None:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


@dataclass
class RetrySettings:
    max_retries: int = RETRY["max_retries"]
    base_delay: float = RETRY["base_delay_seconds"]
    max_delay: float = RETRY["max_delay_seconds"]
    statuses: tuple[int, ...] = tuple(RETRY["statuses"])

    def backoff(self, attempt: int) -> float:
        """Exponential, with jitter: base, 2×base, 4×base … at most max_delay."""
        delay = min(self.base_delay * (2.0 ** attempt), self.max_delay)
        return float(delay * (0.5 + random.random() / 2))

    def status_delay(self, attempt: int, status: int, headers: Mapping[str, str]) -> float | None:
        """Seconds to wait before retrying an answer of `status` (None: do not retry)."""
        if attempt >= self.max_retries or status not in self.statuses:
            return None
        after = retry_after_seconds(headers)
        if after is None:
            return self.backoff(attempt)
        if after > self.max_delay:
            return None  # longer than the caller agreed to wait: the RateLimitError says when
        return after

    def network_delay(self, attempt: int, method: str, has_key: bool, connect_failed: bool) -> float | None:
        """Seconds to wait before repeating a request that failed on the network (None: do not).
        Only what is safe to repeat: a request that never reached the server, a safe method, or a
        write carrying its idempotency key (the server answers the repeat with the first answer)."""
        if attempt >= self.max_retries:
            return None
        if connect_failed or method.upper() in RETRY["safe_methods"] or has_key:
            return self.backoff(attempt)
        return None

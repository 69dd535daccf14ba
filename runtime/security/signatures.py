"""HMAC-SHA256 signatures in the `t=<unix>,sha256=<hex>` scheme over `<t>.<raw body>`, used to
verify signed requests and to sign outgoing webhooks. Several `sha256=` values may be sent
(one per secret while a secret is being rotated); any one matching is enough."""

from __future__ import annotations

import hashlib
import hmac
import time


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},sha256={signature(secret, t, body)}"


def parse(header: str) -> tuple[int, list[str]] | None:
    timestamp, values = None, []
    for part in header.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep:
            return None
        if name == "t":
            # ASCII digits only: a Latin-1 header may carry "²", which isdigit() takes and int() refuses
            if timestamp is not None or not (value.isascii() and value.isdigit()) or len(value) > 12:
                return None
            timestamp = int(value)
        elif name == "sha256":
            values.append(value.lower())
    if timestamp is None or not values:
        return None
    return timestamp, values


def verify(secret: str, header: str | None, body: bytes, *, now: float, tolerance: int) -> bool:
    """True when `header` carries a fresh signature of `body` under `secret`."""
    parsed = parse(header) if header else None
    if parsed is None:
        return False
    timestamp, values = parsed
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    matched = False
    for value in values:  # compare every value: the time taken does not depend on which matched
        matched |= hmac.compare_digest(value, expected)
    return matched

"""Timestamped HMAC-SHA256 signatures, `t=<unix>,<name>=<hex>` over `<t>.<raw body>`: the
`sha256` scheme verifies signed requests and signs outgoing webhooks; the same scheme under the
name `v1` (Stripe's) signs the test payment provider's callbacks. Several values may be sent
(one per secret while a secret is being rotated); any one matching is enough."""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_HEADER = 1024  # a longer header is refused unread


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None, *, name: str = "sha256") -> str:
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},{name}={signature(secret, t, body)}"


def parse(header: str, *, name: str = "sha256") -> tuple[int, list[str]] | None:
    """(timestamp, the `name=` values) of a well-formed header, else None."""
    if len(header) > MAX_HEADER:
        return None
    timestamp, values = None, []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            return None
        if key == "t":
            # ASCII digits only: a Latin-1 header may carry "²", which isdigit() takes and int() refuses
            if timestamp is not None or not (value.isascii() and value.isdigit()) or len(value) > 12:
                return None
            timestamp = int(value)
        elif key == name:
            values.append(value.lower())
    if timestamp is None or not values:
        return None
    return timestamp, values


def verify(secret: str, header: str | None, body: bytes, *, now: float, tolerance: int,
           name: str = "sha256") -> bool:
    """True when `header` carries a fresh signature of `body` under `secret`."""
    parsed = parse(header, name=name) if header else None
    if parsed is None:
        return False
    timestamp, values = parsed
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    matched = False
    for value in values:  # compare every value: the time taken does not depend on which matched
        matched |= hmac.compare_digest(value.encode(), expected.encode())
    return matched

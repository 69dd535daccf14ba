"""Signatures of payment callbacks, as a real provider's webhooks carry them (Stripe-style):

    Specloom-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">

Verification parses strictly (ASCII digits, one timestamp), refuses a timestamp further than
the tolerance from now (a captured callback cannot be replayed later), and compares every `v1`
value in constant time (several may be sent while a secret rotates).
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "Specloom-Payment-Signature"


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int) -> str:
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def verify(secret: str, header: str | None, body: bytes, *, now: float, tolerance: int) -> bool:
    if not header or len(header) > 1024:
        return False
    timestamp, values = None, []
    for part in header.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep:
            return False
        if name == "t":
            if timestamp is not None or not (value.isascii() and value.isdigit()) or len(value) > 12:
                return False
            timestamp = int(value)
        elif name == "v1":
            values.append(value.lower())
    if timestamp is None or not values or abs(now - timestamp) > tolerance:
        return False
    expected = _mac(secret, timestamp, body)
    matched = False
    for value in values:  # every value is compared: the time taken does not say which matched
        matched |= hmac.compare_digest(value.encode(), expected.encode())
    return matched

"""Signatures of payment callbacks, as a real provider's webhooks carry them (Stripe-style):

    Specloom-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">

The scheme of signed requests and webhooks (runtime/security/signatures.py) under the name
`v1`: verification parses strictly (ASCII digits, one timestamp), refuses a timestamp further
than the tolerance from now (a captured callback cannot be replayed later), and compares every
`v1` value in constant time (several may be sent while a secret rotates).
"""

from __future__ import annotations

from specloom.runtime.security import signatures

HEADER = "Specloom-Payment-Signature"
NAME = "v1"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    return signatures.sign(secret, body, timestamp, name=NAME)


def verify(secret: str, header: str | None, body: bytes, *, now: float, tolerance: int) -> bool:
    return signatures.verify(secret, header, body, now=now, tolerance=tolerance, name=NAME)

"""The secret a payment provider signs its callbacks with: per deployment, never in the spec.

`SPECLOOM_PAYMENT_SECRET` (the setting `payment_secret`) when set (a real provider's webhook
secret is configured this way);
otherwise derived from the server's pepper (kept in the store, so every process of a
deployment derives the same one, and another deployment a different one), for the surface
and the provider: HMAC-SHA256(pepper, "specloom payments/<provider>/<surface>").
"""

from __future__ import annotations

import hashlib
import hmac


def provider_secret(pepper: bytes, surface: str, provider: str, configured: str | None = None) -> str:
    if configured:
        return configured
    label = f"specloom payments/{provider}/{surface}".encode()
    return "pss_" + hmac.new(pepper, label, hashlib.sha256).hexdigest()

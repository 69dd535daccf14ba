"""The secret a payment provider signs its callbacks with: per deployment, never in the spec.

`SPECLOOM_PAYMENT_SECRET` when set (a real provider's webhook secret is configured this way);
otherwise derived from the server's pepper (kept in the store, so every process of a
deployment derives the same one, and another deployment a different one), for the surface
and the provider: HMAC-SHA256(pepper, "specloom payments/<provider>/<surface>").
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Mapping

SECRET_ENV = "SPECLOOM_PAYMENT_SECRET"


def provider_secret(pepper: bytes, surface: str, provider: str, environ: Mapping[str, str] | None = None) -> str:
    configured = (environ if environ is not None else os.environ).get(SECRET_ENV)
    if configured:
        return configured
    label = f"specloom payments/{provider}/{surface}".encode()
    return "pss_" + hmac.new(pepper, label, hashlib.sha256).hexdigest()

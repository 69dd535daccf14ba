"""Secrets the server must read back (request-signing and webhook-signing secrets: HMAC needs
the secret itself, so they cannot be hashed) are kept sealed: AES-256-GCM under a key derived
with HKDF-SHA-256 from the server pepper (`SPECLOOM_PEPPER`, see credentials.py), each value
with its own nonce and bound to what it belongs to (associated data), so a sealed value copied
into another row does not open.

A stored value is `sealed:v1:<base64url(nonce ‖ ciphertext ‖ tag)>`; a value without that
prefix was written before sealing existed and is read as it is.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "sealed:v1:"
_NONCE = 12


class SealedSecretError(ValueError):
    """A sealed value that does not open: another pepper, another row, or tampered."""


class SecretBox:
    def __init__(self, pepper: bytes, purpose: str):
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=f"specloom sealed secrets: {purpose}".encode()).derive(pepper)
        self._aead = AESGCM(key)

    def seal(self, secret: str, bound_to: str) -> str:
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, secret.encode(), bound_to.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, stored: str, bound_to: str) -> str:
        if not stored.startswith(PREFIX):
            return stored  # written before sealing existed
        try:
            raw = base64.urlsafe_b64decode(stored[len(PREFIX):])
            return self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], bound_to.encode()).decode()
        except (InvalidTag, ValueError):  # ValueError: not base64, or too short to hold a tag
            raise SealedSecretError(
                "a sealed secret does not open: was SPECLOOM_PEPPER changed since it was stored?") from None


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)

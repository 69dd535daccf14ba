"""A webhook subscription's signing secret: made once (shown to the subscriber on creation) and
kept sealed in the store's key-value table, outside the subscription record
(runtime/security/sealed_secrets.py: AES-256-GCM under a key derived from the server pepper, bound to
the subscription)."""

from __future__ import annotations

import secrets
import string
import time

from specloom.runtime.security.sealed_secrets import SealedSecretError, SecretBox
from specloom.runtime.surface_runtime import SurfaceRuntime

_SECRET_ALPHABET = string.ascii_letters + string.digits


def new_secret(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))


def secrets_namespace(surface: str) -> str:
    return f"webhook-secrets:{surface}"


async def _box(runtime: SurfaceRuntime) -> SecretBox:
    return SecretBox(await runtime.api_keys.pepper(), "webhook signing")


async def keep_secret(runtime: SurfaceRuntime, tenant: str, subscription_id: str, secret: str) -> None:
    """Store a subscription's secret sealed under the server pepper (runtime/security/sealed_secrets.py),
    bound to the subscription."""
    sealed = (await _box(runtime)).seal(secret, f"{runtime.surface.name}:{subscription_id}")
    await runtime.store.kv_put(secrets_namespace(runtime.surface.name), subscription_id,
                               {"sealed": sealed}, group=tenant)


async def read_secret(runtime: SurfaceRuntime, subscription_id: str) -> str | None:
    """The subscription's secret; None when it is gone or does not open (another pepper)."""
    entry = await runtime.store.kv_get(secrets_namespace(runtime.surface.name), subscription_id, time.time())
    if entry is None:
        return None
    try:
        return (await _box(runtime)).open(entry["value"].get("sealed") or "",
                                          f"{runtime.surface.name}:{subscription_id}")
    except (SealedSecretError, ValueError):
        return None


async def forget_secret(runtime: SurfaceRuntime, subscription_id: str) -> None:
    await runtime.store.kv_delete(secrets_namespace(runtime.surface.name), subscription_id)

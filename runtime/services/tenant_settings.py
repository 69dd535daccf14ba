"""Per-tenant settings kept in the store (a runtime record per surface and tenant): the
browser origins a tenant allows (`x-specloom.cors.allowedOrigins: tenant`) and switches
service actions read (`customerAuth.login`'s `otp.setting`).

Set them with `specloom keys create … --origin URL` or `specloom tenants set SURFACE TENANT
NAME=VALUE`; every process on the same store sees the same values.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Store
from specloom.runtime.security.sandbox import is_sandbox, public_tenant

NAMESPACE = "tenant_settings"
ORIGINS = "corsOrigins"


class TenantSettings:
    def __init__(self, store: Store, surface: str):
        self.store = store
        self.surface = surface

    def _key(self, tenant: str) -> str:
        return f"{self.surface}:{tenant}"

    async def _own(self, tenant: str) -> dict[str, Any]:
        record = await self.store.kv_get(NAMESPACE, self._key(tenant), 0.0)
        return dict(record["value"]) if record else {}

    async def get(self, tenant: str) -> dict[str, Any]:
        """The tenant's settings; a sandbox (test mode) reads its tenant's, under its own."""
        own = await self._own(tenant)
        return {**await self._own(public_tenant(tenant)), **own} if is_sandbox(tenant) else own

    async def update(self, tenant: str, changes: dict[str, Any]) -> dict[str, Any]:
        settings = {**await self._own(tenant), **changes}
        await self.store.kv_put(NAMESPACE, self._key(tenant), settings, group=self.surface)
        return settings

    async def origins(self, tenant: str) -> tuple[str, ...]:
        return tuple((await self.get(tenant)).get(ORIGINS) or ())

    async def allow_origins(self, tenant: str, origins: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        merged = list(dict.fromkeys([*await self.origins(tenant), *(normalise_origin(o) for o in origins)]))
        await self.update(tenant, {ORIGINS: merged})
        return tuple(merged)


def normalise_origin(origin: str) -> str:
    """`https://Shop.Example.com/` → `https://shop.example.com` (an origin has no path)."""
    origin = origin.strip().rstrip("/")
    scheme, sep, host = origin.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not host or "/" in host:
        raise ValueError(f"not an origin: {origin!r} (expected scheme://host[:port])")
    return f"{scheme.lower()}://{host.lower()}"

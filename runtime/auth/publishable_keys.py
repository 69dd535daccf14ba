"""The `publishableKey` family: a storefront key that may ship in browser code
(`X-Scalev-Storefront-Api-Key: sfpk_…`), bound to one tenant (a store).

Which header carries it comes from the standard OpenAPI scheme (`type: apiKey, in: header,
name: …`). Keys are `<prefix><key id>_<secret>`, hashed at rest like API keys but of their own
kind, so a publishable key never verifies as a secret API key and the other way round. Being
public, a publishable key is no secret: what limits its use from browsers is the tenant's list
of allowed origins (`x-specloom.cors`, `runtime/http/cors.py`), kept with the tenant's settings.
"""

from __future__ import annotations

from typing import Any, ClassVar

from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.security.credentials import ApiKeys, Credential
from specloom.runtime.services.tenant_settings import TenantSettings

from . import register


class PublishableKeys(ApiKeys):
    kind = "publishableKey"


def scheme_header(runtime: Any, scheme) -> str:
    """The header an OpenAPI `apiKey`-in-header scheme names, lower-cased."""
    document = getattr(getattr(runtime, "generated", None), "document", None) or {}
    definition = ((document.get("components") or {}).get("securitySchemes") or {}).get(scheme.name) or {}
    if definition.get("type") != "apiKey" or definition.get("in") != "header" or not definition.get("name"):
        raise LookupError(f"security scheme {scheme.name!r} of family {scheme.family!r} must be "
                          "`type: apiKey, in: header` with a header name")
    return definition["name"].lower()


@register
class PublishableKeyFamily:
    name: ClassVar[str] = "publishableKey"

    def __init__(self, runtime: Any, scheme) -> None:
        self.scheme = scheme
        self.header = scheme_header(runtime, scheme)
        self.keys = PublishableKeys(runtime.store, runtime.surface.name, scheme.prefixes or ("pk_",))
        self.settings = TenantSettings(runtime.store, runtime.surface.name)

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        token = request.headers.get(self.header, "").strip()
        return await self.keys.verify(token) if token else None

    async def issue(self, tenant: str, scopes: tuple[str, ...] = (), *, origins=(), **_: Any) -> dict[str, Any]:
        """A new key for `tenant`; `origins` are added to the tenant's allowed browser origins."""
        issued = await self.keys.issue(tenant, tuple(scopes))
        allowed = await self.settings.allow_origins(tenant, origins) if origins else await self.settings.origins(tenant)
        return {**issued.as_json(), "origins": list(allowed)}

    async def revoke(self, key_id: str) -> bool:
        return await self.keys.revoke(key_id)

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        issued = await self.keys.issue(tenant, tuple(scopes))
        return {self.header: issued.token}

"""The `apiKey` family: `Authorization: Bearer <prefix><key id>_<secret>`, hashed at rest."""

from __future__ import annotations

from typing import Any, ClassVar

from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.policies.auth import bearer_token
from specloom.runtime.security.credentials import Credential

from . import register


@register
class ApiKeyFamily:
    name: ClassVar[str] = "apiKey"

    def __init__(self, runtime: Any, scheme) -> None:
        self.keys = runtime.api_keys

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        token = bearer_token(request)
        return None if token is None else await self.keys.verify(token)

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        issued = await self.keys.issue(tenant, scopes)
        return {"Authorization": f"Bearer {issued.token}"}

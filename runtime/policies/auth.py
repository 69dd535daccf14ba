"""Authentication (`auth`: who is calling), then authorization (`authorize`: may they).

Which operations need what comes from each operation's standard OpenAPI security
requirement; how a credential is checked comes from the scheme's family (`runtime.auth`, which
a deployment may replace). Missing, malformed, unknown and revoked credentials all get the same
401. Then, after the credential's rate limit has been charged (runtime/http/stack.py) — so a refused
request of a valid key still counts and carries its X-RateLimit-* headers — a credential without
a required scope gets 403, a path naming another tenant 404 as if the resource did not exist
(or the surface's 403), and the tenant of a surface that requires approval must be approved.
A test-mode credential's requests then run in its tenant's sandbox (runtime/security/sandbox.py).
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Store
from specloom.generator.ir import Operation, Surface
from specloom.runtime.errors import Forbidden, NotFound, Unauthorized
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.security.sandbox import has_mark, storage_tenant


def bearer_token(request: IncomingRequest) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Authenticate:
    name = "auth"

    def __init__(self, surface: Surface, families: dict[str, Any], store: Store):
        self.surface = surface
        self.families = families  # security scheme name -> family (runtime.auth)
        self.store = store

    def applies_to(self, operation: Operation) -> bool:
        return True

    def _unauthorized(self) -> Unauthorized:
        return Unauthorized(headers={"WWW-Authenticate": "Bearer"})

    async def apply(self, request: IncomingRequest) -> None:
        op = request.operation
        tenant_param = self.surface.tenant_parameter
        named = request.path_params.get(tenant_param) if tenant_param else None
        if named is not None and has_mark(named):  # a sandbox's storage name: no tenant is called so
            raise NotFound("Not found")
        if op.is_public:
            request.tenant = named
            return
        credential = None
        for scheme in dict.fromkeys(r.scheme for req in op.security for r in req):
            family = self.families.get(scheme)
            if family is not None:
                credential = await family.authenticate(request)
                if credential is not None:
                    break
        if credential is None:
            raise self._unauthorized()
        request.credential = credential


class Authorize:
    name = "authorize"

    def __init__(self, surface: Surface, store: Store):
        self.surface = surface
        self.store = store

    def applies_to(self, operation: Operation) -> bool:
        return not operation.is_public

    async def apply(self, request: IncomingRequest) -> None:
        op, credential = request.operation, request.credential
        assert credential is not None, "authorize runs after auth"
        tenant_param = self.surface.tenant_parameter
        path_tenant = request.path_params.get(tenant_param) if tenant_param else None
        if not any(all(credential.has_scopes(r.scopes) for r in req) for req in op.security):
            needed = sorted({s for req in op.security for r in req for s in r.scopes})
            raise Forbidden(f"This credential lacks the required scope: {' '.join(needed)}",
                            code="insufficient_scope")
        if tenant_param is not None and tenant_param in request.path_params and path_tenant != credential.tenant:
            if self.surface.tenant_mismatch_status == 403:
                raise Forbidden("This credential belongs to another tenant", code="tenant_mismatch")
            raise NotFound("Not found")
        if self.surface.tenant_approval:
            record = await self.store.get_tenant(self.surface.name, credential.tenant)
            if record is None or not record["approved"]:
                raise Forbidden("API access is not active for this account", code="access_not_active")
        # a test-mode credential's requests run in the tenant's sandbox (runtime/security/sandbox.py)
        request.tenant = storage_tenant(credential.tenant, credential.test)

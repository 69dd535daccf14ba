"""Authentication, scopes and tenant binding.

Which operations need what comes from each operation's standard OpenAPI security
requirement; how a token is checked comes from a verifier registered per security-scheme
family (a deployment may replace one). Missing, malformed, unknown and revoked credentials
all get the same 401; a credential without a required scope gets 403; a path naming another
tenant gets 404, as if the resource did not exist.
"""

from __future__ import annotations

from typing import Awaitable, Callable

from specloom.generator.ir import Operation, Surface

from ..credentials import Credential
from ..errors import Forbidden, NotFound, Unauthorized
from ..request import IncomingRequest

Verifier = Callable[[str], Awaitable[Credential | None]]


def bearer_token(request: IncomingRequest) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class Authenticate:
    name = "auth"

    def __init__(self, surface: Surface, verifiers: dict[str, Verifier]):
        self.surface = surface
        self.verifiers = verifiers  # security scheme name -> verifier

    def applies_to(self, operation: Operation) -> bool:
        return True

    def _unauthorized(self) -> Unauthorized:
        return Unauthorized(headers={"WWW-Authenticate": "Bearer"})

    async def apply(self, request: IncomingRequest) -> None:
        op = request.operation
        tenant_param = self.surface.tenant_parameter
        path_tenant = request.path_params.get(tenant_param) if tenant_param else None
        if op.is_public:
            request.tenant = path_tenant
            return
        token = bearer_token(request)
        credential = None
        if token is not None:
            schemes = {r.scheme for req in op.security for r in req}
            for scheme in schemes:
                verifier = self.verifiers.get(scheme)
                if verifier is not None:
                    credential = await verifier(token)
                    if credential is not None:
                        break
        if credential is None:
            raise self._unauthorized()
        if not any(all(credential.has_scopes(r.scopes) for r in req) for req in op.security):
            needed = sorted({s for req in op.security for r in req for s in r.scopes})
            raise Forbidden(f"This API key lacks the required scope: {' '.join(needed)}",
                            code="insufficient_scope")
        if tenant_param is not None and path_tenant != credential.tenant:
            raise NotFound("Not found")
        request.credential = credential
        request.tenant = credential.tenant

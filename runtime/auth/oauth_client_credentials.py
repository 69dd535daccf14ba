"""The `oauthClientCredentials` family: OAuth 2.0 client credentials (RFC 6749 §4.4).

An API client belongs to a tenant (Alza: the supplier) and has scopes. It is created out of
band (`specloom clients create SURFACE --tenant T`, refused while the tenant is not approved)
and shown its `client_id` (a UUID) and `client_secret` once. Its token endpoint is an
operation running the service action `oauth.clientCredentials` (runtime/actions/oauth.py),
which trades the pair for an expiring bearer access token; requests then send
`Authorization: Bearer <token>`. When the token expires the client gets the same 401 as for
any bad token and asks the token endpoint again.

At rest nothing is readable: a client is a credential row (kind `oauthClient`, key id = the
client id) holding an HMAC-SHA-256 of its secret under the server pepper; an access token
`<tokenPrefix><token id>.<secret>` is a runtime record (namespace `oauth_tokens:<surface>`,
keyed by the token id, grouped by client id, expiring with the token) holding an HMAC of its
secret. Both are compared in constant time. Revoking a client drops its tokens at once.

Options (`x-specloom.options` of the security scheme, schema in
generator/schemas/families/oauthClientCredentials.schema.json): `tokenTtlSeconds` (default
3600) and `tokenPrefix` (default `at_`).
"""

from __future__ import annotations

import hmac
import re
import secrets
import string
import time
import uuid
from typing import Any, ClassVar

import attrs

from specloom.runtime.clock import now_iso
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.policies.auth import bearer_token
from specloom.runtime.security.credentials import Credential, hash_secret, new_secret

from . import register

_CLIENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_TOKEN_ID = re.compile(r"^[a-z0-9]{20}$")
_SECRET = re.compile(r"^[A-Za-z0-9]{40}$")
CLIENT_KIND = "oauthClient"
TOKEN_KIND = "oauthToken"
DEFAULT_TTL = 3600
DEFAULT_PREFIX = "at_"


@attrs.frozen
class IssuedClient:
    client_id: str
    client_secret: str
    tenant: str
    scopes: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"client_id": self.client_id, "client_secret": self.client_secret,
                "tenant": self.tenant, "scopes": list(self.scopes)}


@attrs.frozen
class Grant:
    """An issued access token, or why none was (`error`: an RFC 6749 §5.2 code)."""

    access_token: str | None = None
    expires_in: int = 0
    scopes: tuple[str, ...] = ()
    error: str | None = None
    description: str = ""


@register
class OAuthClientCredentialsFamily:
    name: ClassVar[str] = "oauthClientCredentials"

    def __init__(self, runtime: Any, scheme) -> None:
        self.runtime = runtime
        self.scheme = scheme
        self.surface = runtime.surface.name
        options = scheme.options or {}
        self.token_ttl = int(options.get("tokenTtlSeconds", DEFAULT_TTL))
        self.token_prefix = str(options.get("tokenPrefix", DEFAULT_PREFIX))
        self.namespace = f"oauth_tokens:{self.surface}"
        self.clock = time.time
        self._dummy_hash = "0" * 64

    @property
    def store(self):
        return self.runtime.store

    async def _hash(self, secret: str) -> str:
        return hash_secret(await self.runtime.api_keys.pepper(), secret)

    # -- clients ------------------------------------------------------------------------------
    async def create_client(self, tenant: str, scopes: tuple[str, ...]) -> IssuedClient:
        client_id, secret = str(uuid.uuid4()), new_secret()
        await self.store.put_credential({
            "key_id": client_id, "surface": self.surface, "tenant": tenant, "kind": CLIENT_KIND,
            "secret_hash": await self._hash(secret), "scopes": list(scopes), "signing_secret": None,
            "created_at": now_iso(), "revoked_at": None})
        return IssuedClient(client_id, secret, tenant, tuple(scopes))

    async def revoke_client(self, client_id: str) -> bool:
        revoked = await self.store.revoke_credential(self.surface, client_id, now_iso())
        await self.store.kv_delete_group(self.namespace, client_id)
        return revoked

    async def _client(self, client_id: str) -> dict[str, Any] | None:
        row = await self.store.get_credential(client_id) if _CLIENT_ID.match(client_id or "") else None
        if row is None or row["kind"] != CLIENT_KIND or row["surface"] != self.surface or row["revoked_at"]:
            return None
        return row

    # -- tokens -------------------------------------------------------------------------------
    async def issue_token(self, client_id: str, client_secret: str, scope: str | None = None) -> Grant:
        """Trade client credentials for an access token. Unknown client, wrong secret and
        revoked client are one error (`invalid_client`), decided after the same work."""
        row = await self._client(client_id)
        expected = row["secret_hash"] if row else self._dummy_hash
        matches = hmac.compare_digest(await self._hash(client_secret or ""), expected)
        if row is None or not matches:
            return Grant(error="invalid_client", description="Client authentication failed")
        if self.runtime.surface.tenant_approval:
            tenant = await self.store.get_tenant(self.surface, row["tenant"])
            if tenant is None or not tenant["approved"]:
                return Grant(error="unauthorized_client", description="API access is not active for this client")
        granted = tuple(row["scopes"])
        if scope:
            wanted = tuple(dict.fromkeys(scope.split()))
            allowed = set(granted)
            if "admin:*" not in allowed and not set(wanted) <= allowed:
                return Grant(error="invalid_scope",
                             description=f"The client may request only: {' '.join(granted) or '(no scopes)'}")
            granted = wanted
        token_id = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(20))
        secret = new_secret()
        await self.store.kv_put(self.namespace, token_id, {
            "client_id": client_id, "tenant": row["tenant"], "scopes": list(granted),
            "secret_hash": await self._hash(secret), "issued_at": now_iso()},
            group=client_id, expires_at=self.clock() + self.token_ttl)
        return Grant(access_token=f"{self.token_prefix}{token_id}.{secret}", expires_in=self.token_ttl,
                     scopes=granted)

    def _parse(self, token: str) -> tuple[str, str] | None:
        if not token.startswith(self.token_prefix):
            return None
        token_id, dot, secret = token[len(self.token_prefix):].partition(".")
        if dot and _TOKEN_ID.match(token_id) and _SECRET.match(secret):
            return token_id, secret
        return None

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        token = bearer_token(request)
        if token is None:
            return None
        parsed = self._parse(token)
        if parsed is None:
            await self._hash(token)  # the same work as for a well-formed token
            return None
        token_id, secret = parsed
        record = await self.store.kv_get(self.namespace, token_id, self.clock())
        value = record["value"] if record else None
        matches = hmac.compare_digest(await self._hash(secret), value["secret_hash"] if value else self._dummy_hash)
        if value is None or not matches or await self._client(value["client_id"]) is None:
            return None
        return Credential(key_id=value["client_id"], surface=self.surface, tenant=value["tenant"],
                          scopes=tuple(value["scopes"]), kind=TOKEN_KIND)

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        """A client of `tenant` (approved first where the surface gates tenants) and a token."""
        if self.runtime.surface.tenant_approval:
            await self.store.put_tenant(self.surface, tenant, True)
        client = await self.create_client(tenant, scopes)
        grant = await self.issue_token(client.client_id, client.client_secret)
        return {"Authorization": f"Bearer {grant.access_token}"}

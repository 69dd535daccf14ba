"""The `oauthAuthorizationCode` family: third-party apps acting for a tenant (a business)
with OAuth 2.0 authorization-code grants and rotating refresh tokens.

- An app (client) is registered by an operator: `specloom clients create SURFACE --tenant OWNER
  [--scheme <scheme>] --redirect-uri URL [--scopes "a b"]` prints its `client_id` and
  `client_secret` (shown once; stored as an HMAC under the server pepper). Scopes given at
  registration bound what any business may grant the app; `clients revoke` removes the app and
  every token it holds stops working at once.
- A business approves an app with one of its own credentials (`oauthCode.authorize`): the
  answer carries a one-time code (10 minutes by default) bound to the app, the redirect URI,
  the business, the granted scopes (never more than the approving credential has, nor than the
  app registered for) and, when given, a PKCE S256 challenge.
- The app trades the code at the token endpoint (`oauthCode.token`,
  `grant_type=authorization_code`) for an access token (opaque, `<prefix>…`, 1 hour by
  default) and a refresh token; `grant_type=refresh_token` rotates them. A spent refresh token
  presented again revokes the whole grant, access tokens included, and so does a code presented
  a second time (RFC 6749 §4.1.2): the grant is named when the code is made. Revocation leaves a
  tombstone (runtime/security/revoked_families.py) that every token use checks, so a refresh or
  exchange racing with it cannot leave a working token behind. A token endpoint whose path
  names the tenant (Aly: `/stores/{store}/oauth/token`) only trades that tenant's codes and
  refresh tokens.
- `Authorization: Bearer <access token>` then authenticates as the business with the granted
  scopes. The credential's key id is the app's installation on that business (one per app and
  business), so per-credential rate limits count per installation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any, ClassVar

import attrs

from specloom.backends.base import Store
from specloom.runtime.clock import now_iso
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.policies.auth import bearer_token
from specloom.runtime.security.credentials import Credential, load_pepper
from specloom.runtime.security.revoked_families import RevokedFamilies

from . import register

CLIENTS = "oauth_clients"
CODES = "oauth_codes"
ACCESS = "oauth_access"
REFRESH = "oauth_refresh"
GRANTS = "oauth_grants"
# a revoked grant's tombstone outlives the tokens a refresh in flight at revocation may issue
REVOCATION_MARGIN = 24 * 3600


@attrs.frozen
class IssuedApp:
    """A registered app, as `specloom clients create` shows it once."""

    client_id: str
    client_secret: str
    tenant: str
    scopes: tuple[str, ...]
    redirect_uris: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"client_id": self.client_id, "client_secret": self.client_secret, "tenant": self.tenant,
                "scopes": list(self.scopes), "redirect_uris": list(self.redirect_uris)}


class GrantRefused(Exception):
    """Why a token request fails: `invalid_client` (401) or an OAuth error code (400)."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def grant_scheme(surface, name: str | None = None):
    found = [s for s in surface.security_schemes if s.family == "oauthAuthorizationCode"
             and (name is None or s.name == name)]
    if len(found) != 1:
        raise LookupError(f"{surface.name}: name the oauthAuthorizationCode scheme with `scheme`")
    return found[0]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_grant_id() -> str:
    return "grt_" + secrets.token_hex(10)


def pkce_s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class OAuthGrants:
    def __init__(self, store: Store, surface: str, scheme, *, pepper: bytes | None = None, clock=time.time):
        self.store = store
        self.surface = surface
        self.scheme = scheme
        options = scheme.options or {}
        self.access_ttl = int(options.get("accessTokenTtlSeconds", 3600))
        self.refresh_ttl = int(options.get("refreshTokenTtlSeconds", 90 * 24 * 3600))
        self.code_ttl = int(options.get("codeTtlSeconds", 600))
        self.prefix = (scheme.prefixes or ("oat_",))[0]
        self._pepper = pepper
        self.clock = clock
        self.revoked = RevokedFamilies(store, f"grant:{surface}:{scheme.name}", clock=clock,
                                       keep_seconds=self.refresh_ttl + self.access_ttl + REVOCATION_MARGIN)

    async def _hash(self, purpose: str, secret: str) -> str:
        if self._pepper is None:
            self._pepper = await load_pepper(self.store)
        return hmac.new(self._pepper, f"{purpose}:{self.surface}:{self.scheme.name}:{secret}".encode(),
                        hashlib.sha256).hexdigest()

    def _client_key(self, client_id: str) -> str:
        return f"{self.surface}:{self.scheme.name}:{client_id}"

    # -- apps ---------------------------------------------------------------------------------
    async def register_client(self, owner: str, name: str, redirect_uris: list[str] | tuple[str, ...],
                              scopes: tuple[str, ...] = ()) -> dict[str, Any]:
        client_id = "app_" + secrets.token_hex(10)
        secret = secrets.token_urlsafe(32)
        await self.store.kv_put(CLIENTS, self._client_key(client_id), {
            "client_id": client_id, "owner": owner, "name": name, "redirect_uris": list(redirect_uris),
            "scopes": list(scopes), "secret_hash": await self._hash("client", secret), "created_at": now_iso()},
            group=f"{self.surface}:{self.scheme.name}")
        return {"client_id": client_id, "client_secret": secret, "redirect_uris": list(redirect_uris)}

    async def revoke_client(self, client_id: str) -> bool:
        """Remove an app: its tokens stop verifying at once (verify checks the app) and it can
        neither trade codes nor refresh."""
        return await self.store.kv_delete(CLIENTS, self._client_key(client_id))

    async def client(self, client_id: str) -> dict[str, Any] | None:
        record = await self.store.kv_get(CLIENTS, self._client_key(client_id), 0.0)
        return record["value"] if record else None

    async def _authenticate_client(self, client_id: Any, client_secret: Any) -> dict[str, Any]:
        client = await self.client(client_id) if isinstance(client_id, str) else None
        expected = client["secret_hash"] if client else "0" * 64
        given = await self._hash("client", client_secret if isinstance(client_secret, str) else "")
        if not hmac.compare_digest(given, expected) or client is None:
            raise GrantRefused("invalid_client", "Client authentication failed")
        return client

    # -- authorization ------------------------------------------------------------------------
    async def authorize(self, tenant: str, client_id: str, redirect_uri: str, scopes: tuple[str, ...],
                        code_challenge: str | None = None) -> str:
        """A one-time code for `client_id` to act for `tenant` with `scopes`; the grant its
        tokens will belong to is named now, so a second exchange of the code can revoke them."""
        code = secrets.token_urlsafe(32)
        await self.store.kv_put(CODES, await self._hash("code", code), {
            "client_id": client_id, "tenant": tenant, "redirect_uri": redirect_uri,
            "scopes": list(scopes), "code_challenge": code_challenge, "grant": new_grant_id()},
            expires_at=self.clock() + self.code_ttl)
        return code

    def installation_id(self, tenant: str, client_id: str) -> str:
        return "ins_" + _sha(f"{self.surface}:{tenant}:{client_id}")[:20]

    async def _issue(self, grant: str, tenant: str, client_id: str, scopes: list[str]) -> dict[str, Any]:
        now = self.clock()
        access = self.prefix + secrets.token_urlsafe(32)
        refresh = secrets.token_urlsafe(40)
        value = {"grant": grant, "tenant": tenant, "client_id": client_id, "scopes": scopes,
                 "installation": self.installation_id(tenant, client_id)}
        await self.store.kv_put(ACCESS, await self._hash("access", access), value, group=grant,
                                expires_at=now + self.access_ttl)
        await self.store.kv_put(REFRESH, await self._hash("refresh", refresh), value, group=grant,
                                expires_at=now + self.refresh_ttl)
        return {"access_token": access, "token_type": "Bearer", "expires_in": self.access_ttl,
                "refresh_token": refresh, "scope": " ".join(scopes)}

    async def exchange(self, client_id: Any, client_secret: Any, code: Any, redirect_uri: Any,
                       code_verifier: Any = None, *, tenant: str | None = None) -> dict[str, Any]:
        """Trade a code for tokens; with `tenant` (the token endpoint's path names one), only a
        code that tenant granted."""
        client = await self._authenticate_client(client_id, client_secret)
        if not isinstance(code, str) or not code:
            raise GrantRefused("invalid_grant", "The authorization code is invalid or expired")
        key = await self._hash("code", code)
        now = self.clock()
        if tenant is not None:
            pending = await self.store.kv_get(CODES, key, now)
            if pending is None or pending["value"]["tenant"] != tenant:
                raise GrantRefused("invalid_grant", "The authorization code is invalid or expired")
        grant = await self.store.kv_consume(CODES, key, now)
        if grant is None:
            spent = await self.store.kv_get(CODES, key, now)
            if spent is not None and spent["consumed"] and spent["value"].get("grant"):
                await self.revoke(spent["value"]["grant"])  # a code used twice (RFC 6749 §4.1.2)
            raise GrantRefused("invalid_grant", "The authorization code is invalid or expired")
        if grant["client_id"] != client["client_id"] or grant["redirect_uri"] != redirect_uri:
            raise GrantRefused("invalid_grant", "The authorization code is invalid or expired")
        challenge = grant.get("code_challenge")
        if challenge and not (isinstance(code_verifier, str)
                              and hmac.compare_digest(pkce_s256(code_verifier), challenge)):
            raise GrantRefused("invalid_grant", "The code verifier does not match the code challenge")
        family = grant.get("grant") or new_grant_id()  # codes made before grants were named have none
        if await self.revoked.is_revoked(family):
            raise GrantRefused("invalid_grant", "The authorization code is invalid or expired")
        return await self._issue(family, grant["tenant"], client["client_id"], grant["scopes"])

    async def refresh(self, client_id: Any, client_secret: Any, token: Any, *,
                      tenant: str | None = None) -> dict[str, Any]:
        """Spend a refresh token for a new pair; with `tenant`, only one of that tenant's."""
        client = await self._authenticate_client(client_id, client_secret)
        if not isinstance(token, str) or not token:
            raise GrantRefused("invalid_grant", "The refresh token is invalid or expired")
        key = await self._hash("refresh", token)
        now = self.clock()
        if tenant is not None:
            held = await self.store.kv_get(REFRESH, key, now)
            if held is None or held["value"]["tenant"] != tenant:
                raise GrantRefused("invalid_grant", "The refresh token is invalid or expired")
        value = await self.store.kv_consume(REFRESH, key, now)
        if value is None:
            record = await self.store.kv_get(REFRESH, key, now)
            if record is not None and record["consumed"]:
                await self.revoke(record["value"]["grant"])
            raise GrantRefused("invalid_grant", "The refresh token is invalid or expired")
        if value["client_id"] != client["client_id"]:
            await self.revoke(value["grant"])  # a stolen token presented by another app
            raise GrantRefused("invalid_grant", "The refresh token is invalid or expired")
        if await self.revoked.is_revoked(value["grant"]):
            raise GrantRefused("invalid_grant", "The refresh token is invalid or expired")
        await self.store.kv_delete_group(ACCESS, value["grant"])  # the old access token ends too
        return await self._issue(value["grant"], value["tenant"], value["client_id"], value["scopes"])

    async def revoke(self, grant: str) -> None:
        """End the grant: the tombstone first (from then on none of its tokens works, even one
        a concurrent refresh or exchange writes later), then its tokens."""
        await self.revoked.revoke(grant)
        await self.store.kv_delete_group(ACCESS, grant)
        await self.store.kv_delete_group(REFRESH, grant)

    async def verify(self, token: str) -> Credential | None:
        if not token.startswith(self.prefix):
            return None
        record = await self.store.kv_get(ACCESS, await self._hash("access", token), self.clock())
        if (record is None or await self.revoked.is_revoked(record["value"]["grant"])
                or await self.client(record["value"]["client_id"]) is None):
            return None  # unknown, expired, revoked, or the app was removed
        value = record["value"]
        return Credential(key_id=value["installation"], surface=self.surface, tenant=value["tenant"],
                          scopes=tuple(value["scopes"]), kind="oauth")


@register
class OAuthAuthorizationCodeFamily:
    name: ClassVar[str] = "oauthAuthorizationCode"

    def __init__(self, runtime: Any, scheme) -> None:
        self.runtime = runtime
        self.scheme = scheme
        self._manager: OAuthGrants | None = None

    async def grants(self) -> OAuthGrants:
        """The scheme's grant manager, made once (with the runtime's cached pepper)."""
        if self._manager is None:
            self._manager = OAuthGrants(self.runtime.store, self.runtime.surface.name, self.scheme,
                                        pepper=await self.runtime.api_keys.pepper())
        return self._manager

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        token = bearer_token(request)
        return None if token is None else await (await self.grants()).verify(token)

    async def create_client(self, tenant: str, scopes: tuple[str, ...] = (), *, redirect_uris=(),
                            name: str | None = None) -> IssuedApp:
        """Register an app owned by `tenant` (`specloom clients create … --redirect-uri URL`);
        `scopes`, when given, bound what businesses may grant it."""
        if not redirect_uris:
            raise ValueError("an OAuth app needs at least one redirect URI (--redirect-uri)")
        app = await (await self.grants()).register_client(tenant, name or "app", list(redirect_uris), tuple(scopes))
        return IssuedApp(app["client_id"], app["client_secret"], tenant, tuple(scopes), tuple(app["redirect_uris"]))

    async def revoke_client(self, client_id: str) -> bool:
        return await (await self.grants()).revoke_client(client_id)

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        """An app, approved by `tenant` for `scopes`, with a fresh access token."""
        grants = await self.grants()
        app = await grants.register_client(tenant, "fuzz", ["https://app.example/callback"])
        code = await grants.authorize(tenant, app["client_id"], "https://app.example/callback", tuple(scopes))
        tokens = await grants.exchange(app["client_id"], app["client_secret"], code, "https://app.example/callback")
        return {"Authorization": f"Bearer {tokens['access_token']}"}

"""The `customerSession` family: people of a tenant (a store's customers) signed in with
`Authorization: Bearer <access token>`.

Access tokens are short-lived JWTs (PyJWT, `alg` pinned to HS256, signed with a key derived
from the server pepper) naming the tenant (`aud`), the customer (`sub`) and the session
(`sid`). Refresh tokens are opaque, stored hashed, one-time and rotating: each refresh spends
the token and issues a new one in the same family (the session); presenting a spent one again
revokes the whole family, and with it every access token of the session. The session record and
the session's revocation tombstone (runtime/security/revoked_families.py) are checked on every
request and every refresh, so a revoked session stops working at once — also the pair a
concurrent refresh issued just before or after the reuse was detected.

Tokens are issued by the `customerAuth.*` service actions (runtime/actions/customer_auth.py),
which use `CustomerSessions` from this module.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any, ClassVar

import jwt

from specloom.backends.base import Store
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.policies.auth import bearer_token
from specloom.runtime.security.credentials import Credential, derive_key, load_pepper
from specloom.runtime.security.revoked_families import RevokedFamilies

from . import register

ALGORITHM = "HS256"
SESSIONS = "customer_sessions"
REFRESH = "customer_refresh"
DEFAULT_ACCESS_TTL = 900
DEFAULT_REFRESH_TTL = 30 * 24 * 3600
# a revoked session's tombstone outlives the tokens a refresh in flight at revocation may issue
REVOCATION_MARGIN = 24 * 3600


class RefreshRefused(Exception):
    """A refresh token that is unknown, expired, of another tenant, or already spent
    (`reused`: the family has just been revoked)."""

    def __init__(self, reused: bool = False):
        self.reused = reused
        super().__init__("refresh token reused" if reused else "invalid refresh token")


def session_scheme(surface, name: str | None = None):
    """The security scheme a service action issues sessions for: `name`, or the surface's
    only `customerSession` scheme."""
    if name is not None:
        scheme = surface.security_scheme(name)
        if scheme is None or scheme.family != "customerSession":
            raise LookupError(f"{name!r} is not a customerSession security scheme of {surface.name}")
        return scheme
    found = [s for s in surface.security_schemes if s.family == "customerSession"]
    if len(found) != 1:
        raise LookupError(f"{surface.name} has {len(found)} customerSession schemes; name one with `scheme`")
    return found[0]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class CustomerSessions:
    """Open, refresh, verify and revoke the sessions of one customerSession scheme."""

    def __init__(self, store: Store, surface: str, scheme, *, pepper: bytes | None = None,
                 clock=time.time):
        self.store = store
        self.surface = surface
        self.scheme = scheme
        options = scheme.options or {}
        self.access_ttl = int(options.get("accessTokenTtlSeconds", DEFAULT_ACCESS_TTL))
        self.refresh_ttl = int(options.get("refreshTokenTtlSeconds", DEFAULT_REFRESH_TTL))
        self.issuer = f"specloom:{surface}:{scheme.name}"
        self._pepper = pepper
        self.clock = clock
        self.revoked = RevokedFamilies(store, f"session:{surface}:{scheme.name}", clock=clock,
                                       keep_seconds=self.refresh_ttl + self.access_ttl + REVOCATION_MARGIN)

    async def _key(self) -> bytes:
        if self._pepper is None:
            self._pepper = await load_pepper(self.store)
        return derive_key(self._pepper, f"specloom-jwt:{self.issuer}")

    async def _live_session(self, sid: str) -> dict | None:
        """The session record, or None when it ended (expired, deleted or revoked)."""
        session = await self.store.kv_get(SESSIONS, sid, self.clock())
        if session is None or await self.revoked.is_revoked(sid):
            return None
        return session

    def _refresh_key(self, tenant: str, token: str) -> str:
        return _digest(f"{self.surface}:{self.scheme.name}:{tenant}:{token}")

    async def _tokens(self, tenant: str, customer_id: str, sid: str) -> dict[str, str]:
        now = int(self.clock())
        access = jwt.encode({"iss": self.issuer, "aud": tenant, "sub": customer_id, "sid": sid,
                             "typ": "access", "iat": now, "exp": now + self.access_ttl,
                             "jti": secrets.token_hex(8)}, await self._key(), algorithm=ALGORITHM)
        refresh = secrets.token_urlsafe(32)
        expires = now + self.refresh_ttl
        await self.store.kv_put(REFRESH, self._refresh_key(tenant, refresh),
                                {"sid": sid, "tenant": tenant, "customer_id": customer_id},
                                group=sid, expires_at=expires)
        await self.store.kv_put(SESSIONS, sid, {"tenant": tenant, "customer_id": customer_id,
                                                "surface": self.surface},
                                group=f"{self.surface}:{tenant}:{customer_id}", expires_at=expires)
        return {"access": access, "refresh": refresh}

    async def open(self, tenant: str, customer_id: str) -> dict[str, str]:
        """A new session: `{access, refresh}`."""
        return await self._tokens(tenant, customer_id, "ses_" + secrets.token_hex(12))

    async def refresh(self, tenant: str, token: str) -> dict[str, str]:
        """Spend `token` for a new pair; a spent token presented again revokes its family."""
        now = self.clock()
        key = self._refresh_key(tenant, token)
        value = await self.store.kv_consume(REFRESH, key, now)
        if value is None:
            record = await self.store.kv_get(REFRESH, key, now)
            if record is not None and record["consumed"]:
                await self.revoke(record["value"]["sid"])
                raise RefreshRefused(reused=True)
            raise RefreshRefused()
        if await self._live_session(value["sid"]) is None:
            raise RefreshRefused()
        return await self._tokens(tenant, value["customer_id"], value["sid"])

    async def revoke(self, sid: str) -> None:
        """End the session: the tombstone first (from then on no token of it works, even one
        a concurrent refresh writes later), then its records."""
        await self.revoked.revoke(sid)
        await self.store.kv_delete_group(REFRESH, sid)
        await self.store.kv_delete(SESSIONS, sid)

    async def verify(self, token: str) -> Credential | None:
        """The customer an access token stands for, or None (bad signature or `alg`, expired,
        not an access token, session revoked)."""
        try:
            if jwt.get_unverified_header(token).get("alg") != ALGORITHM:
                return None
            claims = jwt.decode(token, await self._key(), algorithms=[ALGORITHM], issuer=self.issuer,
                                options={"require": ["exp", "iat", "sub", "aud", "sid", "iss"],
                                         "verify_aud": False})
        except (jwt.PyJWTError, ValueError, TypeError):
            return None
        tenant, subject, sid = claims.get("aud"), claims.get("sub"), claims.get("sid")
        if claims.get("typ") != "access" or not all(isinstance(v, str) for v in (tenant, subject, sid)):
            return None
        session = await self._live_session(sid)
        if session is None or session["value"].get("customer_id") != subject \
                or session["value"].get("tenant") != tenant:
            return None
        return Credential(key_id=sid, surface=self.surface, tenant=tenant, scopes=(),
                          kind="customerSession", subject=subject)


@register
class CustomerSessionFamily:
    name: ClassVar[str] = "customerSession"

    def __init__(self, runtime: Any, scheme) -> None:
        self.runtime = runtime
        self.scheme = scheme
        self._manager: CustomerSessions | None = None

    async def sessions(self) -> CustomerSessions:
        """The scheme's session manager, made once (with the runtime's cached pepper)."""
        if self._manager is None:
            self._manager = CustomerSessions(self.runtime.store, self.runtime.surface.name, self.scheme,
                                             pepper=await self.runtime.api_keys.pepper())
        return self._manager

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        token = bearer_token(request)
        return None if token is None else await (await self.sessions()).verify(token)

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        """A new customer of `tenant` (in the scheme's `resource`), signed in."""
        from specloom.runtime.services.resources import TenantResources

        options = self.scheme.options or {}
        resource = options.get("resource", "customers")
        login_field = options.get("loginField", "email")
        customer = await TenantResources(self.runtime.surface, self.runtime.store, tenant).create(
            resource, {login_field: f"customer-{secrets.token_hex(6)}@example.com"})
        tokens = await (await self.sessions()).open(tenant, customer["id"])
        return {"Authorization": f"Bearer {tokens['access']}"}

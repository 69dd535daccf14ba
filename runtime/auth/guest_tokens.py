"""The `guestToken` family: a short-lived token a storefront hands an anonymous shopper, sent
in the header the OpenAPI scheme names (`type: apiKey, in: header, name: X-Scalev-Guest-Token`),
bound to one tenant (a store) and to one guest.

A guest token is issued by the `guestToken.issue` service action (runtime/actions/guest_tokens.py)
to a request that already holds a credential of the tenant (Scalev: the publishable storefront
key) and is then accepted wherever the spec lists the scheme, typically as an alternative to
that key (`security: [{storefrontKey: []}, {guestToken: []}]`).

The token is a JWT, HS256 only (`alg` pinned, as for customer sessions), signed with a key
derived from the server pepper and this scheme, naming the tenant (`aud`), the guest (`sub`,
`gst_…`) and its expiry (`options.tokenTtlSeconds`, default 3600). Nothing is stored: a token is
good while its signature, issuer, type and expiry hold; `alg: none`, another algorithm, a bad
signature, another scheme's or surface's token and an expired one are all the common 401. The
credential's key id and `subject` are the guest id, so the `me.*` actions would show a guest
only its own records. Revoking the publishable key does not end guest tokens already issued:
they expire.
"""

from __future__ import annotations

import secrets
import time
from typing import Any, ClassVar

import jwt

from specloom.backends.base import Store
from specloom.runtime.http.request import IncomingRequest
from specloom.runtime.security.credentials import Credential, derive_key, load_pepper

from . import register
from .publishable_keys import scheme_header

ALGORITHM = "HS256"
KIND = "guestToken"
DEFAULT_TTL = 3600


def guest_scheme(surface, name: str | None = None):
    """The security scheme a service action issues guest tokens for: `name`, or the surface's
    only `guestToken` scheme."""
    found = [s for s in surface.security_schemes if s.family == KIND and (name is None or s.name == name)]
    if len(found) != 1:
        raise LookupError(f"{surface.name}: name the guestToken security scheme with `scheme`")
    return found[0]


class GuestTokens:
    """Issue and verify the guest tokens of one guestToken scheme."""

    def __init__(self, store: Store, surface: str, scheme, *, pepper: bytes | None = None, clock=time.time):
        self.store = store
        self.surface = surface
        self.scheme = scheme
        self.ttl = int((scheme.options or {}).get("tokenTtlSeconds", DEFAULT_TTL))
        self.issuer = f"specloom:{surface}:{scheme.name}"
        self._pepper = pepper
        self.clock = clock

    async def _key(self) -> bytes:
        if self._pepper is None:
            self._pepper = await load_pepper(self.store)
        return derive_key(self._pepper, f"specloom-guest-jwt:{self.issuer}")

    async def issue(self, tenant: str, guest_id: str | None = None) -> dict[str, Any]:
        """A new token for a new guest of `tenant` (or for `guest_id`): `{token, guest_id, expires_in}`."""
        now = int(self.clock())
        guest_id = guest_id or "gst_" + secrets.token_hex(10)
        token = jwt.encode({"iss": self.issuer, "aud": tenant, "sub": guest_id, "typ": "guest",
                            "iat": now, "exp": now + self.ttl, "jti": secrets.token_hex(8)},
                           await self._key(), algorithm=ALGORITHM)
        return {"token": token, "guest_id": guest_id, "expires_in": self.ttl}

    async def verify(self, token: str) -> Credential | None:
        try:
            if jwt.get_unverified_header(token).get("alg") != ALGORITHM:
                return None
            claims = jwt.decode(token, await self._key(), algorithms=[ALGORITHM], issuer=self.issuer,
                                options={"require": ["exp", "iat", "sub", "aud", "iss"], "verify_aud": False})
        except (jwt.PyJWTError, ValueError, TypeError):
            return None
        tenant, guest = claims.get("aud"), claims.get("sub")
        if claims.get("typ") != "guest" or not isinstance(tenant, str) or not isinstance(guest, str):
            return None
        return Credential(key_id=guest, surface=self.surface, tenant=tenant, scopes=(), kind=KIND, subject=guest)


@register
class GuestTokenFamily:
    name: ClassVar[str] = KIND

    def __init__(self, runtime: Any, scheme) -> None:
        self.runtime = runtime
        self.scheme = scheme
        self.header = scheme_header(runtime, scheme)
        self.tokens: GuestTokens | None = None

    async def _tokens(self) -> GuestTokens:
        if self.tokens is None:
            self.tokens = GuestTokens(self.runtime.store, self.runtime.surface.name, self.scheme,
                                      pepper=await self.runtime.api_keys.pepper())
        return self.tokens

    async def issue_token(self, tenant: str) -> dict[str, Any]:
        return await (await self._tokens()).issue(tenant)

    async def authenticate(self, request: IncomingRequest) -> Credential | None:
        token = request.headers.get(self.header, "").strip()
        return await (await self._tokens()).verify(token) if token else None

    async def provision(self, tenant: str, scopes: tuple[str, ...]) -> dict[str, str]:
        """A fresh guest of `tenant` (guest tokens carry no scopes)."""
        return {self.header: (await self.issue_token(tenant))["token"]}

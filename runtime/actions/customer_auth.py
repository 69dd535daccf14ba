"""Customer sign-in for storefronts: `customerAuth.register`, `customerAuth.login`,
`customerAuth.verifyOtp` and `customerAuth.refresh`.

They run on storefront routes (the tenant is the store the storefront key is bound to) and
issue sessions of a `customerSession` security scheme (runtime/auth/customer_sessions.py).
Customers are records of the operation's resource; their passwords are Argon2id hashes kept
apart from the record (runtime/security/passwords.py). When the store requires a one-time code, login
mails one (the store's outbox, runtime/services/mail.py) and answers `{message}`; `verifyOtp` trades the code for tokens.
A code is kept as its keyed hash only, deleted once used (or after too many wrong tries) and purged
once expired.

Every refusal — unknown customer, wrong password, wrong or expired code, a bad or spent refresh
token — is the same 401 the auth policy gives, so none tells a caller which part was wrong.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any

from specloom.runtime.auth.customer_sessions import CustomerSessions, RefreshRefused, session_scheme
from specloom.runtime.errors import Conflict, Unauthorized
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.security.credentials import hash_secret
from specloom.runtime.security.passwords import Passwords
from specloom.runtime.services.mail import Outbox
from specloom.runtime.services.tenant_settings import TenantSettings

from . import action

OTP = "customer_otp"


def _refused() -> Unauthorized:
    return Unauthorized(headers={"WWW-Authenticate": "Bearer"})


class _Setup:
    """What every customerAuth action needs: the scheme, the customer resource, the store."""

    def __init__(self, ctx: RequestContext, settings: dict[str, Any]):
        self.ctx = ctx
        self.settings = settings
        self.scheme = session_scheme(ctx.surface, settings.get("scheme"))
        self.store = ctx.resources.store
        self.tenant = ctx.tenant or ""
        self.resource = ctx.surface.resource(ctx.operation.resource)
        self.login_field = (self.scheme.options or {}).get("loginField", "email")
        self.passwords = Passwords(self.store, ctx.surface.name, self.resource.name)

    @staticmethod
    def normalise(value: Any) -> str:
        return str(value or "").strip().lower()

    async def find_customer(self, login: Any) -> dict[str, Any] | None:
        value = self.normalise(login)
        if not value:
            return None
        return await self.store.find(self.resource.table_name, self.tenant, self.login_field, value)

    def token_body(self, tokens: dict[str, str], *, with_tenant: bool = False) -> dict[str, Any]:
        body = {self.settings.get("accessField", "access"): tokens["access"],
                self.settings.get("refreshField", "refresh"): tokens["refresh"]}
        tenant_field = self.settings.get("tenantField")
        if with_tenant and tenant_field:
            body[tenant_field] = self.tenant
        return body

    async def sessions(self) -> CustomerSessions:
        """The scheme family's session manager (built once per app, not per request)."""
        return await self.ctx.runtime.families[self.scheme.name].sessions()

    async def code_hash(self, code: str) -> str:
        return hash_secret(await self.ctx.runtime.api_keys.pepper(), f"otp:{code}")

    def otp_key(self, customer_id: str) -> str:
        return f"{self.ctx.surface.name}:{self.scheme.name}:{self.tenant}:{customer_id}"


@action("customerAuth.register")
async def register(ctx: RequestContext, settings: dict[str, Any], *, body: dict[str, Any], **_: Any) -> Reply:
    """Create a customer with a password; answers the customer record (no password in it)."""
    s = _Setup(ctx, settings)
    password_field = settings.get("passwordField", "password")
    password = body.get(password_field)
    record = {k: v for k, v in body.items() if k != password_field}
    record[s.login_field] = s.normalise(record.get(s.login_field))
    if await s.find_customer(record[s.login_field]) is not None:
        raise Conflict(f"A customer with this {s.login_field} already exists", code="already_exists")
    customer = await ctx.resources.create(s.resource.name, record)  # a concurrent twin → 409
    await s.passwords.set(s.tenant, customer["id"], str(password))
    return ctx.respond.item(customer, status=ctx.operation.success_status)


async def _otp_required(s: _Setup) -> bool:
    otp = s.settings.get("otp") or {}
    if "setting" in otp:
        value = (await TenantSettings(s.store, s.ctx.surface.name).get(s.tenant)).get(otp["setting"])
        return bool(otp.get("default", False) if value is None else value)
    return bool(otp.get("required", False))


@action("customerAuth.login")
async def login(ctx: RequestContext, settings: dict[str, Any], *, body: dict[str, Any], **_: Any) -> Reply:
    """Password login: tokens, or — when the store requires a one-time code — `{message}`
    after mailing the code."""
    s = _Setup(ctx, settings)
    customer = await s.find_customer(body.get(s.login_field))
    password = str(body.get(settings.get("passwordField", "password")) or "")
    if not await s.passwords.check(s.tenant, customer["id"] if customer else None, password):
        raise _refused()
    assert customer is not None
    if not await _otp_required(s):
        tokens = await (await s.sessions()).open(s.tenant, customer["id"])
        return Reply(200, s.token_body(tokens))
    otp = settings.get("otp") or {}
    digits = int(otp.get("digits", 6))
    code = "".join(secrets.choice("0123456789") for _ in range(digits))
    ttl = int(otp.get("ttlSeconds", 300))
    now = time.time()
    await s.store.kv_purge_expired(OTP, now)  # codes nobody used are not kept past their expiry
    # the store keeps the code's keyed hash only; the code itself travels in the e-mail, sealed
    # in the outbox until sent and erased from it then (a sensitive message)
    await s.store.kv_put(OTP, s.otp_key(customer["id"]), {"hash": await s.code_hash(code), "attempts": 0},
                         group=f"{ctx.surface.name}:{s.tenant}", expires_at=now + ttl)
    await Outbox(s.store, ctx.surface.name, ctx.surface.mail).send(
        s.tenant, to=str(customer.get(s.login_field)), template="customer_otp", sensitive=True,
        subject=otp.get("subject", "Your one-time login code"),
        text=f"Your one-time code is {code}. It expires in {max(ttl // 60, 1)} minute(s).")
    return Reply(200, {"message": otp.get("message", "We sent a one-time code to your email. Enter it to sign in.")})


@action("customerAuth.verifyOtp")
async def verify_otp(ctx: RequestContext, settings: dict[str, Any], *, body: dict[str, Any], **_: Any) -> Reply:
    """Trade a mailed one-time code for tokens; a code works once, and only for a few tries."""
    s = _Setup(ctx, settings)
    customer = await s.find_customer(body.get(s.login_field))
    code = str(body.get(settings.get("codeField", "otp")) or "")
    if customer is None:
        await s.code_hash(code)
        raise _refused()
    key = s.otp_key(customer["id"])
    now = time.time()
    record = await s.store.kv_get(OTP, key, now)
    if record is None or record["consumed"]:
        raise _refused()
    value = record["value"]
    if not hmac.compare_digest(value["hash"], await s.code_hash(code)):
        attempts = int(value.get("attempts", 0)) + 1
        if attempts >= int((settings.get("otp") or {}).get("maxAttempts", 5)):
            await s.store.kv_delete(OTP, key)
        else:
            await s.store.kv_put(OTP, key, {**value, "attempts": attempts}, group=record["group"],
                                 expires_at=record["expires_at"])
        raise _refused()
    if await s.store.kv_consume(OTP, key, now) is None:  # spent by a concurrent request
        raise _refused()
    await s.store.kv_delete(OTP, key)  # a used code is not kept
    tokens = await (await s.sessions()).open(s.tenant, customer["id"])
    return Reply(200, s.token_body(tokens, with_tenant=True))


@action("customerAuth.refresh")
async def refresh(ctx: RequestContext, settings: dict[str, Any], *, body: dict[str, Any], **_: Any) -> Reply:
    """Rotate a refresh token: the old one is spent; spending it twice revokes the session."""
    s = _Setup(ctx, settings)
    token = body.get(settings.get("refreshField", "refresh"))
    if not isinstance(token, str) or not token:
        raise _refused()
    try:
        tokens = await (await s.sessions()).refresh(s.tenant, token)
    except RefreshRefused:
        raise _refused() from None
    return Reply(200, s.token_body(tokens))

"""`oauthCode.authorize` and `oauthCode.token`: the two endpoints of the OAuth 2.0
authorization-code grant (runtime/auth/oauth_code.py has the mechanism).

- `oauthCode.authorize` (secured by the tenant's own credential): body `{client_id,
  redirect_uri, scope?, state?, code_challenge?, code_challenge_method?}`; answers `{code,
  state, redirect_to}` where `redirect_to` is the app's redirect URI with `code` and `state`.
  The app must be registered with exactly that redirect URI; the scopes granted are those
  asked for (default: the approving credential's own), never more than it has, nor than the
  app was registered for. The answer is in the surface's `item` envelope (bare on Scalev,
  `{"data": …}` on Aly).
- `oauthCode.token` (public: the app authenticates with its client id and secret in the body):
  `grant_type` `authorization_code` (`code`, `redirect_uri`, `code_verifier` when PKCE was used)
  or `refresh_token` (`refresh_token`), as JSON or form-encoded (RFC 6749 §4.1.3, when the
  spec declares both media types for the body); answers the RFC 6749 §5.1 body
  `{access_token, token_type, expires_in, refresh_token, scope}`, never enveloped. A bad client
  is the auth policy's 401; a bad code or refresh token is 400 with the code `invalid_grant`.
  When the token endpoint's path names the tenant, only that tenant's codes and refresh tokens
  are accepted.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from specloom.runtime.auth.oauth_code import GrantRefused, OAuthGrants, grant_scheme
from specloom.runtime.errors import BadRequest, NotFound, Unauthorized
from specloom.runtime.handler_api import Reply, RequestContext

from . import action


async def _grants(ctx: RequestContext, settings: dict[str, Any]) -> OAuthGrants:
    """The scheme family's grant manager (built once per app, not per request)."""
    scheme = grant_scheme(ctx.surface, settings.get("scheme"))
    return await ctx.runtime.families[scheme.name].grants()


@action("oauthCode.authorize")
async def authorize(ctx: RequestContext, settings: dict[str, Any], *, body: dict[str, Any], **_: Any) -> Reply:
    grants = await _grants(ctx, settings)
    credential = ctx.credential
    assert credential is not None, "oauthCode.authorize needs a secured operation"
    client = await grants.client(str(body.get("client_id", "")))
    if client is None:
        raise NotFound("No app with this client_id", code="unknown_client")
    redirect_uri = body.get("redirect_uri")
    if redirect_uri not in client["redirect_uris"]:
        raise BadRequest("The app did not register this redirect_uri", code="invalid_request")
    registered = tuple(client.get("scopes") or ())
    requested = tuple(str(body.get("scope") or "").split()) or (
        tuple(s for s in registered if credential.has_scopes((s,))) if registered and "admin:*" not in registered
        else credential.scopes)
    if not credential.has_scopes(requested):
        raise BadRequest("The requested scope exceeds what this credential may grant", code="invalid_scope")
    if registered and "admin:*" not in registered and not set(requested) <= set(registered):
        raise BadRequest(f"The app may be granted only: {' '.join(registered)}", code="invalid_scope")
    challenge = body.get("code_challenge")
    if challenge is not None and body.get("code_challenge_method", "S256") != "S256":
        raise BadRequest("Only the S256 code challenge method is supported", code="invalid_request")
    code = await grants.authorize(credential.tenant, client["client_id"], redirect_uri, requested, challenge)
    state = body.get("state")
    query = urlencode({"code": code, **({"state": state} if state is not None else {})})
    separator = "&" if "?" in redirect_uri else "?"
    return ctx.respond.item({"code": code, "state": state, "redirect_to": f"{redirect_uri}{separator}{query}"})


@action("oauthCode.token")
async def token(ctx: RequestContext, settings: dict[str, Any], *, body: dict[str, Any], **_: Any) -> Reply:
    grants = await _grants(ctx, settings)
    try:
        if body.get("grant_type") == "refresh_token":
            issued = await grants.refresh(body.get("client_id"), body.get("client_secret"), body.get("refresh_token"),
                                          tenant=ctx.tenant)
        else:
            issued = await grants.exchange(body.get("client_id"), body.get("client_secret"), body.get("code"),
                                           body.get("redirect_uri"), body.get("code_verifier"), tenant=ctx.tenant)
    except GrantRefused as exc:
        if exc.code == "invalid_client":
            raise Unauthorized(headers={"WWW-Authenticate": "Bearer"}) from None
        raise BadRequest(exc.message, code=exc.code) from None
    return Reply(200, issued, headers={"Cache-Control": "no-store"})

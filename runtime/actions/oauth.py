"""`oauth.clientCredentials`: the token endpoint of the OAuth 2.0 client credentials grant.

    x-specloom:
      resource: orders               # any resource of the surface: the action stores none
      action: oauth.clientCredentials
      with: { scheme: supplierAuth } # the security scheme (family oauthClientCredentials)

The body (form-encoded, RFC 6749 §4.4.2, or JSON) carries `grant_type` (`client_credentials`,
optional) and `scope`, and the client authenticates either with HTTP Basic (RFC 6749 §2.3.1:
`Authorization: Basic base64(urlencode(client_id) ":" urlencode(client_secret))`) or with
`client_id` and `client_secret` in the body — not both (400 `invalid_request`, §2.3). A
malformed Basic header is the same 401 `invalid_client` as a wrong secret. Success answers 200
`{access_token, token_type: "Bearer", expires_in, scope}` with `Cache-Control: no-store`.
Errors answer RFC 6749 §5.2 bodies `{error, error_description}`: 400 `invalid_request`
(a parameter missing), 400 `unsupported_grant_type`, 400 `invalid_scope`, 401
`invalid_client` (unknown client, wrong secret or revoked client: one identical answer) and,
where the surface gates tenants by approval, 400 `unauthorized_client` while the client's
tenant is not approved.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from specloom.runtime.handler_api import Reply, RequestContext

from . import action

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
GRANT_TYPE = "client_credentials"


def oauth_error(status: int, error: str, description: str) -> Reply:
    headers = dict(NO_STORE)
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="token", error="invalid_client"'
    return Reply(status, {"error": error, "error_description": description}, headers)


def family_for(ctx: RequestContext, settings: dict[str, Any]):
    family = ctx.runtime.families.get(settings["scheme"])
    if family is None or not hasattr(family, "issue_token"):
        raise LookupError(f"{ctx.operation.operation_id}: security scheme {settings['scheme']!r} "
                          "is not of the oauthClientCredentials family")
    return family


class _BadBasic(Exception):
    """An Authorization: Basic header that does not decode to client_id:client_secret."""


def basic_credentials(ctx: RequestContext) -> tuple[str, str] | None:
    """(client_id, client_secret) from `Authorization: Basic …` (RFC 6749 §2.3.1: each part
    form-urlencoded before base64), None without such a header; raises _BadBasic when malformed."""
    request = getattr(ctx, "request", None)
    header = (getattr(request, "headers", None) or {}).get("authorization", "")
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _BadBasic() from None
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id or not secret or len(decoded) > 1000:
        raise _BadBasic()
    return unquote_plus(client_id), unquote_plus(secret)


@action("oauth.clientCredentials")
async def client_credentials(ctx: RequestContext, settings: dict[str, Any], body: Any = None,
                             **arguments: Any) -> Reply:
    family = family_for(ctx, settings)
    body = body if isinstance(body, dict) else {}
    grant_type = body.get("grant_type")
    if grant_type is not None and grant_type != GRANT_TYPE:
        return oauth_error(400, "unsupported_grant_type", f"Only grant_type={GRANT_TYPE} is supported")
    try:
        basic = basic_credentials(ctx)
    except _BadBasic:
        return oauth_error(401, "invalid_client", "Client authentication failed")
    if basic is not None:
        if body.get("client_id") not in (None, basic[0]) or body.get("client_secret") is not None:
            return oauth_error(400, "invalid_request", "Use one client authentication method: HTTP Basic or "
                                                       "client_id and client_secret in the body, not both")
        client_id, client_secret = basic
    else:
        missing = [name for name in ("client_id", "client_secret")
                   if not isinstance(body.get(name), str) or not body[name]]
        if missing:
            return oauth_error(400, "invalid_request", f"Missing parameter: {', '.join(missing)}")
        client_id, client_secret = body["client_id"], body["client_secret"]
    grant = await family.issue_token(client_id, client_secret, body.get("scope") or None)
    if grant.error == "invalid_client":
        return oauth_error(401, grant.error, grant.description)
    if grant.error:
        return oauth_error(400, grant.error, grant.description)
    return Reply(200, {"access_token": grant.access_token, "token_type": "Bearer",
                       "expires_in": grant.expires_in, "scope": " ".join(grant.scopes)}, dict(NO_STORE))

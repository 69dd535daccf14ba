"""`guestToken.issue`: hand an anonymous shopper a guest token (runtime/auth/guest_tokens.py).

    x-specloom:
      resource: customers                 # any resource of the surface: the action stores none
      action: guestToken.issue
      with: { scheme: guestToken, tokenField: guest_token, subjectField: guest_id }

Secure the operation with the credential a storefront already holds (Scalev: the publishable
key); the token is for the request's tenant. The answer, in the surface's `item` envelope, is
`{<tokenField>: <token>, <subjectField>: <guest id>, expires_in: <seconds>}` with
`Cache-Control: no-store`. Each call makes a new guest.
"""

from __future__ import annotations

from typing import Any

from specloom.runtime.auth.guest_tokens import guest_scheme
from specloom.runtime.handler_api import Reply, RequestContext

from . import action


@action("guestToken.issue")
async def issue(ctx: RequestContext, settings: dict[str, Any], **_: Any) -> Reply:
    scheme = guest_scheme(ctx.surface, settings.get("scheme"))
    family = ctx.runtime.families[scheme.name]
    assert ctx.tenant, "guestToken.issue needs an operation bound to a tenant"
    issued = await family.issue_token(ctx.tenant)
    reply = ctx.respond.item({settings.get("tokenField", "guest_token"): issued["token"],
                              settings.get("subjectField", "guest_id"): issued["guest_id"],
                              "expires_in": issued["expires_in"]})
    return Reply(reply.status, reply.body, {"Cache-Control": "no-store"})

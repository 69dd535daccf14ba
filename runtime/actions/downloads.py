"""`downloads.links`: fresh download links to the files a granting record grants, answered as
an unpaginated collection — a customer's digital product access (Scalev
`POST /customers/me/digital-products/{entitlement_id}/download-links`).

    x-specloom:
      resource: entitlements        # the surface's files.downloads.resource
      action: downloads.links
      ownedBy: customer_id          # only the signed-in customer's own (else 404)

The record is the one the path names (and, with the operation's `ownedBy`, the principal's).
While the record's `files.downloads.allowedWhen` does not hold (revoked access) the answer is
403 `access_revoked` and no link is made. Each file gets one link
(`/_specloom/downloads/<token>`, kept hashed, expiring after `linkSeconds`); a download through
it counts against the record's limit (runtime/services/downloads.py). Takes no `with` settings.
"""

from __future__ import annotations

from typing import Any

from specloom.backends.base import Page
from specloom.runtime.errors import Forbidden
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.downloads import allowed, mint_link_entries

from . import action
from .records import target_record
from .uploads import base_url


@action("downloads.links")
async def links(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    files = ctx.surface.files
    if files is None or files.downloads is None or files.downloads.resource != ctx.operation.resource:
        raise LookupError(f"{ctx.operation.operation_id}: downloads.links works on files.downloads.resource")
    record = await target_record(ctx, arguments)
    if not allowed(files.downloads, record):
        raise Forbidden("Access to these downloads was revoked", code="access_revoked")
    entries = await mint_link_entries(ctx.resources, files.downloads, record, base_url(ctx))
    return ctx.respond.collection(Page(entries, len(entries), False), status=ctx.operation.success_status)

"""`mail.send`: (re)send an email about a record — Alva's "resend the delivery email".

    x-specloom:
      resource: orders
      action: mail.send
      with:
        template: delivery           # names the message (the mailer picks its content)
        to: customer.email           # dotted path to the address in the record
        stamp: email_sent_at         # record field set to the time it was sent
        onlyWhen: { access_status: [active] }   # else 409 invalid_state

The record is the one the operation's last path parameter names (any of the resource's lookup
fields), 404 when there is none. The message — the surface's template (`x-specloom.mail.templates`) filled from the record —
goes to the outbox (runtime/services/mail.py), sent by the mail worker; the answer
is the record, with its stamp updated.
"""

from __future__ import annotations

from typing import Any

from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Conflict
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.services.downloads import mint_links
from specloom.runtime.services.mail import Outbox, dotted
from specloom.runtime.services.resources import not_found

from . import action
from .records import target_record
from .uploads import base_url


def check_state(ctx: RequestContext, record: dict[str, Any], only_when: dict[str, list[Any]] | None) -> None:
    """409 `invalid_state` unless each named field of `record` has one of its allowed values."""
    for field, allowed in (only_when or {}).items():
        if record.get(field) not in allowed:
            noun = ctx.surface.resource(ctx.operation.resource).noun
            raise Conflict(f"Not possible while the {noun}'s {field} is {record.get(field)} "
                           f"(allowed: {', '.join(map(str, allowed))})", code="invalid_state")


async def deliver(ctx: RequestContext, mail: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """Send the message `mail` declares about `record`; the record with its stamp updated."""
    to = dotted(record, mail["to"])
    if not isinstance(to, str) or not to:
        raise Conflict(f"There is no address to send to ({mail['to']} is empty)", code="no_recipient")
    about = record
    files = ctx.surface.files
    if files is not None and files.downloads is not None and files.downloads.resource == ctx.operation.resource:
        # fresh expiring links to the files the record grants, for the template's {download_links}
        links = await mint_links(ctx.resources, files.downloads, record, base_url(ctx))
        about = {**record, files.downloads.links_field: links}
    await Outbox(ctx.resources.store, ctx.surface.name, ctx.surface.mail).send(
        ctx.resources.tenant, to=to, template=mail["template"], record=about)
    if mail.get("stamp"):
        resource = ctx.surface.resource(ctx.operation.resource)
        updated = await ctx.resources.store.update(resource.table_name, ctx.resources.tenant, record["id"],
                                                   {mail["stamp"]: now_iso()})
        if updated is None:
            raise not_found(resource)
        return updated
    return record


@action("mail.send")
async def send(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    record = await target_record(ctx, arguments)
    check_state(ctx, record, settings.get("onlyWhen"))
    record = await deliver(ctx, settings, record)
    return ctx.respond.item(record, status=ctx.operation.success_status)

"""The mail outbox: messages a surface sends (Alva's delivery e-mail, Scalev's one-time login
codes), queued in the store and sent by the mail worker (runtime/mail/worker.py).

A message is a row of the store's outbox table (`Store.outbox_add`) under the surface
`mail:<surface>`: its recipient in `subscription`, its template name in `event`, and the
message itself — subject and text, rendered when it is queued — sealed in `body` (AES-GCM
under the server pepper, bound to the row: a download link or a one-time code is never kept in
plaintext). It is queued in the caller's unit of work, so a request that fails queues nothing,
and the worker claims rows under a lease like the webhook outbox: each message goes to one
process, is retried while the SMTP server is down, and its status (`pending`, `delivered`,
`failed`) is what `specloom mail list` shows. A `sensitive` message's text is erased from the
row once it was sent.

Templates are the surface's (`x-specloom.mail.templates`): `{dotted.path}` places are filled
from the record the message is about.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from typing import Any

from specloom.backends.base import Store
from specloom.generator.ir import Mail
from specloom.runtime.clock import now_iso
from specloom.runtime.security.credentials import load_pepper
from specloom.runtime.security.sealed_secrets import SecretBox

PREFIX = "mail:"
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
ERASED = "(erased once sent)"
_PLACE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?:\|([^{}\n]*))?\}")


def namespace(surface: str) -> str:
    """The outbox `surface` of a surface's mail (never a surface name: those have no colon)."""
    return PREFIX + surface


def dotted(doc: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(doc, dict):
            return None
        doc = doc.get(part)
    return doc


def render(template: str, record: dict[str, Any] | None) -> str:
    """`template` with each `{dotted.path}` replaced by that value of `record` ('' when none,
    or the fallback of `{dotted.path|fallback}` when none or empty; a list becomes one item per
    line)."""
    def value(match: re.Match) -> str:
        found = dotted(record or {}, match.group(1))
        if found is None or found == "":
            return match.group(2) or ""
        if isinstance(found, list):
            return "\n".join(str(item) for item in found)
        return str(found)
    return _PLACE.sub(value, template)


async def mail_box(store: Store) -> SecretBox:
    return SecretBox(await load_pepper(store), "mail")


class Outbox:
    def __init__(self, store: Store, surface: str, mail: Mail | None = None):
        self.store = store
        self.surface = surface
        self.mail = mail
        self.namespace = namespace(surface)

    async def send(self, tenant: str, *, to: str, template: str, record: dict[str, Any] | None = None,
                   subject: str | None = None, text: str | None = None, sensitive: bool | None = None,
                   now: float | None = None) -> dict[str, Any]:
        """Queue a message to `to`: its subject and text are the surface's `template` filled from
        `record`, or the `subject`/`text` given. Joins the caller's unit of work."""
        declared = self.mail.template(template) if self.mail is not None else None
        if subject is None:
            subject = render(declared.subject, record) if declared else template.replace("_", " ").capitalize()
        if text is None:
            text = render(declared.text, record) if declared else json.dumps(record or {}, indent=2, default=str)
        message = {"id": "msg_" + secrets.token_hex(10), "tenant": tenant, "to": to, "template": template,
                   "subject": subject, "text": text,
                   "sensitive": bool(sensitive if sensitive is not None else declared and declared.sensitive),
                   "created_at": now_iso()}
        at = now if now is not None else time.time()
        body = (await mail_box(self.store)).seal(json.dumps(message), message["id"])
        await self.store.outbox_add([{
            "id": message["id"], "surface": self.namespace, "tenant": tenant, "event": template,
            "subscription": to, "body": body, "status": PENDING, "attempts": 0, "next_attempt_at": at,
            "created_at": at, "updated_at": at}])
        return message

    async def rows(self, tenant: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """The newest messages first, as outbox rows with the message opened (`message`)."""
        box = await mail_box(self.store)
        rows = await self.store.outbox_list(self.namespace, tenant=tenant, deliveries=True, limit=limit)
        return [{**row, "message": open_message(box, row)} for row in rows]

    async def sent(self, tenant: str, now: float | None = None) -> list[dict[str, Any]]:
        """The messages queued for `tenant` (whatever their status), oldest first."""
        return [row["message"] for row in reversed(await self.rows(tenant, limit=1000))]


def open_message(box: SecretBox, row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(box.open(row["body"], row["id"]))

"""The mail outbox: messages a surface sends (Alva's delivery email), kept in the store.

specloom does not talk SMTP: a message is a runtime record (namespace `mail:<surface>`, grouped
by tenant, oldest first) that a deployment's mailer — or a test — reads with `sent()`. Every
process on the store shares the outbox.
"""

from __future__ import annotations

import copy
import secrets
import time
from typing import Any

from specloom.backends.base import Store
from specloom.runtime.clock import now_iso

RETENTION_SECONDS = 30 * 86400


class Outbox:
    def __init__(self, store: Store, surface: str):
        self.store = store
        self.namespace = f"mail:{surface}"

    async def send(self, tenant: str, *, to: str, template: str, record: dict[str, Any] | None = None,
                   now: float | None = None) -> dict[str, Any]:
        message = {"id": "msg_" + secrets.token_hex(10), "tenant": tenant, "to": to, "template": template,
                   "record": copy.deepcopy(record), "created_at": now_iso()}
        expires = (now if now is not None else time.time()) + RETENTION_SECONDS
        await self.store.kv_put(self.namespace, message["id"], message, group=tenant, expires_at=expires)
        return message

    async def sent(self, tenant: str, now: float | None = None) -> list[dict[str, Any]]:
        return await self.store.kv_list(self.namespace, tenant, now if now is not None else time.time())

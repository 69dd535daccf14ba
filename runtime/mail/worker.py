"""The worker that sends a surface's mail outbox (runtime/services/mail.py).

The app runs one `MailWorker` per served surface in the background of its event loop (like the
webhook dispatcher): every `mail_poll_seconds` it claims due messages (`Store.outbox_claim`
under `mail:<surface>`: a message goes to one process, however many share the store), sends
each through its transport and settles it: `delivered`; `pending` again after a backoff
(5 s doubling up to an hour, or SPECLOOM_MAIL_BACKOFF_SECONDS doubling) while the server is
down or answers 4xx, up to MAX_ATTEMPTS; `failed` when the server refused it for good (5xx) or
the attempts ran out. A process killed while sending leaves its claim to run out (the lease),
after which another process sends the message: delivery is at least once, and the Message-ID
(the outbox id) lets a receiver spot the rare resend.

Without SPECLOOM_SMTP_URL the transport is the log (development mode), said once at start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Callable

from specloom.backends.base import StoreError
from specloom.runtime.security.sealed_secrets import SealedSecretError
from specloom.runtime.services.background import cancel_and_wait, poll_loop
from specloom.runtime.services.mail import DELIVERED, ERASED, FAILED, PENDING, mail_box, namespace, open_message
from specloom.runtime.surface_runtime import SurfaceRuntime

from .smtp_url import parse_smtp_url
from .transports import LogTransport, SendFailed, SmtpTransport, Transport, Undeliverable, build_email

log = logging.getLogger("specloom.mail")

BATCH = 20
MAX_ATTEMPTS = 15
FIRST_BACKOFF, MAX_BACKOFF = 5.0, 3600.0
RETENTION_SECONDS = 30 * 86400  # finished messages kept this long for `specloom mail list`
PURGE_EVERY = 600
DEFAULT_SENDER = "specloom@localhost"


def transport_for(smtp_url: str | None) -> Transport:
    """The transport a deployment configured; raises SmtpUrlError for an unusable URL."""
    return SmtpTransport(parse_smtp_url(smtp_url)) if smtp_url else LogTransport()


class MailWorker:
    """Sends the mail outbox of one served surface in the background."""

    def __init__(self, runtime: SurfaceRuntime, clock: Callable[[], float] = time.time):
        self.runtime = runtime
        self.clock = clock
        self.namespace = namespace(runtime.surface.name)
        self.transport = transport_for(runtime.settings.smtp_url)
        self._task: asyncio.Task | None = None
        self._purged_at = float("-inf")

    @property
    def store(self):
        return self.runtime.store

    @property
    def sender(self) -> str:
        mail = self.runtime.surface.mail
        return self.runtime.settings.mail_from or (mail.sender if mail and mail.sender else DEFAULT_SENDER)

    def start(self) -> None:
        if not self.runtime.settings.mail_delivery or self._task is not None:
            return
        if isinstance(self.transport, LogTransport):
            log.warning("%s: SPECLOOM_SMTP_URL is not set: development mode, e-mail is printed to the log "
                        "and not sent", self.runtime.surface.name)
        else:
            log.info("%s: e-mail is sent through %s", self.runtime.surface.name,
                     self.transport.config.describe())  # type: ignore[attr-defined]
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="mail delivery")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait([task])

    async def _loop(self) -> None:
        await poll_loop(self.run_once, poll=self.runtime.settings.mail_poll_seconds, what="mail delivery",
                        logger=log)

    def _lease(self) -> float:
        timeout = getattr(getattr(self.transport, "config", None), "timeout", 30.0)
        return 6 * timeout + 10  # connect, TLS, AUTH, MAIL, RCPT, DATA: each may take the timeout

    async def run_once(self) -> int:
        """Send the due messages, up to BATCH; how many were claimed. Each is claimed just
        before it is sent, so a lease covers one SMTP conversation, never a queue of them."""
        await self.runtime.ensure_ready()
        await self._purge(self.clock())
        handled = 0
        while handled < BATCH:
            now = self.clock()
            rows = await self.store.outbox_claim(self.namespace, now, now + self._lease(), 1)
            if not rows:
                break
            await self._handle(rows[0])
            handled += 1
        return handled

    async def _purge(self, now: float) -> None:
        if now - self._purged_at < PURGE_EVERY:
            return
        self._purged_at = now
        gone = await self.store.outbox_purge(self.namespace, now - RETENTION_SECONDS)
        if gone:
            log.info("purged %d sent or failed message(s) older than the retention", gone)

    async def _handle(self, row: dict[str, Any]) -> None:
        try:
            box = await mail_box(self.store)
            try:
                message = open_message(box, row)
            except (SealedSecretError, ValueError):
                return await self._finish(row, "unreadable: the message does not open (SPECLOOM_PEPPER changed?)",
                                          retry=False)
            try:
                await self.transport.send(build_email(message, self.sender))
            except Undeliverable as exc:
                return await self._finish(row, str(exc), retry=False)
            except SendFailed as exc:
                return await self._finish(row, str(exc), retry=True)
            body = None
            if message.get("sensitive"):  # a one-time code: nothing left to read once it went out
                body = box.seal(json.dumps({**message, "text": ERASED}), row["id"])
            await self._finish(row, None, retry=False, body=body)
        except asyncio.CancelledError:
            raise
        except StoreError as exc:  # the lease runs out and the message is tried again
            log.warning("message %s could not be settled: %s: %s", row.get("id"), type(exc).__name__, exc)
        except Exception:  # noqa: BLE001 - the lease runs out and the message is tried again
            log.exception("message %s could not be handled", row.get("id"))

    def backoff(self, attempts: int) -> float:
        first = self.runtime.settings.mail_backoff_seconds or FIRST_BACKOFF
        return min(first * 2 ** (attempts - 1), MAX_BACKOFF)

    async def _finish(self, row: dict[str, Any], error: str | None, *, retry: bool, body: str | None = None) -> None:
        now = self.clock()
        attempts = int(row["attempts"]) + 1
        changes: dict[str, Any] = {"attempts": attempts, "last_error": error}
        if error is None:
            changes.update(status=DELIVERED, delivered_at=now)
            if body is not None:
                changes["body"] = body
        elif retry and attempts < MAX_ATTEMPTS:
            changes.update(status=PENDING, next_attempt_at=now + self.backoff(attempts))
            log.warning("message %s to %s not sent (attempt %d, next in %.0f s): %s", row["id"],
                        row["subscription"], attempts, self.backoff(attempts), error)
        else:
            changes.update(status=FAILED)
            log.error("message %s to %s failed: %s", row["id"], row["subscription"], error)
        await self.store.outbox_settle(row["id"], row["claim"], changes, now)

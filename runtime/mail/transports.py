"""How a message leaves: `SmtpTransport` (aiosmtplib, configured by SPECLOOM_SMTP_URL) or, in
development without an SMTP server, `LogTransport`, which prints each message to the log.

`send` raises `Undeliverable` when the server refused the message for good (a 5xx answer to its
sender, recipient or data: retrying would not help), `SendFailed` for anything worth retrying (the
server is down, answered 4xx, timed out, refused the credentials or TLS)."""

from __future__ import annotations

import logging
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol

import aiosmtplib
from aiosmtplib import errors as smtp_errors

from .smtp_url import SmtpConfig

log = logging.getLogger("specloom.mail")


class SendFailed(Exception):
    """The message was not sent now; it may be later."""


class Undeliverable(SendFailed):
    """The server refused the message for good."""


def build_email(message: dict[str, Any], sender: str) -> EmailMessage:
    """The RFC 5322 message for an outbox message. Its Message-ID is derived from the outbox id,
    so a receiver can tell a resend after a crash (at-least-once delivery) from a new message."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message["to"]
    email["Subject"] = message["subject"]
    email["Date"] = formatdate(localtime=False, usegmt=True)
    domain = sender.rpartition("@")[2] or "specloom.invalid"
    email["Message-ID"] = f"<{message['id']}@{domain}>" if message.get("id") else make_msgid(domain=domain)
    email.set_content(message["text"])
    return email


class Transport(Protocol):
    name: str

    async def send(self, email: EmailMessage) -> None: ...


class LogTransport:
    """Development mode: the message is written to the log, not sent."""

    name = "log"

    async def send(self, email: EmailMessage) -> None:
        log.info("mail (development mode, not sent) to %s: %s\n%s", email["To"], email["Subject"],
                 email.get_content().rstrip())


class SmtpTransport:
    name = "smtp"

    def __init__(self, config: SmtpConfig):
        self.config = config
        self._tls: ssl.SSLContext | None = None
        if config.security != "none":
            self._tls = ssl.create_default_context(cafile=config.ca_file)

    async def send(self, email: EmailMessage) -> None:
        c = self.config
        try:
            await aiosmtplib.send(
                email, hostname=c.host, port=c.port, username=c.username, password=c.password,
                use_tls=c.security == "tls",
                start_tls={"starttls": True, "auto": None, "none": False, "tls": False}[c.security],
                tls_context=self._tls, timeout=c.timeout)
        except (smtp_errors.SMTPSenderRefused, smtp_errors.SMTPRecipientsRefused,
                smtp_errors.SMTPRecipientRefused, smtp_errors.SMTPDataError) as exc:
            code = getattr(exc, "code", None)
            if isinstance(exc, smtp_errors.SMTPRecipientsRefused):
                codes = [r.code for r in exc.recipients]
                code = min(codes) if codes else None
            text = f"smtp_refused: {_one_line(exc)}"
            if code is not None and 500 <= code < 600:
                raise Undeliverable(text) from None
            raise SendFailed(text) from None
        except smtp_errors.SMTPAuthenticationError as exc:
            raise SendFailed(f"smtp_auth: the server refused the credentials: {_one_line(exc)}") from None
        except (smtp_errors.SMTPException, OSError, TimeoutError) as exc:
            raise SendFailed(f"smtp_unavailable: {type(exc).__name__}: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:400]

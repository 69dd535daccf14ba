"""`SPECLOOM_SMTP_URL`: where and how e-mail is sent.

    smtp://user:pass@host:587     STARTTLS (required when the URL carries credentials, else used
                                  when the server offers it), then AUTH with user and password
    smtps://user:pass@host:465    TLS from the first byte (implicit TLS), then AUTH
    smtp://host:25?starttls=off   plain SMTP, no TLS (only without credentials: a password is
                                  never sent in clear)

Query options: `starttls=require|auto|off` (smtp:// only), `ca_file=/path/ca.pem` (trust this
CA instead of the system's), `timeout=<seconds>` (default 30). User and password are
percent-decoded, so `p%40ss` is `p@ss`.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

import attrs

Security = Literal["tls", "starttls", "auto", "none"]


class SmtpUrlError(ValueError):
    """An SMTP URL that cannot be used; the message says why (never the password)."""


@attrs.frozen
class SmtpConfig:
    host: str
    port: int
    security: Security
    username: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    ca_file: str | None = None
    timeout: float = 30.0

    def describe(self) -> str:
        """The URL without its password, for logs."""
        user = f"{self.username}@" if self.username else ""
        return f"{'smtps' if self.security == 'tls' else 'smtp'}://{user}{self.host}:{self.port} ({self.security})"


def parse_smtp_url(url: str) -> SmtpConfig:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise SmtpUrlError(f"SPECLOOM_SMTP_URL is not a URL: {exc}") from None
    if parts.scheme not in ("smtp", "smtps"):
        raise SmtpUrlError("SPECLOOM_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise SmtpUrlError("SPECLOOM_SMTP_URL names no host")
    options = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = set(options) - {"starttls", "ca_file", "timeout"}
    if unknown:
        raise SmtpUrlError(f"SPECLOOM_SMTP_URL has unknown option(s): {', '.join(sorted(unknown))}")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if parts.scheme == "smtps":
        if "starttls" in options:
            raise SmtpUrlError("SPECLOOM_SMTP_URL: starttls= applies to smtp://, smtps:// is TLS from the start")
        security: Security = "tls"
    else:
        mode = options.get("starttls", "require" if username else "auto")
        if mode not in ("require", "auto", "off"):
            raise SmtpUrlError("SPECLOOM_SMTP_URL: starttls must be require, auto or off")
        if username and mode != "require":
            raise SmtpUrlError("SPECLOOM_SMTP_URL: a URL with credentials needs TLS (smtps:// or starttls=require)")
        security = {"require": "starttls", "auto": "auto", "off": "none"}[mode]  # type: ignore[assignment]
    timeout = 30.0
    if "timeout" in options:
        raw = options["timeout"]
        try:
            timeout = float(raw) if raw.isascii() else float("nan")
        except ValueError:
            timeout = float("nan")
        if not 0 < timeout <= 600:
            raise SmtpUrlError("SPECLOOM_SMTP_URL: timeout must be a number of seconds in (0, 600]")
    return SmtpConfig(host=parts.hostname, port=port or (465 if security == "tls" else 587), security=security,
                      username=username, password=password, ca_file=options.get("ca_file") or None, timeout=timeout)

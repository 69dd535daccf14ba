"""Settings, from arguments first, then the environment, then defaults."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

import attrs

STATE_DIR = ".specloom"


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() not in ("0", "false", "no", "off", "")


def _number(name: str, kind: type) -> int | float:
    raw = os.environ[name].strip()
    try:
        if not raw.isascii():  # int() and float() would take any Unicode digit
            raise ValueError(raw)
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a {'whole ' if kind is int else ''}number, got {raw!r}") from None
    if not value > 0 or value == float("inf"):  # nan and inf, which float() takes, are no limit
        raise ValueError(f"{name} must be above 0, got {raw!r}")
    return value


def _count(name: str, default: int) -> int:
    """A whole number from SPECLOOM_<name>, 0 allowed (0 switches the limit off)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(f"{name} must be a whole number (0: none), got {raw!r}")
    return int(raw)


# the limits read from SPECLOOM_<NAME> (e.g. SPECLOOM_MAX_HEADER_BYTES), with their kind
_LIMITS = {"max_json_depth": int, "max_header_bytes": int, "header_timeout_seconds": float,
           "body_timeout_seconds": float, "keep_alive_seconds": float, "max_connections": int,
           "idempotency_in_flight_seconds": float}


@attrs.frozen
class Settings:
    validate_responses: bool = True
    max_body_bytes: int | None = None  # None: the surface's own limit (default 1 MiB)
    rate_limits: bool = True
    # outgoing webhooks (runtime/webhooks/): the delivery worker runs, how often it polls
    # the outbox, an override of the spec's first retry delay (tests), and hosts a
    # subscription URL may name over plain http (tests, development: `127.0.0.1`, `localhost`)
    webhook_delivery: bool = True
    webhook_poll_seconds: float = 1.0
    webhook_backoff_seconds: float | None = None
    webhook_http_hosts: tuple[str, ...] = ()
    # finished outbox rows (delivered, failed) are kept this long for `specloom webhooks
    # deliveries`, then purged by the worker
    webhook_retention_seconds: float = 7 * 24 * 3600
    # an Idempotency-Key claim older than this is taken to be from a crashed process and may
    # be taken over by a retry (runtime/policies/idempotency.py)
    idempotency_in_flight_seconds: float = 60.0
    # request hardening: how deep a JSON body may nest (runtime/http/validation.py), and what
    # `serve`'s HTTP server allows one connection (runtime/http/connection_limits.py): the size
    # of a request head (431 above it), the time to send the head and then the body (408), the
    # idle time between requests on a kept-alive connection, and open connections at once (503)
    max_json_depth: int = 64
    max_header_bytes: int = 16 * 1024
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 30.0
    keep_alive_seconds: float = 5.0
    max_connections: int = 1000
    # per client IP, on operations callable without a credential of surfaces whose spec
    # declares no `publicRateLimits` (runtime/policies/rate_limit.py): requests a minute, and
    # failed attempts a minute (the operation's own 401 answers: wrong client secrets,
    # passwords, codes); 0 switches one off
    public_rate_limit: int = 60
    public_failure_limit: int = 10
    # e-mail (runtime/mail/): the SMTP server (None: development mode, messages go to the log),
    # the From address, whether the mail worker runs, its poll and first retry delay
    smtp_url: str | None = None
    mail_from: str | None = None
    mail_delivery: bool = True
    mail_poll_seconds: float = 1.0
    mail_backoff_seconds: float | None = None
    # the time rate-limit windows are counted by (tests pin it so a window never rolls over)
    clock: Callable[[], float] = time.time

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {
            "validate_responses": _flag("SPECLOOM_VALIDATE_RESPONSES", True),
            "rate_limits": _flag("SPECLOOM_RATE_LIMITS", True),
            "max_body_bytes": int(os.environ["SPECLOOM_MAX_BODY_BYTES"]) if os.environ.get("SPECLOOM_MAX_BODY_BYTES") else None,
            "webhook_delivery": _flag("SPECLOOM_WEBHOOK_DELIVERY", True),
            "webhook_poll_seconds": float(os.environ.get("SPECLOOM_WEBHOOK_POLL_SECONDS") or 1.0),
            "webhook_backoff_seconds": float(os.environ["SPECLOOM_WEBHOOK_BACKOFF_SECONDS"])
            if os.environ.get("SPECLOOM_WEBHOOK_BACKOFF_SECONDS") else None,
            "webhook_retention_seconds": float(os.environ.get("SPECLOOM_WEBHOOK_RETENTION_SECONDS")
                                               or 7 * 24 * 3600),
            "webhook_http_hosts": tuple(h.strip() for h in os.environ.get("SPECLOOM_WEBHOOK_HTTP_HOSTS", "").split(",")
                                        if h.strip()),
            "public_rate_limit": _count("SPECLOOM_PUBLIC_RATE_LIMIT", 60),
            "public_failure_limit": _count("SPECLOOM_PUBLIC_FAILURE_LIMIT", 10),
            "smtp_url": os.environ.get("SPECLOOM_SMTP_URL", "").strip() or None,
            "mail_from": os.environ.get("SPECLOOM_MAIL_FROM", "").strip() or None,
            "mail_delivery": _flag("SPECLOOM_MAIL_DELIVERY", True),
            "mail_poll_seconds": _number("SPECLOOM_MAIL_POLL_SECONDS", float)
            if os.environ.get("SPECLOOM_MAIL_POLL_SECONDS") else 1.0,
            "mail_backoff_seconds": _number("SPECLOOM_MAIL_BACKOFF_SECONDS", float)
            if os.environ.get("SPECLOOM_MAIL_BACKOFF_SECONDS") else None,
        }
        values.update({name: _number(f"SPECLOOM_{name.upper()}", kind) for name, kind in _LIMITS.items()
                       if os.environ.get(f"SPECLOOM_{name.upper()}")})
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def state_dir() -> Path:
    return Path(os.environ.get("SPECLOOM_STATE_DIR", STATE_DIR))


def default_backend_url(surface: str) -> str:
    configured = os.environ.get("SPECLOOM_BACKEND")
    if configured:
        return configured
    return f"sqlite:///{state_dir() / (surface + '.db')}"

"""Settings, from arguments first, then the environment, then defaults."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

STATE_DIR = ".specloom"


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() not in ("0", "false", "no", "off", "")


@attrs.frozen
class Settings:
    validate_responses: bool = True
    max_body_bytes: int | None = None  # None: the surface's own limit (default 1 MiB)
    rate_limits: bool = True

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values = {
            "validate_responses": _flag("SPECLOOM_VALIDATE_RESPONSES", True),
            "rate_limits": _flag("SPECLOOM_RATE_LIMITS", True),
            "max_body_bytes": int(os.environ["SPECLOOM_MAX_BODY_BYTES"]) if os.environ.get("SPECLOOM_MAX_BODY_BYTES") else None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def state_dir() -> Path:
    return Path(os.environ.get("SPECLOOM_STATE_DIR", STATE_DIR))


def default_backend_url(surface: str) -> str:
    configured = os.environ.get("SPECLOOM_BACKEND")
    if configured:
        return configured
    return f"sqlite:///{state_dir() / (surface + '.db')}"

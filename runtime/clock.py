"""The time as records carry it: UTC, ISO 8601 with milliseconds and a `Z`
(`2026-11-30T06:00:00.000Z`), for every timestamp the runtime writes."""

from __future__ import annotations

from datetime import datetime, timezone


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

"""What a fuzz run was asked to do."""

from __future__ import annotations

from pathlib import Path

import attrs

DEFAULT_MAX_EXAMPLES = 50


@attrs.frozen
class FuzzOptions:
    surface: str
    backend: str | None = None  # in process: a fresh store at this URL (default: a throwaway SQLite file)
    url: str | None = None  # a running deployment instead of the app in process
    tokens: tuple[str, ...] = ()  # with --url: the credentials, first tenant first
    tenants: tuple[str, ...] = ()  # with --url: the tenant of each token, same order
    max_examples: int = DEFAULT_MAX_EXAMPLES
    seed: int | None = None
    operations: tuple[str, ...] = ()  # operationIds; empty: all
    junit: Path | None = None
    stateful: bool = True

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
    rate: str | None = None  # at most this many requests: 10/s, 600/m (like Schemathesis' --rate-limit)
    max_time: float | None = None  # seconds for the whole run: no phase starts and no wait runs past it
    checks: tuple[str, ...] = ()  # only these checks (empty: all); like Schemathesis' --checks
    exclude_checks: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()  # only these phases (empty: all): examples, coverage, fuzzing, stateful, probes
    cassette: Path | None = None  # every request and response, as a Schemathesis VCR cassette

    def runs(self, phase: str) -> bool:
        if phase == "stateful" and not self.stateful:
            return False
        return not self.phases or phase in self.phases

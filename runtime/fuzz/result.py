"""The outcome of a fuzz run, as the report and the CLI see it."""

from __future__ import annotations

import attrs

from .tally import Finding, OperationTally, PhaseTally


@attrs.frozen
class FuzzResult:
    surface: str
    target: str
    seed: int
    max_examples: int
    stateful: bool
    tenants: tuple[str | None, ...]
    operations: tuple[OperationTally, ...]
    phases: tuple[PhaseTally, ...]
    findings: tuple[Finding, ...]
    requests: int  # the cases Schemathesis sent
    extra_requests: int  # what specloom's checks and probes sent on top
    seconds: float  # the engine's run time
    fingerprint: str = ""  # of the generated cases: the same seed gives the same fingerprint
    notes: tuple[str, ...] = ()
    reproduce_hint: str | None = None
    not_reached: tuple[tuple[str, str], ...] = ()  # (operation, why no case got a 2xx)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    @property
    def cases_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def findings_for(self, label: str) -> list[Finding]:
        return [f for f in self.findings if f.operation == label]

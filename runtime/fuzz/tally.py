"""Per-operation counts and de-duplicated failures, from the Schemathesis engine's events.

A case *reached the handler* when it got past authentication: any 2xx, or a 4xx other than
401, 403, 429 (rate limited) and a 404 caused by naming another tenant in the path. An operation that no case
reached is a failure of the fuzzer itself: its findings would say nothing about the handler. An operation
no case got a 2xx from is listed as "not reached", with the reason (rate limited, refused, records
that do not exist, out of time).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Callable, Iterable

import attrs

from specloom.generator.ir import Operation, Surface

from .checks import label as op_label

NOT_REACHED = (401, 403, 429)
# values a server mints and Schemathesis feeds back into cases: record ids, timestamps
_MINTED = re.compile(r"\b[A-Za-z]+_[a-z0-9]{20}\b|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


@attrs.define
class OperationTally:
    operation_id: str
    label: str
    method: str
    cases: int = 0
    reached: int = 0
    statuses: Counter = attrs.field(factory=Counter)
    seconds: float = 0.0

    def count(self, status: int) -> int:
        return sum(n for s, n in self.statuses.items() if s // 100 == status // 100)

    @property
    def name(self) -> str:
        return f"{self.operation_id} ({self.label})"


@attrs.define
class Finding:
    operation: str  # operation label, or "run" for the run as a whole
    check: str
    title: str
    message: str
    reproduction: list[str]  # curl commands, oldest first
    phase: str
    occurrences: int = 1


@attrs.define
class PhaseTally:
    name: str
    requests: int = 0
    failures: int = 0
    scenarios: int = 0
    started: float = 0.0
    seconds: float = 0.0
    skipped: str | None = None


class Tally:
    def __init__(self, surface: Surface, operations: Iterable[Operation], tenant: str | None,
                 explain: Callable[[str | None], str | None] | None = None):
        self.explain = explain  # request id -> what the server logged about it
        self.tenant_parameter = surface.tenant_parameter
        self.tenant = tenant
        self.operations = {op_label(op.method, op.path): OperationTally(op.operation_id, op_label(op.method, op.path),
                                                                          op.method.upper())
                           for op in operations}
        self.findings: dict[tuple[str, str, str], Finding] = {}
        self.phases: dict[str, PhaseTally] = {}
        self.requests = 0
        self._digest = hashlib.sha256()

    @property
    def fingerprint(self) -> str:
        """A digest of the generated cases, in order, with the values the server minted (ids,
        timestamps, which Schemathesis reuses from responses) left out: equal for two runs with
        the same seed on a fresh store."""
        return self._digest.hexdigest()[:12]

    # -- engine events ----------------------------------------------------------------------
    def phase(self, name: str) -> PhaseTally:
        return self.phases.setdefault(name, PhaseTally(name))

    def scenario(self, phase: str, recorder, elapsed: float) -> None:
        stats = self.phase(phase)
        stats.scenarios += 1
        for node in recorder.cases.values():
            case = node.value
            body = None if type(case.body).__name__ == "NotSet" else case.body
            text = json.dumps([phase, case.method, case.path, case.query, body], sort_keys=True, default=repr)
            self._digest.update(_MINTED.sub("?", text).encode("utf-8", "replace") + b"\n")
        for case_id, interaction in recorder.interactions.items():
            node = recorder.cases.get(case_id)
            if node is None or interaction.response is None:
                continue
            self._count(node.value, interaction.response.status_code)
            stats.requests += 1
        if phase != "stateful" and recorder.label in self.operations:
            self.operations[recorder.label].seconds += elapsed
        for case_id, checks in recorder.checks.items():
            node = recorder.cases.get(case_id)
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                failure = info.failure
                operation = failure.operation or (node.value.operation.label if node else recorder.label)
                steps = [step.curl for step in info.steps] or [info.code_sample]
                message = failure.message + self._server_error(recorder.interactions.get(case_id))
                if self.add(Finding(operation, check.name, failure.title, message, steps, phase)):
                    stats.failures += 1

    def _server_error(self, interaction) -> str:
        """For a 5xx: the response, and what the server logged about it when known."""
        response = interaction.response if interaction is not None else None
        if response is None or response.status_code < 500:
            return ""
        body = response.content.decode("utf-8", errors="replace")
        text = f"\nResponse: {response.status_code} {body[:300]}"
        request_id = next(iter(response.headers.get("x-request-id", [])), None)
        logged = self.explain(request_id) if self.explain is not None else None
        return text + (f"\nServer log: {logged}" if logged else "")

    def error(self, phase: str, label: str, title: str, message: str, code_sample: str | None) -> None:
        if self.add(Finding(label if label in self.operations else "run", "error", title, message,
                            [code_sample] if code_sample else [], phase)):
            self.phase(phase).failures += 1

    def _count(self, case, status: int) -> None:
        tally = self.operations.get(case.operation.label)
        if tally is None:
            return
        self.requests += 1
        tally.cases += 1
        tally.statuses[status] += 1
        if case.method.upper() != tally.method:
            return  # a probe with another method (405/Allow checks): not this operation's handler
        path_parameters = case.path_parameters or {}
        other_tenant = (self.tenant_parameter in path_parameters and status == 404  # a route without it: a 404 is
                        and path_parameters.get(self.tenant_parameter) != self.tenant)  # the handler's own
        if 200 <= status < 300 or (400 <= status < 500 and status not in NOT_REACHED and not other_tenant):
            tally.reached += 1

    # -- findings ---------------------------------------------------------------------------
    def add(self, finding: Finding) -> bool:
        """Record a finding; False when it repeats one already recorded (the shortest
        reproduction is kept)."""
        key = (finding.operation, finding.check, finding.title)
        known = self.findings.get(key)
        if known is None:
            self.findings[key] = finding
            return True
        known.occurrences += 1
        if sum(map(len, finding.reproduction)) < sum(map(len, known.reproduction)):
            known.message, known.reproduction, known.phase = finding.message, finding.reproduction, finding.phase
        return False

    def unreached(self, *, out_of_time: bool = False) -> list[tuple[str, str]]:
        """(operation, reason) of every operation no case got a 2xx from: "not reached", said
        with the reason instead of passing silently. One that no case got past authentication
        with (only 401/403) is also a failure: the run's credential, not the API, is wrong. One
        that was only rate limited (429) is not: the deployment's limits held the run back."""
        found = []
        for tally in self.operations.values():
            if tally.count(200):
                continue
            seen = ", ".join(f"{n}× {s}" for s, n in sorted(tally.statuses.items())) or "no responses"
            statuses = set(tally.statuses)
            if not tally.cases:
                reason = "no case was sent" + (" (--max-time ran out)" if out_of_time else " (its phases were not run)")
            elif 429 in statuses:
                reason = (f"rate limited ({seen}): the deployment's limit outlasted the run's waits"
                          + (" and --max-time" if out_of_time else "") + "; try a lower --rate or a longer --max-time")
            elif statuses <= set(NOT_REACHED):
                reason = f"refused before the handler ({seen}): check the credential and its scopes"
            elif tally.count(400) and statuses <= {404} | set(NOT_REACHED):
                reason = f"every case named a record that does not exist ({seen}): no link or example gave it a real id"
            else:
                reason = f"no 2xx ({seen})"
            found.append((tally.name, reason))
            if tally.reached or 429 in statuses or not tally.cases:
                continue
            self.add(Finding(
                tally.label, "reached_handler", "No case reached the handler",
                f"{tally.cases} case(s), none past authentication ({seen}). The fuzzer proved nothing about "
                "this operation: check its security requirement and the credential the run used.",
                [], "run"))
        return found

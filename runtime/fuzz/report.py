"""What a person (or CI) sees: live progress while the engine runs, then the per-operation
table, the failures with a reproduction each, the seed; and, on request, JUnit XML."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .result import FuzzResult
from .tally import PhaseTally

UNIT_PHASES = ("examples", "coverage", "fuzzing")
PHASE_TITLES = {"examples": "examples", "coverage": "coverage", "fuzzing": "fuzzing", "stateful": "stateful (links)",
                "probes": "specloom probes"}


class LiveProgress:
    """A progress bar per phase on stderr (only on a terminal), and one line per finished phase."""

    def __init__(self, console: Console, operations: int):
        self.console = console
        self.operations = operations
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[requests]} requests"),
                                 TextColumn("{task.fields[failures]} failures"), TimeElapsedColumn(),
                                 console=console, transient=True)
        self.task = None

    def __enter__(self) -> "LiveProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def phase_started(self, name: str) -> None:
        if name not in PHASE_TITLES:
            return
        total = self.operations if name in UNIT_PHASES else None
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(PHASE_TITLES[name], total=total, requests=0, failures=0)

    def scenario_finished(self, label: str, phase: PhaseTally) -> None:
        if self.task is not None:
            advance = 1 if phase.name in UNIT_PHASES else 0
            self.progress.update(self.task, advance=advance, requests=phase.requests, failures=phase.failures,
                                 description=f"{PHASE_TITLES.get(phase.name, phase.name)}: {escape(label)}")

    def phase_finished(self, phase: PhaseTally) -> None:
        if phase.name not in PHASE_TITLES:
            return
        if self.task is not None:
            self.progress.remove_task(self.task)
            self.task = None
        self.line(phase)

    def line(self, phase: PhaseTally) -> None:
        if phase.skipped:
            self.console.print(f"  {PHASE_TITLES.get(phase.name, phase.name):<17} skipped ({phase.skipped})")
            return
        failures = f"[red]{phase.failures} failure(s)[/red]" if phase.failures else "0 failures"
        self.console.print(f"  {PHASE_TITLES.get(phase.name, phase.name):<17} {phase.requests:>6} requests  "
                           f"{failures}  {phase.seconds:.1f} s")


def print_header(console: Console, surface: str, target: str, tenants: tuple, seed: int, max_examples: int,
                 stateful: bool) -> None:
    who = ", ".join(f"{t} ({role})" for t, role in zip(tenants, ("fuzzed", "isolation checks")) if t)
    console.print(f"[bold]specloom fuzz {surface}[/bold]: {target}" + (f"; tenants {who}" if who else ""))
    console.print(f"seed {seed} · up to {max_examples} examples per operation and phase · "
                  f"stateful {'on' if stateful else 'off'}")


def print_report(result: FuzzResult, console: Console) -> None:
    table = Table(title=f"{result.surface}: per operation", title_justify="left")
    table.add_column("operation")
    for name in ("cases", "reached handler", "2xx", "4xx", "5xx", "failures"):
        table.add_column(name, justify="right")
    for op in result.operations:
        failures = len(result.findings_for(op.label))
        table.add_row(op.operation_id, str(op.cases),
                      str(op.reached) if op.reached else "[red]0[/red]", str(op.count(200)), str(op.count(400)),
                      f"[red]{op.count(500)}[/red]" if op.count(500) else "0",
                      f"[red]{failures}[/red]" if failures else "0")
    console.print(table)
    console.print(f"{result.requests} cases in {result.seconds:.1f} s: {result.cases_per_second:.0f} cases/s "
                  f"(+ {result.extra_requests} requests by specloom's checks and probes)")
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/dim]")
    if result.not_reached:
        console.print()
        console.print(f"[bold yellow]Not reached ({len(result.not_reached)})[/bold yellow]: no case got a 2xx, so "
                      "nothing is proven about their success path")
        for operation, reason in result.not_reached:
            console.print(f"  {escape(operation)}: {escape(reason)}")
    if result.findings:
        console.print()
        console.print(f"[bold red]Failures ({len(result.findings)})[/bold red]")
        for n, finding in enumerate(result.findings, 1):
            times = f", {finding.occurrences}×" if finding.occurrences > 1 else ""
            console.print(f"[bold]{n}. {escape(finding.operation)}[/bold] — [red]{escape(finding.title)}[/red] "
                          f"(check {finding.check}, {finding.phase}{times})")
            if finding.message:
                console.print(escape(textwrap.indent(finding.message.strip(), "   ")))
            if finding.reproduction:
                console.print("   reproduce:")
                for command in finding.reproduction:
                    console.print(escape(textwrap.indent(command, "     ")))
        if result.reproduce_hint:
            console.print(f"[dim]{escape(result.reproduce_hint)}[/dim]")
    console.print()
    verdict = "[green]passed[/green]" if result.ok else f"[red]failed: {len(result.findings)} failure(s)[/red]"
    console.print(f"{verdict} · seed {result.seed} (rerun the same cases with --seed {result.seed}; "
                  f"cases fingerprint {result.fingerprint})")


def write_junit(result: FuzzResult, path: Path) -> None:
    """One testcase per operation; each finding is a <failure>; run-wide findings get their own."""
    suite = ET.Element("testsuite", name=f"specloom fuzz {result.surface}", tests=str(len(result.operations)),
                       failures="0", errors="0", skipped="0", time=f"{result.seconds:.3f}")
    props = ET.SubElement(suite, "properties")
    for name, value in (("seed", result.seed), ("target", result.target), ("max_examples", result.max_examples),
                        ("stateful", result.stateful), ("cases", result.requests),
                        ("fingerprint", result.fingerprint)):
        ET.SubElement(props, "property", name=name, value=str(value))
    failed = skipped = 0
    unreached = dict(result.not_reached)
    labels = [op.label for op in result.operations]
    groups = [(op.name, op.label, op.seconds) for op in result.operations]
    if any(f.operation not in labels for f in result.findings):
        groups.append(("run", None, 0.0))
    for name, label, seconds in groups:
        case = ET.SubElement(suite, "testcase", classname=f"specloom.fuzz.{result.surface}", name=name,
                             time=f"{seconds:.3f}")
        findings = [f for f in result.findings if (f.operation == label if label else f.operation not in labels)]
        for finding in findings:
            text = finding.message.strip()
            if finding.reproduction:
                text += "\n\nReproduce:\n" + "\n".join(finding.reproduction)
            element = ET.SubElement(case, "failure", type=finding.check, message=_xml_safe(finding.title))
            element.text = _xml_safe(text)
        failed += bool(findings)
        reason = unreached.get(name)
        if reason and not findings:
            ET.SubElement(case, "skipped", message=_xml_safe(f"not reached: {reason}"))
            skipped += 1
    suite.set("tests", str(len(groups)))
    suite.set("failures", str(failed))
    suite.set("skipped", str(skipped))
    suites = ET.Element("testsuites", name="specloom fuzz", tests=str(len(groups)), failures=str(failed))
    suites.append(suite)
    ET.indent(suites)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def _xml_safe(text: str) -> str:
    """XML 1.0 has no way to carry most control characters: show them escaped instead."""
    return "".join(c if c in "\t\n\r" or 0x20 <= ord(c) < 0xD800 or 0xE000 <= ord(c) < 0xFFFE
                   or 0x10000 <= ord(c) <= 0x10FFFF else f"\\u{ord(c):04x}" for c in text)

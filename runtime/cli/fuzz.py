"""`specloom fuzz`: the command line of the contract fuzzer (`specloom.runtime.fuzz`), in process
on a fresh store or against a running deployment (`--url` with its `--token`s). Its exit status
is the run's: 0 clean, 1 a failure, 2 unusable input."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from specloom.runtime.fuzz import FuzzOptions, FuzzUsageError, run_fuzz

from .common import err, fail, out


def fuzz(
    surface: str = typer.Argument(...),
    backend: Optional[str] = typer.Option(
        None, "--backend", help="In process: a fresh store at this URL, with fresh tenants (default: a throwaway SQLite file)."),
    url: Optional[str] = typer.Option(None, "--url", help="Fuzz a running deployment at this base URL instead (needs --token)."),
    tokens: Optional[list[str]] = typer.Option(
        None, "--token", help="With --url: a key with all scopes; a second one (another tenant's) enables the isolation checks."),
    tenants: Optional[list[str]] = typer.Option(None, "--tenant", help="With --url: the tenant of each --token, in the same order."),
    max_examples: int = typer.Option(50, "--max-examples", help="Examples per operation and phase."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Reproduce a run: the same seed gives the same cases."),
    operations: Optional[list[str]] = typer.Option(None, "--operation", help="Only this operationId (repeatable)."),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Also write JUnit XML here (one testcase per operation)."),
    stateful: bool = typer.Option(True, "--stateful/--no-stateful", help="Also chain operations through the spec's links."),
    rate: Optional[str] = typer.Option(
        None, "--rate", help="At most this many requests: 10/s, 600/m, 5000/h (on top of the deployment's own "
                             "X-RateLimit-*/Retry-After, which --url runs always honour)."),
    max_time: Optional[float] = typer.Option(None, "--max-time", help="Seconds for the whole run; nothing starts "
                                                                      "or waits past it."),
    checks: Optional[str] = typer.Option(None, "--checks", "-c", help="Only these checks, comma-separated "
                                                                      "(Schemathesis' names and specloom_*; default all)."),
    exclude_checks: Optional[str] = typer.Option(None, "--exclude-checks", help="Skip these checks, comma-separated."),
    phases: Optional[str] = typer.Option(None, "--phases", help="Only these phases, comma-separated: examples, "
                                                                "coverage, fuzzing, stateful, probes (default all)."),
    cassette: Optional[Path] = typer.Option(None, "--cassette", help="Write every request and response here as a "
                                                                     "Schemathesis VCR cassette (secrets sanitised)."),
) -> None:
    """Fuzz a surface's contract with Schemathesis: in process on a fresh store, or a running one with --url."""
    options = FuzzOptions(surface=surface, backend=backend, url=url, tokens=tuple(tokens or ()),
                          tenants=tuple(tenants or ()), max_examples=max_examples, seed=seed,
                          operations=tuple(operations or ()), junit=junit, stateful=stateful, rate=rate,
                          max_time=max_time, checks=_names(checks), exclude_checks=_names(exclude_checks),
                          phases=_names(phases), cassette=cassette)
    try:
        result = run_fuzz(options, out=out, err=err)
    except FuzzUsageError as exc:
        raise fail(escape(str(exc))) from None
    raise typer.Exit(result.exit_code)


def _names(text: Optional[str]) -> tuple[str, ...]:
    return tuple(n.strip() for n in (text or "").split(",") if n.strip())

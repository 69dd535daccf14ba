"""`specloom fuzz`: prove a surface's contract with Schemathesis, in process or over HTTP.

    provisioning.py  credentials per security-scheme family, and how each is sent
    target.py        what is fuzzed: the app in process on a fresh store, or a running deployment
    checks.py        specloom's own Schemathesis checks (identical 401s, tenant isolation,
                     idempotent replay) and the opaque-cursor failure filter
    probes.py        post-run probes: 401 identity, cross-tenant lists, walking every page
    tally.py         per-operation counts and failures, from the engine's events
    runner.py        builds the Schemathesis config and schema, runs the engine, runs the probes
    throttle.py      over HTTP: --rate, X-RateLimit-* and Retry-After honoured, --max-time
    report.py        live progress, the summary table, reproductions, JUnit XML

Schemathesis is imported only when a run starts, so the rest of specloom does not pay for it.
"""

from __future__ import annotations

from .errors import FuzzUsageError
from .options import FuzzOptions

__all__ = ["FuzzOptions", "FuzzUsageError", "run_fuzz"]


def run_fuzz(options: FuzzOptions, **kwargs):
    """Run a fuzz session; see `runner.run`."""
    from .runner import run

    return run(options, **kwargs)

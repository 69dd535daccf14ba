"""The benchmark suite runs (smoke mode) so it cannot rot: every server answers every operation
over real HTTP without errors, and every scaling check prints a figure. Figures themselves are
not asserted here: timing goals live in the benchmarks, not in tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_the_benchmark_suite_runs_every_server_and_operation(tmp_path, pg_admin_url):
    results, tables = tmp_path / "results.json", tmp_path / "tables.md"
    run = subprocess.run([sys.executable, "-m", "benchmarks.suite", "--smoke", "--python-load",
                          "--postgres", pg_admin_url, "--json", str(results), "--markdown", str(tables)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    cells = json.loads(results.read_text())
    servers = {c["server"] for c in cells}
    assert {"specloom · SQLite · resp. validation on", "specloom · SQLite · resp. validation off",
            "specloom · PostgreSQL · resp. validation on", "specloom · PostgreSQL · resp. validation off",
            "FastAPI peer (hand-written) · SQLite", "stock Connexion 3.3 · SQLite · resp. validation off",
            "stock Connexion 3.3 · SQLite · resp. validation on", "bare Starlette (constant answer)"} == servers
    for cell in cells:
        assert cell["requests_per_second"] > 0, cell
        assert cell["errors"] == 0, cell  # every create unique, every key within its plan
        assert cell["cpu_us_per_request"] > 0, cell
    assert {c["operation"] for c in cells if c["server"].startswith("specloom")} == {
        "list 20 (keyset)", "get by id", "create (Idempotency-Key)"}
    text = tables.read_text()
    for check in ("keyset, the first page", "offset, page", "`specloom generate --all`", "cold start",
                  "resident memory", "SQLite read p99", "`specloom fuzz shopvo`"):
        assert check in text, check

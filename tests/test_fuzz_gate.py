"""The CI contract gate: every surface in specs/ is fuzzed on SQLite and on PostgreSQL with a
fixed budget and a fixed seed, and any finding fails the build."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from specloom.runtime.surfaces import list_surfaces
from tests.pg_server import fresh_database, postgres_admin_url
from tests.support import ROOT

pytestmark = pytest.mark.slow  # the fuzz gate: every surface fuzzed on both backends

SURFACES = list_surfaces(ROOT / "specs")
BUDGET = ["--max-examples", "10", "--seed", "1"]


def test_every_surface_is_gated():
    assert SURFACES == ["alva", "aly", "alza", "scalev", "shopvo"]


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory):
    """Where the gate's runs generate the surfaces' packages: this test process's own, shared by
    its runs (the repository's .specloom/ would be shared with parallel test processes)."""
    return tmp_path_factory.mktemp("fuzz-gate-state")


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("surface", SURFACES)
def test_fuzzing_finds_nothing(surface, backend, tmp_path, state_dir):
    args = [sys.executable, "-m", "specloom.runtime.cli", "fuzz", surface, *BUDGET,
            "--junit", str(tmp_path / "junit.xml")]
    drop = None
    if backend == "postgres":
        url, drop = fresh_database(postgres_admin_url())
        args += ["--backend", url]
    env = {k: v for k, v in os.environ.items() if k != "SPECLOOM_BACKEND"}
    env["SPECLOOM_STATE_DIR"] = str(state_dir)
    try:
        result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    finally:
        if drop is not None:
            drop()
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    assert "passed · seed 1" in report
    assert (tmp_path / "junit.xml").read_text().count("<failure") == 0

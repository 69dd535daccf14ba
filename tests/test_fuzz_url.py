"""`specloom fuzz --url` against a real, rate-limited `specloom serve` (rate limits on, as
deployed): the run keeps to the deployment's limits (X-RateLimit-*, Retry-After) and passes
without a failure blamed on a 429; `--operation` confines every phase (the server's access log
names no other operation); `--phases` and `--checks` select like Schemathesis'; operations no
case got a 2xx from are reported as "not reached" with the reason; the JUnit report and a
Schemathesis VCR cassette (secrets filtered) are written.

Scalev's business routes allow a key 100 requests per 10 s (`businessBurst`), so a run of a few
hundred cases meets the limit several times within a minute."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml

from tests.servers import SPECS, Server, issue_key

pytestmark = pytest.mark.slow  # a real serve process and whole fuzz runs over HTTP

OPERATIONS = ("listProducts", "createProduct", "getProduct")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    state = tmp_path_factory.mktemp("fuzz-url")
    backend = f"sqlite:///{state / 'scalev.db'}"
    key = issue_key("scalev", state, backend, "store_fuzz")
    server = Server("scalev", backend, state).start().wait_ready()
    yield server, key, state
    server.stop()


def fuzz(server: Server, key: str, *args: str, timeout: float = 280) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(server.state_dir), "SPECLOOM_SPECS": str(SPECS["scalev"])})
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", "fuzz", "scalev", "--url", server.url,
                           "--token", key, "--tenant", "store_fuzz", *args],
                          capture_output=True, text=True, env=env, cwd=server.state_dir, timeout=timeout)


def operations_served(server: Server, since: int) -> set[str]:
    log = server.log.read_text(errors="replace")[since:]
    return {name for name in re.findall(r"\bop=([A-Za-z_-]+)", log) if name != "-"}


def test_a_clean_run_against_a_rate_limited_deployment_passes(deployment, tmp_path):
    server, key, _ = deployment
    since = len(server.log.read_text(errors="replace"))
    junit, cassette = tmp_path / "fuzz.xml", tmp_path / "fuzz.yaml"
    args = [f"--operation={op}" for op in OPERATIONS]
    r = fuzz(server, key, *args, "--max-examples", "20", "--seed", "7", "--max-time", "240",
             "--junit", str(junit), "--cassette", str(cassette))
    report = r.stdout
    print(report[-2500:])  # the run's summary, for the record
    assert r.returncode == 0, report[-4000:] + r.stderr[-2000:]
    assert "passed · seed 7" in report and "Failures" not in report
    throttle = re.search(r"throttle: (\d+) wait\(s\), ([\d.]+) s in all.*?(\d+) 429\(s\) waited out and sent again, "
                         r"(\d+) passed on", report)
    assert throttle, report[-3000:]
    assert int(throttle.group(1)) >= 1  # the deployment's limit was met, and kept to
    assert int(throttle.group(4)) == 0  # no 429 reached the checks

    # --operation confines every phase, the stateful one and the probes included
    assert operations_served(server, since) == set(OPERATIONS)

    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("failures") == "0" and len(suite.findall("testcase")) == len(OPERATIONS)
    recorded = yaml.safe_load(cassette.read_text())
    assert recorded["seed"] == 7 and len(recorded["http_interactions"]) > 10
    assert key not in cassette.read_text()  # the credential is filtered out of the cassette


def test_phases_checks_and_not_reached(deployment):
    server, key, _ = deployment
    since = len(server.log.read_text(errors="replace"))
    r = fuzz(server, key, "--operation", "getProduct", "--phases", "fuzzing,probes",
             "--checks", "not_a_server_error,status_code_conformance", "--max-examples", "3", "--seed", "3")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    lines = r.stderr + r.stdout
    assert re.search(r"^\s+fuzzing\s+\d+ requests", lines, re.M)
    for phase in ("examples", "coverage", "stateful"):
        assert not re.search(rf"^\s+{phase}\b.*requests", lines, re.M), lines
    # getProduct by an id that no case could know: reported, with the reason, not passed silently
    assert "Not reached (1)" in r.stdout
    assert re.search(r"getProduct \(GET /v3/products/\{product_id\}\): every case named a record that does not "
                     r"exist \(\d+× 404", r.stdout), r.stdout[-2000:]
    assert operations_served(server, since) == {"getProduct"}

    bad = fuzz(server, key, "--checks", "no_such_check", timeout=60)
    assert bad.returncode == 2 and "unknown check(s) no_such_check" in bad.stderr
    bad = fuzz(server, key, "--rate", "fast", timeout=60)
    assert bad.returncode == 2 and "--rate must look like 10/s" in bad.stderr

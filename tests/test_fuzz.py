"""`specloom fuzz`: Schemathesis against a surface, with specloom's own checks.

The real Shopvo surface passes; the `fuzz_notes` fixture, sound as written, is broken in
process (a handler that crashes, a body that breaks the schema, a tenant leak, a 401 that
varies, a pagination that repeats, a server that ignores idempotency keys) and each break is
caught with a reproduction. Budgets are small: each in-process run takes a second or two.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from specloom.runtime.config import Settings
from specloom.runtime.fuzz import FuzzOptions, FuzzUsageError, run_fuzz
from tests.servers import free_port
from tests.support import FIXTURES, ROOT

NOTES = "/teams/{teamId}/notes"
NOTE = "/teams/{teamId}/notes/{noteId}"


def specloom(*args, cwd, env=None, timeout=300):
    full_env = {**os.environ, "SPECLOOM_SPECS": str(ROOT / "specs"), "SPECLOOM_STATE_DIR": str(cwd / "state"),
                **(env or {})}
    full_env.pop("SPECLOOM_BACKEND", None)
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=full_env, timeout=timeout)


@pytest.fixture
def fixtures_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECLOOM_SPECS", str(FIXTURES))
    monkeypatch.setenv("SPECLOOM_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def fuzz(surface="fuzz_notes", *, settings=None, **options):
    """An in-process run with a small budget; returns the result and the printed report."""
    options = {"max_examples": 5, "seed": 1, "stateful": False, **options}
    text = io.StringIO()
    result = run_fuzz(FuzzOptions(surface, **options), settings=settings,
                      out=Console(file=text, width=200), err=Console(file=io.StringIO()))
    return result, text.getvalue()


def finding(result, operation, check):
    found = [f for f in result.findings if f.operation == operation and f.check == check]
    assert found, [(f.operation, f.check, f.title) for f in result.findings]
    return found[0]


# -- the real surface -----------------------------------------------------------------------

@pytest.mark.slow  # a whole fuzz run of a real surface
def test_shopvo_passes_with_junit(tmp_path):
    junit = tmp_path / "fuzz.xml"
    r = specloom("fuzz", "shopvo", "--max-examples", "5", "--seed", "7", "--junit", str(junit), cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "passed · seed 7" in r.stdout
    assert "stateful (links)" in r.stderr  # the state machine ran over the spec's links
    for op in ("listProducts", "createProduct", "getProduct", "updateProductVariant", "listBrands"):
        assert op in r.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    names = [c.get("name").split()[0] for c in suite.findall("testcase")]
    assert {"listProducts", "createProduct", "deleteProductVariant", "listBrands"} <= set(names)
    assert len(names) == len(set(names)) == int(suite.get("tests")) and suite.get("failures") == "0"
    assert not suite.findall(".//failure")
    assert {p.get("name"): p.get("value") for p in suite.find("properties")}["seed"] == "7"


# -- broken in process: each kind of bug is caught --------------------------------------------

def test_a_500_is_caught_with_a_reproduction_and_junit(fixtures_env, monkeypatch):
    from specloom.runtime.services.resources import TenantResources

    create = TenantResources.create

    async def crash_on_high_priority(self, name, body, **kwargs):
        if (body or {}).get("priority", 0) >= 7:
            raise RuntimeError("priority overflow")
        return await create(self, name, body, **kwargs)

    monkeypatch.setattr(TenantResources, "create", crash_on_high_priority)
    junit = fixtures_env / "out" / "fuzz.xml"
    result, text = fuzz(junit=junit)
    assert result.exit_code == 1
    found = finding(result, f"POST {NOTES}", "not_a_server_error")
    assert "Server log: RuntimeError: priority overflow" in found.message
    command = found.reproduction[-1]
    assert command.startswith("curl -X POST") and '"priority": ' in command
    assert json.loads(command.split("-d '")[1].split("'")[0])["priority"] >= 7
    assert 'Authorization: Bearer $KEY_A"' in command and "http://127.0.0.1:8000/teams/fuzz_tenant_a/notes" in command
    assert "check not_a_server_error" in text and "seed 1" in text
    # JUnit: one testcase per operation, the failure under the operation that failed
    suite = ET.parse(junit).getroot().find("testsuite")
    cases = {c.get("name").split()[0]: c for c in suite.findall("testcase")}
    assert set(cases) == {"listNotes", "createNote", "getNote", "deleteNote"}
    failures = cases["createNote"].findall("failure")
    assert {f.get("type") for f in failures} >= {"not_a_server_error"}
    assert "curl -X POST" in failures[0].text
    assert not cases["listNotes"].findall("failure")


def test_a_response_breaking_the_schema_is_caught(fixtures_env, monkeypatch):
    from specloom.runtime.services.resources import TenantResources

    lookup = TenantResources.lookup

    async def wrong_type(self, name, key, **kwargs):
        return {**await lookup(self, name, key, **kwargs), "priority": "high"}

    monkeypatch.setattr(TenantResources, "lookup", wrong_type)
    result, _ = fuzz(settings=Settings(validate_responses=False))
    found = finding(result, f"GET {NOTE}", "response_schema_conformance")
    assert '"high" is not of type "integer"' in found.message
    assert found.reproduction[-1].startswith("curl -X GET")


def test_a_tenant_leak_is_caught(fixtures_env, monkeypatch):
    from specloom.runtime.services.resources import TenantResources

    init = TenantResources.__init__
    first: dict[str, str] = {}

    def everyone_reads_the_first_tenant(self, surface, store, tenant, **options):
        init(self, surface, store, first.setdefault("tenant", tenant) if tenant else tenant, **options)

    monkeypatch.setattr(TenantResources, "__init__", everyone_reads_the_first_tenant)
    result, _ = fuzz()
    found = finding(result, f"GET {NOTE}", "specloom_tenant_isolation")
    assert "Tenant fuzz_tenant_b got 1 record(s) of tenant fuzz_tenant_a" in found.message
    assert 'Authorization: Bearer $KEY_B"' in found.message and "/teams/fuzz_tenant_b/notes/note_" in found.message
    assert any(f.check == "specloom_tenant_isolation" and f.operation == f"GET {NOTES}" for f in result.findings)


def test_an_operation_that_only_answers_401_is_a_failure_of_the_fuzzer(fixtures_env, monkeypatch):
    from specloom.runtime.security.credentials import ApiKeys

    async def nobody(self, token):
        return None

    monkeypatch.setattr(ApiKeys, "verify", nobody)
    result, text = fuzz()
    unreached = {f.operation for f in result.findings if f.check == "reached_handler"}
    assert unreached == {f"GET {NOTES}", f"POST {NOTES}", f"GET {NOTE}", f"DELETE {NOTE}"}
    assert all(op.reached == 0 and op.cases > 0 for op in result.operations)
    assert "No case reached the handler" in text


def test_401_bodies_that_differ_are_caught(fixtures_env, monkeypatch):
    from specloom.runtime.errors import Unauthorized
    from specloom.runtime.policies.auth import Authenticate

    count = iter(range(10**6))
    monkeypatch.setattr(Authenticate, "_unauthorized",
                        lambda self: Unauthorized(f"Unauthorized (attempt {next(count)})"))
    result, _ = fuzz()
    found = [f for f in result.findings if f.check == "specloom_identical_401s"]
    assert found and "differs from the first 401 of the run" in found[0].message


def test_pages_that_repeat_an_item_are_caught(fixtures_env, monkeypatch):
    from specloom.runtime.handler_api import RequestContext

    paging = RequestContext.paging

    def cursor_ignored(self, *, page=None, limit=None, cursor=None):
        return paging(self, page=page, limit=limit, cursor="" if cursor is not None else None)

    monkeypatch.setattr(RequestContext, "paging", cursor_ignored)
    result, _ = fuzz()
    found = finding(result, f"GET {NOTES}", "specloom_pagination")
    assert "repeats" in found.message and "cursor=" in found.reproduction[0]


def test_idempotent_replay_is_checked_when_an_operation_takes_an_idempotency_key(tmp_path, monkeypatch):
    """The fixture promises `Idempotency-Key` on create, and the runtime is not told to honour it:
    a replay with the same key creates a second note."""
    spec = (FIXTURES / "fuzz_notes" / "openapi.yaml").read_text()
    promised = spec.replace(
        "      x-specloom: { resource: notes, action: create }\n",
        "      x-specloom: { resource: notes, action: create }\n"
        "      parameters:\n"
        "        - { name: Idempotency-Key, in: header, schema: { type: string, minLength: 1, maxLength: 64 } }\n")
    assert promised != spec
    (tmp_path / "specs" / "fuzz_idempotent").mkdir(parents=True)
    (tmp_path / "specs" / "fuzz_idempotent" / "openapi.yaml").write_text(promised)
    monkeypatch.setenv("SPECLOOM_SPECS", str(tmp_path / "specs"))
    monkeypatch.setenv("SPECLOOM_STATE_DIR", str(tmp_path / "state"))
    result, _ = fuzz("fuzz_idempotent")
    found = finding(result, f"POST {NOTES}", "specloom_idempotent_replay")
    assert "Replaying the request with the same Idempotency-Key gave another answer" in found.message
    assert [f for f in result.findings if f.check != "specloom_idempotent_replay"] == []


@pytest.mark.slow  # two whole fuzz runs
def test_the_same_seed_gives_the_same_cases(fixtures_env):
    first, _ = fuzz(seed=11)
    again, _ = fuzz(seed=11)
    other, _ = fuzz(seed=12)
    assert first.ok and again.ok
    assert first.fingerprint == again.fingerprint != other.fingerprint
    assert first.requests == again.requests


def test_operations_can_be_selected(fixtures_env):
    result, _ = fuzz(operations=("listNotes", "createNote"))
    assert [op.operation_id for op in result.operations] == ["listNotes", "createNote"]
    assert result.ok, result.findings
    with pytest.raises(FuzzUsageError, match="unknown operation"):
        fuzz(operations=("nope",))


# -- usage errors: one line, exit 2 -------------------------------------------------------------

@pytest.mark.slow  # the CLI run as a real process, once per case
@pytest.mark.parametrize("args, message", [
    (["nope"], "unknown surface 'nope'"),
    (["shopvo", "--url", "http://127.0.0.1:1", "--token", "sk_live_x", "--tenant", "site_demo"], "cannot reach http://127.0.0.1:1"),
    (["shopvo", "--url", "http://127.0.0.1:1"], "--url needs --token"),
    (["shopvo", "--backend", "sqlite:////no/such/dir/x.db"], "cannot open"),
    (["broken"], "broken: the spec has 5 error(s)"),
    (["shopvo", "--operation", "nope"], "unknown operation(s) nope"),
])
def test_bad_usage_is_one_line_and_exit_2(tmp_path, args, message):
    r = specloom("fuzz", *args, cwd=tmp_path, env={"SPECLOOM_SPECS": str(FIXTURES if args[0] == "broken" else ROOT / "specs")})
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], r.stderr


# -- over HTTP, against `specloom serve` -----------------------------------------------------

@pytest.mark.slow  # a real serve process fuzzed over HTTP
def test_a_running_deployment_over_http(tmp_path):
    env = {"SPECLOOM_SPECS": str(FIXTURES), "SPECLOOM_RATE_LIMITS": "0"}
    db = f"sqlite:///{tmp_path / 'served.db'}"
    keys = []
    for tenant in ("team_one", "team_two"):
        r = specloom("keys", "create", "fuzz_notes", "--tenant", tenant, "--scopes", "admin:*", "--json",
                     "--backend", db, cwd=tmp_path, env=env)
        assert r.returncode == 0, r.stderr
        keys.append(json.loads(r.stdout)["token"])
    port = free_port()
    full_env = {**os.environ, "SPECLOOM_STATE_DIR": str(tmp_path / "state"), **env}
    server = subprocess.Popen([sys.executable, "-m", "specloom.runtime.cli", "serve", "fuzz_notes", "--port", str(port),
                               "--backend", db], cwd=tmp_path, env=full_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        r = specloom("fuzz", "fuzz_notes", "--url", f"http://127.0.0.1:{port}", "--token", keys[0], "--tenant",
                     "team_one", "--token", keys[1], "--tenant", "team_two", "--max-examples", "3", "--seed", "5",
                     cwd=tmp_path, env=env)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert f"over HTTP at http://127.0.0.1:{port}; tenants team_one (fuzzed), team_two (isolation checks)" in r.stdout
    assert keys[0] not in r.stdout + r.stderr and keys[1] not in r.stdout + r.stderr


# -- bugs the fuzzer found in the runtime --------------------------------------------------------

def test_a_cursor_with_non_ascii_characters_is_a_400_not_a_500(shopvo):
    r = shopvo.client.get("/api/v1/site_demo/products?cursor=%C3%A9.%C3%A9", headers=shopvo.auth())
    assert r.status_code == 400 and r.json() == {"error": "Invalid cursor"}


def test_a_405_allows_every_method_the_spec_declares_on_the_path(shopvo):
    h = shopvo.auth()
    r = shopvo.client.request("OPTIONS", "/api/v1/site_demo/products", headers=h)
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, POST"
    r = shopvo.client.put("/api/v1/site_demo/products/prd_1", headers=h)
    assert r.status_code == 405 and r.headers["allow"] == "DELETE, GET, HEAD, PATCH"
    r = shopvo.client.get("/api/v1/site_demo/products/prd_1/variants/var_1", headers=h)
    assert r.status_code == 405 and r.headers["allow"] == "DELETE, PATCH"


def test_each_security_alternative_is_probed_on_its_own(tmp_path, monkeypatch):
    """Scalev's storefront list takes a publishable key or a guest token; Schemathesis only
    ever sends the first, so a broken second alternative is found by the probe."""
    from specloom.runtime.auth.guest_tokens import GuestTokens

    monkeypatch.setenv("SPECLOOM_STATE_DIR", str(tmp_path / "state"))
    ops = ("listStorefrontProducts",)
    result, _ = fuzz("scalev", operations=ops, max_examples=2)
    assert not [f for f in result.findings if f.check == "specloom_security_alternatives"]

    async def refuse(self, token):
        return None

    monkeypatch.setattr(GuestTokens, "verify", refuse)
    result, text = fuzz("scalev", operations=ops, max_examples=2)
    found = finding(result, "GET /v3/stores/{store_id}/public/products", "specloom_security_alternatives")
    assert "guestToken" in found.message and "got 401" in found.message
    assert found.reproduction and "X-Scalev-Guest-Token" in found.reproduction[0]
    assert result.exit_code == 1

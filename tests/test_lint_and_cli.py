"""`specloom lint/generate/serve/keys` as users and scripts see them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.support import FIXTURES, ROOT


def specloom(*args, cwd, env=None):
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SPECLOOM_BACKEND", None)
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env=full_env, timeout=120)


@pytest.fixture
def workdir(tmp_path):
    """A project folder with the real shopvo spec and the broken fixture spec."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "shopvo", specs / "shopvo")
    shutil.copytree(FIXTURES / "broken", specs / "broken")
    return tmp_path


def test_list(workdir):
    r = specloom("list", cwd=workdir)
    assert r.returncode == 0
    assert "shopvo" in r.stdout and "broken" in r.stdout


def test_lint_reports_every_problem_with_file_line_and_pointer(workdir):
    r = specloom("lint", "broken", cwd=workdir)
    assert r.returncode == 2  # errors: exit 2, as generate and serve refuse the spec
    text = r.stdout  # problems and summary on one stream, in order
    spec = "specs/broken/openapi.yaml"
    assert f"{spec}:7:5: error: unknown placeholder $mesage" in text
    assert "unknown resource 'thingz'" in text and "#/paths/~1things/get/x-specloom/resource" in text
    assert "operationId listThings is also used" in text
    assert "#/paths/~1things/post/x-specloom/action" in text
    assert "filterable: 'colour' is not a property of Thing" in text
    assert "broken: 5 error(s)" in r.stdout


def test_lint_clean_spec(workdir):
    r = specloom("lint", "shopvo", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert "shopvo: 0 error(s), 0 warning(s)" in r.stdout


def test_lint_warns_at_schema_keywords_nothing_knows(workdir):
    spec = workdir / "specs" / "shopvo" / "openapi.yaml"
    text = spec.read_text()
    quoted = "description: 'The cart total when the session began, in cents.'"
    assert quoted in text
    spec.write_text(text.replace(quoted, "description: The cart total when the session began, in cents."))
    line, prop = next((n, l.split(":")[0].strip()) for n, l in enumerate(spec.read_text().splitlines(), 1)
                      if "description: The cart total when the session began, in cents." in l)
    r = specloom("lint", "shopvo", cwd=workdir)
    assert r.returncode == 0, r.stderr  # a warning, not an error: the document is valid OpenAPI 3.1
    assert "shopvo: 0 error(s), 1 warning(s)" in r.stdout
    assert f"specs/shopvo/openapi.yaml:{line}:" in r.stdout
    assert ": warning: unknown schema keyword 'in cents.'" in r.stdout
    assert f"#/components/schemas/CheckoutSession/properties/{prop}/in cents." in r.stdout
    assert specloom("lint", "shopvo", "--fail-on", "warning", cwd=workdir).returncode == 1


@pytest.mark.slow  # the CLI run as a real process, several times
def test_only_service_actions_that_work_on_no_resource_may_omit_it(workdir):
    spec = workdir / "specs" / "shopvo" / "openapi.yaml"
    text = spec.read_text()
    assert text.count("x-specloom: { resource: brands, action: list }") == 1
    spec.write_text(text.replace("x-specloom: { resource: brands, action: list }", "x-specloom: { action: list }"))
    r = specloom("lint", "shopvo", cwd=workdir)
    assert r.returncode == 2
    assert "action list works on a resource: name it in x-specloom.resource" in r.stdout
    assert "#/paths/~1api~1v1~1{siteId}~1brands/get/x-specloom" in r.stdout
    # the OAuth endpoints of Aly, Scalev and Alza name none, and lint is clean
    for surface in ("aly", "scalev", "alza"):
        assert specloom("lint", surface, cwd=workdir, env={"SPECLOOM_SPECS": str(ROOT / "specs")}).returncode == 0


def test_lint_says_when_an_action_reads_a_body_field_the_body_may_omit(workdir):
    spec = workdir / "specs" / "shopvo" / "openapi.yaml"
    text = spec.read_text()
    anchor = "    CheckoutAdvance:\n      type: object\n      required: [sessionId, state]\n"
    assert anchor in text
    spec.write_text(text.replace(anchor, anchor.replace("[sessionId, state]", "[state]")))
    r = specloom("lint", "shopvo", cwd=workdir)
    assert r.returncode == 2
    assert ("states.transition reads the body field 'sessionId' (idField): the request body schema must "
            "require it") in r.stdout
    assert "/x-specloom/with/idField" in r.stdout


def test_generate_refuses_an_invalid_spec_and_writes_nothing(workdir):
    out = workdir / "out"
    r = specloom("generate", "broken", "--out", str(out), cwd=workdir)
    assert r.returncode == 2
    assert "unknown resource 'thingz'" in r.stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow  # the CLI run as a real process, several times
def test_a_failed_regeneration_leaves_the_previous_package_intact(workdir):
    out = workdir / "out"
    assert specloom("generate", "shopvo", "--out", str(out), cwd=workdir).returncode == 0
    package = out / "specloom_generated_shopvo"
    before = {p.name: p.read_text() for p in package.iterdir()}
    spec = workdir / "specs" / "shopvo" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("action: list }", "action: lisst }", 1))
    assert specloom("generate", "shopvo", "--out", str(out), cwd=workdir).returncode == 2
    assert {p.name: p.read_text() for p in package.iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == ["specloom_generated_shopvo"]


@pytest.mark.slow  # the CLI run as a real process, several times
def test_serve_with_an_invalid_spec_or_unknown_surface_exits_2(workdir):
    r = specloom("serve", "broken", cwd=workdir)
    assert r.returncode == 2 and "unknown resource 'thingz'" in r.stderr
    r = specloom("serve", "nope", cwd=workdir)
    assert r.returncode == 2 and "unknown surface 'nope'" in r.stderr


@pytest.mark.slow  # the CLI run as a real process, several times
def test_a_backend_that_cannot_be_opened_is_one_line_and_exit_2(workdir):
    for url in ("sqlite:////no/such/dir/x.db", "mysql://x", "postgresql://nobody@127.0.0.1:1/none"):
        r = specloom("keys", "create", "shopvo", "--tenant", "t", "--backend", url, cwd=workdir)
        assert r.returncode == 2, (url, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("error:")


@pytest.mark.slow  # the CLI run as a real process, several times
def test_keys_create_json_contract_and_revoke(workdir):
    r = specloom("keys", "create", "shopvo", "--tenant", "site_demo", "--scopes",
                 "read:catalog write:catalog", "--json", cwd=workdir)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    key = json.loads(lines[0])
    assert set(key) == {"token", "key_id", "tenant", "scopes", "signing_secret", "rate_limits", "mode"}
    assert key["token"].startswith("sk_live_" + key["key_id"] + "_") and key["mode"] == "live"
    assert (key["tenant"], key["scopes"], key["signing_secret"], key["rate_limits"]) == (
        "site_demo", ["read:catalog", "write:catalog"], None, {})
    assert (workdir / ".specloom" / "shopvo.db").is_file()
    r = specloom("keys", "revoke", "shopvo", key["key_id"], cwd=workdir)
    assert r.returncode == 0 and key["key_id"] in r.stdout
    r = specloom("keys", "revoke", "shopvo", key["key_id"], cwd=workdir)
    assert r.returncode == 1


@pytest.mark.slow  # the CLI run as a real process, several times
def test_keys_create_rejects_unknown_scopes(workdir):
    r = specloom("keys", "create", "shopvo", "--tenant", "site_demo", "--scopes", "read:everything", cwd=workdir)
    assert r.returncode == 2
    assert "unknown scope(s) read:everything" in r.stderr


@pytest.mark.slow  # the CLI run as a real process, several times
def test_backend_from_environment(workdir):
    db = workdir / "elsewhere.db"
    r = specloom("keys", "create", "shopvo", "--tenant", "t", "--json", cwd=workdir,
                 env={"SPECLOOM_BACKEND": f"sqlite:///{db}"})
    # specloom() drops SPECLOOM_BACKEND from the inherited env, but an explicit one is kept
    assert r.returncode == 0, r.stderr

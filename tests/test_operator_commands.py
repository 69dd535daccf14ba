"""Operators see what they create: `keys list`, `tenants list`, `clients list` (never a secret;
created, last used, scopes, plan, revoked), `tenants set` refuses settings the spec does not know,
`clients create` refuses redirect URIs that are not absolute https (or http on the loopback) or
carry a fragment, `webhooks deliveries` says so when there are none, and every operator command
has `--json`. The CLI as a subprocess, on both backends."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from specloom.runtime.config import Settings
from tests.support import FIXTURES, ROOT, pinned_clock, serve

pytestmark = pytest.mark.slow  # the CLI as a subprocess

SPECS = {"notebook": FIXTURES, "dispatch": FIXTURES, "alza": ROOT / "specs", "aly": ROOT / "specs",
         "scalev": ROOT / "specs"}


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'ops.db'}"


def specloom(*args: str, surface: str, state, backend: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(state), "SPECLOOM_SPECS": str(SPECS[surface]), "SPECLOOM_BACKEND": backend})
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True, text=True,
                          env=env, cwd=state, timeout=120)


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def json_lines(done: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in ok(done).stdout.splitlines()]


def test_keys_list_shows_what_was_made_and_used_never_a_secret(tmp_path, backend):
    run = lambda *a: specloom(*a, surface="notebook", state=tmp_path, backend=backend)  # noqa: E731
    empty = ok(run("keys", "list", "notebook"))
    assert "notebook: no keys yet" in empty.stdout
    first = json_lines(run("keys", "create", "notebook", "--tenant", "ws_1", "--scopes", "notes:read", "--json"))[0]
    second = json_lines(run("keys", "create", "notebook", "--tenant", "ws_2", "--scopes", "notes:read notes:write",
                            "--signing-secret", "--json"))[0]
    ok(run("keys", "revoke", "notebook", second["key_id"]))
    # the first key is used once, by a server on the same store
    with serve("notebook", tmp_path, backend=backend, spec=FIXTURES / "notebook" / "openapi.yaml",
               settings=Settings(clock=pinned_clock)) as api:
        assert api.client.get("/workspaces/ws_1/notes",
                              headers={"Authorization": f"Bearer {first['token']}"}).status_code == 200
    listed = json_lines(run("keys", "list", "notebook", "--json"))
    assert [(k["key_id"], k["tenant"], k["scopes"], k["revoked"]) for k in listed] == [
        (first["key_id"], "ws_1", ["notes:read"], False), (second["key_id"], "ws_2", ["notes:read", "notes:write"], True)]
    used, unused = listed
    assert used["last_used_at"] and unused["last_used_at"] is None
    assert used["created_at"] and unused["revoked_at"] and unused["signing_secret"] is True
    text = ok(run("keys", "list", "notebook")).stdout
    assert "KEY ID" in text and "LAST USED" in text and first["key_id"] in text
    for secret in (first["token"], second["token"], second["signing_secret"], "secret_hash"):
        assert secret not in text and secret not in json.dumps(listed)
    only = json_lines(run("keys", "list", "notebook", "--tenant", "ws_2", "--json"))
    assert [k["key_id"] for k in only] == [second["key_id"]]


def test_tenants_list_and_clients_list_of_a_gated_oauth_surface(tmp_path, backend):
    run = lambda *a: specloom(*a, surface="alza", state=tmp_path, backend=backend)  # noqa: E731
    assert "alza: no tenants yet" in ok(run("tenants", "list", "alza")).stdout
    assert json_lines(run("tenants", "approve", "alza", "SUP_A", "--json")) == [
        {"approved": True, "surface": "alza", "tenant": "SUP_A"}]
    made = json_lines(run("clients", "create", "alza", "--tenant", "SUP_A", "--json"))[0]
    ok(run("tenants", "suspend", "alza", "SUP_B"))
    tenants = json_lines(run("tenants", "list", "alza", "--json"))
    assert [(t["tenant"], t["approved"], t["keys"], t["clients"]) for t in tenants] == [
        ("SUP_A", True, 0, 1), ("SUP_B", False, 0, 0)]
    clients = json_lines(run("clients", "list", "alza", "--json"))
    assert [(c["client_id"], c["tenant"], c["revoked"]) for c in clients] == [(made["client_id"], "SUP_A", False)]
    assert made["client_secret"] not in json.dumps(clients)
    assert json_lines(run("clients", "revoke", "alza", made["client_id"], "--json")) == [
        {"client_id": made["client_id"], "revoked": True}]
    assert json_lines(run("clients", "list", "alza", "--json"))[0]["revoked_at"]
    assert "keys" not in json.dumps(json_lines(run("keys", "list", "alza", "--json")))  # a client is not a key


def test_redirect_uris_are_checked_and_apps_listed(tmp_path, backend):
    run = lambda *a: specloom(*a, surface="aly", state=tmp_path, backend=backend)  # noqa: E731
    for uri, reason in [("http://app.example.com/cb", "uses http on a host other than the loopback"),
                        ("https://app.example.com/cb#done", "has a fragment"),
                        ("/callback", "not an absolute http(s) URL"),
                        ("ftp://app.example.com/cb", "not an absolute http(s) URL"),
                        ("https://user:pw@app.example.com/cb", "carries user information")]:
        refused = run("clients", "create", "aly", "--tenant", "devshop", "--redirect-uri", uri)
        assert refused.returncode == 2 and reason in refused.stderr, refused.stderr
    assert "aly: no OAuth clients" in ok(run("clients", "list", "aly")).stdout  # nothing half-made
    for uri in ("https://app.example.com/cb?x=1", "http://127.0.0.1:8080/cb", "http://localhost/cb", "http://[::1]/cb"):
        ok(run("clients", "create", "aly", "--tenant", "devshop", "--redirect-uri", uri))
    apps = json_lines(run("clients", "list", "aly", "--json"))
    assert [a["redirect_uris"] for a in apps] == [["https://app.example.com/cb?x=1"], ["http://127.0.0.1:8080/cb"],
                                                  ["http://localhost/cb"], ["http://[::1]/cb"]]
    assert all("secret" not in key for app in apps for key in app)


def test_tenants_set_refuses_a_setting_the_spec_does_not_know(tmp_path, backend):
    run = lambda *a: specloom(*a, surface="scalev", state=tmp_path, backend=backend)  # noqa: E731
    typo = run("tenants", "set", "scalev", "store_kopi", "customerOtpRequird=true")
    assert typo.returncode == 2
    assert "scalev has no tenant setting 'customerOtpRequird'; its settings: " in typo.stderr
    assert "customerOtpRequired" in typo.stderr
    assert json_lines(run("tenants", "set", "scalev", "store_kopi", "customerOtpRequired=true", "--json")) == [
        {"settings": {"customerOtpRequired": True}, "surface": "scalev", "tenant": "store_kopi"}]
    both = run("tenants", "set", "scalev", "store_kopi", "customerOtpRequired=false", "nope=1")
    assert both.returncode == 2
    ok(run("keys", "create", "scalev", "--tenant", "store_kopi", "--json"))
    tenants = json_lines(run("tenants", "list", "scalev", "--json"))
    assert tenants == [{"tenant": "store_kopi", "keys": 1, "clients": 0, "settings": ["customerOtpRequired"],
                        "last_used_at": None}]


def test_webhooks_deliveries_says_when_there_are_none(tmp_path, backend):
    none = ok(specloom("webhooks", "deliveries", "dispatch", surface="dispatch", state=tmp_path, backend=backend))
    assert none.stdout.strip().startswith("dispatch: no webhook deliveries yet")
    as_json = ok(specloom("webhooks", "deliveries", "dispatch", "--json", surface="dispatch", state=tmp_path,
                          backend=backend))
    assert as_json.stdout == "" and "no webhook deliveries yet" in as_json.stderr
    events = ok(specloom("webhooks", "deliveries", "dispatch", "--events", surface="dispatch", state=tmp_path,
                         backend=backend))
    assert "no webhook events yet" in events.stdout
    plain = specloom("webhooks", "deliveries", "notebook", surface="notebook", state=tmp_path, backend=backend)
    assert plain.returncode == 1 and "notebook declares no webhooks" in plain.stderr


def test_every_operator_command_has_json():
    from specloom.runtime.cli import clients, keys, tenants, webhooks

    missing = []
    for group in (keys, tenants, clients, webhooks):
        for command in group.app.registered_commands:
            import inspect

            options = [p.default for p in inspect.signature(command.callback).parameters.values()]
            if not any("--json" in (getattr(o, "param_decls", None) or ()) for o in options):
                missing.append(f"{group.__name__.rsplit('.', 1)[1]} {command.name}")
    assert not missing, missing


def test_list_and_migrate_answer_json_too(tmp_path, backend):
    listed = json.loads(ok(specloom("list", "--json", surface="alza", state=tmp_path, backend=backend)).stdout)
    assert {"surface": "alza", "title": "Alza Trade Supplier API (order export)", "operations": 4,
            "valid": True} in listed
    planned = json.loads(ok(specloom("migrate", "alza", "--dry-run", "--json", surface="alza", state=tmp_path,
                                     backend=backend)).stdout)
    assert planned["dry_run"] is True and planned["applied"] == [] and planned["refusals"] == []
    assert any(step.startswith("create table alza__") for step in planned["planned"])
    applied = json.loads(ok(specloom("migrate", "alza", "--json", surface="alza", state=tmp_path,
                                     backend=backend)).stdout)
    assert applied["applied"] and all(step in applied["applied"] for step in planned["planned"])
    again = json.loads(ok(specloom("migrate", "alza", "--json", surface="alza", state=tmp_path,
                                   backend=backend)).stdout)
    assert (again["applied"], again["planned"], again["refusals"]) == ([], [], [])


def test_a_key_made_without_scopes_says_what_it_cannot_do(tmp_path):
    backend = f"sqlite:///{tmp_path / 'ops.db'}"
    ok(specloom("tenants", "approve", "scalev", "store_kopi", surface="scalev", state=tmp_path, backend=backend))
    bare = ok(specloom("keys", "create", "scalev", "--tenant", "store_kopi", "--json", surface="scalev",
                       state=tmp_path, backend=backend))
    assert json.loads(bare.stdout)["scopes"] == []  # stdout stays one JSON object
    assert "note: the key has no scopes" in bare.stderr and "scalev knows:" in bare.stderr
    scoped = ok(specloom("keys", "create", "scalev", "--tenant", "store_kopi", "--scopes", "admin:*", "--json",
                         surface="scalev", state=tmp_path, backend=backend))
    assert "no scopes" not in scoped.stderr

"""`specloom migrate` and `serve` when the spec changed under a store with data, on both
backends: additive changes need nothing, a refused change stops `serve` (exit 2) with the
resource, the field and the command that proceeds."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from specloom.backends import open_store
from specloom.runtime.surface_runtime import tables_for
from specloom.runtime.surfaces import load_surface
from tests.servers import free_port
from tests.support import FIXTURES


def specloom(*args, env) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True,
                          text=True, env=full, timeout=90, cwd=env["SPECLOOM_STATE_DIR"])


@pytest.mark.slow  # `specloom migrate` and `serve` run as real processes, many times
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_migrate_plans_applies_and_serve_refuses_what_needs_a_decision(backend, tmp_path, request):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'lb.db'}"
    specs = tmp_path / "specs"
    shutil.copytree(FIXTURES / "ledgerbook", specs / "ledgerbook")
    state = tmp_path / "state"
    state.mkdir()
    env = {"SPECLOOM_SPECS": str(specs), "SPECLOOM_STATE_DIR": str(state)}

    r = specloom("migrate", "ledgerbook", "--backend", url, "--dry-run", env=env)
    assert r.returncode == 0, r.stderr
    assert "(dry run: nothing applied)" in r.stdout and "  create table ledgerbook__wallets" in r.stdout
    r = specloom("migrate", "ledgerbook", "--backend", url, env=env)
    assert r.returncode == 0 and "applied 10 step(s)" in r.stdout, r.stdout + r.stderr

    # records, then a spec that changes an indexed field's type and drops a resource
    generated = load_surface("ledgerbook", spec=specs / "ledgerbook" / "openapi.yaml", out_dir=state / "generated")
    store = open_store(url)

    async def fill():
        try:
            await store.migrate(tables_for(generated.surface), surface="ledgerbook")
            await store.insert("ledgerbook__entries", "acme", {"id": "ent_1", "walletId": "12", "type": "CREDIT", "amount": 1})
            await store.insert("ledgerbook__entries", "acme", {"id": "ent_2", "walletId": "wal_x", "type": "CREDIT", "amount": 1})
            await store.insert("ledgerbook__items", "acme", {"id": "itm_1", "name": "mug", "stock": 1})
        finally:
            await store.close()

    asyncio.run(fill())
    path = specs / "ledgerbook" / "openapi.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["components"]["schemas"]["Entry"]["properties"]["walletId"] = {"type": "integer"}
    del doc["x-specloom"]["resources"]["items"]
    del doc["components"]["schemas"]["StockItem"]
    doc["paths"] = {p: v for p, v in doc["paths"].items() if "/items" not in p}
    doc["x-specloom"]["resources"]["wallets"]["filterable"] = ["name"]  # and something additive
    path.write_text(yaml.safe_dump(doc, sort_keys=False))

    r = specloom("serve", "ledgerbook", "--backend", url, "--port", str(free_port()), env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    err = " ".join(r.stderr.split())
    assert "ledgerbook: 2 schema changes refused, nothing applied" in err
    assert ("entries.walletId: the indexed field's type changed from text to integer and ledgerbook__entries "
            "holds 2 record(s); rebuild the column from the stored documents with "
            "`specloom migrate ledgerbook --rebuild entries.walletId`") in err
    assert ("items: the resource is no longer in the spec, but its table ledgerbook__items holds 1 record(s); "
            "put it back in the spec, or drop the table and its records with "
            "`specloom migrate ledgerbook --drop items`") in err
    assert "see the whole plan with `specloom migrate ledgerbook --dry-run`" in err

    r = specloom("migrate", "ledgerbook", "--backend", url, "--dry-run", env=env)
    assert r.returncode == 1
    assert "add column ledgerbook__wallets.f_name (wallets.name, text), filled from 0 stored record(s)" in r.stdout
    assert "refused: 2 change(s) need a decision" in r.stderr

    r = specloom("migrate", "ledgerbook", "--backend", url, "--rebuild", "entries.walletId", "--drop", "items", env=env)
    assert r.returncode == 0, r.stderr
    out = " ".join(r.stdout.split())
    assert ("rebuild column ledgerbook__entries.f_walletid (entries.walletId, integer; was text) from 2 stored "
            "record(s); 1 record(s) hold a value that is not integer: left out of the index") in out
    assert "drop table ledgerbook__items with its 1 record(s) (resource items left the spec; --drop items)" in out
    r = specloom("migrate", "ledgerbook", "--backend", url, env=env)
    assert r.returncode == 0 and "the schema is up to date" in r.stdout

"""`specloom serve` makes no credential of its own (issue 10, fault 13): on an empty store a
plain `serve` prints one line saying how to create a key, and the store stays without
credentials; only `serve --demo` issues a demo key with every scope and prints it. Through the
real CLI, as a server process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from specloom.backends import open_store
from tests.servers import SPECS, free_port, generate

pytestmark = pytest.mark.slow  # real `specloom serve` processes


def serve_output(state: Path, surface: str, *flags: str) -> str:
    """What `specloom serve SURFACE FLAGS` prints up to the moment it answers requests."""
    generate(surface, state)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(state), "SPECLOOM_SPECS": str(SPECS[surface]), "PYTHONUNBUFFERED": "1"})
    log = state / f"serve-{port}.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "specloom.runtime.cli", "serve", surface, "--backend",
                                    f"sqlite:///{state / (surface + '.db')}", "--port", str(port), *flags],
                                   stdout=sink, stderr=subprocess.STDOUT, env=env, cwd=state)
        try:
            deadline = time.monotonic() + 90
            url = f"http://127.0.0.1:{port}/openapi.json"
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    if httpx.get(url, trust_env=False, timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            assert process.poll() is None, log.read_text()
        finally:
            process.terminate()
            process.wait(30)
    return log.read_text()


def credentials(state: Path, surface: str) -> int:
    async def count() -> int:
        store = open_store(f"sqlite:///{state / (surface + '.db')}")
        try:
            return await store.count_credentials(surface)
        finally:
            await store.close()

    return asyncio.run(count())


def test_a_plain_serve_on_an_empty_store_makes_no_key_and_says_how(tmp_path):
    output = serve_output(tmp_path, "shopvo")
    assert "demo key" not in output and "admin:*" not in output
    assert ("no credentials yet: create one with `specloom keys create shopvo --tenant TENANT "
            '--scopes "SCOPE ..."`') in output
    assert credentials(tmp_path, "shopvo") == 0


def test_an_oauth_surface_is_pointed_at_clients_create(tmp_path):
    output = serve_output(tmp_path, "alza")
    assert "no credentials yet: create one with `specloom clients create alza --tenant TENANT" in output
    assert "client_secret" not in output
    assert credentials(tmp_path, "alza") == 0


def test_serve_demo_issues_and_prints_a_demo_key(tmp_path):
    output = serve_output(tmp_path, "shopvo", "--demo")
    assert "demo key (tenant site_demo, all scopes): sk_" in output
    assert "no credentials yet" not in output
    assert credentials(tmp_path, "shopvo") == 1

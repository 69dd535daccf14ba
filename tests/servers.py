"""Real `specloom serve` processes for the tests that need several processes, real
concurrency over HTTP, or a process to SIGKILL: each on a free 127.0.0.1 port, with its log
kept for the failure message.

The surface is generated once in the test process (`generated`) into a state directory the
servers share, so they start without regenerating (and never race to write the package).
Keys are issued in the test process straight into the store the servers use: the pepper lives
in that store, so every process verifies them alike.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import httpx

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.surface_runtime import SurfaceRuntime
from specloom.runtime.surfaces import load_surface
from tests.support import FIXTURES, ROOT

SPECS = {"shopvo": ROOT / "specs", "alza": ROOT / "specs", "alva": ROOT / "specs", "aly": ROOT / "specs", "scalev": ROOT / "specs",
         "ledgerbook": FIXTURES, "notebook": FIXTURES, "dispatch": FIXTURES}


_draw = random.SystemRandom()  # not the random module's state, which a test may seed
PORTS = range(20000, 32000)  # below Linux's ephemeral range (32768-60999): no bind(0) or connect takes them


def free_port() -> int:
    """A 127.0.0.1 port nothing listens on, for a server a test starts (the port is free when
    chosen and taken later). Drawn below the ephemeral range, so no socket bound to port 0 in
    the meantime gets it; under pytest-xdist one of this worker's own share (every Nth port of
    N workers, from its own offset), so servers two workers start at once never pick the same port."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    count = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1), 1)
    mine = PORTS[index % count::count]
    for _ in range(200):
        port = _draw.choice(mine)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # in use
        return port
    raise RuntimeError(f"no free port among {len(mine)} tried at random")


def generate(surface: str, state_dir: Path):
    """Generate a surface's package where the servers of `state_dir` will look for it."""
    specs = SPECS[surface]
    return load_surface(surface, spec=specs / surface / "openapi.yaml", out_dir=state_dir / "generated")


def issue_key(surface: str, state_dir: Path, backend: str, tenant: str, scopes=("admin:*",)) -> str:
    """A key issued into the store at `backend` (migrating it first, as `serve` would)."""
    generated = generate(surface, state_dir)
    store = open_store(backend)

    async def run() -> str:
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            return (await runtime.api_keys.issue(tenant, tuple(scopes))).token
        finally:
            await store.close()

    return asyncio.run(run())


class Server:
    """`specloom serve SURFACE --backend URL` in a subprocess."""

    def __init__(self, surface: str, backend: str, state_dir: Path, *, env: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()):
        self.surface = surface
        self.backend = backend
        self.state_dir = state_dir
        self.env = env or {}
        self.args = tuple(args)  # more `serve` options (--workers 2, --root-path /api, …)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log = state_dir / f"{surface}-{id(self):x}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        generate(self.surface, self.state_dir)
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
        env.update({"SPECLOOM_STATE_DIR": str(self.state_dir), "SPECLOOM_SPECS": str(SPECS[self.surface]),
                    "PYTHONUNBUFFERED": "1", **self.env})
        self._log = open(self.log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "specloom.runtime.cli", "serve", self.surface, "--backend", self.backend,
             "--port", str(self.port), *self.args], stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=self.state_dir)
        return self

    def wait_ready(self, timeout: float = 90.0) -> "Server":
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.surface} server exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(self.url + "/openapi.json", timeout=2, trust_env=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.surface} server not ready after {timeout}s:\n{self.output()}")

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)
        if getattr(self, "_log", None):
            self._log.close()

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def start_all(servers: list[Server]) -> list[Server]:
    """Start servers side by side (their start-up overlaps), then wait for each."""
    for s in servers:
        s.start()
    try:
        for s in servers:
            s.wait_ready()
    except Exception:
        for s in servers:
            s.kill()
        raise
    return servers


def at_once(n: int, request: Callable[[int, httpx.Client], httpx.Response]) -> list[httpx.Response]:
    """Send n requests from n threads released together; responses in request order."""
    barrier = threading.Barrier(n)

    def run(i: int) -> httpx.Response:
        with httpx.Client(timeout=60, trust_env=False) as client:
            barrier.wait(60)
            return request(i, client)

    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))

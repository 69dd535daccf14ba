"""Helpers of the Python SDK tests: generate a surface's Python client, pip-install it, provision
credentials in the store a real `specloom serve` uses, and a TCP proxy that loses an answer on
its way back (the network failure a client retries through)."""

from __future__ import annotations

import asyncio
import importlib
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Awaitable, Callable

from specloom.backends import open_store
from specloom.generator.sdk.render import generate_sdk
from specloom.runtime.config import Settings
from specloom.runtime.surface_runtime import SurfaceRuntime
from tests import servers
from tests.support import ROOT


def copy_specs(tmp: Path, surface: str, edit: Callable[[str], str] | None = None) -> Path:
    """A copy of specs/<surface>/ (its openapi.yaml passed through `edit`); the specs folder."""
    specs = tmp / "specs"
    shutil.copytree(ROOT / "specs" / surface, specs / surface)
    if edit is not None:
        path = specs / surface / "openapi.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return specs


def generate_python(surface: str, out: Path, spec: Path | None = None) -> Path:
    spec = spec or servers.SPECS[surface] / surface / "openapi.yaml"
    generate_sdk(surface, spec, "python", out)
    return out


def pip_install_target(package_dir: Path, target: Path) -> Path:
    """`pip install --target` of a generated client folder (httpx comes from this environment)."""
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                             str(package_dir)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def install_and_import(surface: str, tmp: Path, spec: Path | None = None):
    """Generate `surface`'s Python client, pip-install it into a folder of its own and import it."""
    package = generate_python(surface, tmp / f"{surface}-python", spec)
    target = pip_install_target(package, tmp / f"{surface}-site")
    name = f"{surface}_client"
    for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[loaded]
    sys.path.insert(0, str(target))
    try:
        module = importlib.import_module(name)
    finally:
        sys.path.remove(str(target))
    assert Path(module.__file__).is_relative_to(target), module.__file__  # the installed copy
    return module


def provision(surface: str, state_dir: Path, backend: str, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run `work(runtime)` against the store a server of `state_dir` uses (migrated as serve would)."""
    generated = servers.generate(surface, state_dir)
    store = open_store(backend)

    async def run() -> Any:
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            return await work(runtime)
        finally:
            await store.close()

    return asyncio.run(run())


class LossyProxy:
    """A TCP proxy to `upstream` that, for the first request whose head contains `marker`,
    forwards it, lets the server answer, and closes the client's connection instead of passing
    the answer back: the write happened, the client saw a network error. Every request head
    that went through is kept in `heads`."""

    def __init__(self, upstream_port: int, marker: bytes):
        self.upstream_port = upstream_port
        self.marker = marker
        self.heads: list[bytes] = []
        self.dropped = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop = True
        self.sock.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _read_request(conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head + b"\r\n\r\n" + rest

    @staticmethod
    def _read_response(conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while length is not None and len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head + b"\r\n\r\n" + rest

    def _serve(self, client: socket.socket) -> None:
        with client:
            while True:
                request = self._read_request(client)
                if not request:
                    return
                head = request.split(b"\r\n\r\n", 1)[0]
                self.heads.append(head)
                with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
                    upstream.sendall(request)
                    response = self._read_response(upstream)
                if self.marker in head and self.dropped == 0:
                    self.dropped += 1
                    return  # the answer is lost: the client's connection closes without it
                client.sendall(response)

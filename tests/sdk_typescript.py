"""What the TypeScript SDK tests share: the TypeScript compiler (installed from the npm registry
once into a cache folder, reused by every test and session), a generated client compiled with
`tsc --strict` together with a journey script, and that script run with Node.js.

A journey script imports the generated package from "../src/index.js", reads its settings from
`process.env` and prints one JSON line per result (`emit`); the test asserts on those lines.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support import ROOT

TYPESCRIPT = "typescript@5.6"
CACHE = Path(os.environ.get("SPECLOOM_TEST_TYPESCRIPT_CACHE", Path(tempfile.gettempdir()) / "specloom-test-typescript"))

# prepended to every journey: Node's process.env and a result printer, typed without @types/node
PRELUDE = """\
declare const process: { env: Record<string, string | undefined> };
const env = process.env;
function emit(name: string, value: unknown): void {
  console.log(JSON.stringify({ name, value }));
}
function check(condition: unknown, message: string): void {
  if (!condition) {
    throw new Error("check failed: " + message);
  }
}
"""


def tsc_path() -> Path:
    """The tsc of the cache, installed there with npm once (a file lock keeps parallel sessions apart)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tsc = CACHE / "node_modules" / ".bin" / "tsc"
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not tsc.exists():
            (CACHE / "package.json").write_text('{"private": true}\n')
            subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", TYPESCRIPT],
                           cwd=CACHE, check=True, capture_output=True, timeout=240)
    return tsc


@pytest.fixture(scope="session")
def tsc() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are needed for the TypeScript SDK tests")
    return tsc_path()


def generate_client(surface: str, out: Path, *, specs: Path | None = None) -> Path:
    """`specloom sdk SURFACE --lang typescript --out OUT`, as a user runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    if specs is not None:
        env["SPECLOOM_SPECS"] = str(specs)
    subprocess.run([sys.executable, "-m", "specloom.runtime.cli", "sdk", surface, "--lang", "typescript", "--out",
                    str(out)], check=True, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    return out


def compile_journey(tsc: Path, package: Path, script: str, name: str = "journey") -> Path:
    """Compile the package's sources and `script` with `tsc --strict`; the script's .js path."""
    (package / "test").mkdir(exist_ok=True)
    (package / "test" / f"{name}.ts").write_text(PRELUDE + script, encoding="utf-8")
    (package / "tsconfig.test.json").write_text(json.dumps({
        "extends": "./tsconfig.json",
        "compilerOptions": {"rootDir": ".", "outDir": "build", "declaration": False},
        "include": ["src", "test"],
    }), encoding="utf-8")
    result = subprocess.run([str(tsc), "-p", "tsconfig.test.json", "--strict"], cwd=package, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, f"tsc --strict failed:\n{result.stdout}\n{result.stderr}"
    return package / "build" / "test" / f"{name}.js"


def run_journey(js: Path, env: dict[str, str], timeout: float = 120) -> dict[str, object]:
    """Run a compiled journey with node; its emitted results by name."""
    result = subprocess.run(["node", str(js)], capture_output=True, text=True, timeout=timeout,
                            env={**{k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}, **env})
    assert result.returncode == 0, f"node {js.name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    out: dict[str, object] = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            out[entry["name"]] = entry["value"]
    return out


def provision(surface: str, state_dir: Path, backend: str, work):
    """Run `await work(runtime)` against the store a `specloom serve` of `state_dir` uses
    (migrated first, as serve would); its result."""
    import asyncio

    from specloom.backends import open_store
    from specloom.runtime.config import Settings
    from specloom.runtime.surface_runtime import SurfaceRuntime
    from tests.servers import generate

    generated = generate(surface, state_dir)
    store = open_store(backend)

    async def run():
        try:
            runtime = SurfaceRuntime(generated, store, Settings())
            await runtime.ensure_ready()
            return await work(runtime)
        finally:
            await store.close()

    return asyncio.run(run())


def issue_key(surface: str, state_dir: Path, backend: str, tenant: str, scopes=("admin:*",), *,
              signing_secret: bool = False):
    """An API key (and signing secret) issued into the store a `specloom serve` of the test uses."""
    async def work(runtime):
        return await runtime.api_keys.issue(tenant, tuple(scopes), signing_secret=signing_secret)

    return provision(surface, state_dir, backend, work)


def copy_specs(tmp: Path, surface: str, edit=None) -> Path:
    """A copy of specs/<surface>/ with its openapi.yaml passed through `edit`; the specs folder."""
    specs = tmp / "specs"
    shutil.copytree(ROOT / "specs" / surface, specs / surface)
    if edit is not None:
        path = specs / surface / "openapi.yaml"
        changed = edit(path.read_text(encoding="utf-8"))
        assert changed != path.read_text(encoding="utf-8"), "the edit changed nothing"
        path.write_text(changed, encoding="utf-8")
    return specs


# a fetch that records each request's method, path and status, and can lose one answer: the
# server made the write, the client sees a network error (`loseNextAnswer("POST")`)
RECORDER = """
const calls: { method: string; path: string; status: number; headers: Headers }[] = [];
let losing: string | null = null;
function loseNextAnswer(method: string): void {
  losing = method;
}
const recorder: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(String(input));
  calls.push({ method: init?.method ?? "GET", path: url.pathname, status: response.status,
               headers: new Headers(init?.headers) });
  if (losing !== null && (init?.method ?? "GET") === losing) {
    losing = null;
    await response.text();
    throw new TypeError("fetch failed: connection reset");
  }
  return response;
};
"""

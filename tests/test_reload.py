"""`specloom serve --reload` as a spec author uses it: a real process serving a copy of a spec
while the test edits it. A valid edit is served; an invalid one is printed problem by problem
(file:line:column) and never served, the last good version answering meanwhile; fixing it
switches again; `--no-validate-responses` holds for every reloaded version.

The edit-to-served times are printed (pytest -s shows them); nothing asserts a duration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from tests.servers import free_port, issue_key
from tests.support import ROOT

pytestmark = pytest.mark.slow  # a real serve process, edited several times


class ReloadingServe:
    def __init__(self, tmp_path, *args: str):
        self.tmp = tmp_path
        self.specs = tmp_path / "specs"
        shutil.copytree(ROOT / "specs" / "scalev", self.specs / "scalev")
        self.spec = self.specs / "scalev" / "openapi.yaml"
        self.backend = f"sqlite:///{tmp_path / 'scalev.db'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "serve.log"
        self.args = args
        self.process: subprocess.Popen | None = None

    def start(self) -> "ReloadingServe":
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
        env.update({"SPECLOOM_STATE_DIR": str(self.tmp / "state"), "SPECLOOM_SPECS": str(self.specs),
                    "PYTHONUNBUFFERED": "1"})
        self._log = open(self.log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "specloom.runtime.cli", "serve", "scalev", "--backend", self.backend,
             "--port", str(self.port), "--reload", *self.args],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=self.tmp)
        self.wait_for(lambda: self.title() is not None, 90, "the server to start")
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def title(self) -> str | None:
        try:
            r = httpx.get(self.url + "/openapi.json", timeout=5, trust_env=False)
        except httpx.HTTPError:
            return None
        return r.json()["info"]["title"] if r.status_code == 200 else None

    def wait_for(self, condition, timeout: float, what: str) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            assert self.process is not None and self.process.poll() is None, self.output()[-3000:]
            if condition():
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"waited {timeout}s for {what}:\n{self.output()[-3000:]}")

    def edit(self, *replacements: tuple[str, str]) -> float:
        text = self.spec.read_text()
        for old, new in replacements:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        self.spec.write_text(text)
        return time.monotonic()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()


TITLE = "  title: Scalev API v3 (storefront, customer and business slice)\n"
# the products page gains a required field no product page has: a response check would refuse it
STRICTER_PAGE = ("            data: { type: array, items: { $ref: '#/components/schemas/Product' } }\n\n    Customer:",
                 "            data: { type: array, items: { $ref: '#/components/schemas/Product' } }\n"
                 "          required: [reloadMarker]\n\n    Customer:")
OBJEKT = ("        - type: object\n          properties:\n            data: { type: array, items: { $ref: '#/components/schemas/Product' } }",
          "        - type: objekt\n          properties:\n            data: { type: array, items: { $ref: '#/components/schemas/Product' } }")
LIST_PRODUCTS = "      x-specloom: { resource: products, action: list, rateLimits: *businessLimits }\n      parameters:\n"
DANGLING = (LIST_PRODUCTS + "        - $ref: '#/components/parameters/page_size'\n",
            LIST_PRODUCTS + "        - $ref: '#/components/parameters/page_sise'\n")


@pytest.fixture
def serve(tmp_path):
    server = ReloadingServe(tmp_path, "--no-validate-responses")
    yield server
    server.stop()


def test_reload_serves_valid_edits_and_never_a_broken_spec(serve, tmp_path):
    serve.start()
    key = issue_key("scalev", tmp_path / "state", serve.backend, "store_reload")
    headers = {"Authorization": f"Bearer {key}"}
    assert httpx.get(serve.url + "/v3/products", headers=headers, trust_env=False).status_code == 200

    # a valid edit: served, with the response check still off (the page now misses a required field)
    t0 = serve.edit((TITLE, TITLE.replace("slice)", "slice) v2")), STRICTER_PAGE)
    serve.wait_for(lambda: serve.title().endswith("v2"), 60, "the valid edit to be served")
    valid_s = time.monotonic() - t0
    assert httpx.get(serve.url + "/v3/products", headers=headers, trust_env=False).status_code == 200

    # an invalid edit: every problem printed with file:line:column, the last good version served
    serve.edit((TITLE.replace("slice)", "slice) v2"), TITLE.replace("slice)", "slice) v3")), DANGLING, OBJEKT)
    serve.wait_for(lambda: "still serving the last good version" in serve.output(), 60, "the invalid edit's report")
    log = serve.output()
    broken_line = next(n for n, line in enumerate(serve.spec.read_text().splitlines(), 1) if "page_sise" in line)
    assert f"specs/scalev/openapi.yaml:{broken_line}:" in log
    assert "$ref target #/components/parameters/page_sise does not exist" in log
    assert "'objekt' is not one of" in log and "#/components/schemas/ProductPage/allOf/1/type" in log
    assert serve.title().endswith("v2")  # not v3: the broken spec is never served
    r = httpx.get(serve.url + "/v3/products", headers=headers, trust_env=False, timeout=10)
    assert r.status_code == 200  # answered at once by the last good version, not held

    # fixed: switches to the new version
    t1 = serve.edit(DANGLING[::-1], OBJEKT[::-1])
    serve.wait_for(lambda: serve.title().endswith("v3"), 60, "the fixed spec to be served")
    fixed_s = time.monotonic() - t1
    assert httpx.get(serve.url + "/v3/products", headers=headers, trust_env=False).status_code == 200
    print(f"\nedit-to-served: valid edit {valid_s * 1000:.0f} ms, fix after a broken edit {fixed_s * 1000:.0f} ms")

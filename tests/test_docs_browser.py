"""The interactive docs in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver`, driven by Selenium) against a real `specloom serve`. On a tenant route the
tenant parameter is a typed input, "Authorize" takes the surface's key, and "Try it out" with
it answers 200 — for Shopvo (a bearer API key, tenant in the path) and Scalev (a publishable
storefront key in a header, tenant in the path).

The browser is installed by this module's set-up when missing (apt-get, as root, as CI runs):
nothing is downloaded but Debian's packages, and a machine without them fails, not skips.
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

from tests.servers import SPECS, Server, issue_key

pytestmark = pytest.mark.slow  # real serve processes and a browser

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def _install_chromium() -> None:
    """Debian's chromium and its driver, installed if missing (the test set-up on a clean CI machine).
    One test process installs at a time (a file lock: parallel test processes set up this module
    each), and apt waits for the dpkg lock another apt run holds instead of failing at once."""
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.fail("the docs browser test needs Debian's chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver)")
    with open(Path(tempfile.gettempdir()) / "specloom-test-chromium.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
            return  # another test process installed it while this one waited
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
        install = [*apt, "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"]
        if subprocess.run(install, env=env, capture_output=True, timeout=900).returncode != 0:
            subprocess.run([*apt, "update", "-qq"], env=env, capture_output=True, timeout=600)
            done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def browser():
    _install_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,2000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait(driver, css: str, *, within=None, timeout: float = 30, text: str | None = None):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    root = within or driver
    wait = WebDriverWait(root, timeout)
    if text is not None:
        wait.until(lambda r: any(text in e.text for e in r.find_elements(By.CSS_SELECTOR, css)))
        return next(e for e in root.find_elements(By.CSS_SELECTOR, css) if text in e.text)
    return wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def try_it_out(driver, url: str, *, scheme: str, key: str, block_id: str, tenant_param: str, tenant: str) -> dict:
    """Authorize with `key` for `scheme`, open the operation, fill the tenant, execute:
    what the page shows of the tenant parameter and of the response."""
    from selenium.webdriver.common.by import By

    driver.get(url + "/docs")
    _wait(driver, ".opblock")
    driver.find_element(By.CSS_SELECTOR, ".btn.authorize").click()
    container = _wait(driver, ".modal-ux .auth-container", text=scheme)
    container.find_element(By.CSS_SELECTOR, "input").send_keys(key)
    container.find_element(By.CSS_SELECTOR, "button.authorize").click()
    driver.find_element(By.CSS_SELECTOR, ".modal-ux .close-modal").click()

    block = _wait(driver, f"#{block_id}")
    driver.execute_script("arguments[0].scrollIntoView()", block)
    block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    _wait(driver, ".try-out__btn", within=block).click()
    row = _wait(driver, f'tr[data-param-name="{tenant_param}"]', within=block)
    field = row.find_element(By.CSS_SELECTOR, ".parameters-col_description input")
    shown = {"type": row.find_element(By.CSS_SELECTOR, ".parameter__type").text, "tag": field.tag_name,
             "input_type": field.get_attribute("type")}
    field.send_keys(tenant)
    block.find_element(By.CSS_SELECTOR, ".execute").click()
    status = _wait(driver, ".live-responses-table tr.response .response-col_status", within=block, timeout=60)
    shown["status"] = status.text.strip()
    shown["body"] = block.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description").text
    return shown


@pytest.fixture
def state(tmp_path):
    return tmp_path


def test_shopvo_docs_authorize_and_try_it_out(browser, state):
    backend = f"sqlite:///{state / 'shopvo.db'}"
    key = issue_key("shopvo", state, backend, "site_docs")
    server = Server("shopvo", backend, state).start().wait_ready()
    try:
        shown = try_it_out(browser, server.url, scheme="apiKey", key=key, block_id="operations-Products-listProducts",
                           tenant_param="siteId", tenant="site_docs")
    finally:
        server.stop()
    assert shown["tag"] == "input" and shown["input_type"] == "text"
    assert shown["type"].startswith("string"), shown  # a typed parameter, not `any ()`
    assert shown["status"] == "200", shown


def test_scalev_docs_authorize_and_try_it_out(browser, state):
    backend = f"sqlite:///{state / 'scalev.db'}"
    issue_key("scalev", state, backend, "store_docs")  # migrates the store and generates the package
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    env.update({"SPECLOOM_STATE_DIR": str(state), "SPECLOOM_SPECS": str(SPECS["scalev"])})
    made = subprocess.run([sys.executable, "-m", "specloom.runtime.cli", "keys", "create", "scalev", "--tenant",
                           "store_docs", "--scheme", "storefrontKey", "--json", "--backend", backend],
                          capture_output=True, text=True, env=env, cwd=state, timeout=120)
    assert made.returncode == 0, made.stderr
    key = json.loads(made.stdout.strip().splitlines()[-1])["token"]
    server = Server("scalev", backend, state).start().wait_ready()
    try:
        shown = try_it_out(browser, server.url, scheme="storefrontKey", key=key,
                           block_id="operations-Storefront-listStorefrontProducts",
                           tenant_param="store_id", tenant="store_docs")
    finally:
        server.stop()
    assert shown["tag"] == "input" and shown["type"].startswith("string"), shown
    assert shown["status"] == "200", shown

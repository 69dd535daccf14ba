"""The generated Python client is pinned by golden files (tests/golden/sdk/python/):
`python -m tests.golden.regenerate_sdk python` updates them. Generation is deterministic, every
surface's client is valid Python, and a change to a spec shows in the generated client."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.golden.regenerate_sdk import CASES, SPECS, golden, rendered
from tests.sdk_python_support import pip_install_target

REGENERATE = "run python -m tests.golden.regenerate_sdk python and review the diff"
SURFACES = ("shopvo", "alva", "aly", "alza", "scalev")


@pytest.mark.parametrize("surface", CASES["python"])
def test_generated_python_client_matches_the_golden_files(surface):
    files = rendered("python", surface)
    pinned = golden("python", surface)
    assert sorted(files) == sorted(pinned), REGENERATE
    for name, text in files.items():
        assert text == pinned[name], f"{surface}/{name} changed: {REGENERATE}"


@pytest.mark.parametrize("surface", SURFACES)
def test_python_generation_is_deterministic_and_valid_python(surface):
    first = rendered("python", surface)
    assert first == rendered("python", surface)
    package = f"{surface}_client"
    assert {f"{package}/__init__.py", f"{package}/client.py", f"{package}/models.py", "pyproject.toml"} <= set(first)
    for name, text in first.items():
        if name.endswith(".py"):
            ast.parse(text, filename=name)


def test_a_changed_spec_changes_the_generated_python_client(tmp_path):
    """A field added to Product and an operation added to a product's path: both appear in the
    client generated from the changed copy (installed and imported: the new method is there and
    the new key is part of the type), and nowhere in the golden files of the spec as it is."""
    copy = tmp_path / "specs" / "shopvo"
    shutil.copytree(SPECS / "shopvo", copy)
    spec = copy / "openapi.yaml"
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    document["components"]["schemas"]["Product"]["properties"]["giftWrapNote"] = {
        "type": ["string", "null"], "description": "A note to wrap with."}
    item = document["paths"]["/api/v1/{siteId}/products/{productId}"]
    document["paths"]["/api/v1/{siteId}/products/{productId}/copy"] = {
        "parameters": item.get("parameters", []),
        "get": {**item["get"], "operationId": "getProductCopy", "summary": "The product again, as a copy"},
    }
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")

    changed = rendered("python", "shopvo", spec)
    pinned = golden("python", "shopvo")
    models, resources = "shopvo_client/models.py", "shopvo_client/resources.py"
    assert "'giftWrapNote': t.Optional[str]," in changed[models]
    assert "giftWrapNote" not in pinned[models]
    assert "def get_copy(self, product_id: str" in changed[resources]
    assert "async def get_copy(self, product_id: str" in changed[resources]
    assert "'/api/v1/{siteId}/products/{productId}/copy'" in changed[resources]
    assert "get_copy" not in pinned[resources]
    assert "`get_copy`" in changed["README.md"]
    for machinery in ("_core.py", "_transport.py", "_auth.py", "_errors.py", "_pagination.py"):
        assert changed[f"shopvo_client/{machinery}"] == pinned[f"shopvo_client/{machinery}"]

    # the changed client installs and imports with the new method and the new field's type
    out = tmp_path / "shopvo-python"
    for name, text in changed.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    target = pip_install_target(out, tmp_path / "site")
    probe = ("import typing, shopvo_client as s; "
             "c = s.Client('http://127.0.0.1:9', site_id='x', api_key='k'); "
             "print(callable(c.products.get_copy), "
             "typing.get_type_hints(s.models.Product)['giftWrapNote'])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True typing.Optional[str]"


USAGE = """
from shopvo_client import Client, NotFoundError
from shopvo_client.models import Product, ProductCreate

client = Client("http://127.0.0.1:8000", site_id="site_demo", api_key="sk_live_x", signing_secret="sks_x")
body: ProductCreate = {"name": "Tee", "slug": "tee", "price": 100}
product: Product = client.products.create(body)
price: int = product["price"]
for item in client.products.list_all(limit=20, expand=["variants"]):
    name: str = item["name"]
try:
    client.orders.get("ORD-1042")
except NotFoundError as error:
    message: str = error.message
"""

MISUSE = """
from shopvo_client import Client

client = Client("http://127.0.0.1:8000", site_id="site_demo", api_key="sk_live_x")
client.products.create({"name": "Tee", "slug": "tee", "price": "cheap"})
client.products.list(expand=["nothing"])
client.products.get(42)
client.products.create({"name": "Tee", "slug": "tee", "price": 1, "colour": "red"})
"""


def test_generated_python_clients_pass_mypy_strict_and_type_their_callers(tmp_path):
    """Every surface's client type-checks under `mypy --strict`; code using the Shopvo client
    type-checks, and code sending a wrong type, an unknown enum value or an unknown body field
    does not."""
    for surface in SURFACES:
        for name, text in rendered("python", surface).items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    (tmp_path / "misuse.py").write_text(MISUSE, encoding="utf-8")

    def mypy(*targets: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                               "--cache-dir", str(tmp_path / ".mypy_cache"), *targets],
                              capture_output=True, text=True, cwd=tmp_path, timeout=600)

    checked = mypy(*[f"{s}_client" for s in SURFACES], "usage.py")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    refused = mypy("misuse.py")
    errors = [line for line in refused.stdout.splitlines() if ": error:" in line]
    assert [int(line.split(":")[1]) for line in errors] == [5, 6, 7, 8], refused.stdout
    assert 'TypedDict item "price" has type "int"' in errors[0]
    assert "'nothing'" in errors[1] and "'variants', 'brand', 'categories'" in errors[1]
    assert '"int"' in errors[2] and '"colour"' in errors[3]

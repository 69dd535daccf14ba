"""The generated TypeScript clients are pinned by golden files (tests/golden/sdk/typescript/):
`python -m tests.golden.regenerate_sdk typescript` updates them. Generation is deterministic,
and a change to a spec shows in the generated client."""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.golden.regenerate_sdk import CASES, SPECS, golden, rendered

REGENERATE = "run python -m tests.golden.regenerate_sdk typescript and review the diff"


@pytest.mark.parametrize("surface", CASES["typescript"])
def test_generated_typescript_client_matches_the_golden_files(surface):
    files = rendered("typescript", surface)
    pinned = golden("typescript", surface)
    assert sorted(files) == sorted(pinned), REGENERATE
    for name, text in files.items():
        assert text == pinned[name], f"{surface}/{name} changed: {REGENERATE}"


@pytest.mark.parametrize("surface", CASES["typescript"])
def test_typescript_generation_is_deterministic(surface):
    assert rendered("typescript", surface) == rendered("typescript", surface)


def test_a_changed_spec_changes_the_generated_client(tmp_path):
    """A field added to a schema and an operation added to a path: both appear in the client
    generated from the changed copy, and nowhere in the golden files of the spec as it is."""
    copy = tmp_path / "alza"
    shutil.copytree(SPECS / "alza", copy)
    document = yaml.safe_load((copy / "openapi.yaml").read_text(encoding="utf-8"))
    schema = document["components"]["schemas"]["SupplierOrder"]
    schema.setdefault("properties", {})["giftWrapNote"] = {"type": "string", "description": "A note to wrap with."}
    get = document["paths"]["/api/v1/orders/{orderId}"]["get"]
    document["paths"]["/api/v1/orders/{orderId}/copy"] = {
        "parameters": document["paths"]["/api/v1/orders/{orderId}"].get("parameters", []),
        "get": {**get, "operationId": "getOrderCopy", "summary": "The order again, as a copy"},
    }
    (copy / "openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")

    changed = rendered("typescript", "alza", copy / "openapi.yaml")
    pinned = golden("typescript", "alza")
    assert changed["src/types.ts"] != pinned["src/types.ts"]
    assert "giftWrapNote?: string;" in changed["src/types.ts"]
    assert "giftWrapNote" not in pinned["src/types.ts"]
    assert "getCopy(orderId: string, options?: RequestOptions): Promise<T.SupplierOrder>" in changed["src/client.ts"]
    assert "getCopy(" not in pinned["src/client.ts"]
    assert "`client.orders.getCopy(orderId)`" in changed["README.md"]
    assert changed["src/runtime.ts"] == pinned["src/runtime.ts"]  # the machinery does not depend on the spec


@pytest.mark.parametrize("surface", CASES["typescript"])
def test_the_package_has_no_runtime_dependencies(surface):
    """fetch and Web Crypto only: no dependency in package.json, no import of anything but its own files."""
    import json
    import re

    files = rendered("typescript", surface)
    package = json.loads(files["package.json"])
    assert "dependencies" not in package and set(package.get("devDependencies", {})) == {"typescript"}
    for name, text in files.items():
        if name.endswith(".ts"):
            for module in re.findall(r'from\s+"([^"]+)"', text):
                assert module.startswith("./"), f"{name} imports {module}"
            assert not re.search(r"\brequire\(|[\x27\"]node:", text), name

"""Generated code is pinned by golden files; `python -m tests.golden.regenerate` updates them."""

from __future__ import annotations

import ast

import pytest

from specloom.generator.pipeline import build
from tests.golden.regenerate import CASES, HERE, rendered


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated_code_matches_the_golden_files(name):
    files = rendered(name)
    golden = {p.name: p.read_text(encoding="utf-8") for p in (HERE / name).iterdir()}
    assert sorted(files) == sorted(golden)
    for file, text in files.items():
        assert text == golden[file], f"{name}/{file} changed: run python -m tests.golden.regenerate"


@pytest.mark.parametrize("name", sorted(CASES))
def test_generation_is_deterministic_and_valid_python(name):
    first, second = rendered(name), rendered(name)
    assert first == second
    for file, text in first.items():
        ast.parse(text, filename=file)


def test_every_operation_has_one_handler_named_after_its_operation_id():
    handlers = rendered("shopvo")["handlers.py"]
    tree = ast.parse(handlers)
    names = [n.name for n in tree.body if isinstance(n, ast.AsyncFunctionDef)]
    expected = [o.function_name for o in build("shopvo", CASES["shopvo"])[0].operations]
    assert names == expected
    assert names[:3] == ["list_products", "create_product", "get_product"]
    assert len(names) == len(set(names))

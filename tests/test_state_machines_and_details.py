"""The generic pieces behind Aly, on their own: state-machine lint, declared validation-detail
styles, and `lists.append` merging. (Aly's behaviour through HTTP is in test_aly.py.)"""

from __future__ import annotations

from pathlib import Path

import yaml

from specloom.generator.ir import ValidationDetails
from specloom.generator.pipeline import lint
from specloom.runtime.actions.lists import appended
from specloom.runtime.http.validation_details import DetailStyle
from tests.support import ROOT

ALY = ROOT / "specs" / "aly" / "openapi.yaml"


def lint_variant(tmp_path: Path, change) -> list[str]:
    doc = yaml.safe_load(ALY.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    _, problems = lint(path)
    return [f"{p.level}: {p.message} @ {p.pointer}" for p in problems]


def test_lint_checks_state_machines_against_the_schema(tmp_path):
    def break_it(doc):
        machine = doc["x-specloom"]["resources"]["orders"]["stateMachine"]
        machine["transitions"]["fulfill"]["from"] = ["opened"]
        machine["transitions"]["fulfill"]["set"]["shipped_on"] = "$now"
        machine["transitions"]["cancel"]["set"]["cancelled_at"] = "$yesterday"
        fulfil = doc["paths"]["/api/storefront/v1/stores/{store}/orders/{order}/fulfill"]["post"]
        fulfil["x-specloom"]["with"]["transition"] = "ship"

    problems = lint_variant(tmp_path, break_it)
    assert any("from state 'opened' is not one of pending, open, fulfilled" in p for p in problems), problems
    assert any("'shipped_on' is not a property of Order" in p for p in problems), problems
    assert any("unknown placeholder $yesterday" in p for p in problems), problems
    assert any("unknown transition 'ship'; declared: confirmPayment, failPayment, fulfill, cancel" in p for p in problems), problems


def test_lint_checks_detail_placeholders(tmp_path):
    def break_it(doc):
        doc["x-specloom"]["errors"]["validation"]["keywords"]["minimum"] = {"code": "too_small", "min": "$limit"}

    problems = lint_variant(tmp_path, break_it)
    assert any("unknown placeholder $limit" in p and "/keywords/minimum" in p for p in problems), problems


def test_the_aly_spec_is_clean(tmp_path):
    assert lint_variant(tmp_path, lambda doc: None) == []


def raw(path, code, message="m", **facts):
    return {"path": path, "code": code, "message": message, **facts}


def test_a_declared_style_keeps_located_paths_unless_told():
    style = DetailStyle(ValidationDetails(keywords={"minimum": {"code": "too_small", "min": "$expected"}}))
    detail = raw("body.items.0.qty", "minimum", _prefix="body", _parts=["items", "0", "qty"],
                 _keyword="minimum", _expected=1)
    assert style.render(detail) == {"path": "body.items.0.qty", "code": "too_small", "message": "m", "min": 1}
    missing = raw("body", "required", _prefix="body", _parts=[], _keyword="required", _expected="name")
    assert style.render(missing)["path"] == "body.name"
    assert style.message(detail, "default") == "default"
    # details the runtime builds itself (no private facts) are styled from their path and code
    assert style.render(raw("query.limit", "unknown_parameter")) == {
        "path": "query.limit", "code": "unknown_parameter", "message": "m"}
    bare = DetailStyle(ValidationDetails(bare_paths=True, item={"at": "$path", "why": "$keyword"},
                                         messages={"query": "Bad query."}))
    assert bare.render(raw("query.limit", "maximum", _prefix="query.limit", _parts=[], _keyword="maximum",
                           _expected=100)) == {"at": "limit", "why": "maximum"}
    assert bare.message(raw("query.limit", "maximum"), "default") == "Bad query."


def test_appending_merges_on_keys_and_sums():
    settings = {"field": "line_items", "mergeOn": ["product_id", "variant_id"], "sum": ["quantity"], "idPrefix": "li_"}
    first = appended([], [{"product_id": "p1", "quantity": 1}], settings)
    assert first[0]["id"].startswith("li_") and first[0]["quantity"] == 1
    second = appended(first, [{"product_id": "p1", "quantity": 2, "note": "gift"},
                              {"product_id": "p1", "variant_id": "v", "quantity": 1}], settings)
    assert [(i["product_id"], i.get("variant_id"), i["quantity"]) for i in second] == [("p1", None, 3), ("p1", "v", 1)]
    assert second[0]["id"] == first[0]["id"] and second[0]["note"] == "gift"
    assert first[0]["quantity"] == 1  # the input list is not changed
    plain = appended([{"a": 1}], [{"a": 1}], {"field": "x"})
    assert plain == [{"a": 1}, {"a": 1}]

"""JSON Schema 2020-12 keywords are enforced on requests, with the surface's error envelope
naming the field (the keywords fixture answers 422 with {error: {code, message, details}})."""

from __future__ import annotations

import pytest

VALID = {
    "kind": "widget",
    "nickname": None,
    "ratio": 0.5,
    "point": [1.5, 2],
    "dimensions": {"width": 3, "height": 4},
    "color": "green",
    "launchAt": "2026-11-22T10:00:00Z",
    "creditCard": "4242",
    "billingAddress": "1 Main St",
}


def test_a_valid_body_passes(keywords):
    r = keywords.client.post("/widgets", json=VALID)
    assert r.status_code == 201, r.text
    assert r.json()["data"]["id"].startswith("wid_")
    assert r.json()["data"]["nickname"] is None


@pytest.mark.parametrize(
    "change, path, code",
    [
        ({"nickname": 5}, "body.nickname", "type"),  # type: [string, "null"]
        ({"kind": "gadget"}, "body.kind", "const"),  # const
        ({"ratio": 0}, "body.ratio", "exclusive_minimum"),  # exclusiveMinimum
        ({"ratio": 1}, "body.ratio", "exclusive_maximum"),  # exclusiveMaximum
        ({"point": [1, "two"]}, "body.point.1", "type"),  # prefixItems
        ({"point": [1, 2, 3]}, "body.point.2", "items"),  # items: false after prefixItems
        ({"dimensions": {"width": 0, "height": 1}}, "body.dimensions.width", "minimum"),  # $defs + $ref
        ({"dimensions": {"width": 1}}, "body.dimensions", "required"),  # $defs + $ref
        ({"surprise": True}, "body", "unevaluated_properties"),  # unevaluatedProperties: false
        ({"billingAddress": None, "creditCard": "4242"}, "body.billingAddress", "type"),
        ({"color": "purple"}, "body.color", "enum"),  # enum
        ({"launchAt": "yesterday"}, "body.launchAt", "format"),  # format: date-time
    ],
)
def test_each_keyword_rejects_a_violating_body(keywords, change, path, code):
    body = {**VALID, **change}
    r = keywords.client.post("/widgets", json=body)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "validation_failed"
    assert any(d["path"] == path and d["code"] == code for d in error["details"]), error
    assert path in error["message"] or path == "body"


def test_dependent_required(keywords):
    body = {k: v for k, v in VALID.items() if k != "billingAddress"}
    r = keywords.client.post("/widgets", json=body)
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert [d["code"] for d in details] == ["dependent_required"]
    assert "billingAddress" in details[0]["message"]


def test_unevaluated_properties_sees_through_allof(keywords):
    """Properties declared in another allOf branch are evaluated, so they are allowed."""
    r = keywords.client.post("/widgets", json={"kind": "widget", "creditCard": "1", "billingAddress": "x"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    "query, path, code",
    [
        ("minRatio=0", "query.minRatio", "exclusive_minimum"),
        ("minRatio=1", "query.minRatio", "exclusive_maximum"),
        ("minRatio=abc", "query.minRatio", "type"),
        ("color=purple", "query.color", "enum"),
        ("colour=red", "query.colour", "unknown_parameter"),
        ("color=red&color=blue", "query.color", "repeated_parameter"),
    ],
)
def test_query_parameters_are_validated(keywords, query, path, code):
    r = keywords.client.get(f"/widgets?{query}")
    assert r.status_code == 422, r.text
    detail = r.json()["error"]["details"][0]
    assert (detail["path"], detail["code"]) == (path, code)


def test_valid_query_parameters_are_coerced_and_pass(keywords):
    keywords.client.post("/widgets", json={**VALID, "color": "red"})
    keywords.client.post("/widgets", json={**VALID, "color": "blue"})
    r = keywords.client.get("/widgets?color=red&minRatio=0.25", headers={"X-Trace": "deadbeef"})
    assert r.status_code == 200, r.text
    assert [w["color"] for w in r.json()["data"]] == ["red"]


def test_header_parameters_are_validated(keywords):
    r = keywords.client.get("/widgets", headers={"X-Trace": "nope"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["path"] == "header.X-Trace"

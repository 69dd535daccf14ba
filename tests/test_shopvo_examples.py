"""Shopvo's spec as a document readers rely on: the request and response examples of the catalog,
webhook subscription and store credit operations, and of the events in the top-level `webhooks`
section, validate against the schema beside them (JSON Schema 2020-12); the section describes
the seven events the reference lists; creates link to their get, update and delete."""

from __future__ import annotations

from typing import Any, Iterator

import jsonschema_rs
import pytest
import yaml

from specloom.generator.build import bundle
from tests.support import ROOT

DOC = yaml.safe_load((ROOT / "specs" / "shopvo" / "openapi.yaml").read_text())
OWNED = ("products", "categories", "brands", "webhooks", "store-credit")  # the operations whose examples are checked here
EVENTS = ["order.created", "order.updated", "payment.confirmed", "payment.failed", "inventory.low",
          "cart.abandoned", "review.created"]


def resolve(node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target: Any = DOC
        for token in node["$ref"][2:].split("/"):
            target = target[token]
        node = target
    return node


def media_examples() -> Iterator[tuple[str, dict, Any]]:
    """(where, schema, example value) of every example of a request body or response."""
    items = [(f"paths {p}", item) for p, item in DOC["paths"].items() if p.split("/")[4] in OWNED]
    items += [(f"webhooks {name}", item) for name, item in DOC.get("webhooks", {}).items()]
    for where, item in items:
        for method, op in item.items():
            if not isinstance(op, dict) or method == "parameters":
                continue
            bodies = [("request", resolve(op.get("requestBody") or {}))]
            bodies += [(status, resolve(r)) for status, r in (op.get("responses") or {}).items()]
            for label, body in bodies:
                for media in (body.get("content") or {}).values():
                    for name, example in (media.get("examples") or {}).items():
                        yield f"{where} {method} {label} {name}", media["schema"], resolve(example)["value"]
                    if "example" in media:
                        yield f"{where} {method} {label} example", media["schema"], media["example"]


EXAMPLES = list(media_examples())


def test_the_spec_carries_the_references_examples():
    assert len(EXAMPLES) > 30


@pytest.mark.parametrize("where, schema, value", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_validates_against_its_schema(where, schema, value):
    validator = jsonschema_rs.validator_for(bundle(DOC, schema), validate_formats=True)
    problems = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(value)]
    assert not problems, problems


def test_the_webhooks_section_describes_the_seven_events_with_the_reference_payload():
    assert sorted(DOC["webhooks"]) == sorted(EVENTS)
    assert sorted(DOC["x-specloom"]["webhooks"]["events"]) == sorted(EVENTS)
    created = DOC["webhooks"]["order.created"]["post"]["requestBody"]["content"]["application/json"]
    assert created["examples"]["reference"]["value"] == {
        "event": "order.created", "timestamp": "2026-04-21T12:00:00Z", "siteId": "site_abc",
        "data": {"id": "order_xyz", "number": "ORD-1042", "total": 7137}}
    for event in EVENTS:
        post = DOC["webhooks"][event]["post"]
        assert resolve(post["parameters"][0])["name"] == "X-Shopvo-Signature"


@pytest.mark.parametrize("create, targets", [
    ("createProduct", {"getProduct", "updateProduct", "deleteProduct"}),
    ("createProductVariant", {"updateProductVariant", "deleteProductVariant"}),
    ("createWebhook", {"deleteWebhook"}),
    ("adjustStoreCredit", {"getStoreCredit"}),
])
def test_creates_link_to_their_get_update_and_delete(create, targets):
    ops = {op["operationId"]: op for item in DOC["paths"].values() for m, op in item.items()
           if isinstance(op, dict) and "operationId" in op}
    responses = ops[create]["responses"]
    success = next(r for s, r in responses.items() if str(s).startswith("2"))
    assert targets <= {link["operationId"] for link in success["links"].values()}


def test_lint_refuses_links_to_nowhere_and_events_outside_the_catalogue(tmp_path):
    import copy

    from specloom.generator.pipeline import lint

    doc = copy.deepcopy(DOC)
    created = doc["paths"]["/api/v1/{siteId}/products"]["post"]["responses"]["201"]
    created["links"]["GetCreatedProduct"]["operationId"] = "getProdcut"
    created["links"]["UpdateCreatedProduct"]["parameters"]["productID"] = "$response.body#/data/id"
    doc["webhooks"]["order.deleted"] = doc["webhooks"]["order.created"]
    del doc["webhooks"]["review.created"]
    path = tmp_path / "shopvo" / "openapi.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    _, problems = lint(path)
    found = {(p.level, p.message) for p in problems}
    assert ("error", "link GetCreatedProduct: no operation 'getProdcut'") in found
    assert ("error", "link UpdateCreatedProduct: updateProduct has no parameter 'productID'") in found
    assert ("error", "webhooks: 'order.deleted' is not an event of x-specloom.webhooks.events") in found
    assert ("warning", "event 'review.created' is not described in the top-level webhooks section") in found

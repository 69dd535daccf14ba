"""Timestamps: a resource's `timestamps` names the fields stamped when a record is created and
changed; without it the schema's `createdAt`/`updatedAt` or `created_at`/`updated_at` are used;
`timestamps: false` stamps nothing."""

from __future__ import annotations

import pytest
import yaml

from specloom.generator.pipeline import lint
from tests.support import FIXTURES, serve
from tests.test_alva import seed_asset

NOTES = "/workspaces/ws_1/notes"


def notebook_variant(tmp_path, *, rename: dict[str, str], timestamps=None):
    doc = yaml.safe_load((FIXTURES / "notebook" / "openapi.yaml").read_text())
    props = doc["components"]["schemas"]["Note"]["properties"]
    for old, new in rename.items():
        props[new] = props.pop(old)
    notes = doc["x-specloom"]["resources"]["notes"]
    notes["readOnly"] = [rename.get(f, f) for f in notes["readOnly"]]
    if timestamps is not None:
        notes["timestamps"] = timestamps
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    return spec


def create_note(served) -> dict:
    h = {**served.auth("ws_1", ["notes:read", "notes:write"]), "Idempotency-Key": "k1"}
    r = served.client.post(NOTES, headers=h, json={"text": "hello"})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.mark.parametrize("rename", [{}, {"createdAt": "created_at", "updatedAt": "updated_at"}])
def test_the_usual_spellings_are_stamped_without_a_declaration(rename, tmp_path):
    spec = notebook_variant(tmp_path, rename=rename)
    with serve("notebook", tmp_path, spec=spec) as served:
        note = create_note(served)
    created, updated = rename.get("createdAt", "createdAt"), rename.get("updatedAt", "updatedAt")
    assert note[created].endswith("Z") and note[created] == note[updated]


def test_declared_fields_are_stamped_and_others_are_left_alone(tmp_path):
    spec = notebook_variant(tmp_path, rename={"createdAt": "made_on"},
                            timestamps={"created": "made_on", "updated": None})
    with serve("notebook", tmp_path, spec=spec) as served:
        note = create_note(served)
    assert note["made_on"].endswith("Z")
    assert "updatedAt" not in note  # declared as not stamped, though the schema has it


def test_false_stamps_nothing(tmp_path):
    spec = notebook_variant(tmp_path, rename={}, timestamps=False)
    with serve("notebook", tmp_path, spec=spec) as served:
        note = create_note(served)
    assert "createdAt" not in note and "updatedAt" not in note


def test_a_declared_field_the_schema_lacks_is_a_lint_error(tmp_path):
    spec = notebook_variant(tmp_path, rename={}, timestamps={"created": "madeOn"})
    _, problems = lint(spec)
    assert [(p.level, p.message, p.pointer) for p in problems if "timestamps" in p.pointer] == [
        ("error", "timestamps created: 'madeOn' is not a property of Note",
         "/x-specloom/resources/notes/timestamps/created")]


def test_snake_case_records_of_alva_are_stamped_on_create_and_update(tmp_path):
    with serve("alva", tmp_path) as alva:
        alva.call(alva.runtime.store.put_tenant, "alva", "shop_a", True)
        h = {**alva.auth("shop_a", ["mappings:read", "mappings:write"])}
        asset = seed_asset(alva)
        body = {"shopify_product_id": "gid://shopify/Product/1", "asset_ids": [asset["id"]]}
        first = alva.client.post("/api/v1/mappings", json=body, headers={**h, "Idempotency-Key": "m1"})
        assert first.status_code in (200, 201), first.text
        made = first.json()
        again = alva.client.post("/api/v1/mappings", json={**body, "download_limit": 3},
                                headers={**h, "Idempotency-Key": "m2"})
        assert again.status_code == 200, again.text
        changed = again.json()
    made, changed = made["data"], changed["data"]
    assert made["created_at"] == made["updated_at"]
    assert changed["created_at"] == made["created_at"] and changed["updated_at"] >= made["updated_at"]

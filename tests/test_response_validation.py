"""Responses are checked against the spec in tests and dev; production may switch it off."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from tests.support import FIXTURES, serve

SPEC = FIXTURES / "contract" / "openapi.yaml"


def test_a_response_breaking_the_spec_is_a_500_in_the_error_envelope(tmp_path, caplog):
    with serve("contract", tmp_path, spec=SPEC) as api:
        r = api.client.post("/notes", json={"text": "hi"})
    assert r.status_code == 500
    body = r.json()
    assert body["message"] == "Internal server error: the response did not match the API contract"
    assert body["requestId"].startswith("req_") and r.headers["x-request-id"] == body["requestId"]
    assert "Traceback" not in r.text
    assert any("serial" in rec.getMessage() for rec in caplog.records)


def test_response_validation_can_be_switched_off(tmp_path):
    with serve("contract", tmp_path, spec=SPEC, settings=Settings(validate_responses=False)) as api:
        r = api.client.post("/notes", json={"text": "hi"})
    assert r.status_code == 201
    assert r.json()["data"]["text"] == "hi"


def test_an_unexpected_exception_is_a_500_without_a_trace(tmp_path, monkeypatch):
    with serve("contract", tmp_path, spec=SPEC) as api:
        async def boom(*args, **kwargs):
            raise RuntimeError("secret internals")

        monkeypatch.setattr(api.runtime.store, "insert", boom)
        r = api.client.post("/notes", json={"text": "hi"})
    assert r.status_code == 500
    assert "secret internals" not in r.text and "Traceback" not in r.text
    assert r.json()["message"].startswith("Internal server error (request req_")


def test_an_operation_can_name_a_hook(tmp_path):
    with serve("contract", tmp_path, spec=SPEC, settings=Settings(validate_responses=False)) as api:
        api.client.post("/notes", json={"text": "a"})
        api.client.post("/notes", json={"text": "b"})
        r = api.client.get("/notes/count")
    assert r.status_code == 200 and r.json() == {"count": 2}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_write_answered_with_a_500_leaves_nothing_written(backend, tmp_path, request):
    """The handler's insert and its failed response are one unit of work: rolled back whole."""
    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'contract.db'}"
    with serve("contract", tmp_path, spec=SPEC, backend=url) as api:
        assert api.client.post("/notes", json={"text": "hi"}).status_code == 500
    with serve("contract", tmp_path, spec=SPEC, backend=url, settings=Settings(validate_responses=False)) as api:
        assert api.client.get("/notes/count").json() == {"count": 0}
        assert api.client.post("/notes", json={"text": "hi"}).status_code == 201
        assert api.client.get("/notes/count").json() == {"count": 1}

"""Keyset cursor pagination declared by the notebook spec (limit/cursor → next_cursor)."""

from __future__ import annotations

NOTES = "/workspaces/ws_1/notes"


def make_notes(api, n, tenant="ws_1", **extra):
    """Create n notes (a fresh key each, to stay under the notebook's burst limit of 5);
    returns headers with another fresh key for reading."""
    for i in range(n):
        h = {**api.auth(tenant, ["notes:write"]), "Idempotency-Key": f"{tenant}-{i}"}
        assert api.client.post(f"/workspaces/{tenant}/notes", json={"text": f"n{i}", **extra}, headers=h).status_code == 201
    return api.auth(tenant, ["notes:read", "notes:write"])


def test_walking_pages_yields_each_item_once_even_with_inserts_between_pages(tmp_path):
    from specloom.runtime.config import Settings
    from tests.support import FIXTURES, serve

    with serve("notebook", tmp_path, spec=FIXTURES / "notebook" / "openapi.yaml",
               settings=Settings(rate_limits=False)) as api:
        h = make_notes(api, 5)
        seen, cursor, pages = [], None, 0
        while True:
            url = NOTES + "?limit=2" + (f"&cursor={cursor}" if cursor else "")
            body = api.client.get(url, headers=h).json()
            assert set(body) == {"data", "next_cursor"}
            seen += [n["text"] for n in body["data"]]
            pages += 1
            if pages == 1:  # inserted while walking: appears at the end, nothing lost or repeated
                api.client.post(NOTES, json={"text": "late"}, headers={**h, "Idempotency-Key": "late"})
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert seen == ["n0", "n1", "n2", "n3", "n4", "late"]


def test_a_cursor_is_bound_to_its_tenant_and_query(notebook):
    h = make_notes(notebook, 3)
    cursor = notebook.client.get(NOTES + "?limit=1", headers=h).json()["next_cursor"]
    other = notebook.auth("ws_2", ["notes:read"])
    r = notebook.client.get(f"/workspaces/ws_2/notes?limit=1&cursor={cursor}", headers=other)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_cursor"
    r = notebook.client.get(f"{NOTES}?limit=1&pinned=true&cursor={cursor}", headers=h)
    assert r.status_code == 400
    r = notebook.client.get(f"{NOTES}?limit=1&cursor={cursor}", headers=h)
    assert r.status_code == 200


def test_bare_resource_and_204_delete(notebook):
    h = make_notes(notebook, 1)
    note = notebook.client.get(NOTES, headers=h).json()["data"][0]
    got = notebook.client.get(f"{NOTES}/{note['id']}", headers=h)
    assert got.json() == note  # the notebook declares bare-resource responses
    r = notebook.client.delete(f"{NOTES}/{note['id']}", headers={**h, "Idempotency-Key": "del"})
    assert r.status_code == 204 and r.content == b""

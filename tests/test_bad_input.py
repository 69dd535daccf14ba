"""Bad requests get the surface's error envelope with a clear message, never a 500."""

from __future__ import annotations

from specloom.runtime.config import Settings
from tests.support import serve

PRODUCTS = "/api/v1/site_demo/products"


def test_malformed_json(shopvo):
    r = shopvo.client.post(PRODUCTS, content=b'{"name": ', headers={**shopvo.auth(), "content-type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"].startswith("Malformed JSON in request body")


def test_wrong_content_type(shopvo):
    r = shopvo.client.post(PRODUCTS, content=b"name=x", headers={**shopvo.auth(), "content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    assert r.json() == {"error": "Content-Type must be application/json"}


def test_missing_body(shopvo):
    r = shopvo.client.post(PRODUCTS, headers=shopvo.auth())
    assert r.status_code == 400
    assert r.json() == {"error": "body: request body is required"}


def test_unknown_query_parameter(shopvo):
    r = shopvo.client.get(PRODUCTS + "?colour=red", headers=shopvo.auth())
    assert r.status_code == 400
    assert r.json() == {"error": "query.colour: unknown query parameter 'colour'"}


def test_a_missing_required_field_names_it(shopvo):
    r = shopvo.client.post(PRODUCTS, json={"name": "x", "slug": "x"}, headers=shopvo.auth())
    assert r.status_code == 400
    assert "price" in r.json()["error"]


def test_body_over_the_default_limit_is_413(shopvo):
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    r = shopvo.client.post(PRODUCTS, content=big, headers={**shopvo.auth(), "content-type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {"error": "Request body exceeds the limit of 1048576 bytes"}


def test_body_limit_is_configurable_and_applies_without_content_length(tmp_path):
    with serve("shopvo", tmp_path, settings=Settings(max_body_bytes=64)) as api:
        h = {**api.auth(), "content-type": "application/json"}

        def chunks():
            yield b'{"name": "'
            yield b"y" * 100
            yield b'", "slug": "a", "price": 1}'

        r = api.client.post(PRODUCTS, content=chunks(), headers=h)  # chunked: no Content-Length
        assert r.status_code == 413
        assert r.json() == {"error": "Request body exceeds the limit of 64 bytes"}
        ok = api.client.post(PRODUCTS, json={"name": "a", "slug": "a", "price": 1}, headers=h)
        assert ok.status_code == 201


def test_unknown_route_and_wrong_method(shopvo):
    r = shopvo.client.get("/api/v2/nothing-here")
    assert (r.status_code, r.json()) == (404, {"error": "Not found"})
    r = shopvo.client.put(PRODUCTS, json={}, headers=shopvo.auth())
    assert (r.status_code, r.json()) == (405, {"error": "Method not allowed"})


def test_limit_over_the_maximum(shopvo):
    r = shopvo.client.get(PRODUCTS + "?limit=101", headers=shopvo.auth())
    assert r.status_code == 400
    assert r.json() == {"error": "query.limit: 101 is greater than the maximum of 100"}


def test_nul_characters_are_refused_alike_on_every_backend(shopvo):
    h = shopvo.auth()
    r = shopvo.client.post(PRODUCTS, json={"name": "a\u0000b", "slug": "nul", "price": 1}, headers=h)
    assert r.status_code == 400
    assert r.json() == {"error": "body.name: NUL characters are not allowed"}
    r = shopvo.client.get(PRODUCTS + "?search=a%00b", headers=h)
    assert r.status_code == 400 and "NUL" in r.json()["error"]

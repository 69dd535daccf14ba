"""What the runtime makes of the values a request carries (issue 10, faults 3, 7 and 15), over
HTTP on the real surfaces:

- a JSON body nested past the runtime's limit (default 64 levels) is the surface's validation
  error, never a 500 — on public operations of Shopvo, Aly and Scalev;
- `type: integer` fields hold integers whatever the client's spelling (`5.0`, `1E2`), stored and
  returned so, on SQLite and PostgreSQL;
- numbers in the query are ASCII digits only (`limit=５` is refused);
- a cursor page takes `next_cursor` or `previous_cursor`, not both."""

from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from tests.support import pinned_clock, serve

SHOPVO = "/api/v1/site_demo"


def nested(depth: int, leaf=1):
    """A value `depth` arrays deep around `leaf`."""
    for _ in range(depth):
        leaf = [leaf]
    return leaf


def raw_nested(depth: int) -> bytes:
    return b"[" * depth + b"1" + b"]" * depth


# -- nesting depth ---------------------------------------------------------------------------
@pytest.mark.parametrize("depth", [65, 300, 1000, 2000])
def test_a_deep_body_on_a_public_shopvo_operation_is_a_validation_error(shopvo, depth):
    body = b'{"code": "WELCOME", "cartTotal": 100, "email": ' + raw_nested(depth - 1) + b"}"
    r = shopvo.client.post(f"{SHOPVO}/promotions/validate", content=body,
                           headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.json() == {"error": "body: JSON nested more than 64 levels deep (the server's limit, "
                                 "SPECLOOM_MAX_JSON_DEPTH)"}


def test_a_body_within_the_limit_reaches_the_schema(shopvo):
    """64 levels is allowed: the schema itself answers (here: email is not an array)."""
    r = shopvo.client.post(f"{SHOPVO}/promotions/validate",
                           json={"code": "WELCOME", "cartTotal": 100, "email": nested(63)})
    assert r.status_code == 400, r.text
    assert r.json()["error"].startswith("body.email: ")


def test_a_deep_body_on_alys_public_cart_is_a_validation_error(tmp_path):
    with serve("aly", tmp_path) as aly:
        r = aly.client.post("/api/storefront/v1/stores/acme/carts", json={"email": nested(300)})
        assert r.status_code == 400, r.text
        assert r.json()["error"]["code"] == "validation_failed"
        assert r.json()["error"]["details"][0]["code"] == "max_depth"


def test_a_deep_body_on_scalevs_registration_is_its_422(tmp_path):
    with serve("scalev", tmp_path) as scalev:
        family = scalev.runtime.families["storefrontKey"]
        key = scalev.call(lambda: family.issue("store_kopi", (), origins=[]))["token"]
        r = scalev.client.post("/v3/stores/store_kopi/public/auth/register",
                               json={"email": "a@example.com", "password": "correct-horse", "name": nested(500)},
                               headers={"X-Scalev-Storefront-Api-Key": key})
        assert r.status_code == 422, r.text
        assert set(r.json()) == {"error", "error_code"}


def test_the_depth_limit_is_a_setting(tmp_path):
    settings = Settings(max_json_depth=3, clock=pinned_clock)
    with serve("shopvo", tmp_path, settings=settings) as shopvo:
        r = shopvo.client.post(f"{SHOPVO}/promotions/validate",
                               json={"code": "WELCOME", "cartTotal": 100, "email": nested(3)})
        assert r.status_code == 400
        assert "nested more than 3 levels" in r.json()["error"]


# -- integers --------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", "postgres"])
def shopvo_on(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend) as served:
        yield served


def test_an_integer_field_sent_as_1E2_is_stored_and_returned_as_100(shopvo_on):
    key = shopvo_on.auth()
    body = b'{"name": "Mug", "slug": "mug", "price": 1E2, "compareAtPrice": 250.0}'
    r = shopvo_on.client.post(f"{SHOPVO}/products", content=body,
                              headers={**key, "Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    assert b'"price":100,' in r.content and b'"compareAtPrice":250,' in r.content
    product = r.json()["data"]["id"]
    again = shopvo_on.client.get(f"{SHOPVO}/products/{product}", headers=key)
    assert b'"price":100,' in again.content and b'"compareAtPrice":250,' in again.content
    r = shopvo_on.client.patch(f"{SHOPVO}/products/{product}", content=b'{"price": 3.0e3}',
                               headers={**key, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert b'"price":3000,' in shopvo_on.client.get(f"{SHOPVO}/products/{product}", headers=key).content


def test_a_ledger_credited_5_point_0_keeps_an_integer_balance(shopvo_on):
    key = shopvo_on.auth()
    url = f"{SHOPVO}/store-credit/cus_1"
    for amount in (b"5.0", b"2E1"):
        r = shopvo_on.client.post(url, content=b'{"type": "CREDIT", "amount": %s}' % amount,
                                  headers={**key, "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
    assert r.json()["data"]["balance"] == 25 and b'"balance":25' in r.content
    account = shopvo_on.client.get(url, headers=key).json()["data"]
    assert account["balance"] == 25 and type(account["balance"]) is int
    assert [type(t["amount"]) for t in account["transactions"]] == [int, int]  # no amount kept as a float


# -- query numbers and cursors ---------------------------------------------------------------
@pytest.mark.parametrize("value", ["５", "１０", "٣", "1_0", " 5", "5 ", "+５"])
def test_query_numbers_are_ascii_digits_only(shopvo, value):
    key = shopvo.auth()
    r = shopvo.client.get(f"{SHOPVO}/products", params={"limit": value}, headers=key)
    assert r.status_code == 400, (value, r.text)
    assert r.json()["error"].startswith("query.limit: ")
    assert shopvo.client.get(f"{SHOPVO}/products", params={"page": value}, headers=key).status_code == 400
    assert shopvo.client.get(f"{SHOPVO}/products", params={"limit": "5"}, headers=key).status_code == 200


def test_scalev_refuses_next_and_previous_cursor_together(tmp_path):
    with serve("scalev", tmp_path) as scalev:
        key = scalev.auth("store_kopi")
        for i in range(5):
            r = scalev.client.post("/v3/products", headers=key, json={"name": f"Kopi {i}", "price": 1000 + i})
            assert r.status_code == 201, r.text
        first = scalev.client.get("/v3/products?page_size=2", headers=key).json()
        second = scalev.client.get(f"/v3/products?page_size=2&next_cursor={first['next_cursor']}", headers=key).json()
        both = scalev.client.get(f"/v3/products?page_size=2&next_cursor={second['next_cursor']}"
                                 f"&previous_cursor={second['previous_cursor']}", headers=key)
        assert both.status_code == 400, both.text  # the source: an invalid parameter or cursor is 400
        assert set(both.json()) == {"error", "error_code"}
        assert "previous_cursor" in both.json()["error"]
        # each alone still pages
        assert scalev.client.get(f"/v3/products?page_size=2&previous_cursor={second['previous_cursor']}",
                                 headers=key).status_code == 200
        # an empty cursor is no cursor (the first page): with the other one it is no conflict
        assert scalev.client.get(f"/v3/products?page_size=2&next_cursor={second['next_cursor']}&previous_cursor=",
                                 headers=key).status_code == 200

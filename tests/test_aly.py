"""Aly (`/api/storefront/v1/`): the overview's own examples, through HTTP.

A public storefront half (catalog, guest carts) and a merchant half behind scoped bearer
credentials (`aly_…` keys; `aly_oauth_…` tokens in tests/test_aly_oauth.py) with an order state machine, all declared in
specs/aly/openapi.yaml with no surface-specific Python.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.support import serve

BASE = "/api/storefront/v1/stores"
ACME = f"{BASE}/acme"
GLOBEX = f"{BASE}/globex"
EXAMPLE_ERROR = (b'{"error":{"code":"validation_failed","message":"Body did not pass validation.",'
                 b'"details":[{"path":"line_items.0.quantity","code":"too_small","min":1}]}}')


@pytest.fixture(params=["sqlite", "postgres"])
def aly(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("aly", tmp_path, backend=backend) as served:
        yield served


def merchant(aly, store="acme", scopes=("admin:*",), prefix=None):
    kwargs = {"prefix": prefix} if prefix else {}
    return {"Authorization": f"Bearer {aly.issue_key(store, scopes, **kwargs).token}"}


def new_product(aly, headers, handle, **extra):
    r = aly.client.post(f"{ACME}/products", headers=headers,
                        json={"title": handle.replace("-", " ").title(), "handle": handle, "price": 4900, **extra})
    assert r.status_code == 201, r.text
    return r.json()["data"]


def new_order(aly, headers, store=ACME, total=9800):
    r = aly.client.post(f"{store}/orders", headers=headers, json={
        "email": "ada@example.com",
        "line_items": [{"product_id": "prod_1", "quantity": 2, "unit_amount": total // 2}],
        "total_amount": total})
    assert r.status_code == 201, r.text
    return r.json()["data"]


# -- the overview's error example -------------------------------------------------------------
def test_the_documented_validation_error_is_reproduced_byte_for_byte(aly):
    body = {"line_items": [{"product_id": "prod_1", "quantity": 0}]}
    r = aly.client.post(f"{ACME}/carts", json=body)
    assert r.status_code == 400
    assert r.content == EXAMPLE_ERROR
    cart = aly.client.post(f"{ACME}/carts", json={}).json()["data"]
    r = aly.client.post(f"{ACME}/carts/{cart['id']}/line_items", json=body)
    assert (r.status_code, r.content) == (400, EXAMPLE_ERROR)


def test_other_validation_failures_speak_the_same_vocabulary(aly):
    r = aly.client.post(f"{ACME}/carts", json={"line_items": [{"quantity": 1000}], "coupon": "X"})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "validation_failed" and error["message"] == "Body did not pass validation."
    assert sorted(error["details"], key=lambda d: d["path"]) == [
        {"path": "", "code": "unrecognized_keys", "keys": ["coupon"]},
        {"path": "line_items.0.product_id", "code": "required"},
        {"path": "line_items.0.quantity", "code": "too_big", "max": 999},
    ]
    r = aly.client.post(f"{ACME}/carts", json={"line_items": "many"})
    assert r.json()["error"]["details"] == [{"path": "line_items", "code": "invalid_type", "expected": "array"}]
    r = aly.client.get(f"{ACME}/products?limit=500")
    assert r.status_code == 400
    assert r.json() == {"error": {"code": "validation_failed", "message": "Query did not pass validation.",
                                  "details": [{"path": "limit", "code": "too_big", "max": 100}]}}
    r = aly.client.post(f"{ACME}/carts", content=b"{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"


# -- the public storefront half ---------------------------------------------------------------
def test_the_storefront_needs_no_bearer(aly):
    h = merchant(aly)
    shirt = new_product(aly, h, "linen-shirt")
    new_product(aly, h, "draft-hat", status="draft")
    listed = aly.client.get(f"{ACME}/products")
    assert listed.status_code == 200
    assert [p["handle"] for p in listed.json()["data"]] == ["linen-shirt"]  # active products only
    assert listed.json()["next_cursor"] is None
    assert aly.client.get(f"{ACME}/products?q=LINEN").json()["data"][0]["id"] == shirt["id"]
    by_handle = aly.client.get(f"{ACME}/products/linen-shirt")
    assert by_handle.status_code == 200 and by_handle.json()["data"]["price"] == 4900  # minor units

    cart = aly.client.post(f"{ACME}/carts", json={"line_items": [{"product_id": shirt["id"], "quantity": 1}]})
    assert cart.status_code == 201
    cart_id = cart.json()["data"]["id"]
    assert cart_id.startswith("cart_") and cart.json()["data"]["currency"] == "usd"
    other = new_product(aly, h, "wool-socks", price=1200)
    added = aly.client.post(f"{ACME}/carts/{cart_id}/line_items", json={"line_items": [
        {"product_id": shirt["id"], "quantity": 2}, {"product_id": other["id"], "variant_id": "var_l", "quantity": 1}]})
    assert added.status_code == 200
    lines = added.json()["data"]["line_items"]
    assert all(line.pop("id").startswith("li_") for line in lines)  # lines get ids, and catalog prices
    assert lines == [
        {"product_id": shirt["id"], "quantity": 3, "unit_amount": 4900, "title": "Linen Shirt"},
        {"product_id": other["id"], "variant_id": "var_l", "quantity": 1, "unit_amount": 1200, "title": "Wool Socks"}]
    assert added.json()["data"]["subtotal"] == 3 * 4900 + 1200
    assert aly.client.get(f"{ACME}/carts/{cart_id}").json() == added.json()
    # another store's cart does not exist here
    assert aly.client.get(f"{GLOBEX}/carts/{cart_id}").status_code == 404
    assert aly.client.get(f"{GLOBEX}/products/linen-shirt").status_code == 404


def test_cursor_pagination_walks_every_product_once(aly):
    h = merchant(aly)
    handles = [f"product-{i}" for i in range(7)]
    for handle in handles:
        new_product(aly, h, handle)
    seen, cursor, pages = [], None, 0
    while True:
        url = f"{ACME}/products?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = aly.client.get(url).json()
        seen += [p["handle"] for p in page["data"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == handles and pages == 3
    first = aly.client.get(f"{ACME}/products?limit=3").json()["next_cursor"]
    tampered = first[:-2] + ("AA" if not first.endswith("AA") else "BB")
    r = aly.client.get(f"{ACME}/products?limit=3&cursor={tampered}")
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_cursor"
    # a cursor is bound to its store
    assert aly.client.get(f"{GLOBEX}/products?limit=3&cursor={first}").status_code == 400


# -- the merchant half: bearer, scopes, workspaces ---------------------------------------------
def test_bad_bearers_all_get_the_same_401(aly):
    issued = aly.issue_key("acme", ("orders:read",))
    revoked = aly.issue_key("acme", ("orders:read",))
    assert aly.call(aly.runtime.api_keys.revoke, revoked.key_id) is True
    cases = {
        "missing": {},
        "malformed": {"Authorization": "Bearer nope"},
        "basic": {"Authorization": f"Basic {issued.token}"},
        "unknown": {"Authorization": "Bearer aly_" + "a" * 16 + "_" + "B" * 40},
        "wrong secret": {"Authorization": f"Bearer {issued.token[:-1]}{'A' if issued.token[-1] != 'A' else 'B'}"},
        "other prefix": {"Authorization": "Bearer sk_live_" + issued.token[len("aly_"):]},
        "revoked": {"Authorization": f"Bearer {revoked.token}"},
    }
    responses = {name: aly.client.get(f"{ACME}/orders", headers=h) for name, h in cases.items()}
    assert {r.status_code for r in responses.values()} == {401}
    assert {r.content for r in responses.values()} == {
        b'{"error":{"code":"unauthorized","message":"Unauthorized","details":[]}}'}
    assert aly.client.get(f"{ACME}/orders", headers={"Authorization": f"Bearer {issued.token}"}).status_code == 200


def test_an_api_key_dressed_as_an_oauth_token_is_the_common_401(aly):
    """`aly_oauth_…` tokens come only from the OAuth flow (tests/test_aly_oauth.py): a real key's
    id and secret under the OAuth prefix are no credential at all."""
    issued = aly.issue_key("acme", ("orders:read",))
    assert aly.client.get(f"{ACME}/orders", headers={"Authorization": f"Bearer {issued.token}"}).status_code == 200
    dressed = "aly_oauth_" + issued.token[len("aly_"):]
    r = aly.client.get(f"{ACME}/orders", headers={"Authorization": f"Bearer {dressed}"})
    assert r.status_code == 401
    assert r.content == b'{"error":{"code":"unauthorized","message":"Unauthorized","details":[]}}'


def test_scope_insufficient_or_workspace_mismatch_is_403(aly):
    reader = merchant(aly, scopes=("orders:read",))
    r = aly.client.post(f"{ACME}/orders", headers=reader,
                        json={"line_items": [{"product_id": "p", "quantity": 1, "unit_amount": 1}], "total_amount": 1})
    assert r.status_code == 403 and r.json()["error"]["code"] == "insufficient_scope"
    assert "orders:write" in r.json()["error"]["message"]
    r = aly.client.get(f"{GLOBEX}/orders", headers=reader)
    assert r.status_code == 403 and r.json()["error"]["code"] == "tenant_mismatch"


def test_another_stores_records_are_404(aly):
    acme, globex = merchant(aly, "acme"), merchant(aly, "globex")
    order = new_order(aly, acme)
    assert aly.client.get(f"{ACME}/orders/{order['id']}", headers=acme).status_code == 200
    assert aly.client.get(f"{GLOBEX}/orders/{order['id']}", headers=globex).status_code == 404
    assert aly.client.post(f"{GLOBEX}/orders/{order['id']}/cancel", headers=globex).status_code == 404
    assert aly.client.get(f"{GLOBEX}/orders", headers=globex).json() == {"data": [], "next_cursor": None}
    assert aly.client.get(f"{ACME}/orders/{order['id']}", headers=acme).json()["data"]["status"] == "open"


def test_customers_are_unique_by_email(aly):
    h = merchant(aly, scopes=("customers:read", "customers:write"))
    r = aly.client.post(f"{ACME}/customers", headers=h, json={"email": "ada@example.com", "name": "Ada"})
    assert r.status_code == 201 and r.json()["data"]["id"].startswith("cus_")
    again = aly.client.post(f"{ACME}/customers", headers=h, json={"email": "ada@example.com"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_exists"
    assert [c["email"] for c in aly.client.get(f"{ACME}/customers", headers=h).json()["data"]] == ["ada@example.com"]


# -- the order state machine -------------------------------------------------------------------
def test_an_order_is_fulfilled_returned_and_refunded(aly):
    h = merchant(aly, scopes=("orders:read", "orders:write"))
    order = new_order(aly, h, total=9800)
    assert order["status"] == "open" and order["fulfilled_at"] is None
    fulfilled = aly.client.post(f"{ACME}/orders/{order['id']}/fulfill", headers=h,
                                json={"tracking_number": "1Z999", "carrier": "UPS"})
    assert fulfilled.status_code == 200
    data = fulfilled.json()["data"]
    assert data["status"] == "fulfilled" and data["tracking_number"] == "1Z999" and data["carrier"] == "UPS"
    assert data["fulfilled_at"].endswith("Z")
    returned = aly.client.post(f"{ACME}/orders/{order['id']}/return", headers=h, json={"reason": "too small"})
    assert returned.json()["data"]["status"] == "returned"
    assert returned.json()["data"]["return_reason"] == "too small"
    refunded = aly.client.post(f"{ACME}/orders/{order['id']}/refund", headers=h)
    assert refunded.status_code == 200
    data = refunded.json()["data"]
    assert data["status"] == "refunded" and data["refunded_amount"] == 9800 and data["refund_reason"] is None
    listed = aly.client.get(f"{ACME}/orders?status=refunded", headers=h).json()["data"]
    assert [o["id"] for o in listed] == [order["id"]]


def test_an_exchange_records_the_new_items(aly):
    h = merchant(aly)
    order = new_order(aly, h)
    aly.client.post(f"{ACME}/orders/{order['id']}/fulfill", headers=h)
    items = [{"product_id": "prod_1", "variant_id": "var_large", "quantity": 1}]
    r = aly.client.post(f"{ACME}/orders/{order['id']}/exchange", headers=h, json={"line_items": items})
    assert r.status_code == 200
    assert r.json()["data"]["status"] == "exchanged" and r.json()["data"]["exchange_line_items"] == items


def test_refused_transitions_are_422_and_change_nothing(aly):
    h = merchant(aly)
    order = new_order(aly, h)
    cancelled = aly.client.post(f"{ACME}/orders/{order['id']}/cancel", headers=h, json={"reason": "customer"})
    assert cancelled.json()["data"]["status"] == "cancelled"
    r = aly.client.post(f"{ACME}/orders/{order['id']}/fulfill", headers=h)
    assert r.status_code == 422
    assert r.json() == {"error": {
        "code": "operation_refused",
        "message": "Operation refused: cannot fulfill an order that is cancelled (fulfill applies to open)",
        "details": []}}
    for verb in ("refund", "return", "cancel"):
        assert aly.client.post(f"{ACME}/orders/{order['id']}/{verb}", headers=h).status_code == 422, verb
    open_order = new_order(aly, h)
    assert aly.client.post(f"{ACME}/orders/{open_order['id']}/return", headers=h).status_code == 422
    r = aly.client.post(f"{ACME}/orders/{open_order['id']}/exchange", headers=h,
                        json={"line_items": [{"product_id": "p", "quantity": 1}]})
    assert r.status_code == 422
    after = aly.client.get(f"{ACME}/orders/{order['id']}", headers=h).json()["data"]
    assert after["status"] == "cancelled" and after["fulfilled_at"] is None and after["cancel_reason"] == "customer"
    assert aly.client.post(f"{ACME}/orders/ord_missing/fulfill", headers=h).status_code == 404


def test_concurrent_transitions_of_one_order_cannot_both_win(aly):
    from specloom.runtime.services.resources import TenantResources
    from specloom.runtime.services.state_machines import TransitionRefused, apply_transition

    order = new_order(aly, merchant(aly))
    resources = TenantResources(aly.runtime.surface, aly.runtime.store, "acme")

    async def race():
        async def attempt(name):
            try:
                return (await apply_transition(resources, "orders", order, name))["status"]
            except TransitionRefused as exc:
                return exc.status
        return await asyncio.gather(*(attempt(n) for n in ("fulfill", "cancel", "fulfill", "cancel")))

    outcomes = aly.call(race)
    assert sorted(o for o in outcomes if o != 422) in (["fulfilled"], ["cancelled"])
    assert outcomes.count(422) == 3


# -- idempotency -------------------------------------------------------------------------------
def test_idempotency_replays_and_conflicts_are_409(aly):
    h = merchant(aly)
    body = {"line_items": [{"product_id": "prod_1", "quantity": 1, "unit_amount": 500}], "total_amount": 500}
    keyed = {**h, "Idempotency-Key": "order-1"}
    first = aly.client.post(f"{ACME}/orders", headers=keyed, json=body)
    again = aly.client.post(f"{ACME}/orders", headers=keyed, json=body)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["idempotent-replayed"] == "true"
    assert len(aly.client.get(f"{ACME}/orders", headers=h).json()["data"]) == 1
    other = aly.client.post(f"{ACME}/orders", headers=keyed, json={**body, "total_amount": 600})
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    # a retried transition replays its success instead of being refused by the new state
    order_id = first.json()["data"]["id"]
    fulfil = {**h, "Idempotency-Key": "fulfil-1"}
    done = aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=fulfil)
    retry = aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=fulfil)
    assert done.status_code == retry.status_code == 200 and retry.content == done.content
    assert aly.client.post(f"{ACME}/orders/{order_id}/fulfill", headers=h).status_code == 422

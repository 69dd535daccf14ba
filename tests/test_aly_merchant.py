"""Aly's storefront and merchant halves beyond the journey, on SQLite and PostgreSQL: drafts are
never public, the error envelope has one detail per failing field, deletes answer 204, 409 and
422 mean what the spec says, a store's credential never sees another store's data, a customer
group's price list prices its customers' carts, media are uploaded and attached, and the demo
data serves (specs/aly/openapi.yaml; no hooks)."""

from __future__ import annotations

import hashlib

import pytest

from specloom.runtime.config import Settings
from specloom.runtime.services.demo_data import load_demo
from tests.support import serve

BASE = "/api/storefront/v1/stores"
ACME, GLOBEX = f"{BASE}/acme", f"{BASE}/globex"
NOW = 1_800_000_030.0


@pytest.fixture(params=["sqlite", "postgres"])
def aly(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("aly", tmp_path, backend=backend,
               settings=Settings(validate_responses=True, clock=lambda: NOW, sweeps=False)) as served:
        yield served


def key(aly, store="acme", scopes=("admin:*",)):
    return {"Authorization": f"Bearer {aly.issue_key(store, scopes).token}"}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def product(aly, h, handle, store=ACME, **extra):
    return ok(aly.client.post(f"{store}/products", headers=h, json={
        "title": handle.replace("-", " ").title(), "handle": handle, "price": 1000, **extra}), 201)["data"]


def test_drafts_and_archived_products_are_never_public(aly):
    h = key(aly)
    summer = ok(aly.client.post(f"{ACME}/collections", headers=h, json={"title": "Summer", "handle": "summer"}), 201)["data"]
    hidden = ok(aly.client.post(f"{ACME}/collections", headers=h,
                                json={"title": "Hidden", "handle": "hidden", "status": "draft"}), 201)["data"]
    live = product(aly, h, "linen-shirt", collection_ids=[summer["id"]], description="linen")
    draft = product(aly, h, "linen-draft", status="draft", collection_ids=[summer["id"]], description="linen")
    archived = product(aly, h, "linen-old", status="archived", collection_ids=[summer["id"]], description="linen")

    public = [p["id"] for p in ok(aly.client.get(f"{ACME}/products"))["data"]]
    assert public == [live["id"]]
    for hidden_product in (draft, archived):
        for name in (hidden_product["id"], hidden_product["handle"]):
            r = aly.client.get(f"{ACME}/products/{name}")
            assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", name
    assert [p["id"] for p in ok(aly.client.get(f"{ACME}/search?q=linen"))["data"]] == [live["id"]]
    assert [p["id"] for p in ok(aly.client.get(f"{ACME}/products?q=linen"))["data"]] == [live["id"]]
    assert [p["id"] for p in ok(aly.client.get(f"{ACME}/products?collection={summer['id']}"))["data"]] == [live["id"]]
    assert [c["id"] for c in ok(aly.client.get(f"{ACME}/collections"))["data"]] == [summer["id"]]
    assert aly.client.get(f"{ACME}/collections/{hidden['handle']}").status_code == 404

    # carts refuse draft lines: on creation, when added, and nothing is written
    for line in ({"product_id": draft["id"], "quantity": 1}, {"product_id": archived["handle"], "quantity": 1}):
        r = aly.client.post(f"{ACME}/carts", json={"line_items": [line]})
        assert r.status_code == 400, r.text
        assert [d["code"] for d in r.json()["error"]["details"]] == ["unknown_reference"]
    cart = ok(aly.client.post(f"{ACME}/carts", json={}), 201)["data"]
    r = aly.client.post(f"{ACME}/carts/{cart['id']}/line_items", json={"line_items": [{"product_id": draft["id"], "quantity": 1}]})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["code"] == "unknown_reference"
    assert ok(aly.client.get(f"{ACME}/carts/{cart['id']}"))["data"]["line_items"] == []

    # the merchant sees everything, by status
    listed = ok(aly.client.get(f"{ACME}/admin/products", headers=h))["data"]
    assert [p["handle"] for p in listed] == ["linen-shirt", "linen-draft", "linen-old"]
    assert [p["handle"] for p in ok(aly.client.get(f"{ACME}/admin/products?status=draft", headers=h))["data"]] == ["linen-draft"]
    assert ok(aly.client.get(f"{ACME}/admin/products/linen-draft", headers=h))["data"]["status"] == "draft"
    # publishing a draft makes it public
    ok(aly.client.patch(f"{ACME}/products/{draft['id']}", headers=h, json={"status": "active"}))
    assert ok(aly.client.get(f"{ACME}/products/linen-draft"))["data"]["id"] == draft["id"]


def test_the_error_envelope_has_one_detail_per_failing_field(aly):
    h = key(aly)
    r = aly.client.post(f"{ACME}/coupons", headers=h, json={"code": "has space", "type": "bogus", "value": -1, "extra": 1})
    assert r.status_code == 400
    error = r.json()["error"]
    assert (error["code"], error["message"]) == ("validation_failed", "Body did not pass validation.")
    assert sorted(error["details"], key=lambda d: d["path"]) == [
        {"path": "", "code": "unrecognized_keys", "keys": ["extra"]},
        {"path": "code", "code": "invalid_format"},
        {"path": "type", "code": "invalid_value", "options": ["percentage", "fixed_amount"]},
        {"path": "value", "code": "too_small", "min": 0},
    ]
    r = aly.client.get(f"{ACME}/analytics?from=2027-02-01&to=2027-01-01", headers=h)
    assert r.status_code == 400 and [d["path"] for d in r.json()["error"]["details"]] == ["from"]


def test_deletes_answer_204_without_a_body(aly):
    h = key(aly)
    made = {
        "products": product(aly, h, "to-delete")["id"],
        "collections": ok(aly.client.post(f"{ACME}/collections", headers=h, json={"title": "X", "handle": "x"}), 201)["data"]["id"],
        "customers": ok(aly.client.post(f"{ACME}/customers", headers=h, json={"email": "x@example.com"}), 201)["data"]["id"],
        "customer_groups": ok(aly.client.post(f"{ACME}/customer_groups", headers=h, json={"name": "VIP"}), 201)["data"]["id"],
        "coupons": ok(aly.client.post(f"{ACME}/coupons", headers=h,
                                      json={"code": "GONE", "type": "fixed_amount", "value": 100}), 201)["data"]["id"],
        "webhooks": ok(aly.client.post(f"{ACME}/webhooks", headers=h, json={
            "url": "https://hooks.example.com/aly", "events": ["order.paid"]}), 201)["data"]["id"],
    }
    made["price_lists"] = ok(aly.client.post(f"{ACME}/price_lists", headers=h, json={
        "name": "VIP prices", "group_id": made["customer_groups"]}), 201)["data"]["id"]
    for collection, record_id in made.items():
        r = aly.client.delete(f"{ACME}/{collection}/{record_id}", headers=h)
        assert (r.status_code, r.content) == (204, b""), collection
        assert aly.client.delete(f"{ACME}/{collection}/{record_id}", headers=h).status_code == 404, collection
    assert aly.client.get(f"{ACME}/admin/products/to-delete", headers=h).status_code == 404


def test_409_is_a_guard_or_a_conflict_and_422_an_operation_refused(aly):
    h = key(aly)
    order = ok(aly.client.post(f"{ACME}/orders", headers=h, json={
        "line_items": [{"product_id": "prod_1", "quantity": 1, "unit_amount": 500}], "total_amount": 500}), 201)["data"]
    # 422: the move is never allowed from the order's state
    ok(aly.client.post(f"{ACME}/orders/{order['id']}/cancel", headers=h, json={"reason": "customer"}))
    r = aly.client.post(f"{ACME}/orders/{order['id']}/fulfill", headers=h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "operation_refused"
    # 409: the request read the order in a state it is no longer in (it lost a race)
    second = ok(aly.client.post(f"{ACME}/orders", headers=h, json={
        "line_items": [{"product_id": "prod_1", "quantity": 1, "unit_amount": 500}], "total_amount": 500}), 201)["data"]
    ok(aly.client.post(f"{ACME}/orders/{second['id']}/fulfill", headers=h, json={"expected_status": "open"}))
    r = aly.client.post(f"{ACME}/orders/{second['id']}/cancel", headers=h, json={"expected_status": "open"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "state_conflict"
    assert ok(aly.client.get(f"{ACME}/orders/{second['id']}", headers=h))["data"]["status"] == "fulfilled"
    # 409: an idempotency key reused for another request
    idem = {**h, "Idempotency-Key": "k-1"}
    ok(aly.client.post(f"{ACME}/customer_groups", headers=idem, json={"name": "A"}), 201)
    assert ok(aly.client.post(f"{ACME}/customer_groups", headers=idem, json={"name": "A"}), 201)["data"]["name"] == "A"
    r = aly.client.post(f"{ACME}/customer_groups", headers=idem, json={"name": "B"})
    assert r.status_code == 409
    # 409: a coupon that does not apply at checkout refuses it, nothing is taken
    shirt = product(aly, h, "shirt", price=1000)
    ok(aly.client.post(f"{ACME}/coupons", headers=h,
                       json={"code": "BIG", "type": "fixed_amount", "value": 500, "min_subtotal": 5000}), 201)
    cart = ok(aly.client.post(f"{ACME}/carts", json={"line_items": [{"product_id": shirt["id"], "quantity": 1}]}), 201)["data"]
    r = aly.client.put(f"{ACME}/carts/{cart['id']}/coupon", json={"code": "BIG"})  # 422: below its minimum now
    assert r.status_code == 422 and r.json()["error"]["code"] == "coupon_not_applicable"
    line = ok(aly.client.patch(f"{ACME}/carts/{cart['id']}/line_items/{cart['line_items'][0]['id']}",
                               json={"quantity": 5}))["data"]["line_items"][0]
    ok(aly.client.put(f"{ACME}/carts/{cart['id']}/coupon", json={"code": "big"}))
    ok(aly.client.patch(f"{ACME}/carts/{cart['id']}/line_items/{line['id']}", json={"quantity": 1}))
    r = aly.client.post(f"{ACME}/carts/{cart['id']}/checkout", json={"email": "a@example.com"})  # 409: no longer applies
    assert r.status_code == 409 and r.json()["error"]["code"] == "coupon_not_applicable"
    assert ok(aly.client.get(f"{ACME}/carts/{cart['id']}"))["data"]["status"] == "open"
    assert ok(aly.client.get(f"{ACME}/orders", headers=h))["data"][-1]["id"] == second["id"]  # no order placed
    # 422: a checked-out cart takes no more changes, and is not checked out twice
    ok(aly.client.delete(f"{ACME}/carts/{cart['id']}/coupon"))
    ok(aly.client.post(f"{ACME}/carts/{cart['id']}/checkout", json={"email": "a@example.com"}), 201)
    line = ok(aly.client.get(f"{ACME}/carts/{cart['id']}"))["data"]["line_items"][0]
    for r in (aly.client.post(f"{ACME}/carts/{cart['id']}/checkout", json={"email": "a@example.com"}),
              aly.client.patch(f"{ACME}/carts/{cart['id']}/line_items/{line['id']}", json={"quantity": 2}),
              aly.client.delete(f"{ACME}/carts/{cart['id']}/line_items/{line['id']}"),
              aly.client.put(f"{ACME}/carts/{cart['id']}/coupon", json={"code": "BIG"})):
        assert r.status_code == 422 and r.json()["error"]["code"] == "operation_refused", r.text
    fresh = ok(aly.client.post(f"{ACME}/carts", json={}), 201)["data"]
    assert aly.client.patch(f"{ACME}/carts/{fresh['id']}/line_items/li_nope", json={"quantity": 2}).status_code == 404
    # 422: an empty cart has nothing to pay
    r = aly.client.post(f"{ACME}/carts/{fresh['id']}/checkout", json={"email": "a@example.com"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "operation_refused"
    # 409: more than in stock, when added and when two carts check out the last items
    scarce = product(aly, h, "scarce", inventory_quantity=2)
    r = aly.client.post(f"{ACME}/carts", json={"line_items": [{"product_id": scarce["id"], "quantity": 3}]})
    assert r.status_code == 409 and r.json()["error"]["code"] == "insufficient_stock"
    first, second = (ok(aly.client.post(f"{ACME}/carts", json={"line_items": [{"product_id": scarce["id"], "quantity": 2}]}),
                        201)["data"] for _ in range(2))
    ok(aly.client.post(f"{ACME}/carts/{first['id']}/checkout", json={"email": "a@example.com"}), 201)
    assert ok(aly.client.get(f"{ACME}/admin/products/scarce", headers=h))["data"]["inventory_quantity"] == 0
    r = aly.client.post(f"{ACME}/carts/{second['id']}/checkout", json={"email": "b@example.com"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "insufficient_stock"
    assert ok(aly.client.get(f"{ACME}/carts/{second['id']}"))["data"]["status"] == "open"


def test_a_stores_credential_never_sees_another_stores_data(aly):
    acme, globex = key(aly, "acme"), key(aly, "globex")
    group = ok(aly.client.post(f"{ACME}/customer_groups", headers=acme, json={"name": "Wholesale"}), 201)["data"]
    records = {
        "customer_groups": group["id"],
        "customers": ok(aly.client.post(f"{ACME}/customers", headers=acme, json={"email": "a@example.com"}), 201)["data"]["id"],
        "coupons": ok(aly.client.post(f"{ACME}/coupons", headers=acme,
                                      json={"code": "ACME", "type": "percentage", "value": 5}), 201)["data"]["id"],
        "price_lists": ok(aly.client.post(f"{ACME}/price_lists", headers=acme,
                                          json={"name": "W", "group_id": group["id"]}), 201)["data"]["id"],
        "orders": ok(aly.client.post(f"{ACME}/orders", headers=acme, json={
            "line_items": [{"product_id": "p", "quantity": 1, "unit_amount": 700}], "total_amount": 700}), 201)["data"]["id"],
    }
    for collection, record_id in records.items():
        assert aly.client.get(f"{GLOBEX}/{collection}/{record_id}", headers=globex).status_code == 404, collection
        assert ok(aly.client.get(f"{GLOBEX}/{collection}", headers=globex)) == {"data": [], "next_cursor": None}
        r = aly.client.get(f"{GLOBEX}/{collection}", headers=acme)  # naming another store: workspace mismatch
        assert r.status_code == 403 and r.json()["error"]["code"] == "tenant_mismatch", collection
    assert aly.client.delete(f"{GLOBEX}/coupons/{records['coupons']}", headers=globex).status_code == 404
    assert ok(aly.client.get(f"{GLOBEX}/analytics", headers=globex))["data"]["orders"] == 0
    assert ok(aly.client.get(f"{ACME}/analytics", headers=acme))["data"]["gross_revenue"] == 700
    shirt = product(aly, acme, "shirt")
    assert aly.client.get(f"{GLOBEX}/products/{shirt['id']}").status_code == 404
    r = aly.client.post(f"{GLOBEX}/carts", json={"line_items": [{"product_id": shirt["id"], "quantity": 1}]})
    assert r.status_code == 400  # another store's product is no product here
    # a store's coupon code does not exist in another store
    other = product(aly, globex, "shirt", store=GLOBEX)
    cart = ok(aly.client.post(f"{GLOBEX}/carts", json={"line_items": [{"product_id": other["id"], "quantity": 1}]}), 201)["data"]
    r = aly.client.put(f"{GLOBEX}/carts/{cart['id']}/coupon", json={"code": "ACME"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "coupon_not_applicable"


def test_a_groups_price_list_prices_its_customers_carts(aly):
    h = key(aly)
    tee, socks = product(aly, h, "tee", price=1900), product(aly, h, "socks", price=1200)
    group = ok(aly.client.post(f"{ACME}/customer_groups", headers=h, json={"name": "Wholesale"}), 201)["data"]
    ok(aly.client.post(f"{ACME}/price_lists", headers=h, json={
        "name": "Wholesale", "group_id": group["id"], "prices": [{"product_id": tee["id"], "price": 1100}]}), 201)
    again = aly.client.post(f"{ACME}/price_lists", headers=h, json={"name": "Second", "group_id": group["id"]})
    assert again.status_code == 409  # one list per group
    buyer = ok(aly.client.post(f"{ACME}/customers", headers=h, json={"email": "buyer@shop.example"}), 201)["data"]
    retail = ok(aly.client.post(f"{ACME}/customers", headers=h, json={"email": "ada@example.com"}), 201)["data"]
    ok(aly.client.patch(f"{ACME}/customers/{buyer['id']}", headers=h, json={"group_id": group["id"]}))
    lines = [{"product_id": tee["id"], "quantity": 10}, {"product_id": socks["id"], "quantity": 1}]

    wholesale = ok(aly.client.post(f"{ACME}/customer_carts", headers=h,
                                   json={"customer_id": buyer["id"], "line_items": lines}), 201)["data"]
    assert [li["unit_amount"] for li in wholesale["line_items"]] == [1100, 1200]  # socks: not on the list
    assert wholesale["subtotal"] == 12200 and wholesale["email"] == "buyer@shop.example"
    more = ok(aly.client.post(f"{ACME}/carts/{wholesale['id']}/line_items",
                              json={"line_items": [{"product_id": tee["id"], "quantity": 1}]}))["data"]
    assert more["line_items"][0]["quantity"] == 11 and more["subtotal"] == 11 * 1100 + 1200
    plain = ok(aly.client.post(f"{ACME}/customer_carts", headers=h,
                               json={"customer_id": retail["id"], "line_items": lines}), 201)["data"]
    assert [li["unit_amount"] for li in plain["line_items"]] == [1900, 1200]
    guest = ok(aly.client.post(f"{ACME}/carts", json={"line_items": lines}), 201)["data"]
    assert guest["subtotal"] == 10 * 1900 + 1200
    r = aly.client.post(f"{ACME}/carts", json={"customer_id": buyer["id"], "line_items": lines})
    assert r.status_code == 400  # a public request never names a customer (nor gets their prices)
    assert aly.client.post(f"{ACME}/customer_carts", headers=h, json={"customer_id": "cus_nope"}).status_code == 404
    for r in (aly.client.patch(f"{ACME}/customers/{retail['id']}", headers=h, json={"group_id": "grp_nope"}),
              aly.client.post(f"{ACME}/price_lists", headers=h, json={"name": "X", "group_id": "grp_nope"}),
              aly.client.post(f"{ACME}/products", headers=h, json={"title": "Y", "handle": "y", "price": 1,
                                                                  "collection_ids": ["coll_nope"]})):
        assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_reference", r.text
    # the wholesale cart checks out at its prices
    session = ok(aly.client.post(f"{ACME}/carts/{wholesale['id']}/checkout", json={"email": "buyer@shop.example"}), 201)["data"]
    assert session["amount"] == 11 * 1100 + 1200


def test_media_are_uploaded_and_attached_to_products(aly):
    h = key(aly)
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    made = ok(aly.client.post(f"{ACME}/media/uploads", headers=h, json={
        "filename": "shirt.png", "content_type": "image/png", "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest()}), 201)["data"]
    assert made["status"] == "pending"
    put = aly.client.put("/" + made["upload_url"].split("://", 1)[1].split("/", 1)[1], content=data)
    assert put.status_code == 200, put.text
    media = ok(aly.client.post(f"{ACME}/media/uploads/{made['id']}/complete", headers=h), 201)["data"]
    assert media["size_bytes"] == len(data) and media["sha256"] == hashlib.sha256(data).hexdigest()
    assert [m["id"] for m in ok(aly.client.get(f"{ACME}/media", headers=h))["data"]] == [media["id"]]
    shirt = product(aly, h, "shirt")
    attached = ok(aly.client.patch(f"{ACME}/products/{shirt['id']}", headers=h, json={"media_ids": [media["id"]]}))["data"]
    assert attached["media"] == [{"id": media["id"], "filename": "shirt.png", "content_type": "image/png"}]
    assert ok(aly.client.get(f"{ACME}/products/shirt"))["data"]["media"][0]["id"] == media["id"]
    r = aly.client.patch(f"{ACME}/products/{shirt['id']}", headers=h, json={"media_ids": ["med_nope"]})
    assert r.status_code == 404
    big = aly.client.post(f"{ACME}/media/uploads", headers=h, json={
        "filename": "huge.png", "content_type": "image/png", "size_bytes": 20971521, "sha256": "0" * 64})
    assert big.status_code == 422 and big.json()["error"]["code"] == "file_too_large"


def test_the_demo_data_serves_a_storefront(aly):
    assert aly.call(load_demo, "aly", aly.runtime) > 0
    assert ok(aly.client.get(ACME))["data"]["name"] == "Acme Apparel"
    assert [p["handle"] for p in ok(aly.client.get(f"{ACME}/products?collection=coll_summer"))["data"]] == [
        "linen-shirt", "canvas-shorts", "cotton-tee"]
    assert aly.client.get(f"{ACME}/products/down-parka").status_code == 404
    assert aly.client.get(f"{ACME}/collections/winter").status_code == 404
    h = key(aly)
    figures = ok(aly.client.get(f"{ACME}/analytics", headers=h))["data"]
    assert (figures["orders"], figures["gross_revenue"], figures["average_order_value"]) == (2, 12200, 6100)
    cart = ok(aly.client.post(f"{ACME}/customer_carts", headers=h, json={
        "customer_id": "cus_boutique", "line_items": [{"product_id": "prod_cotton_tee", "quantity": 10}]}), 201)["data"]
    assert cart["subtotal"] == 11000  # the wholesale price list


def test_transitions_that_lose_a_race_are_409_state_conflict(aly):
    """Four moves of one open order at once, each naming the state it read (`open`): one wins,
    the others find it moved under the row lock and are 409 state_conflict, not 422."""
    import asyncio

    from specloom.runtime.errors import Conflict
    from specloom.runtime.services.resources import TenantResources
    from specloom.runtime.services.state_machines import apply_transition

    h = key(aly)
    order = ok(aly.client.post(f"{ACME}/orders", headers=h, json={
        "line_items": [{"product_id": "p", "quantity": 1, "unit_amount": 500}], "total_amount": 500}), 201)["data"]
    resources = TenantResources(aly.runtime.surface, aly.runtime.store, "acme")

    async def race():
        async def attempt(name):
            try:
                return (await apply_transition(resources, "orders", order, name, {}, expected="open"))["status"]
            except Conflict as exc:
                return (exc.status, exc.code)
        return await asyncio.gather(*(attempt(n) for n in ("fulfill", "cancel", "fulfill", "cancel")))

    outcomes = aly.call(race)
    assert sorted(o for o in outcomes if isinstance(o, str)) in (["fulfilled"], ["cancelled"])
    assert outcomes.count((409, "state_conflict")) == 3

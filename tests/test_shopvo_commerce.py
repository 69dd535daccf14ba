"""Shopvo promotions and store credit, following the reference's examples."""

from __future__ import annotations

SITE = "/api/v1/site_demo"


def test_store_credit_ledger(shopvo):
    h = shopvo.auth("site_demo", ["read:store-credit", "write:store-credit"])
    r = shopvo.client.get(f"{SITE}/store-credit/cust_xyz", headers=h)
    assert r.status_code == 404
    r = shopvo.client.post(f"{SITE}/store-credit/cust_xyz", headers=h,
                           json={"type": "CREDIT", "amount": 5000, "note": "Welcome bonus"})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["balance"] == 5000
    assert r.json()["data"]["transaction"]["id"].startswith("sct_")
    r = shopvo.client.post(f"{SITE}/store-credit/cust_xyz", headers=h,
                           json={"type": "DEBIT", "amount": 1500, "orderId": "order_xyz"})
    assert r.json()["data"]["balance"] == 3500
    r = shopvo.client.post(f"{SITE}/store-credit/cust_xyz", headers=h, json={"type": "DEBIT", "amount": 3501})
    assert r.status_code == 409
    assert r.json() == {"error": "Insufficient balance: 3500 available, 3501 requested"}
    account = shopvo.client.get(f"{SITE}/store-credit/cust_xyz", headers=h).json()["data"]
    assert (account["customerId"], account["balance"]) == ("cust_xyz", 3500)
    assert [(t["type"], t["amount"]) for t in account["transactions"]] == [("CREDIT", 5000), ("DEBIT", 1500)]
    assert account["transactions"][1]["orderId"] == "order_xyz"


def test_store_credit_needs_its_scopes(shopvo):
    h = shopvo.auth("site_demo", ["read:store-credit"])
    r = shopvo.client.post(f"{SITE}/store-credit/cust_xyz", headers=h, json={"type": "CREDIT", "amount": 1})
    assert r.status_code == 403


def test_promotions_and_public_coupon_validation(shopvo):
    h = shopvo.auth("site_demo", ["read:promotions", "write:promotions"])
    r = shopvo.client.post(f"{SITE}/promotions", headers=h, json={
        "code": "WELCOME20", "type": "PERCENTAGE", "value": 20, "minOrderAmount": 1000, "maxUses": 500,
        "expiresAt": "2099-12-31T23:59:59Z"})
    assert r.status_code == 201, r.text
    promo = r.json()["data"]
    assert (promo["status"], promo["usedCount"]) == ("ACTIVE", 0)
    listed = shopvo.client.get(f"{SITE}/promotions", headers=h).json()
    assert listed["pagination"]["total"] == 1 and listed["items"][0]["code"] == "WELCOME20"
    # no Authorization header: validation is public
    r = shopvo.client.post(f"{SITE}/promotions/validate",
                           json={"code": "WELCOME20", "cartTotal": 5000, "email": "jane@example.com"})
    assert r.status_code == 200
    assert r.json() == {"success": True, "valid": True, "discount": 1000,
                        "promotion": {"id": promo["id"], "code": "WELCOME20", "type": "PERCENTAGE", "value": 20}}
    below_minimum = shopvo.client.post(f"{SITE}/promotions/validate", json={"code": "WELCOME20", "cartTotal": 999})
    assert below_minimum.json() == {"success": True, "valid": False, "discount": 0, "promotion": None}
    unknown = shopvo.client.post(f"{SITE}/promotions/validate", json={"code": "NOPE", "cartTotal": 5000})
    assert unknown.json()["valid"] is False
    # a code of another site is unknown here
    other = shopvo.client.post("/api/v1/site_other/promotions/validate", json={"code": "WELCOME20", "cartTotal": 5000})
    assert other.json()["valid"] is False


def test_duplicate_promotion_code_is_409(shopvo):
    h = shopvo.auth("site_demo", ["write:promotions"])
    body = {"code": "SAVE5", "type": "FIXED_AMOUNT", "value": 500}
    assert shopvo.client.post(f"{SITE}/promotions", headers=h, json=body).status_code == 201
    assert shopvo.client.post(f"{SITE}/promotions", headers=h, json=body).status_code == 409

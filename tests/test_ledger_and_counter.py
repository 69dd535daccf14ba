"""Ledgers and counters declared in a spec (ledgerbook fixture): the invariants hold."""

from __future__ import annotations

import pytest

from tests.support import FIXTURES, serve

T = "/t/acme"


@pytest.fixture
def book(tmp_path):
    with serve("ledgerbook", tmp_path, spec=FIXTURES / "ledgerbook" / "openapi.yaml") as api:
        api.h = api.auth("acme")
        yield api


def test_credit_debit_and_refused_overdraft(book):
    wallet = book.client.post(f"{T}/wallets", json={"name": "main"}, headers=book.h).json()
    assert wallet["balance"] == 0
    url = f"{T}/wallets/{wallet['id']}"
    r = book.client.post(url, json={"type": "CREDIT", "amount": 100, "note": "top-up"}, headers=book.h)
    assert r.status_code == 200 and r.json()["balance"] == 100
    assert r.json()["transaction"]["walletId"] == wallet["id"] and r.json()["transaction"]["note"] == "top-up"
    r = book.client.post(url, json={"type": "DEBIT", "amount": 30}, headers=book.h)
    assert r.json()["balance"] == 70
    r = book.client.post(url, json={"type": "DEBIT", "amount": 71}, headers=book.h)
    assert r.status_code == 409
    assert r.json() == {"error": "Insufficient balance: 70 available, 71 requested", "error_code": "insufficient_balance"}
    assert book.client.get(url, headers=book.h).json()["balance"] == 70
    entries = book.client.get(f"{url}/entries", headers=book.h).json()["data"]
    assert [(e["type"], e["amount"]) for e in entries] == [("CREDIT", 100), ("DEBIT", 30)]


def test_first_credit_opens_the_account_but_a_debit_does_not(book):
    r = book.client.post(f"{T}/wallets/wal_new", json={"type": "DEBIT", "amount": 1}, headers=book.h)
    assert r.status_code == 404
    r = book.client.post(f"{T}/wallets/wal_new", json={"type": "CREDIT", "amount": 5}, headers=book.h)
    assert r.status_code == 200 and r.json()["balance"] == 5


def test_counter_set_increment_decrement_floor_and_derived_status(book):
    item = book.client.post(f"{T}/items", json={"name": "mug"}, headers=book.h).json()
    assert (item["stock"], item["status"]) == (0, "OUT_OF_STOCK")
    url = f"{T}/items/{item['id']}"
    r = book.client.post(url, json={"operation": "set", "quantity": 5}, headers=book.h)
    assert (r.json()["stock"], r.json()["status"]) == (5, "IN_STOCK")
    r = book.client.post(url, json={"operation": "decrement", "quantity": 5}, headers=book.h)
    assert (r.json()["stock"], r.json()["status"]) == (0, "OUT_OF_STOCK")
    r = book.client.post(url, json={"operation": "decrement", "quantity": 1}, headers=book.h)
    assert r.status_code == 409 and r.json()["error_code"] == "insufficient_quantity"
    r = book.client.post(url, json={"operation": "increment", "quantity": 2}, headers=book.h)
    assert r.json()["stock"] == 2


def test_another_tenant_cannot_move_money(book):
    wallet = book.client.post(f"{T}/wallets", json={}, headers=book.h).json()
    other = book.auth("other")
    r = book.client.post(f"/t/other/wallets/{wallet['id']}", json={"type": "DEBIT", "amount": 1}, headers=other)
    assert r.status_code == 404

"""The prefix is part of a key (issue 10, fault 10): a key issued `sk_live_…` does not
authenticate as `sk_test_…` with the same key id and secret, nor the other way round, and the
refusal is the common 401, byte for byte. Keys stored before the prefix was hashed with the
secret keep working under the prefix they were issued with (the first) only."""

from __future__ import annotations

import pytest

from specloom.runtime.security.credentials import hash_secret
from tests.support import serve

PRODUCTS = "/api/v1/site_demo/products"
COMMON_401 = b'{"error":"Unauthorized"}'


@pytest.fixture(params=["sqlite", "postgres"])
def shopvo(request, tmp_path):
    backend = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    with serve("shopvo", tmp_path, backend=backend) as served:
        yield served


def get(shopvo, token: str):
    return shopvo.client.get(PRODUCTS, headers={"Authorization": f"Bearer {token}"})


def swap(token: str, issued_as: str, presented_as: str) -> str:
    assert token.startswith(issued_as)
    return presented_as + token[len(issued_as):]


@pytest.mark.parametrize("issued_as, presented_as", [("sk_live_", "sk_test_"), ("sk_test_", "sk_live_")])
def test_a_key_under_the_other_prefix_is_the_common_401(shopvo, issued_as, presented_as):
    issued = shopvo.issue_key("site_demo", ["read:catalog"], prefix=issued_as)
    assert get(shopvo, issued.token).status_code == 200
    swapped = get(shopvo, swap(issued.token, issued_as, presented_as))
    unknown = get(shopvo, presented_as + "a" * 16 + "_" + "B" * 40)
    assert swapped.status_code == unknown.status_code == 401
    assert swapped.content == unknown.content == COMMON_401
    assert swapped.headers["www-authenticate"] == unknown.headers["www-authenticate"] == "Bearer"
    assert get(shopvo, issued.token).status_code == 200  # the key itself still works


def test_a_key_stored_before_prefixes_were_hashed_works_under_its_own_prefix_only(shopvo):
    """Such a key's hash covers its secret alone; `keys create` issued it with the first prefix."""
    runtime = shopvo.runtime
    key_id, secret = "k" * 16, "S" * 40
    pepper = shopvo.call(runtime.api_keys.pepper)
    shopvo.call(runtime.store.put_credential, {
        "key_id": key_id, "surface": "shopvo", "tenant": "site_demo", "kind": "apiKey",
        "secret_hash": hash_secret(pepper, secret), "scopes": ["read:catalog"], "signing_secret": None,
        "created_at": "2026-01-01T00:00:00Z", "revoked_at": None})
    assert get(shopvo, f"sk_live_{key_id}_{secret}").status_code == 200
    r = get(shopvo, f"sk_test_{key_id}_{secret}")
    assert r.status_code == 401 and r.content == COMMON_401

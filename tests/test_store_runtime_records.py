"""The store's small runtime records (tokens, codes, sessions): expiry and one-time use."""

from __future__ import annotations

import asyncio

from specloom.backends.sqlite import SQLiteStore


def run(coro):
    return asyncio.run(coro)


def test_put_get_expire_consume_once_and_groups(tmp_path):
    store = SQLiteStore(f"sqlite:///{tmp_path / 'kv.db'}")

    async def scenario():
        await store.kv_put("codes", "a", {"n": 1}, group="g", expires_at=100.0)
        await store.kv_put("codes", "b", {"n": 2}, group="g")
        assert (await store.kv_get("codes", "a", now=50.0))["value"] == {"n": 1}
        assert await store.kv_get("codes", "a", now=150.0) is None  # expired
        assert await store.kv_consume("codes", "a", now=150.0) is None
        assert await store.kv_consume("codes", "b", now=0.0) == {"n": 2}
        assert await store.kv_consume("codes", "b", now=0.0) is None  # only once
        assert (await store.kv_get("codes", "b", now=0.0))["consumed"] is True
        assert await store.kv_list("codes", "g", now=50.0) == [{"n": 1}, {"n": 2}]
        assert await store.kv_delete_group("codes", "g") == 2
        assert await store.kv_list("codes", "g", now=0.0) == []

    run(scenario())

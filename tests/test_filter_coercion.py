"""Lookup and filter values reach the store as the field's column type (runtime/services/resources.py):
a path segment "5" finds an integer field's 5, and a value that cannot be one ("abc") finds
nothing — on PostgreSQL exactly as on SQLite, never an error."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from specloom.backends import open_store
from specloom.backends.base import Filter, PageRequest, Query
from specloom.runtime.errors import NotFound
from specloom.runtime.services.resources import TenantResources
from specloom.runtime.surface_runtime import tables_for
from specloom.runtime.surfaces import load_surface
from tests.support import FIXTURES, GENERATED


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_values_are_coerced_to_the_column_type(backend, tmp_path, request):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else f"sqlite:///{tmp_path / 'c.db'}"
    surface = load_surface("ledgerbook", spec=FIXTURES / "ledgerbook" / "openapi.yaml", out_dir=GENERATED).surface
    wallets = next(r for r in surface.resources if r.name == "wallets")
    assert wallets.field("balance").column_type == "integer"
    wallets = attrs.evolve(wallets, lookup=("id", "balance"), filterable=("balance",))
    surface = attrs.evolve(surface, resources=tuple(wallets if r.name == "wallets" else r for r in surface.resources))
    store = open_store(url)

    async def run():
        try:
            await store.migrate(tables_for(surface), surface="ledgerbook")
            res = TenantResources(surface, store, "acme")
            await res.seed("wallets", {"id": "wal_a", "balance": 5})
            await res.seed("wallets", {"id": "wal_b", "balance": 12})

            async def listed(value, op="eq"):
                page = await res.list("wallets", Query(filters=(Filter("balance", value, op),)),
                                      PageRequest(limit=10))
                return [d["id"] for d in page.items], page.total

            assert await listed("5") == (["wal_a"], 1)
            assert await listed("abc") == ([], 0)
            assert await listed("10", "gte") == (["wal_b"], 1)
            assert await listed("1e3", "lte") == ([], 0)  # not an integer
            assert (await res.lookup("wallets", "12"))["id"] == "wal_b"
            assert (await res.lookup("wallets", "wal_a"))["id"] == "wal_a"
            with pytest.raises(NotFound):
                await res.lookup("wallets", "twelve")
        finally:
            await store.close()

    asyncio.run(run())

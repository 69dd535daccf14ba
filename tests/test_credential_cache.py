"""Verified API keys are kept in memory (no store read per request), and a key revoked or
re-planned by any process is seen by every other at its next request: each store offers a
credential epoch that every change moves on (SQLite: a file beside the store; PostgreSQL:
LISTEN/NOTIFY). Two stores opened on one database stand for two processes here; the real
`specloom serve` processes of test_multiprocess.py do the same through the CLI's `keys revoke`.
"""

from __future__ import annotations

import asyncio

import pytest

from specloom.backends import open_store
from specloom.runtime.security.credentials import ApiKeys


@pytest.fixture(params=["sqlite", "postgres"])
def url(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'keys.db'}"


class Counting:
    """The store, counting credential reads."""

    def __init__(self, store):
        self.store, self.reads = store, 0

    def __getattr__(self, name):
        return getattr(self.store, name)

    async def get_credential(self, key_id):
        self.reads += 1
        return await self.store.get_credential(key_id)


async def _listening(keys: ApiKeys) -> None:
    """PostgreSQL: wait until the process listens (until then it reads every time)."""
    for _ in range(200):
        if keys.store.credential_epoch() is not None:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("no credential epoch")


def test_a_revoke_in_one_process_stops_the_key_in_another_at_its_next_request(url):
    async def run():
        one, other = open_store(url), open_store(url)
        try:
            issuer = ApiKeys(one, "shopvo", ("sk_live_",))
            server = ApiKeys(Counting(other), "shopvo", ("sk_live_",))
            await _listening(server)
            issued = await issuer.issue("site_a", ("read:catalog",), rate_limits={"plan": 300})
            await asyncio.sleep(0.05)  # PostgreSQL: the issue's notification arrives
            for _ in range(5):
                credential = await server.verify(issued.token)
                assert credential is not None and credential.tenant == "site_a"
            assert server.store.reads == 1  # kept in memory after the first request
            assert credential.rate_limits == {"plan": 300}

            # another process gives it a new plan: seen at the next request
            assert await one.set_credential_rate_limits("shopvo", issued.key_id, {"plan": 60})
            await asyncio.sleep(0.05)
            assert (await server.verify(issued.token)).rate_limits == {"plan": 60}

            # another process revokes it: refused at the next request, and from then on
            assert await issuer.revoke(issued.key_id)
            await asyncio.sleep(0.05)
            assert await server.verify(issued.token) is None
            assert await server.verify(issued.token) is None
            # a wrong secret for a cached key id is still refused
            other_key = await issuer.issue("site_a", ("read:catalog",))
            await asyncio.sleep(0.05)
            assert await server.verify(other_key.token) is not None
            forged = other_key.token[:-1] + ("A" if other_key.token[-1] != "A" else "B")
            assert await server.verify(forged) is None
        finally:
            await one.close()
            await other.close()

    asyncio.run(run())

"""All of a request's rate-limit rules are counted in one statement (Store.rate_limit_hits), and
the counts stay exact when several processes count at once: two stores opened on one database
stand for two processes, each counting 20 requests of two rules concurrently."""

from __future__ import annotations

import asyncio
import time

import pytest

from specloom.backends import open_store


@pytest.fixture(params=["sqlite", "postgres"])
def url(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'rl.db'}"


def test_rules_counted_together_stay_exact_across_processes(url):
    async def run():
        one, other = open_store(url), open_store(url)
        try:
            window = int(time.time() // 60)
            expires = (window + 1) * 60.0
            hits = [("s:plan:key:a", window, expires), ("s:search:key:a", window, expires)]
            answers = await asyncio.gather(*(store.rate_limit_hits(hits) for store in (one, other) for _ in range(20)))
            assert sorted(a[0] for a in answers) == list(range(1, 41))  # no count lost or given twice
            assert sorted(a[1] for a in answers) == list(range(1, 41))
            # the counts come back in the order asked, whatever order the database answers in
            assert await one.rate_limit_hits(list(reversed(hits))) == [41, 41]
            # a window that is over is forgotten at the first hit of the next one
            assert await other.rate_limit_hits([("s:plan:key:a", window + 1, expires + 60)]) == [1]
            assert await other.rate_limit_hit("s:plan:key:a", window, expires) == 1
        finally:
            await one.close()
            await other.close()

    asyncio.run(run())

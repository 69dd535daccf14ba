"""Fixtures of the backend contract suite: a `store` of each backend on a fresh database
(`pg_url` and the PostgreSQL discovery are in tests/conftest.py).

Async tests run with `asyncio.run` (one event loop per test); fixtures close stores in a loop
of their own, which also exercises a store moving between loops.
"""

from __future__ import annotations

import asyncio
import inspect

import pytest

from specloom.backends import open_store


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    asyncio.run(s.close())


@pytest.fixture
def backend(store_url) -> str:
    return "sqlite" if store_url.startswith("sqlite:") else "postgres"

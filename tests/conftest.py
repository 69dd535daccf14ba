from __future__ import annotations

import pytest

from tests import pg_server
from tests.support import FIXTURES, serve


def pytest_terminal_summary(terminalreporter):
    line = pg_server.describe()
    if line:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """A PostgreSQL server for the tests (env, local, or a throwaway cluster); never skipped."""
    return pg_server.postgres_admin_url()


@pytest.fixture(scope="session")
def pg_database_url(pg_admin_url) -> str:
    """A PostgreSQL database of this test session's own, dropped at its end."""
    url, drop = pg_server.fresh_database(pg_admin_url)
    yield url
    drop()


@pytest.fixture
def pg_url(pg_database_url):
    """A fresh, empty PostgreSQL schema (the URL's connections use it), dropped afterwards."""
    url, drop = pg_server.fresh_schema(pg_database_url)
    yield url
    drop()


@pytest.fixture
def shopvo(tmp_path):
    with serve("shopvo", tmp_path) as served:
        yield served


@pytest.fixture
def keywords(tmp_path):
    with serve("keywords", tmp_path, spec=FIXTURES / "keywords" / "openapi.yaml") as served:
        yield served


@pytest.fixture
def notebook(tmp_path):
    with serve("notebook", tmp_path, spec=FIXTURES / "notebook" / "openapi.yaml") as served:
        yield served

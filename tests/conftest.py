from __future__ import annotations

import pytest

from specloom.runtime.config import Settings
from tests import pg_server
from tests.support import FIXTURES, pinned_clock, serve
from tests.webhook_receiver import Receiver


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


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path) -> str:
    """A store URL for each backend in turn: a SQLite file of the test's own, then a fresh
    PostgreSQL schema."""
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def shop_settings() -> Settings:
    """What `shop` serves Shopvo with: responses validated, the pinned clock, webhook deliveries
    to loopback receivers polled every 0.02 s and retried after 0.05 s. A test module overrides
    this fixture to change them."""
    return Settings(validate_responses=True, clock=pinned_clock, webhook_http_hosts=("127.0.0.1",),
                    webhook_poll_seconds=0.02, webhook_backoff_seconds=0.05)


@pytest.fixture
def shop(backend, tmp_path, shop_settings):
    """Shopvo served in process on each backend in turn (a test module overrides this fixture,
    asking for it by name, to seed its records)."""
    with serve("shopvo", tmp_path, backend=backend, settings=shop_settings) as served:
        yield served


@pytest.fixture
def receiver():
    """A real webhook receiver on loopback (tests/webhook_receiver.py)."""
    r = Receiver()
    yield r
    r.close()


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

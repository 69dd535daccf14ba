"""Helpers shared by the behaviour tests: serve a surface in process, issue keys."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from starlette.testclient import TestClient

from specloom.backends import open_store
from specloom.runtime.config import Settings
from specloom.runtime.http.app import create_app
from specloom.runtime.surfaces import load_surface, spec_path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GENERATED = Path(tempfile.gettempdir()) / f"specloom-tests-{os.getpid()}" / "generated"
# rate-limit windows of served surfaces are counted by this pinned clock, so a test's burst never
# straddles two windows (a 10 s window rolling over mid-test would reset its count)
PINNED_NOW = 1_800_000_030.0


def pinned_clock() -> float:
    return PINNED_NOW


class Served:
    """A surface served in process: `client` speaks HTTP to it, `runtime` is its state."""

    def __init__(self, client: TestClient, app):
        self.client = client
        self.app = app
        self.runtime = app.specloom

    def issue_key(self, tenant: str, scopes=("admin:*",), **kwargs):
        return self.client.portal.call(lambda: self.runtime.api_keys.issue(tenant, tuple(scopes), **kwargs))

    def auth(self, tenant: str = "site_demo", scopes=("admin:*",)) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.issue_key(tenant, scopes).token}"}

    def call(self, fn, *args):
        """Run an async store/runtime call on the app's event loop."""
        return self.client.portal.call(fn, *args)


async def _stop_workers(runtime) -> None:
    """Stop the app's background workers (the lifespan's shutdown stops them again, a no-op):
    a worker still running when the store closes fails its round and leaves its claim leased."""
    from specloom.runtime.mail.worker import MailWorker
    from specloom.runtime.services.jobs import JobRunner
    from specloom.runtime.services.sweeps import SweepRunner
    from specloom.runtime.webhooks.dispatcher import WebhookDispatcher

    for service in (SweepRunner, MailWorker, WebhookDispatcher, JobRunner):
        await runtime.service(service).stop()


@contextlib.contextmanager
def serve(surface: str, tmp_path: Path, *, backend: str | None = None, spec: Path | None = None,
          settings: Settings | None = None) -> Iterator[Served]:
    generated = load_surface(surface, spec=spec or spec_path(surface, ROOT / "specs"),
                             out_dir=GENERATED)
    store = open_store(backend or f"sqlite:///{tmp_path / (surface + '.db')}")
    app = create_app(generated, store, settings=settings or Settings(validate_responses=True, clock=pinned_clock))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Served(client, app)
        client.portal.call(_stop_workers, app.specloom)  # as the app's shutdown does, before its store goes
        client.portal.call(store.close)

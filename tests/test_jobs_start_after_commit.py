"""A job a request starts (remote ingest) runs only once the request's unit of work has
committed: a request whose unit is rolled back (here: every run loses a race, StoreConflict)
leaves no job behind, and nothing the job would have made (no fetched asset), on both backends."""

from __future__ import annotations

import time

import pytest

from specloom.backends.base import PageRequest, Query, StoreConflict
from specloom.runtime.services.jobs import JobRunner
from tests.support import serve
from tests.test_alva import LOCAL, files, ingest, local_spec, poll, shop_key, write  # noqa: F401 - fixtures

PDF_PATH = "/files/guide.pdf"


def records(served, resource):
    table = served.runtime.surface.resource(resource).table_name
    page = served.call(served.runtime.store.list, table, "shop_a", Query(), PageRequest(limit=100))
    return page.items


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'jobs.db'}"


def test_a_rolled_back_ingest_starts_no_job(tmp_path, local_spec, files, backend, monkeypatch):  # noqa: F811
    with serve("alva_local", tmp_path, spec=local_spec, backend=backend, settings=LOCAL) as served:
        headers = shop_key(served)
        store = served.runtime.store

        complete = store.idempotency_complete

        async def lost_race(*args, **kwargs):  # the outcome is written, then the unit loses a race
            await complete(*args, **kwargs)
            raise StoreConflict("lost a race")

        monkeypatch.setattr(store, "idempotency_complete", lost_race)
        r = served.client.post("/api/v1/assets", headers=write(headers), json={"source_url": files + PDF_PATH})
        assert r.status_code >= 500, r.text
        monkeypatch.undo()
        served.call(served.runtime.service(JobRunner).wait_idle)
        time.sleep(0.2)
        served.call(served.runtime.service(JobRunner).wait_idle)
        for resource in ("assets", "jobs"):  # no job ran for the rolled-back request, none is left
            assert records(served, resource) == [], resource
        assert served.call(store.kv_list, "jobs:alva", "queued", time.time()) == []
        # and a request that commits still runs its job
        assert poll(served, headers, ingest(served, headers, files + PDF_PATH)["id"])["status"] == "completed"

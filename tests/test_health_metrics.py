"""/healthz, /readyz and /metrics: answered before every policy (never rate-limited, no
credential, not counted), metrics only with the deployment's consent (SPECLOOM_METRICS, and the
bearer token when one is set), and a spec cannot declare these paths. The notebook surface
(5 requests per credential a minute, required Idempotency-Key), on both backends."""

from __future__ import annotations

import re

import pytest

from specloom.runtime.config import Settings
from tests.support import FIXTURES, pinned_clock, serve

NOTES = "/workspaces/ws_1/notes"
SPEC = FIXTURES / "notebook" / "openapi.yaml"


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'nb.db'}"


def served(tmp_path, backend, **settings):
    return serve("notebook", tmp_path, backend=backend, spec=SPEC,
                 settings=Settings(clock=pinned_clock, public_rate_limit=2, **settings))


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{"):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_health_answers_without_credential_and_is_never_rate_limited(tmp_path, backend):
    with served(tmp_path, backend) as api:
        for _ in range(10):  # the public limit here is 2 a minute per address
            assert api.client.get("/healthz").json() == {"status": "ok"}
            ready = api.client.get("/readyz")
            assert ready.status_code == 200 and ready.json() == {"status": "ready"}
        # nothing of that was charged to the client's public bucket
        first = api.client.get(NOTES)
        assert first.status_code == 401
        assert first.headers["x-ratelimit-remaining"] == "1"


def test_readyz_is_503_naming_the_store_when_it_does_not_answer(tmp_path, backend, request):
    with served(tmp_path, backend) as api:
        if backend.startswith("sqlite"):
            api.call(api.runtime.store.close)
        else:  # the store's schema goes away (renamed back for the fixture to drop it)
            schema = unusable_schema(backend)
            request.addfinalizer(lambda: psycopg_run(backend, f'ALTER SCHEMA "{schema}_gone" RENAME TO "{schema}"'))
        ready = api.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"status": "not ready", "failing": ["store"]}
        assert api.client.get("/healthz").status_code == 200  # alive all the same


def psycopg_run(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def unusable_schema(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        conn.execute(f'ALTER SCHEMA "{schema}" RENAME TO "{schema}_gone"')
    return schema


def test_health_can_be_switched_off(tmp_path, backend):
    with served(tmp_path, backend, health=False) as api:
        assert api.client.get("/healthz").status_code == 404
        assert api.client.get("/readyz").status_code == 404


def test_metrics_are_not_served_without_consent(tmp_path, backend):
    with served(tmp_path, backend) as api:
        r = api.client.get("/metrics")
        assert r.status_code == 404 and "specloom_" not in r.text


def test_metrics_count_requests_refusals_and_replays(tmp_path, backend):
    with served(tmp_path, backend, metrics=True) as api:
        before = api.client.get("/metrics").text
        h = api.auth("ws_1", ["notes:read", "notes:write"])
        statuses = [api.client.post(NOTES, json={"text": "once"}, headers={**h, "Idempotency-Key": "k-1"}).status_code
                    for _ in range(2)]
        statuses += [api.client.get(NOTES, headers=h).status_code for _ in range(4)]
        assert statuses == [201, 201, 200, 200, 200, 429]
        for _ in range(3):
            api.client.get("/metrics")  # scrapes are not counted
        text = api.client.get("/metrics").text

    def delta(name, **labels):
        return sample(text, name, surface="notebook", **labels) - sample(before, name, surface="notebook", **labels)

    assert delta("specloom_http_requests_total", operation="createNote", method="POST", status="201") == 2
    assert delta("specloom_http_requests_total", operation="listNotes", method="GET", status="200") == 3
    assert delta("specloom_http_requests_total", operation="listNotes", method="GET", status="429") == 1
    assert delta("specloom_rate_limit_refusals_total", operation="listNotes") == 1
    assert delta("specloom_idempotent_replays_total", operation="createNote") == 1
    assert delta("specloom_http_request_duration_seconds_count", operation="listNotes") == 4
    assert delta("specloom_http_requests_total", operation="-", method="GET", status="200") == 0  # scrapes
    assert "specloom_jobs_queued{" in text and "# TYPE specloom_outbox_pending gauge" in text


def test_a_metrics_token_is_required_when_set(tmp_path, backend):
    with served(tmp_path, backend, metrics=True, metrics_token="s3cret-token") as api:
        assert api.client.get("/metrics").status_code == 401
        assert api.client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = api.client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200 and ok.headers["content-type"].startswith("text/plain")
        assert "specloom_http_requests_total" in ok.text


def test_every_response_carries_a_request_id_errors_reuse_it(tmp_path, backend):
    with served(tmp_path, backend) as api:
        mine = api.client.get(NOTES, headers={"X-Request-Id": "lb-7f3a.1"})
        assert mine.status_code == 401 and mine.headers["x-request-id"] == "lb-7f3a.1"
        theirs = api.client.get(NOTES, headers={"X-Request-Id": "bad id\twith spaces"})
        assert re.fullmatch(r"req_[0-9a-f]{16}", theirs.headers["x-request-id"])
        h = api.auth("ws_1", ["notes:read"])
        assert api.client.get(NOTES, headers=h).headers["x-request-id"].startswith("req_")


def test_a_spec_declaring_a_reserved_path_is_refused(tmp_path):
    text = SPEC.read_text().replace("  /workspaces/{workspaceId}/notes:\n", "  /metrics:\n", 1)
    text = text.replace("    parameters:\n      - { name: workspaceId, in: path, required: true, schema: { type: string } }\n",
                        "", 1)
    spec = tmp_path / "notebook" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(text)
    with pytest.raises(ValueError, match="declares /metrics: paths specloom serves itself"):
        with serve("notebook", tmp_path, spec=spec):
            pass

"""Prometheus metrics (the standard client library, `prometheus_client`): what a served surface
counts, and the text `/metrics` answers with (runtime/http/observe.py).

    specloom_http_requests_total{surface,operation,method,status}     requests answered
    specloom_http_request_duration_seconds{surface,operation}         latency histogram
    specloom_rate_limit_refusals_total{surface,operation}             429 answers
    specloom_idempotent_replays_total{surface,operation}              stored responses replayed
    specloom_webhook_delivery_failures_total{surface,event}           delivery attempts that failed
    specloom_outbox_pending{surface,event}                            outbox backlog (read at scrape)
    specloom_jobs_queued{surface}                                     job backlog (read at scrape)

`operation` is the operationId, or `-` for a request no operation matched (404, 405, docs), so
the label's values are bounded by the spec. Counters live in the process; with `serve --workers
N` each worker is a process, so `serve` points `PROMETHEUS_MULTIPROC_DIR` at a fresh directory
and a scrape of any worker adds up every worker's files (the library's multiprocess mode). The
backlog gauges are read from the store at each scrape: the same in every process.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)  # the process's own, not the library's global one
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST

requests = Counter("specloom_http_requests", "Requests answered, by operation and status.",
                   ("surface", "operation", "method", "status"), registry=REGISTRY)
latency = Histogram("specloom_http_request_duration_seconds", "Time from the request to the end of its response.",
                    ("surface", "operation"), buckets=BUCKETS, registry=REGISTRY)
rate_limit_refusals = Counter("specloom_rate_limit_refusals", "Requests refused by a rate limit (429).",
                              ("surface", "operation"), registry=REGISTRY)
idempotent_replays = Counter("specloom_idempotent_replays", "Stored responses replayed for a repeated "
                             "Idempotency-Key.", ("surface", "operation"), registry=REGISTRY)
webhook_failures = Counter("specloom_webhook_delivery_failures", "Webhook delivery attempts that failed "
                           "(another status, a timeout, a refused connection).", ("surface", "event"),
                           registry=REGISTRY)


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class _Backlog:
    """The backlog read from the store for one scrape, as gauges."""

    def __init__(self, surface: str, outbox: dict[str, int], jobs: int):
        self.surface, self.outbox, self.jobs = surface, outbox, jobs

    def collect(self):
        pending = GaugeMetricFamily("specloom_outbox_pending", "Outbox rows still to be handled, by event.",
                                    labels=("surface", "event"))
        for event, count in sorted(self.outbox.items()):
            pending.add_metric((self.surface, event), count)
        yield pending
        queued = GaugeMetricFamily("specloom_jobs_queued", "Jobs queued and not finished.", labels=("surface",))
        queued.add_metric((self.surface,), self.jobs)
        yield queued


def exposition(surface: str, outbox: dict[str, int], jobs: int) -> bytes:
    """The text format of every metric: this process's (or, in multiprocess mode, every
    worker's) counters and the backlog just read."""
    registry = CollectorRegistry() if multiprocess() else _Union(REGISTRY)
    if multiprocess():
        from prometheus_client import multiprocess as mp

        mp.MultiProcessCollector(registry)
    registry.register(_Backlog(surface, outbox, jobs))
    return generate_latest(registry)


class _Union(CollectorRegistry):
    """The process's registry plus the per-scrape collectors."""

    def __init__(self, base: CollectorRegistry):
        super().__init__()
        self.base = base

    def collect(self):
        yield from self.base.collect()
        yield from super().collect()

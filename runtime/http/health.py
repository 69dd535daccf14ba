"""Health of a served surface, for load balancers and orchestrators:

- `/healthz`: the process is alive and its event loop answers (200 `{"status": "ok"}`);
- `/readyz`: it can serve: the store answers a read, the surface's tables are migrated, and the
  background workers it should run are running (webhook delivery; any other started worker,
  mail delivery or scheduled sweeps, whose loop ended is named by its task's name);
  200 `{"status": "ready"}`,
  else 503 `{"status": "not ready", "failing": [names]}` (and during a graceful shutdown, so
  the balancer stops sending before the process goes).

Which checks failed is named, never why (no store URL, no error text): the reasons are logged.
"""

from __future__ import annotations

import asyncio
import logging

from specloom.runtime.surface_runtime import SurfaceRuntime
from specloom.runtime.webhooks.dispatcher import WebhookDispatcher

log = logging.getLogger("specloom.health")

HEALTH_PATH, READY_PATH, METRICS_PATH = "/healthz", "/readyz", "/metrics"
RESERVED = (HEALTH_PATH, READY_PATH, METRICS_PATH)
STORE_TIMEOUT = 2.0  # seconds a readiness read of the store may take


class Readiness:
    def __init__(self, runtime: SurfaceRuntime):
        self.runtime = runtime
        self.started = False  # the app's lifespan ran its start-up (workers started)
        self.stopping = False  # a graceful shutdown began

    async def failing(self) -> list[str]:
        failing = []
        if self.stopping:
            failing.append("shutting_down")
        if not self.started:
            failing.append("starting")
        try:
            await asyncio.wait_for(self.runtime.store.get_tenant(self.runtime.surface.name, ""), STORE_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - down, closed, too slow, tables gone: not ready
            log.warning("not ready: the store does not answer: %s: %s", type(exc).__name__, exc)
            failing.append("store")
        if not getattr(self.runtime, "_ready", False):
            failing.append("migrations")
        dispatcher = self.runtime.service(WebhookDispatcher)
        wanted = dispatcher.webhooks is not None and self.runtime.settings.webhook_delivery
        task = getattr(dispatcher, "_task", None)
        if self.started and not self.stopping and wanted and (task is None or task.done()):
            failing.append("webhook_delivery")
        if self.started and not self.stopping:  # any other background worker whose loop ended
            for service in list(getattr(self.runtime, "_services", {}).values()):
                task = getattr(service, "_task", None)
                if service is not dispatcher and isinstance(task, asyncio.Task) and task.done():
                    failing.append(task.get_name().replace(" ", "_"))
        return failing

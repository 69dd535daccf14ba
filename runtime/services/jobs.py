"""Asynchronous jobs: work a request starts and a client polls (Alva's remote ingest).

A job is a record of a resource the spec declares (Alva: `jobs`, read with a plain `get`
operation) whose `status` moves `pending` → `processing` → `completed` or `failed`. The service
action that starts one inserts the record as `pending` and queues it in the store's runtime
records (namespace `jobs:<surface>`, group `queued`), so every process on the store sees the
queue. The app's `JobRunner` runs queued jobs in the background of the serving event loop:

- it claims a job atomically (`Store.modify`: only a `pending` job can be claimed, so two
  processes never run one job twice);
- it runs the job's *processor* (registered here by name with `@processor`, e.g.
  `ingest.remote`), which returns the fields to set on the completed job or raises `JobFailed`;
- it writes `completed` with those fields, or `failed` with `error: {code, message}`, plus the
  resource's `updated` timestamp and a `completed_at` (or `completedAt`) the job schema has,
  and dequeues it.

A claim is a lease kept alive by its process: while a job runs, its claim is renewed every
`job_heartbeat_seconds` (SPECLOOM_JOB_HEARTBEAT_SECONDS, default 10). On start-up, and then every
heartbeat, the runner starts queued jobs that are still pending, and jobs left `processing` by
a process that died — whose claim was not renewed for three heartbeats — so a job cut by a
kill -9 is run again within about half a minute by any process on the store. On shutdown it
cancels what is running; those jobs are resumed by the next start.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable

from specloom.backends.base import Mutation, Refused, StoreError
from specloom.runtime.clock import now_iso
from specloom.runtime.surface_runtime import SurfaceRuntime

from .background import cancel_and_wait

log = logging.getLogger("specloom.jobs")

PENDING, PROCESSING, COMPLETED, FAILED = "pending", "processing", "completed", "failed"
HEARTBEAT = 10.0  # seconds between two renewals of a running job's claim (default)
STALE_HEARTBEATS = 3  # a claim not renewed for this many heartbeats was left by a dead process

Processor = Callable[[SurfaceRuntime, dict[str, Any], dict[str, Any]], Awaitable[dict[str, Any]]]
PROCESSORS: dict[str, Processor] = {}


def processor(name: str):
    """Register `async def f(runtime, entry, settings) -> changes` as the processor `name`.
    `entry` is the queue entry (`tenant`, `resource`, `job_id`, `operation_id`, `input`);
    `settings` the `with` block of the operation that started the job."""

    def register(fn: Processor) -> Processor:
        PROCESSORS[name] = fn
        return fn

    return register


class JobFailed(Exception):
    """A processor's refusal: the job ends `failed` with this code and message."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def stamp(fields: Any, doc: dict[str, Any], now: str, *names: str) -> dict[str, Any]:
    """Set the timestamp fields `names` (snake_case, e.g. `updated_at`) that the schema has,
    in whichever spelling it uses (`updated_at` or `updatedAt`)."""
    known = {f.name for f in fields}
    for name in names:
        head, *rest = name.split("_")
        camel = head + "".join(p.capitalize() for p in rest)
        for spelling in (name, camel):
            if spelling in known:
                doc[spelling] = now
    return doc


class JobRunner:
    """Runs the queued jobs of one served surface in the background."""

    def __init__(self, runtime: SurfaceRuntime, clock: Callable[[], float] = time.time):
        self.runtime = runtime
        self.clock = clock
        self.namespace = f"jobs:{runtime.surface.name}"
        self._tasks: set[asyncio.Task] = set()
        self._watch: asyncio.Task | None = None

    @property
    def heartbeat(self) -> float:
        return float(getattr(self.runtime.settings, "job_heartbeat_seconds", None) or HEARTBEAT)

    @property
    def store(self):
        return self.runtime.store

    async def enqueue(self, *, tenant: str, resource: str, job_id: str, kind: str,
                      operation_id: str, input: Any = None) -> None:
        """Queue a pending job (already inserted) and start running it once the caller's unit
        of work has committed (not at all if it is rolled back: the job is not there)."""
        entry = {"tenant": tenant, "resource": resource, "job_id": job_id, "kind": kind,
                 "operation_id": operation_id, "input": input, "claimed_at": None}
        await self.store.kv_put(self.namespace, job_id, entry, group="queued")
        self.store.after_commit(lambda: self._start(entry))

    async def resume(self) -> int:
        """Start every queued job that is pending, or was left processing; how many. The first
        call also starts the watch that does this again every heartbeat."""
        if self._watch is None:
            self._watch = asyncio.get_running_loop().create_task(self._watching(), name="job watch")
        return await self._resume_once()

    async def _watching(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self._resume_once()
            except asyncio.CancelledError:
                raise
            except StoreError as exc:
                log.warning("queued jobs could not be checked: %s: %s", type(exc).__name__, exc)
            except Exception:  # noqa: BLE001 - the watch outlives any one bad round
                log.exception("queued jobs could not be checked")

    async def _resume_once(self) -> int:
        now = self.clock()
        started = 0
        running = {t.get_name() for t in self._tasks if not t.done()}
        for entry in await self.store.kv_list(self.namespace, "queued", now):
            if f"job {entry['job_id']}" in running:
                continue  # this process runs it
            claimed = entry.get("claimed_at")
            if claimed is not None:
                if claimed > now - STALE_HEARTBEATS * self.heartbeat:
                    continue  # another process is running it
                if not await self._reset(entry):
                    continue
            self._start(entry)
            started += 1
        return started

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait for the jobs running in this loop to finish (tests)."""
        loop = asyncio.get_running_loop()
        mine = [t for t in self._tasks if t.get_loop() is loop]
        if mine:
            await asyncio.wait(mine, timeout=timeout)

    async def stop(self, grace: float = 0.0) -> None:
        """Let the running jobs finish for up to `grace` seconds (a graceful shutdown), then
        cancel those still running (they are resumed by the next start)."""
        loop = asyncio.get_running_loop()
        watch, self._watch = self._watch, None
        if watch is not None:
            await cancel_and_wait([watch])
        running = [t for t in self._tasks if t.get_loop() is loop and not t.done()]
        if running and grace > 0:
            log.info("waiting up to %gs for %d running job(s)", grace, len(running))
            await asyncio.wait(running, timeout=grace)
        await cancel_and_wait(t for t in self._tasks if t.get_loop() is loop)
        self._tasks.clear()

    # -- running ------------------------------------------------------------------------------
    def _start(self, entry: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._run(entry), name=f"job {entry['job_id']}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _table(self, entry: dict[str, Any]):
        resource = self.runtime.surface.resource(entry["resource"])
        return resource, resource.table_name

    async def _reset(self, entry: dict[str, Any]) -> bool:
        """Put a job left processing back to pending; False when it is no longer processing."""
        _, table = self._table(entry)

        def back(job: dict[str, Any]) -> Mutation:
            if job.get("status") != PROCESSING:
                raise Refused("not_processing")
            return Mutation({"status": PENDING})

        try:
            return await self.store.modify(table, entry["tenant"], entry["job_id"], back) is not None
        except Refused:
            await self.store.kv_delete(self.namespace, entry["job_id"])
            return False

    async def _claim(self, entry: dict[str, Any]) -> bool:
        resource, table = self._table(entry)

        def take(job: dict[str, Any]) -> Mutation:
            if job.get("status") != PENDING:
                raise Refused("not_pending", status=job.get("status"))
            return Mutation(resource.timestamps.on_change({"status": PROCESSING}, now_iso()))

        try:
            claimed = await self.store.modify(table, entry["tenant"], entry["job_id"], take)
        except Refused as exc:
            if exc.info.get("status") in (COMPLETED, FAILED):
                await self.store.kv_delete(self.namespace, entry["job_id"])
            return False
        if claimed is None:  # the job record is gone
            await self.store.kv_delete(self.namespace, entry["job_id"])
            return False
        await self.store.kv_put(self.namespace, entry["job_id"], {**entry, "claimed_at": self.clock()},
                                group="queued")
        return True

    async def _beat(self, entry: dict[str, Any]) -> None:
        """Renew the claim of a running job every heartbeat (its process is alive)."""
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self.store.kv_put(self.namespace, entry["job_id"], {**entry, "claimed_at": self.clock()},
                                        group="queued")
            except StoreError as exc:
                log.warning("job %s: its claim could not be renewed: %s", entry["job_id"], exc)

    async def _run(self, entry: dict[str, Any]) -> None:
        try:
            if not await self._claim(entry):
                return
            resource, table = self._table(entry)
            settings = self.runtime.surface.operation(entry["operation_id"]).options
            beating = asyncio.get_running_loop().create_task(self._beat(entry), name=f"job beat {entry['job_id']}")
            try:
                changes = await PROCESSORS[entry["kind"]](self.runtime, entry, settings)
                final = {**changes, "status": COMPLETED, "error": None}
            except JobFailed as exc:
                final = {"status": FAILED, "error": {"code": exc.code, "message": exc.message}}
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a job must end, whatever its processor did
                log.exception("job %s (%s) failed unexpectedly", entry["job_id"], entry["kind"])
                final = {"status": FAILED,
                         "error": {"code": "internal_error", "message": "The job failed unexpectedly"}}
            finally:
                await cancel_and_wait([beating])
            now = now_iso()
            stamp(resource.fields, resource.timestamps.on_change(final, now), now, "completed_at")
            await self.store.update(table, entry["tenant"], entry["job_id"], final)
            await self.store.kv_delete(self.namespace, entry["job_id"])
        except asyncio.CancelledError:
            raise
        except StoreError as exc:  # the store is down, full or read-only: one line, not a traceback
            log.warning("job %s could not be run: %s: %s", entry.get("job_id"), type(exc).__name__, exc)
        except Exception:  # noqa: BLE001 - never let a background task die silently
            log.exception("job %s could not be run", entry.get("job_id"))

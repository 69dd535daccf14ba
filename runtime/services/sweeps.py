"""Scheduled sweeps (`x-specloom.resources.<name>.sweeps`): changes the app makes by itself to
records that fall due — a cart left with items for an hour becomes ABANDONED and
`cart.abandoned` fires; a subscription whose renewal date came gets a new order and its next
renewal date (`advance`, `creates`).

The app runs one `SweepRunner` per served surface in the background of its event loop. Every
`sweep_poll_seconds` it runs the sweeps whose `every` has passed since their last run in this
process. A run walks the tenants holding records of the resource (`Store.tenants`) and, per
tenant, the records that match the sweep's `where` and are due (`due`/`idleFor`: a date-time
field at least so many seconds in the past), in pages. Each candidate is claimed with
`Store.modify`: under the record's row lock the conditions are checked again on the current
record, and the sweep's `set` (or `advance`: the due time moved on by a period), the record
it `creates`, the record's timestamps and the events (the sweep's `emit`, the resource's own
`update`/`threshold` events, the created record's `create` events) are written in one
transaction. Because `set` takes the record out of `where`, or `advance` moves its due time past
the period just swept (lint insists on one of them), a second process that reaches the same
record a moment later finds it no longer due and leaves it: each record (each period of it) is
swept, and its event recorded, exactly once however many processes share the store. A run that dies midway
loses nothing: what it did not claim is claimed by the next run, anywhere.

Time: "now" is the runner's clock (the wall clock unless a test pins it); the outbox rows take
the wall clock, as the webhook worker that delivers them does.
"""

from __future__ import annotations

import asyncio
import calendar
import logging
import re
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from specloom.backends.base import Filter, Mutation, PageRequest, Query, Refused, UniqueViolation
from specloom.generator.ir import EmittedEvent, Resource, Sweep

from .background import cancel_and_wait, poll_loop
from .events import EventRecorder
from .resources import NUMBER_ATTEMPTS, _derive
from .state_machines import created_record, resolve

log = logging.getLogger("specloom.sweeps")

BATCH = 100  # candidates read per page
MAX_PER_RUN = 1000  # records one run of one sweep claims in one tenant; the rest wait for the next run


def iso_at(at: float) -> str:
    """`at` (Unix seconds) as the runtime writes times: UTC, milliseconds, `Z`."""
    return datetime.fromtimestamp(at, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _seconds(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


_DURATION = re.compile(r"P(?=.)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                       r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def advanced(at: float, duration: str) -> float | None:
    """`at` (Unix seconds) moved on by an ISO 8601 duration (`P1M`, `P7D`, `PT12H`); months and
    years are calendar ones (31 Jan + P1M = 28/29 Feb). None when `duration` is not one."""
    match = _DURATION.fullmatch(duration.strip()) if isinstance(duration, str) else None
    if match is None:
        return None
    years, months, weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    moment = datetime.fromtimestamp(at, timezone.utc)
    total_months = moment.month - 1 + months + 12 * years
    year, month = moment.year + total_months // 12, total_months % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    moment = moment.replace(year=year, month=month, day=day)
    return (moment + timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)).timestamp()


def matches(sweep: Sweep, doc: dict[str, Any], now: float) -> bool:
    """Whether `doc` is due for `sweep` at `now`."""
    for field, wanted in sweep.where.items():
        value = doc.get(field)
        if not (value in wanted if isinstance(wanted, list) else value == wanted):
            return False
    for field in sweep.non_empty:
        if not isinstance(doc.get(field), list) or not doc[field]:
            return False
    if sweep.due_field is not None:
        at = _seconds(doc.get(sweep.due_field))
        if at is None or at > now - sweep.due_after:
            return False
    return True


class SweepRunner:
    """Runs the scheduled sweeps of one served surface in the background."""

    def __init__(self, runtime, clock: Callable[[], float] | None = None):
        self.runtime = runtime
        self.clock = clock or time.time
        self.sweeps = [(r, s) for r in runtime.surface.resources for s in r.sweeps]
        self._task: asyncio.Task | None = None
        self._last_run: dict[tuple[str, str], float] = {}

    @property
    def store(self):
        return self.runtime.store

    def start(self) -> None:
        if not self.sweeps or not self.runtime.settings.sweeps or self._task is not None:
            return
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="scheduled sweeps")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait([task])

    async def _loop(self) -> None:
        # a round that swept records is followed at once by another, which finds its sweeps
        # not due again before their `every` and so waits the poll
        await poll_loop(self.run_once, poll=self.runtime.settings.sweep_poll_seconds, what="scheduled sweeps",
                        logger=log)

    def _every(self, sweep: Sweep) -> float:
        override = self.runtime.settings.sweep_every_seconds
        return float(override) if override else sweep.every

    async def run_once(self, *, force: bool = False) -> int:
        """Run the sweeps that are due in this process (all of them with `force`); how many
        records this process swept."""
        await self.runtime.ensure_ready()
        swept = 0
        for resource, sweep in self.sweeps:
            now = self.clock()
            key = (resource.name, sweep.name)
            if not force and now - self._last_run.get(key, float("-inf")) < self._every(sweep):
                continue
            self._last_run[key] = now
            swept += await self.run_sweep(resource, sweep, now)
        return swept

    async def run_sweep(self, resource: Resource, sweep: Sweep, now: float) -> int:
        """One run of one sweep over every tenant; how many records it claimed."""
        filters = [Filter(field, value) for field, value in sweep.where.items() if not isinstance(value, list)]
        if sweep.due_field is not None:
            filters.append(Filter(sweep.due_field, iso_at(now - sweep.due_after), "lte"))
        query = Query(filters=tuple(filters))
        swept = 0
        for tenant in await self.store.tenants(resource.table_name):
            claimed, after = 0, None
            while claimed < MAX_PER_RUN:
                page = await self.store.list(resource.table_name, tenant, query,
                                             PageRequest(limit=BATCH, keyset=True, after=after, with_total=False))
                for doc in page.items:
                    if matches(sweep, doc, now) and await self._claim(resource, sweep, tenant, doc["id"], now):
                        claimed += 1
                if not page.has_next or page.last_position is None:
                    break
                after = page.last_position
            swept += claimed
        if swept:
            log.info("sweep %s.%s: %d record(s)", resource.name, sweep.name, swept)
        return swept

    async def _claim(self, resource: Resource, sweep: Sweep, tenant: str, record_id: str, now: float) -> bool:
        """Sweep one record under its row lock, if it is still due; False when another process
        got there first (or it changed and is no longer due)."""
        stamp = iso_at(now)
        surface = self.runtime.surface

        def change(current: dict[str, Any]) -> Mutation:
            if not matches(sweep, current, now):
                raise Refused("not_due")
            changes = {field: resolve(value, record=current, body=None, now=stamp)
                       for field, value in sweep.set.items()}
            if sweep.advance_field is not None:  # the next period: from the one just swept
                by = sweep.advance_by or ""
                by = current.get(by[len("$record."):]) if by.startswith("$record.") else by
                start = _seconds(current.get(sweep.advance_field))
                after = advanced(start if start is not None else now, by)
                if after is None:
                    log.warning("sweep %s.%s: %s %s: %r is not an ISO 8601 duration; left as it is",
                                resource.name, sweep.name, resource.noun, record_id, by)
                    raise Refused("no_period")
                changes[sweep.advance_field] = iso_at(after)
            inserts: tuple[tuple[str, dict[str, Any]], ...] = ()
            if sweep.creates is not None:  # a renewal's order, in this same transaction
                created, doc = created_record(surface, sweep.creates, current, None, stamp)
                if sweep.creates.link_field:
                    changes[sweep.creates.link_field] = doc["id"]
                inserts = ((created.table_name, doc),)
            merged = {**current, **changes}
            _derive(resource, merged, changes)
            changes = {k: v for k, v in merged.items() if current.get(k, object()) != v}
            return Mutation(resource.timestamps.on_change(changes, stamp), inserts)

        for attempt in range(NUMBER_ATTEMPTS if sweep.creates is not None else 1):
            try:
                return await self.store.modify(resource.table_name, tenant, record_id, change,
                                               outbox=self._outbox(sweep, tenant)) is not None
            except Refused:
                return False
            except UniqueViolation:  # the created record's number clashed: draw again
                if attempt == NUMBER_ATTEMPTS - 1:
                    raise
        return False

    def _outbox(self, sweep: Sweep, tenant: str):
        recorder = EventRecorder.of(self.runtime.surface)
        declared = recorder.outbox(tenant, "update")  # the resource's own update/threshold events
        event = EmittedEvent(event=sweep.emit, when="sweep", fields=sweep.fields) if sweep.emit else None
        if declared is None and (event is None or recorder.webhooks is None):
            return None

        def rows(written) -> list[dict[str, Any]]:
            out = list(declared(written)) if declared else []
            if event is not None and recorder.webhooks is not None and written:
                out.append(recorder.row(event, tenant, written[0][2], time.time()))
            return out

        return rows

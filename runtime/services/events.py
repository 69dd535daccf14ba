"""Events resources emit (`x-specloom.resources.<name>.events`), recorded in the outbox by the
write that causes them.

A write asks its resource's `EventRecorder` for an outbox function and hands it to the store
(`Store.insert/update/modify(..., outbox=...)`); the store calls it inside the write's own
transaction with every record it stored, and inserts the rows it returns there too. So an event
exists exactly when its write committed: a write refused or rolled back records nothing, and a
process dying after the commit loses nothing (runtime/webhooks/ delivers from the outbox).

What fires (`when`):
- `create` — a record created (also one a transition creates alongside its move);
- `update` — a record changed by an update, counter, ledger or list write;
- `transition` — a state-machine transition (any, or the ones named in `transitions`);
- `threshold` — `field` dropping below `below` by any write of an existing record (from at
  least `below` before to under it after; a record created below it has not "dropped").

The event's body is the surface's `webhooks.payload` template rendered with `$event`, `$id`,
`$timestamp` (ISO-8601 UTC, seconds), `$tenant` and `$data` (the record as written, or only
the event's `fields`), serialised once: every delivery sends exactly these bytes.
"""

from __future__ import annotations

import copy
import secrets
import time
from datetime import datetime, timezone
from typing import Any

import orjson

from specloom.backends.base import Outbox, Written
from specloom.generator.ir import EmittedEvent, Resource, Surface
from specloom.runtime.envelopes import compile_template
from specloom.runtime.security.sandbox import public_tenant

from .content_records import visible

_RECORDERS: dict[int, tuple[Surface, "EventRecorder"]] = {}


def new_event_id() -> str:
    return "evt_" + secrets.token_hex(12)


def iso_seconds(at: float) -> str:
    return datetime.fromtimestamp(int(at), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fires(event: EmittedEvent, kind: str, transition: str | None, before: dict[str, Any] | None,
          after: dict[str, Any]) -> bool:
    """Whether a write of `kind` (create, update, transition) of a record fires `event`."""
    if event.when == "threshold":
        if before is None or event.field is None or event.below is None:
            return False
        old, new = before.get(event.field), after.get(event.field)
        # the record's own threshold (`belowField`: a product's lowStockThreshold), else `below`
        own = after.get(event.below_field) if event.below_field else None
        below = own if _number(own) else event.below
        return _number(old) and _number(new) and old >= below > new
    if event.when != kind:
        return False
    return kind != "transition" or not event.transitions or transition in event.transitions


class EventRecorder:
    """The events one surface's resources emit, turned into outbox rows."""

    def __init__(self, surface: Surface):
        self.surface = surface
        self.webhooks = surface.webhooks
        self._payload = compile_template(self.webhooks.payload) if self.webhooks else None
        self._emitters: dict[str, Resource] = {r.table_name: r for r in surface.resources if r.events}

    @classmethod
    def of(cls, surface: Surface) -> "EventRecorder":
        cached = _RECORDERS.get(id(surface))
        if cached is None or cached[0] is not surface:
            cached = _RECORDERS[id(surface)] = (surface, cls(surface))
        return cached[1]

    def outbox(self, tenant: str, kind: str, transition: Any = None) -> Outbox | None:
        """The outbox function for one write of `kind` in `tenant`; None when nothing emits."""
        if self._payload is None or not self._emitters:
            return None

        def rows(written: list[Written]) -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            now = time.time()
            name = transition() if callable(transition) else transition
            for position, (table, before, after) in enumerate(written):
                resource = self._emitters.get(table)
                if resource is None:
                    continue
                main = position == 0  # the others are records the write inserted alongside
                for event in resource.events:
                    if fires(event, kind if main else "create", name if main else None,
                             before if main else None, after):
                        # a resource's private fields (a reviewer's email) are never sent
                        out.append(self.row(event, tenant, visible(resource, after), now))
            return out

        return rows

    def row(self, event: EmittedEvent, tenant: str, record: dict[str, Any], now: float) -> dict[str, Any]:
        assert self._payload is not None
        data = ({k: record[k] for k in event.fields if k in record} if event.fields else record)
        event_id = new_event_id()
        # the payload names the tenant as clients know it (a sandbox's events name its tenant)
        payload = self._payload({"event": event.event, "id": event_id, "timestamp": iso_seconds(now),
                                 "tenant": public_tenant(tenant), "data": copy.deepcopy(data)})
        return {"id": event_id, "surface": self.surface.name, "tenant": tenant, "event": event.event,
                "subscription": None, "body": orjson.dumps(payload).decode(), "status": "pending",
                "attempts": 0, "next_attempt_at": now, "created_at": now, "updated_at": now}

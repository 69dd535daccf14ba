"""The worker that delivers the outbox of outgoing webhooks (`x-specloom.webhooks`).

Events are written to the outbox by the writes that cause them (runtime/services/events.py). The app
runs one `WebhookDispatcher` per served surface in the background of its event loop; every
`webhook_poll_seconds` it claims due outbox rows (`Store.outbox_claim`: a row goes to one
process, however many share the store) and:

- an event row is fanned out: one delivery row per subscription of the event's tenant that
  lists the event, inserted in the transaction that marks the event `dispatched`;
- a delivery row is POSTed to its subscription's URL with the event's exact bytes, signed in
  the declared header as `t=<unix>,sha256=<hex>` — HMAC-SHA-256 of `<t>.<raw body>` under the
  subscription's secret (runtime/security/signatures.py, the request-signing scheme). A 2xx answer
  makes it `delivered`; anything else (another status, a redirect, a timeout, a refused
  connection) is retried after the declared backoff until `maxAttempts`, then it is `failed`.
  A delivery whose subscription was deleted, or whose URL is no longer acceptable, fails at once
  (a host that does not resolve is retried). The request goes to the address the host resolved
  to when it was checked (urls.py `resolve`), with the host's name as `Host` and TLS server name.

A claim is a lease: a process that dies mid-delivery leaves its rows to be claimed again once
the lease ran out, so delivery is at least once. Nothing here runs inside a request: a slow or
dead receiver never slows an API call.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import Any, Callable

import httpx

from specloom.backends.base import Filter, PageRequest, Query, StoreError
from specloom.runtime import metrics
from specloom.runtime.security import signatures
from specloom.runtime.security.outbound_urls import public_url_problem, resolve
from specloom.runtime.services.background import cancel_and_wait, poll_loop
from specloom.runtime.services.resources import TenantResources
from specloom.runtime.surface_runtime import SurfaceRuntime

from .subscription_secrets import read_secret

log = logging.getLogger("specloom.webhooks")

PENDING, DISPATCHED, DELIVERED, FAILED = "pending", "dispatched", "delivered", "failed"
BATCH = 20  # rows claimed per poll
PURGE_EVERY = 600  # seconds between purges of finished rows past the retention


class WebhookDispatcher:
    """Delivers the outbox of one served surface in the background."""

    def __init__(self, runtime: SurfaceRuntime, clock: Callable[[], float] = time.time):
        self.runtime = runtime
        self.clock = clock
        self.webhooks = runtime.surface.webhooks
        self._task: asyncio.Task | None = None
        self._purged_at = float("-inf")
        self._round: asyncio.Task | None = None  # the deliveries of the round in progress
        self._stopping = False

    @property
    def store(self):
        return self.runtime.store

    @property
    def http_hosts(self) -> tuple[str, ...]:
        return tuple(self.runtime.settings.webhook_http_hosts)

    def start(self) -> None:
        if self.webhooks is None or not self.runtime.settings.webhook_delivery or self._task is not None:
            return
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="webhook delivery")

    async def stop(self, grace: float = 0.0) -> None:
        """Stop claiming; let the deliveries in flight finish for up to `grace` seconds (a
        graceful shutdown), then cancel (a cancelled delivery's lease runs out and another
        process, or the next start, delivers it). The cancelled round is waited for and its
        outcome collected, so nothing is left running, or unretrieved, once this returns."""
        task, self._task = self._task, None
        self._stopping = True
        round_ = self._round
        if task is not None and round_ is not None and not round_.done() and grace > 0:
            log.info("waiting up to %gs for webhook deliveries in flight", grace)
            await asyncio.wait([round_], timeout=grace)
        if task is not None:
            await cancel_and_wait([task])  # the loop first: once it has ended, no round can start
        round_, self._round = self._round, None
        if round_ is not None:
            await cancel_and_wait([round_])

    async def _loop(self) -> None:
        await poll_loop(self.run_once, poll=self.runtime.settings.webhook_poll_seconds, what="webhook delivery",
                        logger=log, keep_going=lambda: not self._stopping)

    def _lease(self) -> float:
        assert self.webhooks is not None
        return 2 * float(self.webhooks.delivery.timeout_seconds) + 30

    async def run_once(self) -> int:
        """Claim the due rows and handle them; how many were claimed."""
        if self.webhooks is None:
            return 0
        await self.runtime.ensure_ready()
        now = self.clock()
        await self._purge(now)
        if self._stopping:
            return 0
        rows = await self.store.outbox_claim(self.runtime.surface.name, now, now + self._lease(), BATCH)
        if rows:
            # a task of its own, shielded: a graceful stop waits for the round instead of
            # cancelling it mid-delivery, and stop() cancels and collects it
            self._round = asyncio.get_running_loop().create_task(self._handle_all(rows), name="webhook round")
            await asyncio.shield(self._round)
        return len(rows)

    async def _handle_all(self, rows: list[dict[str, Any]]) -> None:
        await asyncio.gather(*(self._handle(row) for row in rows))

    async def _purge(self, now: float) -> None:
        """Drop finished rows past the retention, at most once per PURGE_EVERY seconds."""
        if now - self._purged_at < PURGE_EVERY:
            return
        self._purged_at = now
        gone = await self.store.outbox_purge(self.runtime.surface.name,
                                             now - self.runtime.settings.webhook_retention_seconds)
        if gone:
            log.info("purged %d finished outbox row(s) older than the retention", gone)

    async def _handle(self, row: dict[str, Any]) -> None:
        try:
            if row["subscription"] is None:
                await self._fan_out(row)
            else:
                await self._deliver(row)
        except asyncio.CancelledError:
            raise
        except StoreError as exc:  # the lease runs out and the row is tried again
            log.warning("outbox row %s could not be handled: %s: %s", row.get("id"), type(exc).__name__, exc)
        except Exception:  # noqa: BLE001 - the lease runs out and the row is tried again
            log.exception("outbox row %s could not be handled", row.get("id"))

    async def _fan_out(self, row: dict[str, Any]) -> None:
        """Turn an event into one delivery per subscription of its tenant that lists it."""
        assert self.webhooks is not None
        resources = TenantResources(self.runtime.surface, self.store, row["tenant"])
        query = Query(filters=(Filter(self.webhooks.events_field, row["event"], "contains"),))
        now = self.clock()
        deliveries, after = [], None
        while True:
            page = await resources.list(self.webhooks.subscriptions, query,
                                        PageRequest(limit=500, keyset=True, after=after, with_total=False))
            for subscription in page.items:
                deliveries.append({
                    "id": "dlv_" + secrets.token_hex(12), "surface": row["surface"], "tenant": row["tenant"],
                    "event": row["event"], "subscription": subscription["id"], "body": row["body"],
                    "status": PENDING, "attempts": 0, "next_attempt_at": now, "created_at": now,
                    "updated_at": now})
            if not page.has_next:
                break
            after = page.last_position
        await self.store.outbox_settle(row["id"], row["claim"], {"status": DISPATCHED}, now, deliveries)

    async def _deliver(self, row: dict[str, Any]) -> None:
        assert self.webhooks is not None
        subscriptions = self.runtime.surface.resource(self.webhooks.subscriptions)
        subscription = await self.store.get(subscriptions.table_name, row["tenant"], row["subscription"])
        if subscription is None:
            return await self._finish(row, None, "subscription_deleted: the subscription no longer exists",
                                      retry=False)
        secret = await read_secret(self.runtime, subscription["id"])
        if secret is None:
            return await self._finish(row, None, "no_secret: the subscription's secret cannot be read",
                                      retry=False)
        url = subscription.get(self.webhooks.url_field)
        problem = (public_url_problem(url, self.http_hosts) if isinstance(url, str) else ("invalid_url", "is missing"))
        if problem is not None:
            return await self._finish(row, None, f"{problem[0]}: the URL {problem[1]}", retry=False)
        target, problem = await resolve(url, self.http_hosts)
        if problem is not None:  # a host that does not resolve now may later; a private one stays refused
            return await self._finish(row, None, f"{problem[0]}: the URL {problem[1]}",
                                      retry=problem[0] == "unresolvable")
        body = row["body"].encode()
        headers = {"Content-Type": "application/json", "User-Agent": "specloom-webhooks",
                   "Host": target.host_header,
                   self.webhooks.signature_header: signatures.sign(secret, body, int(self.clock()))}
        timeout = float(self.webhooks.delivery.timeout_seconds)
        status, error = None, None
        try:
            async with asyncio.timeout(timeout + 1):
                async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
                    response = await client.post(target.url, content=body, headers=headers,
                                                 extensions={"sni_hostname": target.server_name})
            status = response.status_code
            if not 200 <= status < 300:
                error = f"http_status: the receiver answered HTTP {status}"
        except (TimeoutError, httpx.TimeoutException):
            error = f"timeout: no answer within {timeout:g} seconds"
        except httpx.HTTPError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            error = f"connection_failed: {reason}"[:500]
        await self._finish(row, status, error, retry=True)

    async def _finish(self, row: dict[str, Any], status: int | None, error: str | None, *, retry: bool) -> None:
        assert self.webhooks is not None
        delivery = self.webhooks.delivery
        now = self.clock()
        attempts = int(row["attempts"]) + 1
        changes: dict[str, Any] = {"attempts": attempts, "last_status": status, "last_error": error}
        if error is not None:
            metrics.webhook_failures.labels(self.runtime.surface.name, row["event"]).inc()
        if error is None:
            changes.update(status=DELIVERED, delivered_at=now)
        elif retry and attempts < delivery.max_attempts:
            first = self.runtime.settings.webhook_backoff_seconds
            wait = (delivery.backoff(attempts) if first is None
                    else min(first * delivery.backoff_factor ** (attempts - 1), delivery.max_backoff_seconds))
            changes.update(status=PENDING, next_attempt_at=now + wait)
        else:
            changes.update(status=FAILED)
        await self.store.outbox_settle(row["id"], row["claim"], changes, now)

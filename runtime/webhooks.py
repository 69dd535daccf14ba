"""Outgoing webhooks (`x-specloom.webhooks`): which subscription URLs are acceptable, where a
subscription's signing secret is kept, and the worker that delivers the outbox.

Events are written to the outbox by the writes that cause them (runtime/events.py). The app
runs one `WebhookDispatcher` per served surface in the background of its event loop; every
`webhook_poll_seconds` it claims due outbox rows (`Store.outbox_claim`: a row goes to one
process, however many share the store) and:

- an event row is fanned out: one delivery row per subscription of the event's tenant that
  lists the event, inserted in the transaction that marks the event `dispatched`;
- a delivery row is POSTed to its subscription's URL with the event's exact bytes, signed in
  the declared header as `t=<unix>,sha256=<hex>` — HMAC-SHA-256 of `<t>.<raw body>` under the
  subscription's secret (runtime/signatures.py, the request-signing scheme). A 2xx answer
  makes it `delivered`; anything else (another status, a redirect, a timeout, a refused
  connection) is retried after the declared backoff until `maxAttempts`, then it is `failed`.
  A delivery whose subscription was deleted, or whose URL is no longer acceptable, fails at once.

A claim is a lease: a process that dies mid-delivery leaves its rows to be claimed again once
the lease ran out, so delivery is at least once. Nothing here runs inside a request: a slow or
dead receiver never slows an API call.

URL rules (checked when a subscription is made, and again before each delivery): `https` only,
a host name with a dot or a public IP address, no credentials in the URL, no fragment. Hosts on
the deployment's `webhook_http_hosts` allow-list (`SPECLOOM_WEBHOOK_HTTP_HOSTS`, patterns as in
`ingest.remote`'s `allowedHosts`) may also use `http` and private addresses — for tests and
development (`127.0.0.1`, `localhost`). Before sending, the host's addresses are resolved and a
host that resolves to a private, loopback or link-local address is refused unless allow-listed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import secrets
import socket
import string
import time
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit

import httpx

from specloom.backends.base import Filter, PageRequest, Query

from . import signatures
from .actions.ingest import host_allowed, url_problem as ingest_url_problem
from .resources import TenantResources
from .sealed_secrets import SealedSecretError, SecretBox

if TYPE_CHECKING:  # pragma: no cover
    from .app import SurfaceRuntime

log = logging.getLogger("specloom.webhooks")

PENDING, DISPATCHED, DELIVERED, FAILED = "pending", "dispatched", "delivered", "failed"
BATCH = 20  # rows claimed per poll
PURGE_EVERY = 600  # seconds between purges of finished rows past the retention
MAX_URL_LENGTH = 2048
_SECRET_ALPHABET = string.ascii_letters + string.digits


# -- subscription URLs ------------------------------------------------------------------------------
def url_problem(url: str, http_hosts: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(code, message) of why `url` may not receive webhooks, or None."""
    if len(url) > MAX_URL_LENGTH:
        return "invalid_url", f"is longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "invalid_url", "is not a valid URL"
    listed = bool(host) and host_allowed(host, list(http_hosts))
    schemes = ["https", "http"] if listed else ["https"]
    problem = ingest_url_problem(url, {"schemes": schemes, "allowedHosts": [host or "-"]})
    if problem is not None:
        return problem
    if parts.fragment or url.endswith("#"):
        return "invalid_url", "must not carry a fragment"
    if any(ch.isspace() or ord(ch) < 0x21 for ch in url):
        return "invalid_url", "must not contain spaces or control characters"
    if listed:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if not address.is_global:
            return "host_not_allowed", f"host {host} is not a public address"
        return None
    lowered = host.lower()
    if "." not in lowered or lowered == "localhost" or lowered.endswith(".localhost"):
        return "host_not_allowed", f"host {host} is not a public host name"
    return None


async def address_problem(url: str, http_hosts: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """Refuse a host that resolves to a non-public address (unless allow-listed)."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host_allowed(host, list(http_hosts)):
        return None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as exc:
        return "unresolvable", f"host {host} could not be resolved ({exc.strerror or exc})"
    for info in infos:
        try:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        except ValueError:
            return "host_not_allowed", f"host {host} resolves to an unusable address"
        if not address.is_global:
            return "host_not_allowed", f"host {host} resolves to a non-public address"
    return None


# -- subscription secrets ---------------------------------------------------------------------------
def new_secret(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))


def secrets_namespace(surface: str) -> str:
    return f"webhook-secrets:{surface}"


async def _box(runtime: "SurfaceRuntime") -> SecretBox:
    return SecretBox(await runtime.api_keys.pepper(), "webhook signing")


async def keep_secret(runtime: "SurfaceRuntime", tenant: str, subscription_id: str, secret: str) -> None:
    """Store a subscription's secret sealed under the server pepper (runtime/sealed_secrets.py),
    bound to the subscription."""
    sealed = (await _box(runtime)).seal(secret, f"{runtime.surface.name}:{subscription_id}")
    await runtime.store.kv_put(secrets_namespace(runtime.surface.name), subscription_id,
                               {"sealed": sealed}, group=tenant)


async def read_secret(runtime: "SurfaceRuntime", subscription_id: str) -> str | None:
    """The subscription's secret; None when it is gone or does not open (another pepper)."""
    entry = await runtime.store.kv_get(secrets_namespace(runtime.surface.name), subscription_id, time.time())
    if entry is None:
        return None
    try:
        return (await _box(runtime)).open(entry["value"].get("sealed") or "",
                                          f"{runtime.surface.name}:{subscription_id}")
    except (SealedSecretError, ValueError):
        return None


async def forget_secret(runtime: "SurfaceRuntime", subscription_id: str) -> None:
    await runtime.store.kv_delete(secrets_namespace(runtime.surface.name), subscription_id)


# -- delivery -------------------------------------------------------------------------------------------
class WebhookDispatcher:
    """Delivers the outbox of one served surface in the background."""

    def __init__(self, runtime: "SurfaceRuntime", clock: Callable[[], float] = time.time):
        self.runtime = runtime
        self.clock = clock
        self.webhooks = runtime.surface.webhooks
        self._task: asyncio.Task | None = None
        self._purged_at = float("-inf")

    @property
    def store(self):
        return self.runtime.store

    @property
    def http_hosts(self) -> tuple[str, ...]:
        return tuple(self.runtime.settings.webhook_http_hosts)

    def start(self) -> None:
        if self.webhooks is None or not self.runtime.settings.webhook_delivery or self._task is not None:
            return
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="webhook delivery")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _loop(self) -> None:
        poll = max(float(self.runtime.settings.webhook_poll_seconds), 0.01)
        while True:
            try:
                handled = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the worker outlives any one bad round
                log.exception("webhook delivery round failed")
                handled = 0
            if not handled:
                await asyncio.sleep(poll)

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
        rows = await self.store.outbox_claim(self.runtime.surface.name, now, now + self._lease(), BATCH)
        if rows:
            await asyncio.gather(*(self._handle(row) for row in rows))
        return len(rows)

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
        problem = (url_problem(url, self.http_hosts) if isinstance(url, str) else ("invalid_url", "is missing"))
        if problem is None:
            problem = await address_problem(url, self.http_hosts)
        if problem is not None:
            return await self._finish(row, None, f"{problem[0]}: the URL {problem[1]}", retry=False)
        body = row["body"].encode()
        headers = {"Content-Type": "application/json", "User-Agent": "specloom-webhooks",
                   self.webhooks.signature_header: signatures.sign(secret, body, int(self.clock()))}
        timeout = float(self.webhooks.delivery.timeout_seconds)
        status, error = None, None
        try:
            async with asyncio.timeout(timeout + 1):
                async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
                    response = await client.post(url, content=body, headers=headers)
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

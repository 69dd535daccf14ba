"""The payment-provider interface: what specloom asks of a provider and what it gets back.

A provider does two things. `start` turns a payment session (an amount owed for a record) into
the URL the customer pays at. `verify_callback` reads a callback the provider POSTed to the
surface's callback operation and, only when its signature is genuine and fresh, says which
session it settles and how (`PaymentOutcome`); anything else raises `CallbackRefused`, and
nothing moves. Everything else — sessions, idempotency, the paid record's transitions, events —
is specloom's (sessions.py), the same for every provider.

The built-in provider is `test` (test_provider.py); registry.py chooses the one to use.
"""

from __future__ import annotations

from typing import Callable, Mapping, Protocol, runtime_checkable

import attrs

SUCCEEDED, FAILED = "succeeded", "failed"


@attrs.frozen
class PaymentRequest:
    """One payment session to start: `amount` (minor units) in `currency` for the record
    `record_id`, kept as session `session_id` of `tenant` (the site `site`, as the path names
    it). `origin` is the scheme and host the client reached the API at; `return_url`, if any,
    is where the customer goes once they paid or gave up."""

    session_id: str
    tenant: str
    site: str
    record_id: str
    amount: int
    currency: str | None
    expires_at: float
    origin: str
    return_url: str | None = None
    description: str = ""


@attrs.frozen
class StartedPayment:
    """Where the customer pays (`url`) and the provider's own name for the payment."""

    url: str
    reference: str


@attrs.frozen
class PaymentOutcome:
    """What a verified callback says: session `session_id` of `tenant` (site `site`)
    `succeeded` or `failed`; `event_id` is the provider's id of the callback."""

    session_id: str
    tenant: str
    site: str
    outcome: str  # SUCCEEDED | FAILED
    event_id: str
    reason: str | None = None


class CallbackRefused(Exception):
    """A callback that is not the provider's (unsigned, forged, stale, unreadable)."""


@attrs.frozen
class ProviderContext:
    """What a provider is made with: the surface's name, its per-deployment `secret`
    (provider_secrets.py) and how far a callback's timestamp may be from now."""

    surface: str
    secret: str
    tolerance_seconds: int
    clock: Callable[[], float]


@runtime_checkable
class PaymentProvider(Protocol):
    name: str

    async def start(self, request: PaymentRequest) -> StartedPayment:
        """The URL the customer pays `request` at."""
        ...

    def verify_callback(self, headers: Mapping[str, str], raw_body: bytes) -> PaymentOutcome:
        """The outcome a genuine, fresh callback reports; `CallbackRefused` otherwise."""
        ...

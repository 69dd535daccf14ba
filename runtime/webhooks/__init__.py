"""Outgoing webhooks (`x-specloom.webhooks`): which subscription URLs are acceptable (urls.py),
where a subscription's signing secret is kept (subscription_secrets.py), and the worker that delivers the
outbox (dispatcher.py). Events are written to the outbox by the writes that cause them
(runtime/events.py)."""

from .dispatcher import WebhookDispatcher
from .subscription_secrets import forget_secret, keep_secret, new_secret, read_secret
from .urls import Pinned, resolve, url_problem

__all__ = ["Pinned", "WebhookDispatcher", "resolve", "forget_secret", "keep_secret", "new_secret",
           "read_secret", "url_problem"]

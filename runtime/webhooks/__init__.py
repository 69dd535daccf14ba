"""Outgoing webhooks (`x-specloom.webhooks`): where a subscription's signing secret is kept
(subscription_secrets.py) and the worker that delivers the outbox (dispatcher.py). Events are
written to the outbox by the writes that cause them (runtime/services/events.py); which URLs
may receive them is the outbound-URL policy (runtime/security/outbound_urls.py)."""

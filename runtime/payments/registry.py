"""Which payment provider a surface uses.

The built-in provider is `test` (test_provider.py). A deployment plugs in a real one with
`register_provider(name, factory)`, or with `SPECLOOM_PAYMENT_PROVIDER` (a registered name or
`package.module:factory`, the setting `payment_provider`), which overrides the spec's
`provider`: `factory(context)` returns an object implementing `interface.PaymentProvider`.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from .interface import PaymentProvider, ProviderContext
from .test_provider import TestProvider

ProviderFactory = Callable[[ProviderContext], PaymentProvider]
_PROVIDERS: dict[str, ProviderFactory] = {}


def register_provider(name: str, factory: ProviderFactory) -> None:
    _PROVIDERS[name] = factory


def provider_factory(declared: str, configured: str | None = None) -> tuple[str, ProviderFactory]:
    """The provider to use: the deployment's `configured` one (`package.module:factory` or a
    registered name) when set, else the spec's `declared` one."""
    chosen = configured or declared
    if ":" in chosen:
        module, _, attr = chosen.partition(":")
        factory: Any = getattr(importlib.import_module(module), attr)
        return chosen, factory
    try:
        return chosen, _PROVIDERS[chosen]
    except KeyError:
        raise LookupError(f"no payment provider {chosen!r}; known: {', '.join(sorted(_PROVIDERS))}") from None


register_provider("test", TestProvider)

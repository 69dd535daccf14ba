"""One surface's payment service: its provider, made once per runtime on first use
(`runtime.service(PaymentService)`), with the deployment's secret."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from .interface import PaymentProvider, ProviderContext
from .provider_secrets import provider_secret
from .registry import provider_factory


class PaymentService:
    def __init__(self, runtime: Any):
        self.runtime = runtime
        self._provider: PaymentProvider | None = None
        self._lock = asyncio.Lock()

    @property
    def payments(self):
        payments = self.runtime.surface.payments
        if payments is None:
            raise LookupError(f"surface {self.runtime.surface.name!r} declares no x-specloom.payments")
        return payments

    async def provider(self) -> PaymentProvider:
        if self._provider is None:
            async with self._lock:
                if self._provider is None:
                    settings = self.runtime.settings
                    name, factory = provider_factory(self.payments.provider, settings.payment_provider)
                    secret = provider_secret(await self.runtime.api_keys.pepper(), self.runtime.surface.name, name,
                                             settings.payment_secret)
                    self._provider = factory(ProviderContext(self.runtime.surface.name, secret,
                                                             self.payments.tolerance_seconds, time.time))
        return self._provider

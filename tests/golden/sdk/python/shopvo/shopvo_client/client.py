"""The clients of the Shopvo v1 REST API: `Client` (synchronous) and `AsyncClient` (asyncio), both over httpx
(generated; do not edit)."""

from __future__ import annotations

import typing as t

import httpx

from . import resources as _r
from ._auth import Credentials, TokenCallback
from ._core import RetrySettings
from ._transport import AsyncTransport, SyncTransport


def _given(api_key: t.Optional[str]) -> dict[str, t.Any]:
    return {'api_key': api_key}


def _retry(max_retries: t.Optional[int], max_retry_delay: t.Optional[float]) -> RetrySettings:
    settings = RetrySettings()
    if max_retries is not None:
        settings.max_retries = max_retries
    if max_retry_delay is not None:
        settings.max_delay = max_retry_delay
    return settings


class Client:
    """Synchronous client of the Shopvo v1 REST API.

    `base_url`: where the API is served (`https://api.example.com`).
    `site_id`: the `siteId` every path naming one is sent to, bound once here.
    `api_key`: the `apiKey` credential (apiKey).
    `signing_secret`: the key's signing secret; every authenticated request is then signed
    (`X-Shopvo-Signature: t=<unix>,sha256=<hex>`).
    `max_retries` (default 3) and `max_retry_delay` (seconds, default 30.0): retries
    of a 429 (after its `Retry-After`) and of network errors where repeating is safe.
    `on_tokens(scheme, tokens)`: called with every token the client obtains (to keep a rotated
    refresh token).
    """

    def __init__(
        self,
        base_url: str,
        *,
        site_id: t.Optional[str] = None,
        api_key: t.Optional[str] = None,
        signing_secret: t.Optional[str] = None,
        timeout: float = 30.0,
        max_retries: t.Optional[int] = None,
        max_retry_delay: t.Optional[float] = None,
        headers: t.Optional[t.Mapping[str, str]] = None,
        on_tokens: t.Optional[TokenCallback] = None,
        http_client: t.Optional[httpx.Client] = None,
) -> None:
        self.credentials = Credentials(_given(api_key), on_tokens)
        self._transport = SyncTransport(base_url, self.credentials, timeout=timeout, http_client=http_client,
                                        tenant=site_id, signing_secret=signing_secret,
                                        retry=_retry(max_retries, max_retry_delay), headers=headers)
        self.products = _r.ProductsResource(self._transport)
        self.categories = _r.CategoriesResource(self._transport)
        self.brands = _r.BrandsResource(self._transport)
        self.promotions = _r.PromotionsResource(self._transport)
        self.gift_cards = _r.GiftCardsResource(self._transport)
        self.loyalty_program = _r.LoyaltyProgramResource(self._transport)
        self.inventory = _r.InventoryResource(self._transport)
        self.webhooks = _r.WebhooksResource(self._transport)
        self.store_credit = _r.StoreCreditResource(self._transport)
        self.orders = _r.OrdersResource(self._transport)
        self.payments = _r.PaymentsResource(self._transport)
        self.cart = _r.CartResource(self._transport)
        self.checkout = _r.CheckoutResource(self._transport)
        self.customers = _r.CustomersResource(self._transport)
        self.b2b_wholesale = _r.B2bWholesaleResource(self._transport)
        self.pages = _r.PagesResource(self._transport)
        self.site_config = _r.SiteConfigResource(self._transport)
        self.metafields = _r.MetafieldsResource(self._transport)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient:
    """Asynchronous (asyncio) client of the Shopvo v1 REST API.

    `base_url`: where the API is served (`https://api.example.com`).
    `site_id`: the `siteId` every path naming one is sent to, bound once here.
    `api_key`: the `apiKey` credential (apiKey).
    `signing_secret`: the key's signing secret; every authenticated request is then signed
    (`X-Shopvo-Signature: t=<unix>,sha256=<hex>`).
    `max_retries` (default 3) and `max_retry_delay` (seconds, default 30.0): retries
    of a 429 (after its `Retry-After`) and of network errors where repeating is safe.
    `on_tokens(scheme, tokens)`: called with every token the client obtains (to keep a rotated
    refresh token).
    """

    def __init__(
        self,
        base_url: str,
        *,
        site_id: t.Optional[str] = None,
        api_key: t.Optional[str] = None,
        signing_secret: t.Optional[str] = None,
        timeout: float = 30.0,
        max_retries: t.Optional[int] = None,
        max_retry_delay: t.Optional[float] = None,
        headers: t.Optional[t.Mapping[str, str]] = None,
        on_tokens: t.Optional[TokenCallback] = None,
        http_client: t.Optional[httpx.AsyncClient] = None,
) -> None:
        self.credentials = Credentials(_given(api_key), on_tokens)
        self._transport = AsyncTransport(base_url, self.credentials, timeout=timeout, http_client=http_client,
                                         tenant=site_id, signing_secret=signing_secret,
                                         retry=_retry(max_retries, max_retry_delay), headers=headers)
        self.products = _r.AsyncProductsResource(self._transport)
        self.categories = _r.AsyncCategoriesResource(self._transport)
        self.brands = _r.AsyncBrandsResource(self._transport)
        self.promotions = _r.AsyncPromotionsResource(self._transport)
        self.gift_cards = _r.AsyncGiftCardsResource(self._transport)
        self.loyalty_program = _r.AsyncLoyaltyProgramResource(self._transport)
        self.inventory = _r.AsyncInventoryResource(self._transport)
        self.webhooks = _r.AsyncWebhooksResource(self._transport)
        self.store_credit = _r.AsyncStoreCreditResource(self._transport)
        self.orders = _r.AsyncOrdersResource(self._transport)
        self.payments = _r.AsyncPaymentsResource(self._transport)
        self.cart = _r.AsyncCartResource(self._transport)
        self.checkout = _r.AsyncCheckoutResource(self._transport)
        self.customers = _r.AsyncCustomersResource(self._transport)
        self.b2b_wholesale = _r.AsyncB2bWholesaleResource(self._transport)
        self.pages = _r.AsyncPagesResource(self._transport)
        self.site_config = _r.AsyncSiteConfigResource(self._transport)
        self.metafields = _r.AsyncMetafieldsResource(self._transport)

    async def aclose(self) -> None:
        await self._transport.close()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

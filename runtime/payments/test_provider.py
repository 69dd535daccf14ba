"""The built-in `test` payment provider: behaves like a real hosted-checkout provider and needs
no outside service.

Starting a payment answers a URL on specloom itself, `<origin>/_specloom/pay/<token>`, where
the token names the session and is MACed with the provider's secret (a URL cannot be made up
for another session or tenant). The page (hosted_page.py) shows the amount and two buttons;
pressing one makes the provider POST a callback to the surface's callback operation, exactly
as a real provider's webhook would:

    POST /api/v1/{siteId}/payments/callback
    Specloom-Payment-Signature: t=1790000000,v1=5f2b…
    {"id": "evt_…", "type": "payment.succeeded", "created": 1790000000,
     "data": {"session": "ps_…", "tenant": "…", "site": "…"}}

`verify_callback` accepts only a callback whose signature is the provider's and whose
timestamp is within the tolerance of now (callback_signatures.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import Any, Mapping

import orjson

from . import callback_signatures
from .interface import (
    FAILED,
    SUCCEEDED,
    CallbackRefused,
    PaymentOutcome,
    PaymentRequest,
    ProviderContext,
    StartedPayment,
)

PAGE_PREFIX = "/_specloom/pay/"
EVENT_TYPES = {"payment.succeeded": SUCCEEDED, "payment.failed": FAILED}
MAX_TOKEN = 1024


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TestProvider:
    """The built-in test provider (see the module's docstring)."""

    __test__ = False  # not a pytest class
    name = "test"
    serves_pages = True

    def __init__(self, context: ProviderContext):
        self.context = context
        self._page_key = hmac.new(context.secret.encode(), b"hosted page tokens", hashlib.sha256).digest()

    # -- the hosted page's URL -------------------------------------------------------------
    def page_token(self, tenant: str, site: str, session_id: str) -> str:
        payload = _b64(orjson.dumps([self.context.surface, tenant, site, session_id]))
        return f"{payload}.{self._token_mac(payload)}"

    def _token_mac(self, payload: str) -> str:
        return hmac.new(self._page_key, payload.encode(), hashlib.sha256).hexdigest()[:40]

    def read_token(self, token: str) -> tuple[str, str, str] | None:
        """(tenant, site, session id) of a genuine token; None for anything else."""
        if len(token) > MAX_TOKEN or token.count(".") != 1:
            return None
        payload, mac = token.split(".")
        if not hmac.compare_digest(mac.encode(), self._token_mac(payload).encode()):
            return None
        try:
            surface, tenant, site, session_id = orjson.loads(_unb64(payload))
        except (ValueError, TypeError, binascii.Error):
            return None
        if surface != self.context.surface or not all(isinstance(v, str) for v in (tenant, site, session_id)):
            return None
        return tenant, site, session_id

    async def start(self, request: PaymentRequest) -> StartedPayment:
        token = self.page_token(request.tenant, request.site, request.session_id)
        return StartedPayment(url=f"{request.origin}{PAGE_PREFIX}{token}", reference="tp_" + request.session_id)

    # -- callbacks ---------------------------------------------------------------------------
    def callback(self, tenant: str, site: str, session_id: str, outcome: str, *,
                 timestamp: int | None = None, reason: str | None = None) -> tuple[bytes, dict[str, str]]:
        """The body and headers of the signed callback reporting `outcome` for a session."""
        t = int(self.context.clock()) if timestamp is None else timestamp
        kind = next(k for k, v in EVENT_TYPES.items() if v == outcome)
        data: dict[str, Any] = {"session": session_id, "tenant": tenant, "site": site}
        if reason:
            data["reason"] = reason
        body = orjson.dumps({"id": "evt_" + secrets.token_hex(12), "type": kind, "created": t, "data": data})
        headers = {"Content-Type": "application/json",
                   callback_signatures.HEADER: callback_signatures.sign(self.context.secret, body, t)}
        return body, headers

    def verify_callback(self, headers: Mapping[str, str], raw_body: bytes) -> PaymentOutcome:
        header = next((v for k, v in headers.items() if k.lower() == callback_signatures.HEADER.lower()), None)
        if not callback_signatures.verify(self.context.secret, header, raw_body, now=self.context.clock(),
                                          tolerance=self.context.tolerance_seconds):
            raise CallbackRefused("the callback's signature is missing, wrong or stale")
        try:
            event = orjson.loads(raw_body)
            data = event["data"]
            outcome = EVENT_TYPES[event["type"]]
            fields = (data["session"], data["tenant"], data["site"], event["id"])
        except (ValueError, TypeError, KeyError):
            raise CallbackRefused("the callback is not a payment event") from None
        if not all(isinstance(v, str) for v in fields):
            raise CallbackRefused("the callback is not a payment event")
        reason = data.get("reason") if isinstance(data.get("reason"), str) else None
        return PaymentOutcome(session_id=fields[0], tenant=fields[1], site=fields[2], outcome=outcome,
                              event_id=fields[3], reason=reason)


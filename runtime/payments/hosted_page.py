"""The test provider's hosted payment page, served by specloom itself under `/_specloom/pay/`.

    GET  /_specloom/pay/<token>   the page: what is paid, and two buttons (Pay, Decline)
    POST /_specloom/pay/<token>   outcome=succeeded|failed (a form post): the provider POSTs its
                                  signed callback to the surface's callback operation, then
                                  sends the customer to the session's returnUrl (303) or
                                  shows the result

The callback goes out as a real HTTP request to the address this server listens on (the
socket the page's request came in on), or to `SPECLOOM_PAYMENT_CALLBACK_BASE` when set (a
deployment behind a proxy); a server with no such address (an in-process test client) gets it
through its own ASGI app. Either way it passes every policy of the callback operation, as a
real provider's would. The page is plain HTML with everything escaped, no scripts, and a
Content-Security-Policy that allows none.
"""

from __future__ import annotations

import html
import ipaddress
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import parse_qs, quote

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from .interface import FAILED, SUCCEEDED
from .service import PaymentService
from .test_provider import PAGE_PREFIX

MAX_FORM_BYTES = 1024
_HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy",
             b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")]


def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto}button{margin-right:1rem}"
            f"</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>").encode()


def _money(amount: Any, currency: Any) -> str:
    if isinstance(amount, int) and not isinstance(amount, bool):
        return f"{amount / 100:.2f} {currency or ''}".strip()
    return "?"


def _expired(session: dict[str, Any]) -> bool:
    at = session.get("expiresAt")
    try:
        return isinstance(at, str) and datetime.fromisoformat(at.replace("Z", "+00:00")) < datetime.now(timezone.utc)
    except ValueError:
        return False


def callback_path(runtime: Any, site: str) -> str:
    """The surface's callback operation's path, for `site`."""
    op = next((o for o in runtime.surface.operations if o.action == "payments.callback"), None)
    if op is None:
        raise LookupError(f"surface {runtime.surface.name!r} has no operation with action payments.callback")
    tenant = runtime.surface.tenant_parameter
    return op.path.replace("{" + tenant + "}", quote(site, safe="")) if tenant else op.path


def _local_base(scope: Scope) -> str | None:
    """http://<the address this server listens on>, when the request came in on one."""
    server = scope.get("server")
    if not server or server[1] is None:
        return None
    try:
        address = ipaddress.ip_address(server[0])
    except ValueError:
        return None
    if address.is_unspecified:
        address = ipaddress.ip_address("::1" if address.version == 6 else "127.0.0.1")
    host = f"[{address}]" if address.version == 6 else str(address)
    return f"http://{host}:{server[1]}"


class HostedPaymentPages:
    """ASGI middleware: the hosted payment pages; everything else passes through."""

    def __init__(self, app: ASGIApp, *, runtime: Any, root: Callable[[], ASGIApp]):
        self.app = app
        self.runtime = runtime
        self.root = root  # the whole app, for a callback delivered in process

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PAGE_PREFIX) or self.runtime.surface.payments is None:
            await self.app(scope, receive, send)
            return
        provider = await self.runtime.service(PaymentService).provider()
        if not getattr(provider, "serves_pages", False):
            await self.app(scope, receive, send)
            return
        method = scope.get("method")
        if method not in ("GET", "POST"):
            await self._send(send, 405, _page("Method not allowed", ""), [(b"allow", b"GET, POST")])
            return
        found = provider.read_token(path[len(PAGE_PREFIX):])
        session = await self._session(found) if found else None
        if found is None or session is None:
            await self._send(send, 404, _page("Payment not found", "<p>This payment link is not valid.</p>"))
            return
        tenant, site, _ = found
        if method == "GET":
            await self._send(send, 200, self._render(session, path))
            return
        form = await self._form(receive)
        outcome = (form.get("outcome") or [None])[0] if form is not None else None
        if outcome not in (SUCCEEDED, FAILED):
            await self._send(send, 400, _page("Bad request", "<p>Choose to pay or to decline.</p>"))
            return
        if session.get("status") != "PENDING":
            await self._send(send, 409, self._render(session, path))
            return
        if _expired(session):
            await self._send(send, 410, _page("Payment expired", "<p>This payment session has expired.</p>"))
            return
        body, headers = provider.callback(tenant, site, session["id"], outcome)
        status = await self._deliver(scope, callback_path(self.runtime, site), body, headers)
        if not 200 <= status < 300:
            await self._send(send, 502, _page("Payment not recorded",
                                              f"<p>The shop answered the callback with {status}.</p>"))
            return
        return_url = session.get("returnUrl")
        if isinstance(return_url, str) and return_url.startswith(("https://", "http://")):
            await self._send(send, 303, b"", [(b"location", return_url.encode("utf-8"))])
            return
        settled = await self._session(found) or session
        await self._send(send, 200, self._render(settled, path))

    async def _session(self, found: tuple[str, str, str]) -> dict[str, Any] | None:
        tenant, _, session_id = found
        payments = self.runtime.surface.payments
        sessions = self.runtime.surface.resource(payments.sessions)
        stored = await self.runtime.store.get(sessions.table_name, tenant, session_id)
        return payments.logical_session(stored) if stored is not None else None  # its logical names

    @staticmethod
    async def _form(receive: Receive) -> dict[str, list[str]] | None:
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_FORM_BYTES:
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        try:
            return parse_qs(b"".join(chunks).decode("ascii"), max_num_fields=4)
        except (UnicodeDecodeError, ValueError):
            return None

    async def _deliver(self, scope: Scope, path: str, body: bytes, headers: dict[str, str]) -> int:
        """POST the callback as a provider would; the status the shop answered (599: none)."""
        base = self.runtime.settings.payment_callback_base or _local_base(scope)
        transport = None if base else httpx.ASGITransport(app=self.root())
        try:
            async with httpx.AsyncClient(base_url=(base or "http://specloom.internal").rstrip("/"),
                                         transport=transport, timeout=30, trust_env=False) as client:
                response = await client.post(path, content=body, headers=headers)
                return response.status_code
        except httpx.HTTPError:
            return 599

    @staticmethod
    def _render(session: dict[str, Any], path: str) -> bytes:
        amount = html.escape(_money(session.get("amount"), session.get("currency")))
        status = html.escape(str(session.get("status")))
        if session.get("status") != "PENDING":
            return _page("Test payment", f"<p>Amount: <strong>{amount}</strong></p>"
                                         f"<p>This payment is <strong id=\"status\">{status}</strong>.</p>")
        action = html.escape(path, quote=True)
        return _page("Test payment", (
            f"<p>Amount: <strong>{amount}</strong></p><p>Status: <strong id=\"status\">{status}</strong></p>"
            "<p>This is specloom's test payment provider: no money moves.</p>"
            f"<form method=\"post\" action=\"{action}\">"
            f"<button name=\"outcome\" value=\"{SUCCEEDED}\" type=\"submit\">Pay {amount}</button>"
            f"<button name=\"outcome\" value=\"{FAILED}\" type=\"submit\">Decline</button></form>"))

    @staticmethod
    async def _send(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
        headers = list(_HEADERS) + (extra or []) + [(b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})



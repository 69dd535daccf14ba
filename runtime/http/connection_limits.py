"""What `specloom serve`'s HTTP server allows one connection: how large a request head may be,
how long a client may take to send the head and then the body, how long a kept-alive connection
may idle, and how many connections may be open at once. Each is a setting
(`runtime/config.py`, env `SPECLOOM_…`, `serve` flags).

uvicorn offers part of this: `timeout_keep_alive` (idle time after a response) and, with its h11
implementation, a cap on the buffered request head (`h11_max_incomplete_event_size`). The
httptools implementation, uvicorn's default when installed, has no head cap at all (32 MB header
blocks were buffered whole), so `serve` runs h11. What uvicorn does not have is a deadline for
receiving a request: its keep-alive timer only starts after a response and stops at the first
byte, so a new connection that sends nothing, or a head or body sent a byte at a time
(slowloris), is held for good; an ASGI middleware cannot help, as it runs only once the head is
in. `LimitedH11Protocol` is uvicorn's h11 protocol with that deadline, phase by phase:

- from the connection's start (or the end of the previous response) until the request head is
  complete: `header_timeout_seconds`; then a 408 if some of the head came, else a plain close;
- from the head until the body is complete: `body_timeout_seconds`; then a 408 and a close (the
  application, waiting for the body, sees the disconnect: the request is abandoned unexecuted);
- while the application works on a complete request, no deadline.

It also answers a head over `max_header_bytes` with a real `431` status line (uvicorn answers
every parse error with 400, and h11 caps only a head still incomplete: one that arrives whole in
a single read passed), and a connection beyond `max_connections` with `503`. Each refusal is
followed by a lingering close (as nginx does): the server stops writing, then reads and drops
what the client still sends for up to `LINGER_SECONDS`, so that a client still sending (a 32 MB
header block) reads the status line instead of a connection reset.
"""

from __future__ import annotations

import asyncio
import http
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from specloom.runtime.config import Settings

log = logging.getLogger("specloom.server")

IMPORT_PATH = "specloom.runtime.http.connection_limits:LimitedH11Protocol"
LINGER_SECONDS = 2.0  # after a refusal, how long what the client still sends is read and dropped


def _refusal(status: int, message: str, *extra: tuple[str, str]) -> bytes:
    """A complete `Connection: close` response, written straight to the socket."""
    body = message.encode()
    head = [f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}", "content-type: text/plain; charset=utf-8",
            f"content-length: {len(body)}", "connection: close", *(f"{k}: {v}" for k, v in extra)]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def _head_size(request: h11.Request) -> int:
    """The bytes of a parsed request head: request line, header lines, blank line."""
    line = len(request.method) + len(request.target) + len(b" HTTP/1.1\r\n") + 1
    return line + sum(len(name) + len(value) + 4 for name, value in request.headers.raw_items()) + 2


class _Connection(h11.Connection):
    """h11's connection with the request head capped at `max_head` bytes whether it arrives in
    pieces (h11's own cap) or in one read, remembering the status h11 suggests for a protocol
    error (431 for a head over the cap).

    A request with both Content-Length and Transfer-Encoding is refused (400, and the
    connection closed), as httptools does: h11 would frame it by Transfer-Encoding and keep the
    connection open, so a proxy framing it by Content-Length could hide a second request in
    its body (request smuggling; RFC 9112 §6.3 lets a server reject it and requires the close).
    h11 itself refuses conflicting Content-Lengths and any Transfer-Encoding but chunked."""

    error_status = 400

    def __init__(self, max_head: int):
        super().__init__(h11.SERVER, max_incomplete_event_size=max_head)
        self.max_head = max_head

    def next_event(self) -> Any:
        try:
            event = super().next_event()
            if isinstance(event, h11.Request):
                if _head_size(event) > self.max_head:
                    raise h11.RemoteProtocolError("Request head too long", error_status_hint=431)
                names = {name for name, _ in event.headers}
                if b"content-length" in names and b"transfer-encoding" in names:
                    raise h11.RemoteProtocolError("Content-Length and Transfer-Encoding both present")
            return event
        except h11.RemoteProtocolError as exc:
            self.error_status = exc.error_status_hint
            raise


class LimitedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with request deadlines, a 431 for large heads and a connection cap.
    `settings` is set by `server_options`; when it is None (the worker of `serve --reload`, which
    imports this class by name) the limits come from the environment."""

    settings: Settings | None = None

    def __init__(self, config, server_state, app_state, _loop=None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = self.settings or _settings_from_env()
        self.conn = _Connection(self.limits.max_header_bytes)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: str | None = None
        self._head_started = False
        self._lingering = False

    # -- uvicorn's protocol, plus tracking of the request's phase ----------------------------
    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            log.warning("refused a connection: %d open, the limit is %d", len(self.connections) - 1,
                        self.limits.max_connections)
            self._refuse(503, "Too many open connections; retry shortly.\n", ("retry-after", "1"))
            return
        self._track()

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # refused: what still comes is dropped
        if self._phase == "head" and data:
            self._head_started = True
        super().data_received(data)
        self._track()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._track()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        if self._lingering:
            self.transport.close()
        else:
            super().shutdown()

    def send_400_response(self, msg: str) -> None:
        if self.conn.error_status == 431:
            self._refuse(431, f"Request head too large: at most {self.limits.max_header_bytes} bytes.\n")
        else:
            super().send_400_response(msg)

    # -- deadlines ------------------------------------------------------------------------
    def _track(self) -> None:
        """Arm the deadline of the phase the request is in, when it changed."""
        if self.transport is None or self.transport.is_closing() or self._lingering:
            self._disarm()
            return
        state = self.conn.their_state
        phase = "head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase == self._phase:
            return
        self._disarm()
        self._phase = phase
        if phase == "head":
            self._head_started = False
            self._deadline = self.loop.call_later(self.limits.header_timeout_seconds, self._expired)
        elif phase == "body":
            self._deadline = self.loop.call_later(self.limits.body_timeout_seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._phase = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._phase == "head" and not self._head_started:
            log.debug("closed a connection that sent no request within %ss", self.limits.header_timeout_seconds)
            self.transport.close()
            return
        limit = self.limits.header_timeout_seconds if self._phase == "head" else self.limits.body_timeout_seconds
        log.debug("closed a connection whose request %s took over %ss", self._phase, limit)
        if self.cycle is None or not self.cycle.response_started:
            self._refuse(408, f"Request {self._phase} not received within {limit:g} s.\n")
        else:
            self.transport.close()

    def _refuse(self, status: int, message: str, *extra: tuple[str, str]) -> None:
        """Answer `status` and close, lingering: stop writing at once, drop what the client still
        sends, close when it does or after LINGER_SECONDS."""
        self._disarm()
        self._lingering = True
        self.transport.write(_refusal(status, message, *extra))
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:
            self.transport.close()


_from_env: Settings | None = None


def _settings_from_env() -> Settings:
    global _from_env
    if _from_env is None:
        _from_env = Settings.from_env()
    return _from_env


def server_options(settings: Settings, *, by_name: bool = False) -> dict[str, Any]:
    """uvicorn options enforcing `settings`' limits. `by_name` (for `--reload`, whose worker
    process is given the options pickled) names the protocol class instead, which then reads the
    limits from the environment."""
    protocol: Any = IMPORT_PATH
    if not by_name:
        protocol = type("LimitedH11Protocol", (LimitedH11Protocol,), {"settings": settings})
    return {"http": protocol, "h11_max_incomplete_event_size": settings.max_header_bytes,
            "timeout_keep_alive": settings.keep_alive_seconds}

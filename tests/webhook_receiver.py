"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 that records what it is
sent, and the reference's own way of checking a delivery's signature."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify_webhook_signature(raw_body: bytes, header: str, secret: str, tolerance_sec: int = 300) -> bool:
    """The reference's `verifyWebhookSignature`, in Python."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    timestamp, received = parts.get("t"), parts.get("sha256")
    if not timestamp or not received:
        return False
    if abs(time.time() - int(timestamp)) > tolerance_sec:
        return False  # replay protection
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(received.encode(), expected.encode())


class Receiver:
    """An HTTP server in a thread that records every POST and answers the statuses queued for
    its path (200 when none are)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: dict[str, list[int]] = {}
        self.held: dict[str, threading.Event] = {}
        self.holds: list[threading.Event] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw})
                    queued = receiver.answers.get(self.path) or []
                    status = queued.pop(0) if queued else 200
                    held = receiver.held.pop(self.path, None)
                if held is not None:
                    held.wait(60)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def hold(self, path: str) -> threading.Event:
        """Keep the next request to `path` waiting for its answer until the event is set (a
        delivery in flight for as long as a test needs)."""
        event = threading.Event()
        with self.lock:
            self.held[path] = event
            self.holds.append(event)
        return event

    def received(self, path: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["path"] == path]

    def close(self):
        for event in self.holds:
            event.set()
        self.server.shutdown()
        self.server.server_close()


def wait_for(condition, timeout: float = 30.0):
    """Poll until `condition()` is truthy (the worker runs in the app's own thread)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not hold in time")
        time.sleep(0.02)

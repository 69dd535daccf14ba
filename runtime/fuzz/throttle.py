"""A fuzz run over HTTP that keeps to the deployment's rate limits instead of fuzzing its 429 page.

Every request of the run (Schemathesis' cases, specloom's checks and probes) goes through one
`Throttle`:

- `--rate N/s|N/m` spaces requests evenly (at most N per second or minute);
- a response with `X-RateLimit-Remaining: 0` holds further requests to the same path until its
  `X-RateLimit-Reset` (seconds) has passed;
- a 429 is waited out (`Retry-After`, else `X-RateLimit-Reset`) and the request sent again, up to
  `RETRIES` times; only a 429 that outlasts them (or the time budget) reaches the checks;
- nothing waits past `--max-time`: then the 429 is returned as it is, and the operation shows up
  as "not reached: rate limited" instead of a failure blamed on the credential.

Schemathesis sends every HTTP request through `schemathesis.transport.requests._request_with_retries`
(pinned to the 4.32 minor in pyproject.toml): `patched` wraps it for the run.
"""

from __future__ import annotations

import contextlib
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import attrs

RETRIES = 6
MAX_WAIT = 120.0  # one wait, seconds: a window longer than this is not waited out


class RateSyntaxError(ValueError):
    pass


def parse_rate(text: str) -> float:
    """Seconds between requests of a `--rate` like Schemathesis' `--rate-limit`: `10/s`, `600/m`, `5000/h`."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*/\s*([smh])\s*", text or "")
    if not found or float(found.group(1)) <= 0:
        raise RateSyntaxError(f"--rate must look like 10/s, 600/m or 5000/h, not {text!r}")
    per = {"s": 1.0, "m": 60.0, "h": 3600.0}[found.group(2)]
    return per / float(found.group(1))


def _seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return seconds if math.isfinite(seconds) else None


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


@attrs.define
class Throttle:
    interval: float = 0.0  # seconds between requests (--rate)
    deadline: float | None = None  # time.monotonic() of --max-time's end
    sleep: Callable[[float], None] = time.sleep
    waits: int = 0  # times the run waited for a rate limit
    waited: float = 0.0  # seconds waited in all
    absorbed: int = 0  # 429s waited out and sent again
    passed_on: int = 0  # 429s returned to the run (retries or time ran out)
    on_timeout: Callable[[], None] | None = None  # told once, at the first request past the deadline
    timed_out: bool = False  # the run was stopped for --max-time (a wait would not fit, or it passed)
    _next_at: float = 0.0
    _held: dict = attrs.field(factory=dict)  # path -> monotonic time it may be requested again
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def _wait(self, seconds: float) -> bool:
        """Sleep `seconds` unless that passes the deadline; False when it would."""
        if seconds <= 0:
            return True
        if self.deadline is not None and time.monotonic() + seconds > self.deadline:
            self._stop()  # the wait does not fit in --max-time: end the run rather than hammer the limit
            return False
        if seconds > MAX_WAIT:
            return False
        self.waits += 1
        self.waited += seconds
        self.sleep(seconds)
        return True

    def _stop(self) -> None:
        self.timed_out = True
        if self.on_timeout is not None:
            stop, self.on_timeout = self.on_timeout, None
            stop()  # the engine stops at its next operation rather than at the end of its phases

    def before(self, url: str) -> None:
        if self.out_of_time():
            self._stop()
        path = urlsplit(url).path
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_at)
            self._next_at = start + self.interval
            held = self._held.get(path, 0.0)
        self._wait(max(start, held) - now)

    def after(self, url: str, response) -> float | None:
        """Learn from a response; for a 429, the seconds to wait before sending it again."""
        path = urlsplit(url).path
        remaining = _header(response, "X-RateLimit-Remaining")
        reset = _seconds(_header(response, "X-RateLimit-Reset"))
        if remaining is not None and remaining.strip() == "0" and reset is not None:
            with self._lock:
                self._held[path] = time.monotonic() + reset
        if response.status_code != 429:
            return None
        retry_after = _seconds(_header(response, "Retry-After"))
        return retry_after if retry_after is not None else (reset if reset is not None else 1.0)

    def send(self, url: str, call: Callable[[], object]):
        """Send through the throttle: spaced, held while a window is spent, 429s waited out."""
        for attempt in range(RETRIES + 1):
            self.before(url)
            response = call()
            delay = self.after(url, response)
            if delay is None:
                return response
            if attempt == RETRIES or not self._wait(max(delay, 0.05)):
                self.passed_on += 1
                return response
            self.absorbed += 1
        return response  # pragma: no cover - the loop returns

    def summary(self) -> str:
        if not (self.waits or self.absorbed or self.passed_on or self.interval):
            return ""
        rate = f"at most {1 / self.interval:.3g} requests/s; " if self.interval else ""
        return (f"throttle: {rate}{self.waits} wait(s), {self.waited:.1f} s in all, for the deployment's rate "
                f"limits; {self.absorbed} 429(s) waited out and sent again, {self.passed_on} passed on")


@contextlib.contextmanager
def patched(throttle: Throttle, client) -> Iterator[None]:
    """Route Schemathesis' HTTP requests and the probes' `client` through `throttle` for the run."""
    from schemathesis.transport import requests as transport

    original = transport._request_with_retries

    def throttled(session, data, *args, **kwargs):
        return throttle.send(str(data.get("url", "")), lambda: original(session, data, *args, **kwargs))

    client_request = client.request

    def client_throttled(method, url, *args, **kwargs):
        full = url if url.startswith("http") else getattr(client, "base_url", "") + url
        return throttle.send(full, lambda: client_request(method, url, *args, **kwargs))

    transport._request_with_retries = throttled
    client.request = client_throttled
    try:
        yield
    finally:
        transport._request_with_retries = original
        client.request = client_request

"""Load generators for the benchmark suite: wrk when it is installed (Debian's `wrk`), else a
bounded asyncio generator over keep-alive HTTP/1.1 connections. Both drive one server for a
fixed time with a fixed number of connections and report requests, errors and latencies.

A request is described by a `Shape`: the method, the path, one of many API keys (so no key runs
into the per-key rate limit), and for writes a body and an `Idempotency-Key` unique to the
request.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import attrs


@attrs.frozen
class Shape:
    method: str
    path: str
    tokens: tuple[str, ...]
    create: bool = False  # POST a new product each time, with its own Idempotency-Key


@attrs.frozen
class Outcome:
    requests: int
    errors: int  # non-2xx answers and failed connections
    seconds: float
    p50_ms: float
    p99_ms: float
    generator: str

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run(base_url: str, shape: Shape, *, seconds: float, connections: int, tag: str,
        prefer_wrk: bool = True) -> Outcome:
    if prefer_wrk and wrk_available():
        return _run_wrk(base_url, shape, seconds=seconds, connections=connections, tag=tag)
    return asyncio.run(_run_python(base_url, shape, seconds=seconds, connections=connections, tag=tag))


# -- wrk ------------------------------------------------------------------------------------------

_LUA = """
local tokens = {%(tokens)s}
local method, path, create, tag = "%(method)s", "%(path)s", %(create)s, "%(tag)s"
local counter = 0
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_number", next_thread)
end
function request()
  counter = counter + 1
  local headers = { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] }
  if not create then
    return wrk.format(method, path, headers)
  end
  local slug = string.format("b-%%s-%%d-%%d", tag, thread_number, counter)
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = slug
  local body = string.format('{"name": "Bench %%s", "slug": "%%s", "price": 1999}', slug, slug)
  return wrk.format(method, path, headers, body)
end
"""

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def _run_wrk(base_url: str, shape: Shape, *, seconds: float, connections: int, tag: str) -> Outcome:
    script = _LUA % {"tokens": ", ".join(json.dumps(t) for t in shape.tokens), "method": shape.method,
                     "path": shape.path, "create": "true" if shape.create else "false", "tag": tag}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "-s", handle.name,
             base_url + shape.path], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        Path(handle.name).unlink()
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))
    elapsed = re.search(r"requests in ([\d.]+\w+)", out).group(1)
    errors = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(x) for x in m.groups())
    p50 = _millis(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1))
    p99 = _millis(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1))
    return Outcome(requests, errors, _millis(elapsed) / 1e3, p50, p99, "wrk")


# -- asyncio fallback -----------------------------------------------------------------------------

async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if length:
        await reader.readexactly(int(length.group(1)))
    return status


async def _run_python(base_url: str, shape: Shape, *, seconds: float, connections: int, tag: str) -> Outcome:
    host, port = re.match(r"https?://([^:/]+):(\d+)", base_url).groups()
    counter = itertools.count()
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    def request_bytes() -> bytes:
        n = next(counter)
        token = shape.tokens[n % len(shape.tokens)]
        head = f"{shape.method} {shape.path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        if not shape.create:
            return (head + "\r\n").encode()
        slug = f"b-{tag}-{n}"
        body = json.dumps({"name": f"Bench {slug}", "slug": slug, "price": 1999}).encode()
        return (head + f"Content-Type: application/json\r\nIdempotency-Key: {slug}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                writer.write(request_bytes())
                status = await _read_response(reader)
                latencies.append((time.perf_counter() - started) * 1e3)
                if not 200 <= status < 300:
                    errors += 1
        except (OSError, asyncio.IncompleteReadError):
            errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else float("nan")

    return Outcome(len(latencies), errors, elapsed, pct(0.50), pct(0.99), "python")

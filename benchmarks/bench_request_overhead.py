"""Server CPU per request: specloom vs stock Connexion 3.3 on the same Shopvo spec.

Each app is driven in process through ASGI (no sockets), so the figure is the server's own CPU
time per request: routing, auth, validation, the store call, serialisation. Both apps read the
same SQLite store with 20 products and authenticate with the same hashed API key.

    python -m benchmarks.bench_request_overhead [--requests 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specloom.backends import open_store  # noqa: E402
from specloom.runtime.app import create_app  # noqa: E402
from specloom.runtime.config import Settings  # noqa: E402
from specloom.runtime.resources import TenantResources  # noqa: E402
from specloom.runtime.surfaces import load_surface  # noqa: E402

PATH = "/api/v1/site_demo/products"
QUERY = b"limit=20"


async def drive(app, token: str, n: int) -> float:
    """CPU seconds to serve n list requests."""
    scope_base = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                  "scheme": "http", "path": PATH, "raw_path": PATH.encode(), "root_path": "",
                  "query_string": QUERY, "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000),
                  "headers": [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {token}".encode())]}
    statuses = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    for _ in range(50):  # warm-up
        await app(dict(scope_base, headers=list(scope_base["headers"])), receive, send)
    statuses.clear()
    started = time.process_time()
    for _ in range(n):
        await app(dict(scope_base, headers=list(scope_base["headers"])), receive, send)
    elapsed = time.process_time() - started
    assert statuses == [200] * n, set(statuses)
    return elapsed


async def lifespan_start(app):
    queue: asyncio.Queue = asyncio.Queue()
    await queue.put({"type": "lifespan.startup"})

    async def receive():
        return await queue.get()

    async def send(message):
        if message["type"] == "lifespan.startup.complete":
            done.set_result(True)

    done = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    await done
    return task


def stock_connexion_app(generated, store, validate_responses: bool):
    from connexion import AsyncApp

    from benchmarks import stock_handlers
    from benchmarks.downconvert import downconvert

    spec = downconvert(generated.document)
    for path in spec["paths"].values():
        for op in path.values():
            if isinstance(op, dict) and "operationId" in op:
                op["operationId"] = "benchmarks.stock_handlers." + op["operationId"]
    stock_handlers.STATE["store"] = store
    app = AsyncApp(__name__, validate_responses=validate_responses)
    app.add_api(spec, resolver_error=501, strict_validation=True)
    return app


async def main_async(args) -> None:
    logging.disable(logging.WARNING)
    tmp = Path(tempfile.mkdtemp())
    generated = load_surface("shopvo", spec=ROOT / "specs" / "shopvo" / "openapi.yaml", out_dir=tmp / "gen")
    store = open_store(f"sqlite:///{tmp / 'bench.db'}")
    results: dict[str, list[float]] = {}
    apps = {}
    for label, validate in (("specloom, response validation on", True), ("specloom, response validation off", False)):
        app = create_app(generated, store, settings=Settings(validate_responses=validate))
        apps[label] = app
    runtime = apps["specloom, response validation on"].specloom
    await runtime.ensure_ready()
    resources = TenantResources(runtime.surface, store, "site_demo")
    for i in range(20):
        await resources.create("products", {"name": f"Product {i}", "slug": f"product-{i}", "price": 1000 + i,
                                            "description": "A benchmark product", "images": ["https://x.test/a.jpg"]})
    token = (await runtime.api_keys.issue("site_demo", ("read:catalog",))).token
    from benchmarks import stock_handlers

    stock_handlers.STATE["api_keys"] = runtime.api_keys
    for label, validate in (("stock Connexion 3.3, response validation off", False),
                            ("stock Connexion 3.3, response validation on", True)):
        apps[label] = stock_connexion_app(generated, store, validate)
    lifespans = []
    for label, app in apps.items():
        lifespans.append(await lifespan_start(app))
        results[label] = []
    for _ in range(args.runs):
        for label, app in apps.items():
            seconds = await drive(app, token, args.requests)
            results[label].append(seconds / args.requests * 1e6)
    print(f"GET {PATH}?{QUERY.decode()} (20 products, API key auth), {args.requests} requests x {args.runs} runs")
    print(f"{'app':<48} {'median CPU µs/request':>22} {'min':>8} {'max':>8}")
    for label, values in results.items():
        print(f"{label:<48} {statistics.median(values):>22.0f} {min(values):>8.0f} {max(values):>8.0f}")
    for task in lifespans:
        task.cancel()
    await asyncio.gather(*lifespans, return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()

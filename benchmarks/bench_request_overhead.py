"""Server CPU per request: specloom vs stock Connexion 3.3 on the same Shopvo spec.

Each app is driven in process through ASGI (no sockets), so the figure is the server's own CPU
time per request: routing, auth, validation, the store call, serialisation. Both apps read the
same SQLite store with 20 products and authenticate with the same hashed API key.

    python -m benchmarks.bench_request_overhead [--requests 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specloom.backends import open_store  # noqa: E402
from specloom.runtime.config import Settings  # noqa: E402
from specloom.runtime.http.app import create_app  # noqa: E402
from specloom.runtime.services.resources import TenantResources  # noqa: E402
from specloom.runtime.surfaces import load_surface  # noqa: E402

PATH = "/api/v1/site_demo/products"
QUERY = b"limit=20"


async def drive(app, tokens: list[str], n: int) -> float:
    """CPU seconds to serve n list requests (keys take turns, to stay under the plan limit)."""
    scopes = [{"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
               "scheme": "http", "path": PATH, "raw_path": PATH.encode(), "root_path": "",
               "query_string": QUERY, "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000),
               "headers": [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {token}".encode())]}
              for token in tokens]
    statuses = []
    body = bytearray()

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])
            body.clear()
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    def scope(i: int) -> dict:
        base = scopes[i % len(scopes)]
        return dict(base, headers=list(base["headers"]))

    for i in range(20):  # warm-up
        await app(scope(i), receive, send)
    statuses.clear()
    started = time.process_time()
    for i in range(n):
        await app(scope(i), receive, send)
    elapsed = time.process_time() - started
    assert statuses == [200] * n, set(statuses)
    assert len(json.loads(body)["items"]) == 20, bytes(body[:200])  # the real page, not an empty one
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
    variants = {
        "specloom, full policy stack, response validation on": Settings(validate_responses=True),
        "specloom, full policy stack, response validation off": Settings(validate_responses=False),
        "specloom, rate limits off, response validation off": Settings(validate_responses=False, rate_limits=False),
    }
    for label, settings in variants.items():
        apps[label] = create_app(generated, store, settings=settings)
    # the same app with policies off but for those every request needs: validation (it makes
    # the handler's arguments), auth and authorize (they identify the key and bind the tenant);
    # no body limit, rate limits, signing or idempotency
    from specloom.runtime.http import app as app_factory

    full_policies = app_factory.policies_for
    app_factory.policies_for = lambda runtime: [p for p in full_policies(runtime)
                                                if p.name in ("validation", "auth", "authorize")]
    try:
        apps["specloom, only auth + validation, response validation off"] = create_app(
            generated, store, settings=Settings(validate_responses=False))
    finally:
        app_factory.policies_for = full_policies
    runtime = apps["specloom, full policy stack, response validation on"].specloom
    variants["specloom, only auth + validation, response validation off"] = Settings(validate_responses=False)
    await runtime.ensure_ready()
    resources = TenantResources(runtime.surface, store, "site_demo")
    for i in range(20):
        await resources.create("products", {"name": f"Product {i}", "slug": f"product-{i}", "price": 1000 + i,
                                            "description": "A benchmark product", "images": ["https://x.test/a.jpg"]})
    # the Shopvo plan allows 1000 requests a minute per key: enough keys that none runs out
    per_run = args.requests * args.runs * len(variants) + 100
    tokens = [(await runtime.api_keys.issue("site_demo", ("read:catalog",))).token
              for _ in range(per_run // 900 + 1)]
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
            seconds = await drive(app, tokens, args.requests)
            results[label].append(seconds / args.requests * 1e6)
    print(f"GET {PATH}?{QUERY.decode()} (20 products, API key auth), {args.requests} requests x {args.runs} runs")
    print(f"{'app':<56} {'median CPU µs/request':>22} {'min':>8} {'max':>8}")
    for label, values in results.items():
        print(f"{label:<56} {statistics.median(values):>22.0f} {min(values):>8.0f} {max(values):>8.0f}")
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

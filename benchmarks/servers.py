"""ASGI apps of the side-by-side benchmark's peers, each built by a factory that uvicorn starts
in its own process (`uvicorn --factory benchmarks.servers:<name>`), configured by environment:

- `stock_connexion`: stock Connexion 3.3 serving the same Shopvo spec converted to OpenAPI 3.0,
  with handlers in stock_handlers.py over specloom's store (SPECLOOM_BENCH_DB,
  SPECLOOM_BENCH_VALIDATE_RESPONSES=1 for response validation);
- `starlette_ceiling`: bare Starlette answering a constant JSON body, the ceiling of any
  Python ASGI app on this machine;
- the FastAPI peer lives in fastapi_peer.py.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stock_connexion():
    from connexion import AsyncApp

    from benchmarks import stock_handlers
    from benchmarks.downconvert import downconvert
    from specloom.backends import open_store
    from specloom.runtime.security.credentials import ApiKeys
    from specloom.runtime.surface_runtime import tables_for
    from specloom.runtime.surfaces import load_surface

    generated = load_surface("shopvo", spec=ROOT / "specs" / "shopvo" / "openapi.yaml",
                             out_dir=Path(tempfile.mkdtemp()) / "gen")
    store = open_store(f"sqlite:///{os.environ['SPECLOOM_BENCH_DB']}")
    spec = downconvert(generated.document)
    for path in spec["paths"].values():
        for op in path.values():
            if isinstance(op, dict) and "operationId" in op:
                op["operationId"] = "benchmarks.stock_handlers." + op["operationId"]
    stock_handlers.STATE.update(store=store, surface=generated.surface,
                                api_keys=ApiKeys(store, "shopvo", ("sk_live_", "sk_test_")))
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await store.migrate(tables_for(generated.surface), surface="shopvo")  # registers the tables
        yield
        await store.close()

    app = AsyncApp(__name__, validate_responses=os.environ.get("SPECLOOM_BENCH_VALIDATE_RESPONSES") == "1",
                   lifespan=lifespan)
    app.add_api(spec, resolver_error=501, strict_validation=True)
    return app


def starlette_ceiling():
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    body = b'{"success":true,"items":[],"cursor":null,"hasNextPage":false,"limit":20}'

    async def constant(request):
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/{path:path}", constant, methods=["GET", "POST"])])

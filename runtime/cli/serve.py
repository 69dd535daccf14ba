"""`specloom serve`: run a surface over HTTP with uvicorn, after bringing its store up to date
(a schema change that needs a decision stops it, exit 2); `--demo` loads the demo data, and an
empty store gets a demo credential with every scope. `--reload` restarts on spec changes
through the reload factory `specloom.runtime.http.reload_app:app`."""

from __future__ import annotations

import asyncio
import os
from typing import Optional

import typer
from rich.markup import escape

from specloom.backends.migrations import MigrationRefused
from specloom.runtime.config import Settings
from specloom.runtime.surfaces import spec_path

from .common import Backend, fail, load, open_backend, out


def serve(
    surface: str = typer.Argument(...),
    backend: Backend = None,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    reload: bool = typer.Option(False, "--reload", help="Restart when the spec changes."),
    demo: bool = typer.Option(False, "--demo", help="Load the surface's demo data into an empty store."),
    validate_responses: Optional[bool] = typer.Option(
        None, "--validate-responses/--no-validate-responses",
        help="Check every response against the spec (default on; env SPECLOOM_VALIDATE_RESPONSES)."),
) -> None:
    """Serve a surface over HTTP."""
    import uvicorn

    from specloom.runtime.http.app import create_app
    from specloom.runtime.services.demo_data import demo_tenant, load_demo

    generated = load(surface)
    store = open_backend(backend, surface)
    settings = Settings.from_env(validate_responses=validate_responses)
    tenant = demo_tenant(surface)

    async def prepare() -> Optional[str]:
        from specloom.runtime.surface_runtime import SurfaceRuntime

        runtime = SurfaceRuntime(generated, store, settings)
        await runtime.ensure_ready()
        if demo:
            loaded = await load_demo(surface, runtime)
            if loaded:
                out.print(f"demo data: {loaded} records for tenant {tenant}")
        if demo and generated.surface.tenant_approval:
            await store.put_tenant(surface, tenant, True)  # the demo tenant is approved
        if await store.count_credentials(surface) == 0:
            clients = [f for f in runtime.families.values() if getattr(f, "name", "") == "oauthClientCredentials"]
            if clients and not any(s.family == "apiKey" for s in generated.surface.security_schemes):
                client = await clients[0].create_client(tenant, ("admin:*",))  # an OAuth surface (Alza)
                return f"client_id={client.client_id} client_secret={client.client_secret}"
            issued = await runtime.api_keys.issue(tenant, ("admin:*",))
            return issued.token
        return None

    try:
        demo_key = asyncio.run(prepare())
    except MigrationRefused as exc:
        raise fail(f"{escape(str(exc))}\nnot serving: see the whole plan with `specloom migrate {surface} --dry-run`") from None
    base = f"http://{host}:{port}"
    out.print(f"specloom serving [bold]{surface}[/bold] ({generated.surface.title}) on {store.url}")
    out.print(f"  base URL: {base}")
    out.print(f"  docs:     {base}/docs")
    if demo_key:
        out.print(f"  demo key (tenant {tenant}, all scopes): {demo_key}")
    if reload:
        os.environ["SPECLOOM_SERVE_SURFACE"] = surface
        os.environ["SPECLOOM_SERVE_BACKEND"] = store.url
        spec_dir = str(spec_path(surface).parent)
        uvicorn.run("specloom.runtime.http.reload_app:app", factory=True, host=host, port=port, reload=True,
                    reload_dirs=[spec_dir], reload_includes=["*.yaml", "*.yml", "*.json", "*.py"])
    else:
        uvicorn.run(create_app(generated, store, settings=settings), host=host, port=port,
                    log_level="info")

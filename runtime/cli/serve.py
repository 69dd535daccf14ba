"""`specloom serve`: run a surface over HTTP with uvicorn, after bringing its store up to date
(a schema change that needs a decision stops it, exit 2). `--demo` loads the demo data and, on a
store without credentials, issues a demo credential with every scope and prints it; without
`--demo` no credential is ever made, and an empty store gets one line saying how to create one.
`--reload` restarts on spec changes through the reload factory
`specloom.runtime.http.reload_app:app`."""

from __future__ import annotations

import asyncio
from typing import Optional

import typer
from rich.markup import escape

from specloom.backends import StoreFull, StoreReadOnly, StoreUnavailable
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
    max_header_bytes: Optional[int] = typer.Option(
        None, "--max-header-bytes", min=1024,
        help="Largest request head (request line and headers); above it 431 (default 16384; env "
             "SPECLOOM_MAX_HEADER_BYTES)."),
    header_timeout: Optional[float] = typer.Option(
        None, "--header-timeout", min=0.1,
        help="Seconds a client has to send a request head, from connecting or from the previous response; "
             "then 408 and close (default 10; env SPECLOOM_HEADER_TIMEOUT_SECONDS)."),
    body_timeout: Optional[float] = typer.Option(
        None, "--body-timeout", min=0.1,
        help="Seconds a client has to send a request body after its head; then 408 and close, the request "
             "unexecuted (default 30; env SPECLOOM_BODY_TIMEOUT_SECONDS)."),
    keep_alive: Optional[float] = typer.Option(
        None, "--keep-alive", min=0.1,
        help="Seconds a kept-alive connection may idle between requests (default 5; env "
             "SPECLOOM_KEEP_ALIVE_SECONDS)."),
    max_connections: Optional[int] = typer.Option(
        None, "--max-connections", min=1,
        help="Open connections at once; one more is answered 503 and closed (default 1000; env "
             "SPECLOOM_MAX_CONNECTIONS)."),
) -> None:
    """Serve a surface over HTTP."""
    import uvicorn

    from specloom.runtime.http.app import create_app
    from specloom.runtime.http.connection_limits import server_options
    from specloom.runtime.services.demo_data import demo_tenant, load_demo

    generated = load(surface)
    store = open_backend(backend, surface)
    settings = Settings.from_env(validate_responses=validate_responses, max_header_bytes=max_header_bytes,
                                 header_timeout_seconds=header_timeout, body_timeout_seconds=body_timeout,
                                 keep_alive_seconds=keep_alive, max_connections=max_connections)
    tenant = demo_tenant(surface)

    def oauth_clients_only(runtime) -> list:
        """The client-credentials family of a surface whose callers are OAuth clients, not keys (Alza)."""
        clients = [f for f in runtime.families.values() if getattr(f, "name", "") == "oauthClientCredentials"]
        return [] if any(s.family == "apiKey" for s in generated.surface.security_schemes) else clients

    async def prepare() -> tuple[Optional[str], Optional[str]]:
        """(the demo credential issued, or the hint for an empty store without --demo)."""
        from specloom.runtime.surface_runtime import SurfaceRuntime

        runtime = SurfaceRuntime(generated, store, settings)
        await runtime.ensure_ready()
        if demo:
            loaded = await load_demo(surface, runtime)
            if loaded:
                out.print(f"demo data: {loaded} records for tenant {tenant}")
        if demo and generated.surface.tenant_approval:
            await store.put_tenant(surface, tenant, True)  # the demo tenant is approved
        if await store.count_credentials(surface) > 0:
            return None, None
        clients = oauth_clients_only(runtime)
        if not demo:
            command = "clients create" if clients else "keys create"
            return None, (f"no credentials yet: create one with `specloom {command} {surface} --tenant TENANT "
                          '--scopes "SCOPE ..."`')
        if clients:
            client = await clients[0].create_client(tenant, ("admin:*",))  # an OAuth surface (Alza)
            return f"client_id={client.client_id} client_secret={client.client_secret}", None
        return (await runtime.api_keys.issue(tenant, ("admin:*",))).token, None

    try:
        demo_key, hint = asyncio.run(prepare())
    except MigrationRefused as exc:
        raise fail(f"{escape(str(exc))}\nnot serving: see the whole plan with `specloom migrate {surface} --dry-run`") from None
    except (StoreReadOnly, StoreFull, StoreUnavailable) as exc:  # one line, no traceback: exit 2
        raise fail(f"{escape(str(exc))}; not serving") from None
    base = f"http://{host}:{port}"
    out.print(f"specloom serving [bold]{surface}[/bold] ({generated.surface.title}) on {store.url}")
    out.print(f"  base URL: {base}")
    out.print(f"  docs:     {base}/docs")
    if getattr(store, "read_only", False):
        out.print("  the store is read-only: reads are served, writes answer 503")
    if demo_key:
        out.print(f"  demo key (tenant {tenant}, all scopes): {demo_key}")
    if hint:
        out.print(f"  {escape(hint)}")
    if reload:  # one process; a valid edit is swapped in, an invalid one printed and never served
        from specloom.runtime.http.reload_app import reloading_app

        out.print(f"  reload:   watching {spec_path(surface).parent} (an invalid edit keeps the last good version)")
        uvicorn.run(reloading_app(surface, store, settings, first=create_app(generated, store, settings=settings)),
                    host=host, port=port, log_level="info", **server_options(settings))
    else:
        uvicorn.run(create_app(generated, store, settings=settings), host=host, port=port,
                    log_level="info", **server_options(settings))

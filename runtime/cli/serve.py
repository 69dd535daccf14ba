"""`specloom serve`: run a surface over HTTP with uvicorn, after bringing its store up to date
(a schema change that needs a decision stops it, exit 2). `--demo` loads the demo data and, on a
store without credentials, issues a demo credential with every scope and prints it; without
`--demo` no credential is ever made, and an empty store gets one line saying how to create one.
`--reload` swaps in each valid edit of the spec in the same process and never serves an invalid
one (`specloom.runtime.http.reload_app`)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from typing import Optional

import typer
from rich.markup import escape

from specloom.backends import StoreFull, StoreReadOnly, StoreUnavailable
from specloom.backends.migrations import MigrationRefused
from specloom.runtime.config import BY_NAME, ConfigError, Settings, apply_config_file, export, unknown_environment
from specloom.runtime.surfaces import spec_path

from .common import Backend, err, fail, load, open_backend, out


def serve(
    surface: str = typer.Argument(...),
    backend: Backend = None,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    reload: bool = typer.Option(False, "--reload", help="Serve each valid edit of the spec; an invalid one is printed, never served."),
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
    # production serving: the options below are settings of runtime/config.py (env SPECLOOM_<NAME>)
    config: Optional[str] = typer.Option(
        None, "--config", help="A TOML file of settings (env SPECLOOM_CONFIG); the environment and flags win."),
    workers: Optional[int] = typer.Option(
        None, "--workers", min=1, help="Worker processes, each serving the whole app (default 1; env SPECLOOM_WORKERS)."),
    proxy_headers: Optional[bool] = typer.Option(
        None, "--proxy-headers/--no-proxy-headers",
        help="Trust X-Forwarded-For/-Proto from --forwarded-allow-ips (default on; env SPECLOOM_PROXY_HEADERS)."),
    forwarded_allow_ips: Optional[str] = typer.Option(
        None, "--forwarded-allow-ips", help="Trusted proxies: addresses or networks, comma-separated, or * "
        "(default 127.0.0.1; env SPECLOOM_FORWARDED_ALLOW_IPS)."),
    root_path: Optional[str] = typer.Option(
        None, "--root-path", help="The path prefix a proxy serves the API under, e.g. /api (env SPECLOOM_ROOT_PATH)."),
    access_log: Optional[bool] = typer.Option(
        None, "--access-log/--no-access-log", help="One log line per request (default on; env SPECLOOM_ACCESS_LOG)."),
    log_format: Optional[str] = typer.Option(
        None, "--log-format", help="text or json: JSON lines with request id, operation, status, duration, tenant "
        "(default text; env SPECLOOM_LOG_FORMAT)."),
    log_level: Optional[str] = typer.Option(
        None, "--log-level", help="debug, info, warning or error (default info; env SPECLOOM_LOG_LEVEL)."),
    graceful_timeout: Optional[float] = typer.Option(
        None, "--graceful-timeout", min=0.1, help="On SIGTERM, seconds in-flight requests, webhook deliveries and jobs "
        "may take to finish (default 30; env SPECLOOM_GRACEFUL_TIMEOUT_SECONDS)."),
    health: Optional[bool] = typer.Option(
        None, "--health/--no-health", help="Serve /healthz and /readyz (default on; env SPECLOOM_HEALTH)."),
    metrics: Optional[bool] = typer.Option(
        None, "--metrics/--no-metrics", help="Serve Prometheus metrics at /metrics (default off; env SPECLOOM_METRICS; "
        "SPECLOOM_METRICS_TOKEN requires a bearer token)."),
) -> None:
    """Serve a surface over HTTP."""
    import uvicorn

    from specloom.runtime.http.app import create_app
    from specloom.runtime.http.connection_limits import server_options
    from specloom.runtime.http.health import RESERVED
    from specloom.runtime.services.data_loading import LoadError
    from specloom.runtime.services.demo_data import demo_tenant, load_demo

    settings = _settings(config, log_format=log_format, log_level=log_level, root_path=root_path,
                         forwarded_allow_ips=forwarded_allow_ips, validate_responses=validate_responses,
                         max_header_bytes=max_header_bytes, header_timeout_seconds=header_timeout,
                         body_timeout_seconds=body_timeout, keep_alive_seconds=keep_alive,
                         max_connections=max_connections, workers=workers, proxy_headers=proxy_headers,
                         access_log=access_log, graceful_timeout_seconds=graceful_timeout, health=health,
                         metrics=metrics)
    generated = load(surface)
    clash = sorted({op.path for op in generated.surface.operations} & set(RESERVED))
    if clash:
        raise fail(f"{surface} declares {', '.join(clash)}: paths specloom serves itself (health and metrics: "
                   f"{', '.join(RESERVED)}); rename them in the spec")
    store = open_backend(backend, surface)
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
    except LoadError as exc:  # a demo file that does not load: nothing of it was written
        raise fail(f"demo data: {escape(str(exc))}; not serving") from None
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
    if settings.metrics:
        out.print(f"  metrics:  {base}{settings.root_path}/metrics"
                  + (" (bearer token: SPECLOOM_METRICS_TOKEN)" if settings.metrics_token else ""))
    if settings.health:
        out.print(f"  health:   {base}{settings.root_path}/healthz, {base}{settings.root_path}/readyz")
    options = {**_uvicorn_options(settings), "host": host, "port": port}
    if reload:  # one process; a valid edit is swapped in, an invalid one printed and never served
        from specloom.runtime.http.reload_app import reloading_app

        out.print(f"  reload:   watching {spec_path(surface).parent} (an invalid edit keeps the last good version)")
        uvicorn.run(reloading_app(surface, store, settings, first=create_app(generated, store, settings=settings)),
                    **server_options(settings), **options)
    elif settings.workers > 1:  # each worker process builds the app from the environment
        os.environ["SPECLOOM_SERVE_SURFACE"] = surface
        os.environ["SPECLOOM_SERVE_BACKEND"] = store.url
        export(settings)
        if store.url.startswith("sqlite:"):
            out.print(f"  {settings.workers} workers share one SQLite file: writes are serialised; "
                      "for write-heavy load use PostgreSQL (README: Choosing a backend)")
        with _metrics_dir(settings):
            # a worker builds the whole app before it answers the supervisor's pings: on a busy
            # machine that takes longer than uvicorn's 5 s, after which it would kill and respawn it
            uvicorn.run("specloom.runtime.http.serve_app:app", factory=True, workers=settings.workers,
                        timeout_worker_healthcheck=WORKER_START_SECONDS, **server_options(settings, by_name=True),
                        **options)
    else:
        uvicorn.run(create_app(generated, store, settings=settings), **server_options(settings), **options)


WORKER_START_SECONDS = 60


def _settings(config: Optional[str], **overrides) -> Settings:
    """The settings of this `serve`: --config (or SPECLOOM_CONFIG) under the environment, under
    the flags; exit 2 with one line when one does not parse."""
    try:
        apply_config_file(config)
        for name in ("log_format", "log_level", "root_path", "forwarded_allow_ips"):  # text flags: checked alike
            if overrides.get(name) is not None:
                overrides[name] = BY_NAME[name].parse(overrides[name])
        settings = Settings.from_env(**overrides)
    except ConfigError as exc:
        raise fail(escape(str(exc))) from None
    for name in unknown_environment():
        err.print(f"[yellow]warning:[/yellow] {name} is not a specloom setting: ignored (see README: Configuration)")
    return settings


def _uvicorn_options(settings: Settings) -> dict:
    from specloom.runtime.logs import log_config

    return {"proxy_headers": settings.proxy_headers, "forwarded_allow_ips": settings.forwarded_allow_ips,
            "root_path": settings.root_path, "access_log": False,  # specloom.access logs each request instead
            "log_config": log_config(settings.log_format, settings.log_level), "log_level": settings.log_level,
            "timeout_graceful_shutdown": settings.graceful_timeout_seconds}


@contextlib.contextmanager
def _metrics_dir(settings: Settings):
    """With several workers, each counts in files of a fresh directory that a scrape of any of
    them adds up (prometheus_client's multiprocess mode); removed when serving ends."""
    if not settings.metrics:
        yield
        return
    path = tempfile.mkdtemp(prefix="specloom-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    try:
        yield
    finally:
        shutil.rmtree(path, ignore_errors=True)

"""The `specloom` command line. Exit status: 0 success, 1 a finding or failure, 2 bad usage or
unusable input (unknown surface, invalid spec, backend that cannot be opened)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from specloom.backends import StoreUnavailable, open_store
from specloom.backends.migrations import MigrationRefused
from specloom.generator.pipeline import build
from specloom.generator.pipeline import generate as generate_package
from specloom.generator.pipeline import lint as lint_spec
from specloom.generator.problems import SpecInvalid
from specloom.runtime.security.credentials import now_iso

from .config import Settings, default_backend_url, state_dir
from .surfaces import UnknownSurface, list_surfaces, load_surface, spec_path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="specloom: turn an OpenAPI 3.1 document into a running, stateful API.")
keys_app = typer.Typer(no_args_is_help=True, help="Create and revoke API keys.")
app.add_typer(keys_app, name="keys")
tenants_app = typer.Typer(no_args_is_help=True, help="Approve and suspend tenants (surfaces that gate access).")
app.add_typer(tenants_app, name="tenants")
clients_app = typer.Typer(no_args_is_help=True,
                          help="Create and revoke OAuth clients (client-credentials clients and authorization-code apps).")
app.add_typer(clients_app, name="clients")
webhooks_app = typer.Typer(no_args_is_help=True, help="Inspect outgoing webhook deliveries (x-specloom.webhooks).")
app.add_typer(webhooks_app, name="webhooks")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

BACKEND_HELP = "Backend URL: sqlite:///path.db or postgresql://user@host:port/db (env SPECLOOM_BACKEND)."
OAUTH_FAMILIES = ("oauthClientCredentials", "oauthAuthorizationCode")  # their clients: `specloom clients`


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _surfaces_arg(surface: Optional[str], all_: bool) -> list[str]:
    if all_ and surface:
        raise fail("give a surface or --all, not both")
    if all_:
        names = list_surfaces()
        if not names:
            raise fail("no surfaces found in specs/")
        return names
    if not surface:
        raise fail("give a surface name or --all (see `specloom list`)")
    try:
        spec_path(surface)
    except UnknownSurface as exc:
        raise fail(str(exc)) from None
    return [surface]


def _scopes_arg(generated, surface: str, scopes: str) -> tuple[str, ...]:
    """The scopes of a --scopes option, each one the surface knows (or admin:*)."""
    wanted = tuple(s for s in scopes.replace(",", " ").split() if s)
    known = set(generated.surface.all_scopes()) | {"admin:*"}
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise fail(f"unknown scope(s) {', '.join(unknown)}; {surface} knows: {' '.join(sorted(known))}")
    return wanted


def _rate_limits_arg(generated, surface: str, items: list[str]) -> dict[str, int]:
    """The RULE=LIMIT pairs of --rate-limit: each rule must let keys carry their own limit
    (credentialLimits in the spec) and each limit must lie in the rule's range."""
    rules = {r.name: r for r in generated.surface.rate_limits if r.credential_limits}
    for operation in generated.surface.operations:
        rules.update({r.name: r for r in operation.rate_limits if r.credential_limits})
    chosen: dict[str, int] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not raw.strip().isdigit():
            raise fail(f"--rate-limit expects RULE=REQUESTS (e.g. plan=300), got {item!r}")
        rule = rules.get(name)
        if rule is None:
            offered = ", ".join(f"{n} ({r.credential_limits[0]}–{r.credential_limits[1]})"
                                for n, r in rules.items()) or "none"
            raise fail(f"{surface} has no rate-limit rule {name!r} that keys may set; "
                       f"rules with per-key limits: {offered}")
        low, high = rule.credential_limits
        limit = int(raw)
        if not low <= limit <= high:
            raise fail(f"--rate-limit {name}={limit}: the spec allows {low}–{high} requests per "
                       f"{rule.window_seconds} s for rule {name!r}")
        chosen[name] = limit
    return chosen


async def _may_issue(store, generated, tenant: str) -> bool:
    """Credentials may be issued to a tenant unless the surface gates tenants by approval
    and this one is not approved."""
    if not generated.surface.tenant_approval:
        return True
    record = await store.get_tenant(generated.surface.name, tenant)
    return record is not None and record["approved"]


def _not_approved(surface: str, tenant: str) -> typer.Exit:
    return fail(f"tenant {tenant!r} of {surface} is not approved: run "
                f"`specloom tenants approve {surface} {tenant}` first", code=1)


def _print_problems(problems) -> None:
    for p in problems:
        colour = "red" if p.level == "error" else "yellow"
        err.print(f"[{colour}]{p}[/{colour}]")


def _open(backend: Optional[str], surface: str):
    url = backend or default_backend_url(surface)
    if url.startswith("sqlite:///") and not backend and not os.environ.get("SPECLOOM_BACKEND"):
        state_dir().mkdir(parents=True, exist_ok=True)
    try:
        return open_store(url)
    except StoreUnavailable as exc:
        raise fail(str(exc)) from None


def _load(surface: str):
    try:
        return load_surface(surface)
    except UnknownSurface as exc:
        raise fail(str(exc)) from None
    except SpecInvalid as exc:
        _print_problems(exc.problems)
        raise fail(f"{surface}: the spec has errors; nothing was generated") from None


@app.command("list")
def list_command() -> None:
    """Surfaces found in specs/."""
    names = list_surfaces()
    if not names:
        err.print("no surfaces found (looked in specs/)")
        raise typer.Exit(1)
    for name in names:
        try:
            surface, _ = build(name, spec_path(name))
            out.print(f"{name:<12} {surface.title}  ({len(surface.operations)} operations)")
        except SpecInvalid:
            out.print(f"{name:<12} [red](spec has errors: run specloom lint {name})[/red]")


@app.command()
def lint(surface: Optional[str] = typer.Argument(None), all_: bool = typer.Option(False, "--all")) -> None:
    """Check specs: OpenAPI 3.1 and x-specloom errors with file:line and JSON pointer."""
    failed = False
    for name in _surfaces_arg(surface, all_):
        _, problems = lint_spec(spec_path(name))
        _print_problems(problems)
        errors = sum(p.level == "error" for p in problems)
        warnings = len(problems) - errors
        failed |= errors > 0
        out.print(f"{name}: {errors} error(s), {warnings} warning(s)")
    raise typer.Exit(1 if failed else 0)


@app.command()
def generate(surface: Optional[str] = typer.Argument(None), all_: bool = typer.Option(False, "--all"),
             out_dir: Optional[Path] = typer.Option(None, "--out", help="Where to write (default .specloom/generated).")) -> None:
    """Generate the handler and validator package of a surface."""
    target_root = out_dir or state_dir() / "generated"
    started = time.perf_counter()
    for name in _surfaces_arg(surface, all_):
        t0 = time.perf_counter()
        try:
            result, target = generate_package(name, spec_path(name), target_root)
        except SpecInvalid as exc:
            _print_problems(exc.problems)
            raise fail(f"{name}: the spec has errors; nothing was written") from None
        out.print(f"{name}: {len(result.operations)} operations → {target} "
                  f"({(time.perf_counter() - t0) * 1000:.0f} ms)")
    out.print(f"done in {(time.perf_counter() - started) * 1000:.0f} ms")


@app.command()
def serve(
    surface: str = typer.Argument(...),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
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

    generated = _load(surface)
    store = _open(backend, surface)
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


@app.command()
def migrate(
    surface: str = typer.Argument(...),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the plan; change nothing."),
    rebuild: Optional[list[str]] = typer.Option(
        None, "--rebuild", help="RESOURCE.FIELD: rebuild an indexed column whose type changed from the "
        "stored documents (repeatable)."),
    drop: Optional[list[str]] = typer.Option(
        None, "--drop", help="RESOURCE: drop the table and records of a resource that left the spec (repeatable)."),
    fix_flag: Optional[list[str]] = typer.Option(
        None, "--fix-flag", help="RESOURCE.FIELD: keep a unique flag (isDefault) on the oldest flagged "
        "record of each group (repeatable)."),
) -> None:
    """Show (--dry-run) or apply the schema changes the spec asks of the store."""
    from specloom.backends.migrations import MigrationOptions
    from specloom.backends.postgres import redact
    from specloom.runtime.surface_runtime import tables_for

    generated = _load(surface)
    store = _open(backend, surface)
    options = MigrationOptions(frozenset(rebuild or ()), frozenset(drop or ()), frozenset(fix_flag or ()))
    tables = tables_for(generated.surface)

    async def run():
        try:
            if dry_run:
                return await store.plan_migration(tables, surface=surface, options=options)
            try:
                return await store.migrate(tables, surface=surface, options=options)
            except MigrationRefused as exc:
                return exc.plan
        finally:
            await store.close()

    result = asyncio.run(run())
    where = f"{surface} on {redact(store.url) if store.url.startswith('postgres') else store.url}"
    if isinstance(result, list):  # applied
        out.print(f"{where}: " + (f"applied {len(result)} step(s)" if result else "the schema is up to date"))
        for line in result:
            out.print(f"  {escape(line)}")
        return
    out.print(f"{where}: {len(result.steps)} step(s) planned (dry run: nothing applied)" if dry_run else
              f"{where}: nothing applied")
    for line in result.lines():
        out.print(f"  {escape(line)}")
    if result.refusals:
        err.print(f"[red]refused:[/red] {len(result.refusals)} change(s) need a decision")
        for refusal in result.refusals:
            err.print(f"  - {escape(str(refusal))}")
        raise typer.Exit(1)


@app.command()
def fuzz(
    surface: str = typer.Argument(...),
    backend: Optional[str] = typer.Option(
        None, "--backend", help="In process: a fresh store at this URL, with fresh tenants (default: a throwaway SQLite file)."),
    url: Optional[str] = typer.Option(None, "--url", help="Fuzz a running deployment at this base URL instead (needs --token)."),
    tokens: Optional[list[str]] = typer.Option(
        None, "--token", help="With --url: a key with all scopes; a second one (another tenant's) enables the isolation checks."),
    tenants: Optional[list[str]] = typer.Option(None, "--tenant", help="With --url: the tenant of each --token, in the same order."),
    max_examples: int = typer.Option(50, "--max-examples", help="Examples per operation and phase."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Reproduce a run: the same seed gives the same cases."),
    operations: Optional[list[str]] = typer.Option(None, "--operation", help="Only this operationId (repeatable)."),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Also write JUnit XML here (one testcase per operation)."),
    stateful: bool = typer.Option(True, "--stateful/--no-stateful", help="Also chain operations through the spec's links."),
) -> None:
    """Fuzz a surface's contract with Schemathesis: in process on a fresh store, or a running one with --url."""
    from .fuzz import FuzzOptions, FuzzUsageError, run_fuzz

    options = FuzzOptions(surface=surface, backend=backend, url=url, tokens=tuple(tokens or ()),
                          tenants=tuple(tenants or ()), max_examples=max_examples, seed=seed,
                          operations=tuple(operations or ()), junit=junit, stateful=stateful)
    try:
        result = run_fuzz(options, out=out, err=err)
    except FuzzUsageError as exc:
        raise fail(str(exc)) from None
    raise typer.Exit(result.exit_code)


@keys_app.command("create")
def keys_create(
    surface: str = typer.Argument(...),
    tenant: str = typer.Option(..., "--tenant", help="The tenant the key is bound to (e.g. site_demo)."),
    scopes: str = typer.Option("", "--scopes", help='Space-separated scopes, e.g. "read:catalog write:catalog".'),
    signing_secret: bool = typer.Option(False, "--signing-secret", help="Also issue a request-signing secret."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    scheme: Optional[str] = typer.Option(
        None, "--scheme", help="The security scheme whose family issues it (default: the API keys), e.g. a "
        "publishable storefront key. OAuth clients are made with `specloom clients create`."),
    origins: Optional[list[str]] = typer.Option(
        None, "--origin", help="With a publishableKey scheme: a browser origin the tenant allows (repeatable)."),
    redirect_uris: Optional[list[str]] = typer.Option(
        None, "--redirect-uri", hidden=True, help="Moved: OAuth apps are made with `specloom clients create`."),
    rate_limits: Optional[list[str]] = typer.Option(
        None, "--rate-limit", help="RULE=REQUESTS: the key's own limit (its plan) for a rate-limit rule "
        "that declares credentialLimits, e.g. plan=300 (repeatable)."),
) -> None:
    """Create an API key bound to a tenant, with scopes (or, with --scheme, another family's credential)."""
    from specloom.runtime.services.tenant_settings import normalise_origin
    from specloom.runtime.surface_runtime import SurfaceRuntime

    generated = _load(surface)
    try:
        origins = [normalise_origin(o) for o in origins or ()]
    except ValueError as exc:
        raise fail(str(exc)) from None
    if scheme is not None and generated.surface.security_scheme(scheme) is None:
        known_schemes = ", ".join(s.name for s in generated.surface.security_schemes)
        raise fail(f"{surface} has no security scheme {scheme!r} (schemes: {known_schemes})")
    if scheme is not None and generated.surface.security_scheme(scheme).family in OAUTH_FAMILIES:
        raise fail(f"{scheme!r} is an OAuth scheme ({generated.surface.security_scheme(scheme).family}): create its "
                   f"clients with `specloom clients create {surface} --tenant {tenant} --scheme {scheme} …`")
    if redirect_uris:
        raise fail(f"OAuth apps are not keys: create them with `specloom clients create {surface} --tenant {tenant} "
                   "--redirect-uri URL …`")
    wanted = _scopes_arg(generated, surface, scopes)
    own_limits = _rate_limits_arg(generated, surface, rate_limits or [])
    if not tenant.strip():
        raise fail("--tenant must not be empty")
    store = _open(backend, surface)

    async def run():
        runtime = SurfaceRuntime(generated, store, Settings.from_env())
        await runtime.ensure_ready()
        try:
            if not await _may_issue(store, generated, tenant):
                return None
            family = runtime.families.get(scheme) if scheme else None
            if family is not None and generated.surface.security_scheme(scheme).family != "apiKey":
                if not callable(getattr(family, "issue", None)):
                    raise fail(f"the {generated.surface.security_scheme(scheme).family} family of {scheme!r} "
                               "issues no credentials from the command line")
                try:
                    return await family.issue(tenant, wanted, origins=origins)
                except ValueError as exc:
                    raise fail(str(exc)) from None
            return (await runtime.api_keys.issue(tenant, wanted, signing_secret=signing_secret,
                                                 rate_limits=own_limits)).as_json()
        finally:
            await store.close()

    issued = asyncio.run(run())
    if issued is None:
        raise _not_approved(surface, tenant)
    if as_json:
        sys.stdout.write(json.dumps(issued) + "\n")
    else:
        out.print(f"token:   {issued['token']}")
        out.print(f"key id:  {issued['key_id']}")
        out.print(f"tenant:  {issued['tenant']}")
        out.print(f"scopes:  {' '.join(issued['scopes']) or '(none)'}")
        if issued.get("signing_secret"):
            out.print(f"signing secret: {issued['signing_secret']}")
        for rule, limit in (issued.get("rate_limits") or {}).items():
            out.print(f"rate limit: {rule}={limit}")
        if "origins" in issued:
            out.print(f"origins: {' '.join(issued['origins']) or '(none)'}")
        out.print("Store the token now: only its hash is kept.")


def _set_approval(surface: str, tenant: str, backend: Optional[str], approved: bool) -> None:
    _load(surface)
    store = _open(backend, surface)

    async def run() -> None:
        try:
            await store.put_tenant(surface, tenant, approved)
        finally:
            await store.close()

    asyncio.run(run())
    out.print(f"{surface}: tenant {tenant} {'approved' if approved else 'suspended'}")


@tenants_app.command("approve")
def tenants_approve(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP)) -> None:
    """Approve a tenant: its keys may be created and used."""
    _set_approval(surface, tenant, backend, True)


@tenants_app.command("suspend")
def tenants_suspend(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP)) -> None:
    """Suspend a tenant: its existing keys stop working (403) until approved again."""
    _set_approval(surface, tenant, backend, False)


@tenants_app.command("set")
def tenants_set(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                settings: list[str] = typer.Argument(..., help="NAME=VALUE; VALUE is JSON (true, 3, [\"a\"]) or text."),
                backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP)) -> None:
    """Change a tenant's settings (e.g. customerOtpRequired=true) that service actions read."""
    from specloom.runtime.services.tenant_settings import TenantSettings

    _load(surface)
    changes = {}
    for item in settings:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise fail(f"expected NAME=VALUE, got {item!r}")
        try:
            changes[name.strip()] = json.loads(raw)
        except ValueError:
            changes[name.strip()] = raw
    store = _open(backend, surface)

    async def run():
        try:
            return await TenantSettings(store, surface).update(tenant, changes)
        finally:
            await store.close()

    out.print(f"{surface}: tenant {tenant} settings {json.dumps(asyncio.run(run()), sort_keys=True)}")


@keys_app.command("set-rate-limit")
def keys_set_rate_limit(
    surface: str = typer.Argument(...), key_id: str = typer.Argument(...),
    limits: list[str] = typer.Argument(..., help="RULE=REQUESTS, e.g. plan=500 (the key's new plan)."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
) -> None:
    """Change a key's own limits for rules that allow them (a plan change); applies at once."""
    generated = _load(surface)
    own_limits = _rate_limits_arg(generated, surface, limits)
    store = _open(backend, surface)

    async def run() -> bool:
        try:
            row = await store.get_credential(key_id)
            if row is None or row["surface"] != surface:
                return False
            return await store.set_credential_rate_limits(
                surface, key_id, {**(row.get("rate_limits") or {}), **own_limits})
        finally:
            await store.close()

    if not asyncio.run(run()):
        raise fail(f"no active key {key_id!r} for {surface}", code=1)
    out.print(f"{key_id}: " + " ".join(f"{k}={v}" for k, v in own_limits.items()))


@keys_app.command("revoke")
def keys_revoke(surface: str = typer.Argument(...), key_id: str = typer.Argument(...),
                backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP)) -> None:
    """Revoke an API key by its key id."""
    _load(surface)
    store = _open(backend, surface)

    async def run() -> bool:
        try:
            return await store.revoke_credential(surface, key_id, now_iso())
        finally:
            await store.close()

    if not asyncio.run(run()):
        raise fail(f"no active key {key_id!r} for {surface}", code=1)
    out.print(f"revoked {key_id}")


def _client_scheme(generated, surface: str, scheme: Optional[str]):
    """The OAuth security scheme whose clients `clients` commands manage: `--scheme`, or the
    surface's only one."""
    oauth = [s for s in generated.surface.security_schemes if s.family in OAUTH_FAMILIES]
    if scheme is not None:
        chosen = generated.surface.security_scheme(scheme)
        if chosen is None or chosen.family not in OAUTH_FAMILIES:
            raise fail(f"{scheme!r} is not an OAuth security scheme of {surface} "
                       f"(OAuth schemes: {', '.join(s.name for s in oauth) or 'none'})")
        return chosen
    if not oauth:
        raise fail(f"{surface} has no OAuth security scheme (family {' or '.join(OAUTH_FAMILIES)})")
    if len(oauth) > 1:
        raise fail(f"{surface} has several OAuth schemes; name one with --scheme ({', '.join(s.name for s in oauth)})")
    return oauth[0]


@clients_app.command("create")
def clients_create(
    surface: str = typer.Argument(...),
    tenant: str = typer.Option(..., "--tenant", help="The tenant the client belongs to (Alza: the supplier; "
                               "an authorization-code app: its developer's tenant)."),
    scopes: str = typer.Option("", "--scopes", help='Space-separated scopes, e.g. "orders:read" (an app: the most '
                               'any tenant may grant it; none: no bound).'),
    scheme: Optional[str] = typer.Option(
        None, "--scheme", help="The OAuth security scheme (default: the surface's only one)."),
    redirect_uris: Optional[list[str]] = typer.Option(
        None, "--redirect-uri", help="An authorization-code app's redirect URI (repeatable; at least one)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
) -> None:
    """Create an OAuth client (client id and secret) for a tenant: a client-credentials client, or an
    authorization-code app with its redirect URIs; refused until the tenant is approved where tenants are gated."""
    from specloom.runtime.surface_runtime import SurfaceRuntime

    generated = _load(surface)
    chosen = _client_scheme(generated, surface, scheme)
    wanted = _scopes_arg(generated, surface, scopes)
    if not tenant.strip():
        raise fail("--tenant must not be empty")
    code_grant = chosen.family == "oauthAuthorizationCode"
    if code_grant and not redirect_uris:
        raise fail(f"{chosen.name!r} is an authorization-code scheme: give the app at least one --redirect-uri")
    if not code_grant and redirect_uris:
        raise fail(f"{chosen.name!r} is a client-credentials scheme: its clients have no redirect URIs")
    store = _open(backend, surface)

    async def run():
        runtime = SurfaceRuntime(generated, store, Settings.from_env())
        try:
            family = runtime.families[chosen.name]
            await runtime.ensure_ready()
            if not await _may_issue(store, generated, tenant):
                return None
            if code_grant:
                return await family.create_client(tenant, wanted, redirect_uris=tuple(redirect_uris or ()))
            return await family.create_client(tenant, wanted)
        finally:
            await store.close()

    issued = asyncio.run(run())
    if issued is None:
        raise _not_approved(surface, tenant)
    if as_json:
        sys.stdout.write(json.dumps(issued.as_json()) + "\n")
    else:
        out.print(f"client id:     {issued.client_id}")
        out.print(f"client secret: {issued.client_secret}")
        out.print(f"tenant:        {issued.tenant}")
        out.print(f"scopes:        {' '.join(issued.scopes) or '(none)'}")
        if code_grant:
            out.print(f"redirect URIs: {' '.join(issued.redirect_uris)}")
        out.print("Store the secret now: only its hash is kept.")


@clients_app.command("revoke")
def clients_revoke(surface: str = typer.Argument(...), client_id: str = typer.Argument(...),
                   scheme: Optional[str] = typer.Option(
                       None, "--scheme", help="The OAuth security scheme (default: the surface's only one)."),
                   backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP)) -> None:
    """Revoke an OAuth client: its tokens stop working at once."""
    from specloom.runtime.surface_runtime import SurfaceRuntime

    generated = _load(surface)
    chosen = _client_scheme(generated, surface, scheme)
    store = _open(backend, surface)

    async def run() -> bool:
        runtime = SurfaceRuntime(generated, store, Settings.from_env())
        try:
            family = runtime.families[chosen.name]
            await runtime.ensure_ready()
            return await family.revoke_client(client_id)
        finally:
            await store.close()

    if not asyncio.run(run()):
        raise fail(f"no active client {client_id!r} for {surface}", code=1)
    out.print(f"revoked {client_id}")


@webhooks_app.command("deliveries")
def webhooks_deliveries(surface: str = typer.Argument(...),
                        tenant: Optional[str] = typer.Option(None, "--tenant", help="Only this tenant's."),
                        events: bool = typer.Option(False, "--events", help="The events instead of their deliveries."),
                        limit: int = typer.Option(50, "--limit", min=1, max=1000),
                        as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
                        backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP)) -> None:
    """The latest webhook deliveries (or events) with their status, attempts and last error."""
    _load(surface)
    store = _open(backend, surface)

    async def run() -> list[dict]:
        try:
            return await store.outbox_list(surface, tenant=tenant, deliveries=not events, limit=limit)
        finally:
            await store.close()

    for row in asyncio.run(run()):
        row = {k: v for k, v in row.items() if k not in ("body", "claim")}
        if as_json:
            sys.stdout.write(json.dumps(row) + "\n")
        else:
            out.print(f"{row['id']}  {row['tenant']}  {row['event']}  {row['status']}  attempts={row['attempts']}"
                      + (f"  subscription={row['subscription']}" if row["subscription"] else "")
                      + (f"  last={row['last_status'] or '-'} {escape(row['last_error'] or '')}".rstrip()))


def main() -> None:
    try:
        app()
    except MigrationRefused as exc:  # a command that opened the store before `specloom migrate` ran
        err.print(f"[red]error:[/red] {escape(str(exc))}\nrun `specloom migrate SURFACE --dry-run` to see the plan")
        sys.exit(2)


if __name__ == "__main__":
    main()

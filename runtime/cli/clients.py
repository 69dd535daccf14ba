"""`specloom clients`: create and revoke the OAuth 2.0 clients of a surface's OAuth security
scheme: a client-credentials client of a tenant, or an authorization-code app with its redirect
URIs. Creating one is refused (exit 1) until the tenant is approved where tenants are gated."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.markup import escape

from .common import (
    OAUTH_FAMILIES,
    Backend,
    fail,
    load,
    may_issue,
    not_approved,
    open_backend,
    out,
    print_issued,
    ready_runtime,
    require_tenant,
    run_closing,
    scopes_arg,
)

app = typer.Typer(no_args_is_help=True,
                  help="Create and revoke OAuth clients (client-credentials clients and authorization-code apps).")


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


LOOPBACK_HOSTS = ("localhost",)


def redirect_uri_problem(uri: str) -> str | None:
    """Why an OAuth redirect URI is refused, or None: it must be absolute https, or http on a
    loopback host (RFC 8252 §7.3: native apps), with no fragment (RFC 6749 §3.1.2) and no user
    information."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "not a URL"
    if parts.scheme not in ("https", "http") or not host:
        return "not an absolute http(s) URL"
    if "#" in uri:
        return "has a fragment (#…), which a redirect URI may not have"
    if parts.username is not None or parts.password is not None:
        return "carries user information (user@)"
    if parts.scheme == "http":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host.lower() in LOOPBACK_HOSTS
        if not loopback:
            return "uses http on a host other than the loopback (http only for 127.0.0.1, [::1], localhost)"
    return None


def _client_rows(issued, code_grant: bool):
    yield "client id:", issued.client_id
    yield "client secret:", issued.client_secret
    yield "tenant:", issued.tenant
    yield "scopes:", " ".join(issued.scopes) or "(none)"
    if code_grant:
        yield "redirect URIs:", " ".join(issued.redirect_uris)


@app.command("create")
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
    backend: Backend = None,
) -> None:
    """Create an OAuth client (client id and secret) for a tenant: a client-credentials client, or an
    authorization-code app with its redirect URIs; refused until the tenant is approved where tenants are gated."""
    generated = load(surface)
    chosen = _client_scheme(generated, surface, scheme)
    wanted = scopes_arg(generated, surface, scopes)
    require_tenant(tenant)
    code_grant = chosen.family == "oauthAuthorizationCode"
    if code_grant and not redirect_uris:
        raise fail(f"{chosen.name!r} is an authorization-code scheme: give the app at least one --redirect-uri")
    if not code_grant and redirect_uris:
        raise fail(f"{chosen.name!r} is a client-credentials scheme: its clients have no redirect URIs")
    for uri in redirect_uris or ():
        problem = redirect_uri_problem(uri)
        if problem:
            raise fail(f"--redirect-uri {escape(repr(uri))}: {problem}")
    store = open_backend(backend, surface)

    async def run():
        runtime = await ready_runtime(generated, store)
        family = runtime.families[chosen.name]
        if not await may_issue(store, generated, tenant):
            return None
        if code_grant:
            return await family.create_client(tenant, wanted, redirect_uris=tuple(redirect_uris or ()))
        return await family.create_client(tenant, wanted)

    issued = run_closing(store, run)
    if issued is None:
        raise not_approved(surface, tenant)
    print_issued(issued.as_json(), _client_rows(issued, code_grant), label_width=14, secret="secret", as_json=as_json)


@app.command("revoke")
def clients_revoke(surface: str = typer.Argument(...), client_id: str = typer.Argument(...),
                   scheme: Optional[str] = typer.Option(
                       None, "--scheme", help="The OAuth security scheme (default: the surface's only one)."),
                   as_json: bool = typer.Option(False, "--json", help="Print one JSON line."),
                   backend: Backend = None) -> None:
    """Revoke an OAuth client: its tokens stop working at once."""
    generated = load(surface)
    chosen = _client_scheme(generated, surface, scheme)
    store = open_backend(backend, surface)

    async def run() -> bool:
        runtime = await ready_runtime(generated, store)
        return await runtime.families[chosen.name].revoke_client(client_id)

    if not run_closing(store, run):
        raise fail(f"no active client {client_id!r} for {surface}", code=1)
    if as_json:
        sys.stdout.write(json.dumps({"client_id": client_id, "revoked": True}) + "\n")
    else:
        out.print(f"revoked {client_id}")


@app.command("list")
def clients_list(surface: str = typer.Argument(...),
                 scheme: Optional[str] = typer.Option(
                     None, "--scheme", help="The OAuth security scheme (default: the surface's only one)."),
                 tenant: Optional[str] = typer.Option(None, "--tenant", help="Only this tenant's."),
                 as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
                 backend: Backend = None) -> None:
    """The OAuth clients of a surface, never a secret: client id, tenant, scopes, redirect URIs (apps),
    created, last used (client credentials), revoked. A revoked app is removed, so it is not listed."""
    from specloom.runtime.auth.oauth_client_credentials import CLIENT_KIND
    from specloom.runtime.auth.oauth_code import CLIENTS

    from .listing import credential_rows, print_rows

    generated = load(surface)
    chosen = _client_scheme(generated, surface, scheme)
    store = open_backend(backend, surface)

    async def run() -> list[dict]:
        if chosen.family == "oauthAuthorizationCode":
            apps = await store.kv_list(CLIENTS, f"{surface}:{chosen.name}", 0.0)
            return [{"client_id": a["client_id"], "tenant": a["owner"], "name": a.get("name"),
                     "scopes": a.get("scopes") or [], "redirect_uris": a.get("redirect_uris") or [],
                     "created_at": a.get("created_at"), "revoked": False} for a in apps]
        return [{"client_id": r["key_id"], "tenant": r["tenant"], "scopes": r["scopes"], "created_at": r["created_at"],
                 "last_used_at": r["last_used_at"], "revoked_at": r["revoked_at"], "revoked": r["revoked"]}
                for r in await credential_rows(store, surface, (CLIENT_KIND,))]

    rows = [r for r in run_closing(store, run) if tenant is None or r["tenant"] == tenant]
    columns = ([("client_id", "client id"), ("tenant", "tenant"), ("scopes", "scopes"),
                ("redirect_uris", "redirect URIs"), ("created_at", "created")]
               if chosen.family == "oauthAuthorizationCode" else
               [("client_id", "client id"), ("tenant", "tenant"), ("scopes", "scopes"), ("created_at", "created"),
                ("last_used_at", "last used"), ("revoked_at", "revoked")])
    print_rows(rows, columns, as_json=as_json, empty=f"{surface}: no OAuth clients of {chosen.name}"
               + (f" for tenant {tenant}" if tenant else "") + f" yet (create one with `specloom clients create "
               f"{surface} --tenant TENANT`)")

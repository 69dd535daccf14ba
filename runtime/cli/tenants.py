"""`specloom tenants`: approve and suspend the tenants of surfaces that gate access by approval
(a suspended tenant's credentials answer 403), change a tenant's settings that service actions
read (`NAME=VALUE`, the value JSON where it parses as JSON; only settings the spec declares or
reads: a typo is refused, not stored), and list the tenants with their approval, credentials,
settings and last use."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.markup import escape

from .common import Backend, fail, load, open_backend, out, run_closing

app = typer.Typer(no_args_is_help=True, help="Approve, suspend, configure and list tenants.")
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON line.")


def _said(record: dict, text: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(record, sort_keys=True) + "\n")
    else:
        out.print(text)


def _set_approval(surface: str, tenant: str, backend: Optional[str], approved: bool, as_json: bool) -> None:
    load(surface)
    store = open_backend(backend, surface)

    run_closing(store, lambda: store.put_tenant(surface, tenant, approved))
    _said({"surface": surface, "tenant": tenant, "approved": approved},
          f"{surface}: tenant {tenant} {'approved' if approved else 'suspended'}", as_json)


@app.command("approve")
def tenants_approve(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                    as_json: bool = JSON_OPTION, backend: Backend = None) -> None:
    """Approve a tenant: its keys may be created and used."""
    _set_approval(surface, tenant, backend, True, as_json)


@app.command("suspend")
def tenants_suspend(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                    as_json: bool = JSON_OPTION, backend: Backend = None) -> None:
    """Suspend a tenant: its existing keys stop working (403) until approved again."""
    _set_approval(surface, tenant, backend, False, as_json)


@app.command("set")
def tenants_set(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                settings: list[str] = typer.Argument(..., help="NAME=VALUE; VALUE is JSON (true, 3, [\"a\"]) or text."),
                as_json: bool = JSON_OPTION, backend: Backend = None) -> None:
    """Change a tenant's settings (e.g. customerOtpRequired=true) that service actions read; only settings
    the spec declares (x-specloom.settings) or reads."""
    from specloom.runtime.services.declared_settings import declared_settings
    from specloom.runtime.services.tenant_settings import TenantSettings

    generated = load(surface)
    known = declared_settings(generated.surface)
    changes = {}
    for item in settings:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise fail(f"expected NAME=VALUE, got {escape(repr(item))}")
        if name not in known:
            offered = ", ".join(sorted(known)) or "none (the spec declares no tenant settings)"
            raise fail(f"{surface} has no tenant setting {escape(repr(name))}; its settings: {offered}")
        try:
            changes[name] = json.loads(raw)
        except ValueError:
            changes[name] = raw
    store = open_backend(backend, surface)

    updated = run_closing(store, lambda: TenantSettings(store, surface).update(tenant, changes))
    _said({"surface": surface, "tenant": tenant, "settings": updated},
          f"{surface}: tenant {tenant} settings {escape(json.dumps(updated, sort_keys=True))}", as_json)


@app.command("list")
def tenants_list(surface: str = typer.Argument(...),
                 as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
                 backend: Backend = None) -> None:
    """The tenants of a surface: approved (where the surface gates tenants), active keys and OAuth clients,
    the settings they set, when one of their credentials was last used."""
    from specloom.runtime.auth.oauth_client_credentials import CLIENT_KIND
    from specloom.runtime.services.tenant_settings import TenantSettings

    from .listing import credential_rows, print_rows

    generated = load(surface)
    gated = bool(generated.surface.tenant_approval)
    store = open_backend(backend, surface)

    async def run() -> list[dict]:
        rows: dict[str, dict] = {}

        def row(tenant: str) -> dict:
            return rows.setdefault(tenant, {"tenant": tenant, "approved": None, "keys": 0, "clients": 0,
                                            "settings": [], "last_used_at": None})

        for record in await store.list_tenants(surface):
            row(record["tenant"])["approved"] = record["approved"]
        for credential in await credential_rows(store, surface):
            entry = row(credential["tenant"])
            if not credential["revoked"]:
                entry["clients" if credential["kind"] == CLIENT_KIND else "keys"] += 1
            if credential["last_used_at"] and (entry["last_used_at"] or "") < credential["last_used_at"]:
                entry["last_used_at"] = credential["last_used_at"]
        settings = TenantSettings(store, surface)
        for tenant, entry in rows.items():
            entry["settings"] = sorted(await settings.get(tenant))
            if gated and entry["approved"] is None:
                entry["approved"] = False  # gated and never approved
        return sorted(rows.values(), key=lambda r: r["tenant"])

    rows = run_closing(store, run)
    columns = [("tenant", "tenant"), ("approved", "approved"), ("keys", "keys"), ("clients", "clients"),
               ("settings", "settings"), ("last_used_at", "last used")]
    if not gated:
        columns.pop(1)
        for r in rows:
            r.pop("approved")
    print_rows(rows, columns, as_json=as_json, empty=f"{surface}: no tenants yet (they appear with their first "
               "key, client or approval)")

"""`specloom tenants`: approve and suspend the tenants of surfaces that gate access by approval
(a suspended tenant's credentials answer 403), and change a tenant's settings that service
actions read (`NAME=VALUE`, the value JSON where it parses as JSON)."""

from __future__ import annotations

import json
from typing import Optional

import typer

from .common import Backend, fail, load, open_backend, out, run_closing

app = typer.Typer(no_args_is_help=True, help="Approve and suspend tenants (surfaces that gate access).")


def _set_approval(surface: str, tenant: str, backend: Optional[str], approved: bool) -> None:
    load(surface)
    store = open_backend(backend, surface)

    run_closing(store, lambda: store.put_tenant(surface, tenant, approved))
    out.print(f"{surface}: tenant {tenant} {'approved' if approved else 'suspended'}")


@app.command("approve")
def tenants_approve(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                    backend: Backend = None) -> None:
    """Approve a tenant: its keys may be created and used."""
    _set_approval(surface, tenant, backend, True)


@app.command("suspend")
def tenants_suspend(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                    backend: Backend = None) -> None:
    """Suspend a tenant: its existing keys stop working (403) until approved again."""
    _set_approval(surface, tenant, backend, False)


@app.command("set")
def tenants_set(surface: str = typer.Argument(...), tenant: str = typer.Argument(...),
                settings: list[str] = typer.Argument(..., help="NAME=VALUE; VALUE is JSON (true, 3, [\"a\"]) or text."),
                backend: Backend = None) -> None:
    """Change a tenant's settings (e.g. customerOtpRequired=true) that service actions read."""
    from specloom.runtime.services.tenant_settings import TenantSettings

    load(surface)
    changes = {}
    for item in settings:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise fail(f"expected NAME=VALUE, got {item!r}")
        try:
            changes[name.strip()] = json.loads(raw)
        except ValueError:
            changes[name.strip()] = raw
    store = open_backend(backend, surface)

    updated = run_closing(store, lambda: TenantSettings(store, surface).update(tenant, changes))
    out.print(f"{surface}: tenant {tenant} settings {json.dumps(updated, sort_keys=True)}")

"""`specloom webhooks`: inspect a surface's outgoing webhook deliveries (x-specloom.webhooks), or
the events behind them, with their status, attempts and last error; one JSON object per line
with `--json`."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.markup import escape

from .common import Backend, err, fail, load, open_backend, out, run_closing

app = typer.Typer(no_args_is_help=True, help="Inspect outgoing webhook deliveries (x-specloom.webhooks).")


@app.command("deliveries")
def webhooks_deliveries(surface: str = typer.Argument(...),
                        tenant: Optional[str] = typer.Option(None, "--tenant", help="Only this tenant's."),
                        events: bool = typer.Option(False, "--events", help="The events instead of their deliveries."),
                        limit: int = typer.Option(50, "--limit", min=1, max=1000),
                        as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
                        backend: Backend = None) -> None:
    """The latest webhook deliveries (or events) with their status, attempts and last error."""
    generated = load(surface)
    if generated.surface.webhooks is None:
        raise fail(f"{surface} declares no webhooks (x-specloom.webhooks): it has no deliveries", code=1)
    store = open_backend(backend, surface)

    rows = run_closing(store, lambda: store.outbox_list(surface, tenant=tenant, deliveries=not events, limit=limit))
    if not rows:
        what = "webhook events" if events else "webhook deliveries"
        (err if as_json else out).print(f"{surface}: no {what}{f' for tenant {tenant}' if tenant else ''} yet "
                                        "(kept for SPECLOOM_WEBHOOK_RETENTION_SECONDS once finished)")
        return
    for row in rows:
        row = {k: v for k, v in row.items() if k not in ("body", "claim")}
        if as_json:
            sys.stdout.write(json.dumps(row) + "\n")
        else:
            out.print(f"{row['id']}  {row['tenant']}  {row['event']}  {row['status']}  attempts={row['attempts']}"
                      + (f"  subscription={row['subscription']}" if row["subscription"] else "")
                      + (f"  last={row['last_status'] or '-'} {escape(row['last_error'] or '')}".rstrip()))

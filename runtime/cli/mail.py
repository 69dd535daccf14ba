"""`specloom mail list SURFACE`: the surface's e-mail outbox, newest first — each message's
recipient, template, subject, status (`pending`, `delivered`, `failed`), attempts and last
error; one JSON object per line with `--json`. The text of a message is never shown (it may
carry a download link or a one-time code)."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Optional

import typer
from rich.markup import escape

from specloom.runtime.security.sealed_secrets import SealedSecretError
from specloom.runtime.services.mail import Outbox

from .common import Backend, load, open_backend, out, run_closing

app = typer.Typer(no_args_is_help=True, help="Inspect the e-mail outbox (SMTP, or the log in development).")


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


@app.command("list")
def mail_list(surface: str = typer.Argument(...),
              tenant: Optional[str] = typer.Option(None, "--tenant", help="Only this tenant's."),
              limit: int = typer.Option(50, "--limit", min=1, max=1000),
              as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
              backend: Backend = None) -> None:
    """The latest e-mail messages with their status, attempts and last error."""
    load(surface)
    store = open_backend(backend, surface)

    async def rows() -> list[dict]:
        outbox = Outbox(store, surface)
        try:
            return await outbox.rows(tenant, limit=limit)
        except SealedSecretError:  # another pepper: list without subjects
            found = await store.outbox_list(outbox.namespace, tenant=tenant, limit=limit)
            return [{**row, "message": {}} for row in found]

    for row in run_closing(store, rows):
        item = {"id": row["id"], "tenant": row["tenant"], "to": row["subscription"], "template": row["event"],
                "subject": row["message"].get("subject"), "status": row["status"], "attempts": row["attempts"],
                "last_error": row["last_error"], "created_at": _iso(row["created_at"]),
                "delivered_at": _iso(row["delivered_at"]),
                "next_attempt_at": _iso(row["next_attempt_at"]) if row["status"] == "pending" else None}
        if as_json:
            sys.stdout.write(json.dumps(item) + "\n")
        else:
            out.print(escape(f"{item['id']}  {item['tenant']}  {item['to']}  {item['template']}  {item['status']}"
                             f"  attempts={item['attempts']}  {item['created_at']}"
                             + (f"  last={item['last_error']}" if item["last_error"] else "")))

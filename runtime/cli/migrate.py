"""`specloom migrate`: show (`--dry-run`) or apply the schema changes a surface's spec asks of
its store; the changes that need a decision (`--rebuild`, `--drop`, `--fix-flag`, `--adopt`) are
refused and listed, exit 1, until they are given."""

from __future__ import annotations

import json
from typing import Optional

import typer
from rich.markup import escape

from specloom.backends.migrations import MigrationOptions, MigrationRefused

from .common import Backend, err, load, open_backend, out, run_closing


def migrate(
    surface: str = typer.Argument(...),
    backend: Backend = None,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the plan; change nothing."),
    rebuild: Optional[list[str]] = typer.Option(
        None, "--rebuild", help="RESOURCE.FIELD: rebuild an indexed column whose type changed from the "
        "stored documents (repeatable)."),
    drop: Optional[list[str]] = typer.Option(
        None, "--drop", help="RESOURCE: drop the table and records of a resource that left the spec (repeatable)."),
    fix_flag: Optional[list[str]] = typer.Option(
        None, "--fix-flag", help="RESOURCE.FIELD: keep a unique flag (isDefault) on the oldest flagged "
        "record of each group (repeatable)."),
    adopt: Optional[list[str]] = typer.Option(
        None, "--adopt", help="RESOURCE: take a table of the older layout that several surfaces shared, with all "
        "its records (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome as one JSON object."),
) -> None:
    """Show (--dry-run) or apply the schema changes the spec asks of the store."""
    from specloom.backends.postgres import redact
    from specloom.runtime.surface_runtime import tables_for

    generated = load(surface)
    store = open_backend(backend, surface)
    options = MigrationOptions(frozenset(rebuild or ()), frozenset(drop or ()), frozenset(fix_flag or ()),
                               frozenset(adopt or ()))
    tables = tables_for(generated.surface)

    async def run():
        if dry_run:
            return await store.plan_migration(tables, surface=surface, options=options)
        try:
            return await store.migrate(tables, surface=surface, options=options)
        except MigrationRefused as exc:
            return exc.plan

    result = run_closing(store, run)
    backend_url = redact(store.url) if store.url.startswith("postgres") else store.url
    where = f"{surface} on {backend_url}"
    if as_json:
        applied = isinstance(result, list)
        print(json.dumps({
            "surface": surface, "backend": backend_url, "dry_run": dry_run,
            "applied": result if applied else [],
            "planned": [] if applied else list(result.lines()),
            "refusals": [] if applied else [str(r) for r in result.refusals]}))
        if not applied and result.refusals:
            raise typer.Exit(1)
        return
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

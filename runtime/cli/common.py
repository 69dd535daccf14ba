"""What several `specloom` commands share: the two consoles and `fail` (exit status 0 success,
1 a finding or failure, 2 bad usage or unusable input); loading the surface a command names and
opening its store (`--backend`, env SPECLOOM_BACKEND), both exit 2 when they cannot (a store
that cannot be reached, or is read-only and not set up); the checks
of the commands that issue credentials (--tenant, --scopes, an approved tenant); and printing
spec problems and a credential just issued."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Optional, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from specloom.backends import StoreFull, StoreReadOnly, StoreUnavailable, open_store
from specloom.runtime.config import default_backend_url, state_dir
from specloom.runtime.surfaces import SurfaceUnusable, usable_surface

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

BACKEND_HELP = "Backend URL: sqlite:///path.db or postgresql://user@host:port/db (env SPECLOOM_BACKEND)."
Backend = Annotated[Optional[str], typer.Option("--backend", help=BACKEND_HELP)]
OAUTH_FAMILIES = ("oauthClientCredentials", "oauthAuthorizationCode")  # their clients: `specloom clients`
T = TypeVar("T")


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def print_problems(problems) -> None:
    for p in problems:
        colour = "red" if p.level == "error" else "yellow"
        err.print(f"[{colour}]{escape(str(p))}[/{colour}]")  # a message may hold [brackets]


def load(surface: str):
    """The generated surface; exit 2 (with the spec's problems) when it is unknown or invalid."""
    try:
        return usable_surface(surface)
    except SurfaceUnusable as exc:
        print_problems(exc.problems)
        raise fail(f"{exc}; nothing was generated" if exc.problems else str(exc)) from None


def open_backend(backend: Optional[str], surface: str):
    """The store of --backend, else SPECLOOM_BACKEND, else the surface's SQLite file; exit 2
    when it cannot be opened."""
    url = backend or default_backend_url(surface)
    if url.startswith("sqlite:///") and not backend and not os.environ.get("SPECLOOM_BACKEND"):
        state_dir().mkdir(parents=True, exist_ok=True)
    try:
        return open_store(url)
    except (StoreUnavailable, StoreReadOnly) as exc:
        raise fail(str(exc)) from None


def run_closing(store, work: Callable[[], Awaitable[T]]) -> T:
    """Run a command's work on the store in an event loop of its own, then close the store,
    whatever happened. A store that cannot take the work (unreachable, read-only, full) exits
    2 with its one line."""

    async def main() -> T:
        try:
            return await work()
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except (StoreUnavailable, StoreReadOnly, StoreFull) as exc:
        raise fail(escape(str(exc))) from None


async def ready_runtime(generated, store):
    """The surface's runtime on the store, migrated and with its secrets loaded, for commands
    that issue or revoke credentials through its families."""
    from specloom.runtime.config import Settings
    from specloom.runtime.surface_runtime import SurfaceRuntime

    runtime = SurfaceRuntime(generated, store, Settings.from_env())
    await runtime.ensure_ready()
    return runtime


def scopes_arg(generated, surface: str, scopes: str) -> tuple[str, ...]:
    """The scopes of a --scopes option, each one the surface knows (or admin:*)."""
    wanted = tuple(s for s in scopes.replace(",", " ").split() if s)
    known = set(generated.surface.all_scopes()) | {"admin:*"}
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise fail(f"unknown scope(s) {', '.join(unknown)}; {surface} knows: {' '.join(sorted(known))}")
    return wanted


def require_tenant(tenant: str) -> None:
    if not tenant.strip():
        raise fail("--tenant must not be empty")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in tenant):  # sandboxes are named with one (runtime/security/sandbox.py)
        raise fail("--tenant must not hold control characters")


async def may_issue(store, generated, tenant: str) -> bool:
    """Credentials may be issued to a tenant unless the surface gates tenants by approval
    and this one is not approved."""
    if not generated.surface.tenant_approval:
        return True
    record = await store.get_tenant(generated.surface.name, tenant)
    return record is not None and record["approved"]


def not_approved(surface: str, tenant: str) -> typer.Exit:
    return fail(f"tenant {tenant!r} of {surface} is not approved: run "
                f"`specloom tenants approve {surface} {tenant}` first", code=1)


def print_issued(record: dict, rows: Iterable[tuple[str, str]], *, label_width: int, secret: str,
                 as_json: bool) -> None:
    """A credential just issued, shown this once: with --json the record as one JSON line, else
    a line per row (labels padded to `label_width`; `rows` is read only then) and a reminder."""
    if as_json:
        sys.stdout.write(json.dumps(record) + "\n")
        return
    for label, value in rows:
        out.print(f"{label:<{label_width}} {value}")
    out.print(f"Store the {secret} now: only its hash is kept.")

"""`specloom data load SURFACE FILE --tenant T`: load records from a YAML or JSON file into a
tenant, validated against the resource schemas and written with the API's invariants and events,
all or nothing (runtime/services/data_loading.py). Exit 2 on bad input, naming the record and
the field; nothing is written then."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from .common import Backend, err, fail, load, open_backend, out, ready_runtime, run_closing

app = typer.Typer(no_args_is_help=True, help="Load records into a surface's store from a data file.")


@app.command("load")
def data_load(surface: str = typer.Argument(...),
              file: Path = typer.Argument(..., help="A YAML or JSON data file: {records: {resource: [record, ...]}}."),
              tenant: Optional[str] = typer.Option(None, "--tenant",
                                                   help="The tenant the records belong to (default: the file's `tenant`)."),
              as_json: bool = typer.Option(False, "--json", help="The outcome as one JSON object."),
              backend: Backend = None,
              test: bool = typer.Option(False, "--test", help="Into the tenant's sandbox, where test-mode keys "
                                        "(the scheme's testPrefix, sk_test_…) work; live keys never see it.")) -> None:
    """Load records (in file order, all or nothing) through the API's invariants and events."""
    from specloom.runtime.services.data_loading import DataLoader, LoadError, batches, file_tenant, read_file

    generated = load(surface)

    def refuse(exc: LoadError) -> typer.Exit:
        if as_json:
            sys.stdout.write(json.dumps(exc.as_dict()) + "\n")
        return fail(f"{escape(str(exc))}; nothing was loaded")

    try:
        data = read_file(file)
        work = batches(data, generated.surface)
    except LoadError as exc:
        raise refuse(exc) from None
    target = tenant if tenant is not None else file_tenant(data)
    if target is None or not target.strip():
        raise fail("name the tenant with --tenant (the file names none)")
    if test:  # test-mode keys work in the tenant's sandbox (runtime/security/sandbox.py)
        from specloom.runtime.security.sandbox import has_mark, storage_tenant

        if not any(s.test_prefix for s in generated.surface.security_schemes if s.family == "apiKey"):
            raise fail(f"{surface} declares no test-mode keys: --test needs an apiKey scheme with a testPrefix")
        if has_mark(target):
            raise fail("--tenant must not hold control characters")
        target = storage_tenant(target, True)
    store = open_backend(backend, surface)

    def progress(done: int, total: int) -> None:
        if not as_json:
            err.print(f"{surface}: {done}/{total} records checked and written (committed at the end)")

    async def work_():
        runtime = await ready_runtime(generated, store)
        return await DataLoader.for_runtime(runtime).load(target, work, progress=progress)

    try:
        result = run_closing(store, work_)
    except LoadError as exc:
        raise refuse(exc) from None
    from specloom.runtime.security.sandbox import public_tenant

    named = public_tenant(result.tenant)  # a sandbox is named by its tenant, as clients name it
    if as_json:
        sys.stdout.write(json.dumps({"surface": surface, "tenant": named, "loaded": result.loaded,
                                     "total": result.total, "events": result.events,
                                     **({"mode": "test"} if test else {})}) + "\n")
        return
    detail = ", ".join(f"{name} {count}" for name, count in result.loaded.items())
    out.print(f"{surface}: loaded {result.total} record(s) into tenant {escape(named)}"
              + (" (its sandbox: test-mode keys)" if test else "")
              + (f" ({detail})" if detail else "") + f"; {result.events} event(s) recorded")

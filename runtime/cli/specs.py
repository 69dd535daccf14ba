"""The spec commands: `specloom list` (the surfaces in specs/) and `generate` (write a surface's
handler and validator package); `lint` is lint.py. They read specs and write files; none opens a store."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from specloom.generator.pipeline import build
from specloom.generator.pipeline import generate as generate_package
from specloom.generator.problems import SpecInvalid
from specloom.runtime.config import state_dir
from specloom.runtime.surfaces import UnknownSurface, list_surfaces, spec_path

from .common import err, fail, out, print_problems


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


def list_command(as_json: bool = typer.Option(False, "--json", help="Print one JSON array.")) -> None:
    """Surfaces found in specs/."""
    names = list_surfaces()
    if not names:
        err.print("no surfaces found (looked in specs/)")
        raise typer.Exit(1)
    rows = []
    for name in names:
        try:
            surface, _ = build(name, spec_path(name))
            rows.append({"surface": name, "title": surface.title, "operations": len(surface.operations),
                         "valid": True})
        except SpecInvalid:
            rows.append({"surface": name, "title": None, "operations": None, "valid": False})
    if as_json:
        print(json.dumps(rows))
        return
    for row in rows:
        if row["valid"]:
            out.print(f"{row['surface']:<12} {row['title']}  ({row['operations']} operations)")
        else:
            out.print(f"{row['surface']:<12} [red](spec has errors: run specloom lint {row['surface']})[/red]")


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
            print_problems(exc.problems)
            raise fail(f"{name}: the spec has errors; nothing was written") from None
        out.print(f"{name}: {len(result.operations)} operations → {target} "
                  f"({(time.perf_counter() - t0) * 1000:.0f} ms)")
    out.print(f"done in {(time.perf_counter() - started) * 1000:.0f} ms")

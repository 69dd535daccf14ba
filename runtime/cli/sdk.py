"""`specloom sdk`: write a surface's client package (TypeScript or Python) through the SDK
pipeline (generator/sdk/: spec -> SDK model -> the language's templates). Reads specs, writes
files; opens no store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from specloom.generator.problems import SpecInvalid
from specloom.generator.sdk.render import LANGUAGES, generate_sdk
from specloom.runtime.surfaces import spec_path

from .common import fail, out, print_problems
from .specs import _surfaces_arg


def sdk(surface: Optional[str] = typer.Argument(None, help="The surface (see `specloom list`)."),
        all_: bool = typer.Option(False, "--all", help="Every surface, each into OUT/<surface>."),
        lang: str = typer.Option(..., "--lang", help="typescript or python."),
        out_dir: Path = typer.Option(..., "--out", help="The package folder (replaced as a whole).")) -> None:
    """Generate a client package (SDK) of a surface: typed methods per resource group, the
    surface's auth, signing, idempotency keys, retries and pagination."""
    if lang not in LANGUAGES:
        raise fail(f"unknown --lang {lang!r}: one of {', '.join(LANGUAGES)}")
    names = _surfaces_arg(surface, all_)
    for name in names:
        started = time.perf_counter()
        target = out_dir / name if all_ else out_dir
        try:
            result, written = generate_sdk(name, spec_path(name), lang, target)
        except SpecInvalid as exc:
            print_problems(exc.problems)
            raise fail(f"{name}: the spec has errors; nothing was written") from None
        out.print(f"{name}: {lang} client, {len(result.groups)} groups, {len(result.methods)} methods "
                  f"→ {written} ({(time.perf_counter() - started) * 1000:.0f} ms)")

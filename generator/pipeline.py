"""The generator pipeline: load → validate → intermediate model → render → write."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from . import __version__
from .build import build_surface
from .ir import Surface
from .loader import LoadedSpec, load
from .problems import Problem, SpecInvalid
from .render import render
from .validate import validate
from .write import write_package


def lint(spec_path: Path) -> tuple[LoadedSpec | None, list[Problem]]:
    """Load and validate; never raises for a bad spec."""
    try:
        spec = load(spec_path)
    except SpecInvalid as exc:
        return None, exc.problems
    return spec, validate(spec)


def build(name: str, spec_path: Path) -> tuple[Surface, LoadedSpec]:
    """Load, validate and build the IR; raises SpecInvalid carrying every problem."""
    spec, problems = lint(spec_path)
    if spec is None or any(p.level == "error" for p in problems):
        raise SpecInvalid(problems)
    return build_surface(name, spec), spec


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """Changes whenever the generator's code or templates change."""
    h = hashlib.sha256(__version__.encode())
    root = importlib_resources.files("specloom.generator")
    for sub in ("", "templates", "schemas"):
        folder = Path(str(root.joinpath(sub))) if sub else Path(str(root))
        for f in sorted(folder.glob("*")):
            if f.is_file() and f.suffix in {".py", ".j2", ".json"}:
                h.update(f.name.encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def stamp_for(spec_fingerprint: str) -> str:
    """What a generated package records about its inputs: the spec's files and the generator."""
    return f"{spec_fingerprint[:32]}-{generator_fingerprint()}"


def current_stamp(spec_path: Path) -> str | None:
    """The stamp a fresh generation of this spec would carry (None if it cannot be loaded)."""
    try:
        return stamp_for(load(spec_path).fingerprint())
    except SpecInvalid:
        return None


def generate(name: str, spec_path: Path, out_dir: Path) -> tuple[Surface, Path]:
    """Generate the surface's package into `out_dir/<package name>`."""
    surface, spec = build(name, spec_path)
    files = render(surface)
    files["openapi.json"] = json.dumps(spec.document, indent=1, ensure_ascii=False) + "\n"
    files["STAMP"] = stamp_for(surface.fingerprint) + "\n"
    target = write_package(files, Path(out_dir) / surface.package_name)
    return surface, target

"""Finding surfaces in `specs/` and loading their generated packages, regenerating them when
the spec or the generator changed since the last generation."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from specloom.generator.ir import Surface, package_name
from specloom.generator.pipeline import current_stamp, generate
from specloom.generator.problems import Problem, SpecInvalid

from .config import state_dir


class UnknownSurface(LookupError):
    pass


class SurfaceUnusable(Exception):
    """A surface a command cannot use: unknown (no `problems`), or its spec has errors (its
    `problems`, each with file:line). Each caller words it its own way."""

    def __init__(self, name: str, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.name = name
        self.problems = problems

    @property
    def errors(self) -> int:
        """How many problems are errors (all of them, if none is marked one)."""
        return sum(p.level == "error" for p in self.problems) or len(self.problems)


def specs_dir() -> Path:
    configured = os.environ.get("SPECLOOM_SPECS")
    if configured:
        return Path(configured)
    local = Path("specs")
    if local.is_dir():
        return local
    # an editable install: the repository's own specs/ next to runtime/
    return Path(__file__).resolve().parent.parent / "specs"


def list_surfaces(root: Path | None = None) -> list[str]:
    root = root or specs_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "openapi.yaml").is_file())


def spec_path(name: str, root: Path | None = None) -> Path:
    root = root or specs_dir()
    path = root / name / "openapi.yaml"
    if not path.is_file():
        known = ", ".join(list_surfaces(root)) or "none"
        raise UnknownSurface(f"unknown surface {name!r} (surfaces in {root}: {known})")
    return path


@attrs.frozen
class GeneratedSurface:
    surface: Surface
    handlers: ModuleType
    document: dict[str, Any]
    package_dir: Path
    hooks: dict[str, Any] = attrs.field(factory=dict)


def _import_package(package_dir: Path) -> tuple[ModuleType, ModuleType]:
    name = package_dir.name
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]
    spec = importlib.util.spec_from_file_location(name, package_dir / "__init__.py",
                                                  submodule_search_locations=[str(package_dir)])
    assert spec and spec.loader
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    surface_mod = importlib.import_module(f"{name}.surface")
    handlers = importlib.import_module(f"{name}.handlers")
    return surface_mod, handlers


def load_surface(name: str, *, spec: Path | None = None, out_dir: Path | None = None) -> GeneratedSurface:
    """The generated package of a surface, (re)generated first if stale."""
    spec = spec or spec_path(name)
    out_dir = out_dir or state_dir() / "generated"
    package_dir = out_dir / package_name(name)
    stamp_file = package_dir / "STAMP"
    stamp = current_stamp(spec)
    if stamp is None or not stamp_file.is_file() or stamp_file.read_text().strip() != stamp:
        generate(name, spec, out_dir)  # raises SpecInvalid with every problem
    surface_mod, handlers = _import_package(package_dir)
    document = json.loads((package_dir / "openapi.json").read_text(encoding="utf-8"))
    hooks = load_hooks(spec.parent / "hooks.py", surface_mod.SURFACE)
    return GeneratedSurface(surface_mod.SURFACE, handlers, document, package_dir, hooks)


def usable_surface(name: str) -> GeneratedSurface:
    """`load_surface` for a command naming a surface: SurfaceUnusable for an unknown surface or
    a spec with errors."""
    try:
        return load_surface(name)
    except UnknownSurface as exc:
        raise SurfaceUnusable(name, str(exc)) from None
    except SpecInvalid as exc:
        raise SurfaceUnusable(name, f"{name}: the spec has errors", tuple(exc.problems)) from None


def load_hooks(path: Path, surface: Surface) -> dict[str, Any]:
    """The hook functions a surface's operations name, from its hooks.py."""
    wanted = {op.hook for op in surface.operations if op.hook}
    if not wanted:
        return {}
    if not path.is_file():
        raise SpecInvalid([Problem("error", f"operations name hooks ({', '.join(sorted(wanted))}) but "
                                   f"{path} does not exist", str(path), None, "")])
    spec = importlib.util.spec_from_file_location(f"specloom_hooks_{surface.name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    missing = sorted(name for name in wanted if not callable(getattr(module, name, None)))
    if missing:
        raise SpecInvalid([Problem("error", f"hooks.py defines no function {', '.join(missing)}",
                                   str(path), None, "")])
    return {name: getattr(module, name) for name in wanted}

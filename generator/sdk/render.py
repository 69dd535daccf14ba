"""Render and write a client package: the templates of one language over an `Sdk`.

A language is a folder generator/templates/sdk/<lang>/ holding `files.txt` (one line per
generated file: `<output path> <template name>`) and the templates. Templates hold no logic
beyond spelling: the filters below turn IR values into the language's literals and names.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources as importlib_resources
from pathlib import Path

import jinja2

from .. import __version__
from ..loader import LoadedSpec
from ..pipeline import build
from ..write import write_package
from .build import build_sdk
from .model import Sdk, snake_case

LANGUAGES = ("typescript", "python")
TRIPLE = '"' * 3


def _templates_root() -> Path:
    return Path(str(importlib_resources.files("specloom.generator").joinpath("templates", "sdk")))


@functools.lru_cache(maxsize=None)
def _environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_templates_root() / language)),
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update({
        "json": lambda v: json.dumps(v, ensure_ascii=False),
        "snake": snake_case,
        "pyrepr": repr,
        "jskey": _jskey,
        "comment": _comment,
    })
    env.globals["generator_version"] = __version__
    return env


def _jskey(name: str) -> str:
    """A property key as written in JavaScript/TypeScript: bare when an identifier, else quoted."""
    return name if re.match(r"^[A-Za-z_$][A-Za-z0-9_$]*$", name) else json.dumps(name)


def _comment(text: str) -> str:
    """Text safe inside a block comment or a docstring: one line, no terminator."""
    return " ".join(str(text).split()).replace("*/", "* /").replace(TRIPLE, "'''")


def file_list(language: str) -> list[tuple[str, str]]:
    """(output path, template) of every file a language generates."""
    text = (_templates_root() / language / "files.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out, template = line.split()
            rows.append((out, template))
    return rows


def render_sdk(sdk: Sdk, language: str) -> dict[str, str]:
    """Every generated file's text, by path relative to the package root."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (one of: {', '.join(LANGUAGES)})")
    env = _environment(language)
    context = {"sdk": sdk}
    return {out.replace("{package}", sdk.python_package): env.get_template(template).render(context)
            for out, template in file_list(language)}


def sdk_of(name: str, spec_path: Path) -> tuple[Sdk, LoadedSpec]:
    surface, spec = build(name, spec_path)
    return build_sdk(surface, spec), spec


def generate_sdk(name: str, spec_path: Path, language: str, out_dir: Path) -> tuple[Sdk, Path]:
    """Write the client package of a surface into `out_dir` (replaced as a whole)."""
    sdk, _ = sdk_of(name, spec_path)
    files = render_sdk(sdk, language)
    return sdk, write_package(files, Path(out_dir))

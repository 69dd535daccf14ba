"""Render step: Jinja2 templates over the IR, one template per generated module kind."""

from __future__ import annotations

import functools
from importlib import resources as importlib_resources

import jinja2

from . import __version__
from .ir import Surface
from .pyliteral import pyliteral

MODULES = ("__init__.py", "resources.py", "operations.py", "surface.py", "handlers.py")


@functools.lru_cache(maxsize=1)  # one per process: each template is compiled once, not per surface
def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(importlib_resources.files("specloom.generator").joinpath("templates")))
    env = jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    env.filters.update(FILTERS)
    return env


def _pystr(value: str) -> str:
    return pyliteral(str(value))


FILTERS = {"py": pyliteral, "pystr": _pystr}


def render(surface: Surface) -> dict[str, str]:
    """Every generated module's source, by file name."""
    env = _environment()
    context = {"surface": surface, "generator_version": __version__}
    return {name: env.get_template(name + ".j2").render(context) for name in MODULES}

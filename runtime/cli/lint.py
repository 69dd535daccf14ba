"""`specloom lint`: check specs (a surface, a spec file or folder, or --all) and print every
problem in one of four formats, problems and summary on standard output:

    text    file:line:column: level: message (at #/json/pointer), then one summary line a spec
    json    {"problems": [...], "summary": {...}}
    sarif   SARIF 2.1.0 (GitHub code scanning, GitLab, Azure DevOps read it)
    github  GitHub Actions workflow commands (::error file=…,line=…,col=…::…): annotations on the PR

Exit status, as Spectral and Redocly CLI: 0 no errors (warnings are allowed), 1 warnings only
and `--fail-on warning`, 2 errors (or bad usage: an unknown surface, a missing file).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import attrs
import typer

from specloom.generator import __version__
from specloom.generator.pipeline import lint as lint_spec
from specloom.generator.problems import Problem
from specloom.runtime.surfaces import UnknownSurface, list_surfaces, spec_path

from .common import fail

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = {  # rule id -> what it checks (SARIF rules; GitHub annotation titles)
    "yaml-syntax": "The file parses as YAML or JSON.",
    "duplicate-key": "No mapping repeats a key (YAML keeps only the last one).",
    "unresolved-ref": "Every $ref points at something.",
    "openapi": "The document is valid OpenAPI 3.1 (its schemas against the 3.1 dialect).",
    "unknown-schema-keyword": "Every schema keyword is one JSON Schema or OpenAPI knows.",
    "x-specloom": "The x-specloom extension and its cross-references are valid.",
    "lint-failed": "Lint could check the spec.",
}


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


def rule_of(problem: Problem) -> str:
    m = problem.message
    if m.startswith("not valid YAML") or m == "the file is empty":
        return "yaml-syntax"
    if m.startswith("duplicate key"):
        return "duplicate-key"
    if "$ref" in m and ("not found" in m or "does not exist" in m or "circular" in m):
        return "unresolved-ref"
    if m.startswith("OpenAPI 3.1:") or m.startswith("openapi must be"):
        return "openapi"
    if m.startswith("unknown schema keyword"):
        return "unknown-schema-keyword"
    if m.startswith("lint failed"):
        return "lint-failed"
    return "x-specloom"


@attrs.frozen
class Checked:
    name: str  # the surface, or the path as given
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(p.level == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _targets(targets: list[str], all_: bool) -> list[tuple[str, Path]]:
    """(name, spec file) of each target: a surface name, a spec file, or a folder with openapi.yaml."""
    if all_ and targets:
        raise fail("give surfaces or paths, or --all, not both")
    if all_:
        names = list_surfaces()
        if not names:
            raise fail("no surfaces found in specs/")
        return [(name, spec_path(name)) for name in names]
    if not targets:
        raise fail("give a surface name, a spec file or --all (see `specloom list`)")
    found = []
    for target in targets:
        path = Path(target)
        if path.is_dir() and (path / "openapi.yaml").is_file():
            found.append((target, path / "openapi.yaml"))
        elif path.is_file():
            found.append((target, path))
        elif os.sep in target or target.endswith((".yaml", ".yml", ".json")):
            raise fail(f"no spec file at {target}")
        else:
            try:
                found.append((target, spec_path(target)))
            except UnknownSurface as exc:
                raise fail(str(exc)) from None
    return found


def _relative(file: str) -> str:
    """A problem's file as CI and editors want it: relative to the working folder when inside it."""
    try:
        return Path(file).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file


def _check(name: str, path: Path) -> Checked:
    try:
        _, problems = lint_spec(path)
    except Exception as exc:  # noqa: BLE001 - lint reports, it never dies with a traceback
        problems = [Problem("error", f"lint failed: {type(exc).__name__}: {exc}", str(path), None, "")]
    return Checked(name, tuple(attrs.evolve(p, file=_relative(p.file)) for p in problems))


def _text(checked: list[Checked]) -> str:
    lines = []
    for c in checked:
        lines += [str(p) for p in c.problems]
        lines.append(f"{c.name}: {c.errors} error(s), {c.warnings} warning(s)")
    return "\n".join(lines) + "\n"


def _json(checked: list[Checked]) -> str:
    problems = [{"spec": c.name, "file": p.file, "line": p.line, "column": p.column, "pointer": p.pointer or "/",
                 "level": p.level, "rule": rule_of(p), "message": p.message}
                for c in checked for p in c.problems]
    summary = {"errors": sum(c.errors for c in checked), "warnings": sum(c.warnings for c in checked),
               "specs": {c.name: {"errors": c.errors, "warnings": c.warnings} for c in checked}}
    return json.dumps({"problems": problems, "summary": summary}, indent=2, ensure_ascii=False) + "\n"


def sarif(checked: list[Checked]) -> dict:
    """A SARIF 2.1.0 log: one run, a rule per kind of check, a result per problem."""
    ids = list(RULES)
    results = []
    for c in checked:
        for p in c.problems:
            region = {"startLine": p.line} if p.line else None
            if region and p.column:
                region["startColumn"] = p.column
            physical: dict = {"artifactLocation": {"uri": Path(p.file).as_posix()}}
            if not Path(p.file).is_absolute():
                physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
            else:
                physical["artifactLocation"]["uri"] = Path(p.file).as_uri()
            if region:
                physical["region"] = region
            rule = rule_of(p)
            results.append({
                "ruleId": rule, "ruleIndex": ids.index(rule), "level": p.level,
                "message": {"text": p.message},
                "locations": [{"physicalLocation": physical,
                               "logicalLocations": [{"fullyQualifiedName": "#" + (p.pointer or "/"),
                                                     "kind": "member"}]}],
            })
    driver = {"name": "specloom", "version": __version__, "semanticVersion": __version__,
              "rules": [{"id": rid, "shortDescription": {"text": text}} for rid, text in RULES.items()]}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                      "results": results}]}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(checked: list[Checked]) -> str:
    lines = []
    for c in checked:
        for p in c.problems:
            props = [f"file={_escape_property(p.file)}"]
            if p.line:
                props.append(f"line={p.line}")
                if p.column:
                    props.append(f"col={p.column}")
            props.append(f"title={_escape_property('specloom ' + rule_of(p))}")
            lines.append(f"::{p.level} {','.join(props)}::{_escape_data(p.message + ' (at #' + (p.pointer or '/') + ')')}")
        lines.append(f"{c.name}: {c.errors} error(s), {c.warnings} warning(s)")
    return "\n".join(lines) + "\n"


def lint(
    targets: Optional[list[str]] = typer.Argument(None, metavar="[SURFACE|PATH]...",
                                                  help="Surface names, spec files or folders with openapi.yaml."),
    all_: bool = typer.Option(False, "--all", help="Every surface in specs/."),
    format_: Format = typer.Option(Format.text, "--format", "-f", help="text, json, sarif or github (annotations)."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on",
                                   help="warning: exit 1 when there are warnings (and no errors)."),
) -> None:
    """Check specs: OpenAPI 3.1 and x-specloom problems, each at file:line:column with its JSON pointer.
    Exit 0 no errors, 1 warnings with --fail-on warning, 2 errors."""
    checked = [_check(name, path) for name, path in _targets(list(targets or ()), all_)]
    render = {Format.text: _text, Format.json: _json, Format.github: _github,
              Format.sarif: lambda c: json.dumps(sarif(c), indent=2, ensure_ascii=False) + "\n"}[format_]
    sys.stdout.write(render(checked))
    sys.stdout.flush()
    if any(c.errors for c in checked):
        raise typer.Exit(2)
    if fail_on is FailOn.warning and any(c.warnings for c in checked):
        raise typer.Exit(1)
    raise typer.Exit(0)

"""Load step: read a YAML or JSON spec, inline `$ref`s to other files, keep line numbers.

The result is a `LoadedSpec`: the document as plain Python data, and a map from JSON pointer
to (file, line) so that every later problem can point at the spec line it is about.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs
import yaml

from .problems import Problem, SpecInvalid, join_pointer


@attrs.frozen
class LoadedSpec:
    path: Path
    document: dict[str, Any]
    lines: dict[str, tuple[str, int]]  # pointer -> (file, 1-based line)
    files: tuple[Path, ...]  # every file read, for fingerprints

    def where(self, pointer: str) -> tuple[str, int | None]:
        """The file and line of a pointer, or of its nearest ancestor that has one."""
        probe = pointer
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return (str(self.path), None)
            probe = probe.rsplit("/", 1)[0]

    def problem(self, level, message: str, pointer: str) -> Problem:
        file, line = self.where(pointer)
        return Problem(level, message, file, line, pointer)

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for f in sorted(self.files):
            h.update(str(f.name).encode())
            h.update(f.read_bytes())
        return h.hexdigest()


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates and times as strings, as JSON would."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SCALARS = _Loader("")


def _construct(node: yaml.Node, pointer: str, file: str, lines: dict) -> Any:
    lines.setdefault(pointer, (file, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _SCALARS.construct_object(key_node)
            key = str(key)
            out[key] = _construct(value_node, join_pointer(pointer, key), file, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, join_pointer(pointer, i), file, lines) for i, v in enumerate(node.value)]
    return _SCALARS.construct_object(node)


@lru_cache(maxsize=16)  # about 3 MB a surface-sized spec: bounded, and enough for every spec of a test run
def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of a file's text. Composing is most of a load's time and the tree is
    only read, never changed, so a text seen before (the same spec loaded again by `serve`,
    `--reload` or a test) is composed once per process."""
    return yaml.compose(text, Loader=_Loader)


def _read(path: Path, lines: dict, base_pointer: str) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SpecInvalid([Problem("error", f"not valid YAML/JSON: {getattr(exc, 'problem', exc)}",
                                   str(path), line, base_pointer)]) from None
    if node is None:
        raise SpecInvalid([Problem("error", "the file is empty", str(path), 1, base_pointer)])
    return _construct(node, base_pointer, str(path), lines)


def _resolve_pointer(doc: Any, fragment: str) -> Any:
    if not fragment or fragment == "/":
        return doc
    for token in fragment.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def load(path: str | Path) -> LoadedSpec:
    """Load a spec file, inlining references to other files (`other.yaml#/Pointer`)."""
    root = Path(path).resolve()
    if not root.is_file():
        raise SpecInvalid([Problem("error", "spec file not found", str(path), None, "")])
    lines: dict[str, tuple[str, int]] = {}
    files: list[Path] = [root]
    document = _read(root, lines, "")
    problems: list[Problem] = []

    def inline(node: Any, pointer: str, base: Path, stack: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                target, _, fragment = ref.partition("#")
                target_path = (base.parent / target).resolve()
                key = f"{target_path}#{fragment}"
                if key in stack:
                    file, line = lines.get(pointer, (str(base), None))
                    problems.append(Problem("error", f"circular $ref to {ref}", file, line, pointer))
                    return node
                if not target_path.is_file():
                    file, line = lines.get(pointer, (str(base), None))
                    problems.append(Problem("error", f"$ref target file not found: {target}", file, line, pointer))
                    return node
                if target_path not in files:
                    files.append(target_path)
                sub_lines: dict[str, tuple[str, int]] = {}
                loaded = _read(target_path, sub_lines, "")
                try:
                    value = _resolve_pointer(loaded, fragment)
                except (KeyError, IndexError, ValueError):
                    file, line = lines.get(pointer, (str(base), None))
                    problems.append(Problem("error", f"$ref pointer #{fragment} not found in {target}", file, line, pointer))
                    return node
                prefix = fragment.rstrip("/")
                for p, where in sub_lines.items():
                    if p == prefix or p.startswith(prefix + "/") or not prefix:
                        lines[pointer + p[len(prefix):]] = where
                return inline(value, pointer, target_path, stack + (key,))
            return {k: inline(v, join_pointer(pointer, k), base, stack) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v, join_pointer(pointer, i), base, stack) for i, v in enumerate(node)]
        return node

    document = inline(document, "", root, ())
    if problems:
        raise SpecInvalid(problems)
    if not isinstance(document, dict):
        raise SpecInvalid([Problem("error", "the document must be a mapping", str(root), 1, "")])
    return LoadedSpec(path=root, document=document, lines=lines, files=tuple(files))

"""Imports run one way: no import cycle among generator/, backends/ and runtime/, and neither
generator/ nor backends/ imports runtime/ (the generator and the stores know nothing of
serving). Every import counts — at module level, inside functions and under TYPE_CHECKING —
because each is a dependency a reader has to follow, and a cycle hidden in a function body or a
type annotation is still a cycle in the design. Only the standard library's `ast` is used."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"specloom.generator": ROOT / "generator", "specloom.backends": ROOT / "backends",
            "specloom.runtime": ROOT / "runtime"}
# lower packages that must never reach up into the runtime
NEVER_IMPORT_RUNTIME = ("specloom.generator", "specloom.backends")
R = "specloom.runtime"
# inside the runtime, the layers of docs/architecture.md: (importer, what it must not import)
LAYERS = [
    (f"{R}.security", tuple(f"{R}.{p}" for p in ("http", "policies", "auth", "services", "actions", "webhooks",
                                                  "fuzz", "cli", "surface_runtime", "handler_api"))),
    (f"{R}.services", tuple(f"{R}.{p}" for p in ("http", "policies", "auth", "actions", "webhooks", "fuzz", "cli"))),
    (f"{R}.policies", tuple(f"{R}.{p}" for p in ("auth", "actions", "webhooks", "fuzz", "cli", "surface_runtime"))),
    (f"{R}.auth", tuple(f"{R}.{p}" for p in ("actions", "webhooks", "fuzz", "cli", "surface_runtime"))),
    (f"{R}.surface_runtime", tuple(f"{R}.{p}" for p in ("actions", "webhooks", "fuzz", "cli", "services.jobs",
                                                         "http.app"))),
    (R, (f"{R}.cli",)),  # nothing but the command line itself imports the command line
]


def modules(packages: dict[str, Path]) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    found = {}
    for package, folder in packages.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join([package, *parts])] = (path, is_package)
    return found


def import_graph(packages: dict[str, Path]) -> dict[str, dict[str, int]]:
    """module -> {imported module of these packages: line of the first such import}.
    `from X import n` is an import of the module X.n when n is a module, else of X."""
    known = modules(packages)
    graph: dict[str, dict[str, int]] = {}
    for name, (path, is_package) in known.items():
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                for alias in node.names:
                    submodule = f"{origin}.{alias.name}"
                    targets.append(submodule if submodule in known else origin)
            for target in targets:
                # `import a.b.c` names a.b.c; count the deepest module of ours it names
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.setdefault(target, node.lineno)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a
    closed path through its modules, so a failure names the imports to follow."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, {}):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [_path_through(graph, component) for component in components]


def _path_through(graph: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """A cycle inside the component, from its first module back to it (breadth-first)."""
    members, start = set(component), component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for target in sorted(graph[module]):
                if target == start:
                    path = [module]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if target in members and target not in previous:
                    previous[target] = module
                    following.append(target)
        frontier = following
    return component  # pragma: no cover - a component always holds a cycle


def describe(path: list[str], graph: dict[str, dict[str, int]], files: dict[str, tuple[Path, bool]]) -> str:
    hops = [f"{a} -> {b} ({files[a][0].relative_to(ROOT)}:{graph[a][b]})" for a, b in zip(path, path[1:])]
    return "import cycle:\n    " + "\n    ".join(hops)


def upward_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    return sorted(f"{module} imports {target} (line {line})"
                  for module, edges in graph.items() if module.startswith(NEVER_IMPORT_RUNTIME)
                  for target, line in edges.items() if target.startswith("specloom.runtime"))


def layer_breaches(graph: dict[str, dict[str, int]]) -> list[str]:
    def within(module: str, package: str) -> bool:
        return module == package or module.startswith(package + ".")

    return sorted(f"{module} imports {target} (line {line})"
                  for importer, forbidden in LAYERS
                  for module, edges in graph.items() if within(module, importer)
                  for target, line in edges.items()
                  if any(within(target, f) for f in forbidden) and not within(module, R + ".cli"))


def test_the_project_has_no_import_cycle():
    graph = import_graph(PACKAGES)
    assert len(graph) > 50, "the walk found the project's modules"
    files = modules(PACKAGES)
    found = [describe(path, graph, files) for path in cycles(graph)]
    assert not found, "\n".join(found)


def test_generator_and_backends_never_import_the_runtime():
    assert upward_imports(import_graph(PACKAGES)) == []


def test_each_runtime_layer_imports_only_what_lies_below_it():
    assert layer_breaches(import_graph(PACKAGES)) == []


# -- the checks themselves catch what they are for ----------------------------------------------
def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return {"specloom.runtime": tmp_path / "runtime", "specloom.backends": tmp_path / "backends"}


@pytest.mark.parametrize("how", ["top level", "inside a function", "under TYPE_CHECKING"])
def test_a_cycle_is_found_however_it_is_imported(tmp_path, how):
    back = {"top level": "from .app import SurfaceRuntime\n",
            "inside a function": "def f():\n    from ..app import create_app\n",
            "under TYPE_CHECKING": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                   "    from specloom.runtime.app import SurfaceRuntime\n"}[how]
    if how == "top level":
        back = back.replace(".app", "..app")
    packages = _tree(tmp_path, {
        "runtime/__init__.py": "",
        "runtime/app.py": "from .services.jobs import JobRunner\n",
        "runtime/services/__init__.py": "",
        "runtime/services/jobs.py": back,
        "backends/__init__.py": "",
    })
    graph = import_graph(packages)
    found = cycles(graph)
    assert found == [["specloom.runtime.app", "specloom.runtime.services.jobs", "specloom.runtime.app"]]


def test_a_child_naming_its_package_is_no_cycle_unless_the_package_imports_it(tmp_path):
    packages = _tree(tmp_path, {
        "runtime/__init__.py": "",
        "runtime/auth/__init__.py": "def register(cls):\n    return cls\n",
        "runtime/auth/api_keys.py": "from . import register\n",
        "backends/__init__.py": "",
    })
    assert cycles(import_graph(packages)) == []
    (tmp_path / "runtime/auth/__init__.py").write_text("from .api_keys import ApiKeys\n")
    assert cycles(import_graph(packages)) == [["specloom.runtime.auth", "specloom.runtime.auth.api_keys",
                                               "specloom.runtime.auth"]]


def test_a_security_primitive_reaching_up_into_the_http_edge_is_found(tmp_path):
    packages = _tree(tmp_path, {
        "runtime/__init__.py": "",
        "runtime/http/__init__.py": "",
        "runtime/http/request.py": "",
        "runtime/security/__init__.py": "",
        "runtime/security/signatures.py": "from specloom.runtime.http.request import IncomingRequest\n",
        "backends/__init__.py": "",
    })
    assert layer_breaches(import_graph(packages)) == [
        "specloom.runtime.security.signatures imports specloom.runtime.http.request (line 1)"]


def test_a_backend_reaching_into_the_runtime_is_found(tmp_path):
    packages = _tree(tmp_path, {
        "runtime/__init__.py": "",
        "runtime/config.py": "",
        "backends/__init__.py": "",
        "backends/sqlite.py": "def f():\n    from specloom.runtime.config import Settings\n",
    })
    assert upward_imports(import_graph(packages)) == [
        "specloom.backends.sqlite imports specloom.runtime.config (line 2)"]

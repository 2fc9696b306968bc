"""The imports between Kembar's modules, read from the source (ast): no cycle inside an app, and core and
accounts import nothing from the apps above them.

Every import counts, at module level or inside a function: an import moved into a function to dodge a
cycle is still a cycle. Tests and migrations are not read. A service that queues a task names it
(kembar.core.queue.enqueue) rather than importing the app's tasks module; every such name must be a task.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

KEMBAR = Path(__file__).resolve().parents[2]
#: What core and accounts may import from: themselves and the layers below (none above).
LOWER_LAYERS = {"core": {"core", "regions", "accounts"}, "accounts": {"core", "regions", "accounts"}}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. kembar.reports.services
    target: str  # the imported module
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line} → {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KEMBAR.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = KEMBAR) -> dict[str, Path]:
    """Every module of the project by dotted name, without tests and migrations."""
    return {
        _module_name(path): path
        for path in sorted(root.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
    }


def imports_of(name: str, source: str, known: set[str], *, is_package: bool = False) -> list[Import]:
    """The project modules `name` imports, wherever in its code (module level, functions, classes)."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from package import module` imports the module; `from module import name` the module.
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append(Import(name, target, node.lineno))
    return found


def app_of(module: str) -> str:
    """kembar.reports.services → reports (a top-level module such as kembar.testing is its own)."""
    return module.split(".")[1] if module.count(".") else module


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


@pytest.fixture(scope="module")
def project_imports() -> list[Import]:
    found = modules()
    known = set(found)
    return [
        imp
        for name, path in found.items()
        for imp in imports_of(name, path.read_text("utf-8"), known, is_package=path.name == "__init__.py")
    ]


def test_no_cycle_inside_an_app(project_imports):
    graph: dict[str, set[str]] = {}
    for imp in project_imports:
        if app_of(imp.source) == app_of(imp.target):
            graph.setdefault(imp.source, set()).add(imp.target)
    problems = []
    for component in cycles(graph):
        edges = [str(imp) for imp in project_imports if imp.source in component and imp.target in component]
        problems.append(" ↔ ".join(component) + ": " + "; ".join(edges))
    assert problems == []


def test_core_and_accounts_import_nothing_from_the_apps_above_them(project_imports):
    upward = [
        str(imp)
        for imp in project_imports
        if app_of(imp.source) in LOWER_LAYERS and app_of(imp.target) not in LOWER_LAYERS[app_of(imp.source)]
    ]
    assert upward == []


def test_every_queued_task_name_is_a_task():
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    names = []
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "enqueue"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.append(node.args[0].value)
    assert names  # the services of imports and reports queue theirs by name
    assert [n for n in names if not isinstance(import_string(n), Task)] == []


# --- The checks check: what they would catch -------------------------------------------------


def test_a_function_level_import_counts():
    known = {"kembar.shop", "kembar.shop.services", "kembar.shop.tasks", "kembar.shop.models"}
    source = "from .models import Order\n\ndef queue(order):\n    from .tasks import send\n    send.enqueue(order.pk)\n"
    found = imports_of("kembar.shop.services", source, known)
    assert [(i.target, i.line) for i in found] == [("kembar.shop.models", 1), ("kembar.shop.tasks", 4)]


def test_relative_and_package_imports_resolve_to_modules():
    known = {"kembar.shop", "kembar.shop.services", "kembar.shop.views", "kembar.core", "kembar.core.views"}
    source = "from . import services\nfrom kembar.core.views import region_view\nimport kembar.core\n"
    targets = [i.target for i in imports_of("kembar.shop.views", source, known)]
    assert targets == ["kembar.shop.services", "kembar.core.views", "kembar.core"]


def test_a_cycle_is_found_and_a_chain_is_not():
    graph = {"a.s": {"a.t"}, "a.t": {"a.m", "a.s"}, "a.m": set(), "a.v": {"a.s"}}
    assert cycles(graph) == [["a.s", "a.t"]]
    assert cycles({"a.v": {"a.s"}, "a.s": {"a.t"}, "a.t": {"a.m"}}) == []

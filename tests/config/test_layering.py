"""The import graph stays a ladder (DESIGN.md, "Direction of imports"): no module imports
another that imports it back, even lazily inside a function; ``core`` imports no other
Lantian app; a domain app reads another only through that app's public interface; no
domain app reads the portal or the reports, which read the domains.

Imports are read from the source with ``ast`` — module-level and function-level alike —
so a cycle hidden in a deferred import is still a cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import lantian

SRC = Path(lantian.__file__).resolve().parent.parent
# What one app may import of another (besides core, which every app may use).
PUBLIC = {"selectors", "services"}
EXTRA_PUBLIC = {"disclosure": {"lists"}}  # the catalogue's list pages, for the sections
TOP = {"portal", "reports"}  # read the domains; nothing below reads them
EXEMPT = {"config", "demo", "manage"}  # wiring and the demo loader sit above everything


def modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "lantian").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            # `from pkg import module` imports the module; `from module import name` not
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        yield from (t for t in targets if t in known and t != name)


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: set(imports(name, path, known)) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_core_imports_no_other_app() -> None:
    wrong = [
        (source, target)
        for source, targets in graph().items()
        if app_of(source) == "core"
        for target in targets
        if app_of(target) != "core"
    ]
    assert wrong == []


def test_apps_read_each_other_only_through_their_public_interface() -> None:
    wrong = []
    for source, targets in graph().items():
        here = app_of(source)
        if here in EXEMPT or here == "core":
            continue
        for target in targets:
            there = app_of(target)
            if there in (here, "core") or target.count(".") == 1:
                continue  # its own app, core, or an app's package on the way to a module
            if there in TOP and here not in TOP:
                wrong.append((source, target, "a domain reads the portal or the reports"))
                continue
            module = target.split(".")[2] if target.count(".") >= 2 else ""
            if module not in PUBLIC | EXTRA_PUBLIC.get(there, set()):
                wrong.append((source, target, "not that app's public interface"))
    assert wrong == []

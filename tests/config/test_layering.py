"""The import graph stays a ladder (DESIGN.md, "Direction of imports"): no module imports
another that imports it back, even lazily inside a function; ``core`` imports no other
Lantian app; a domain app reads another only through that app's public interface; no
domain app reads the portal or the reports, which read the domains.

The same holds one level up: the apps (the packages directly under ``lantian``) import
each other in one direction only, so no two apps lean on each other through different
modules either.

Imports are read from the source with ``ast`` — module-level and function-level alike —
so a cycle hidden in a deferred import is still a cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import lantian

SRC = Path(lantian.__file__).resolve().parent.parent
# What one app may import of another (besides core, which every app may use).
PUBLIC = {"selectors", "services"}
EXTRA_PUBLIC = {
    # the catalogue's list pages, for the sections; its codes, for the reports that file
    # themselves under a category (the annual report, the bulletin)
    "disclosure": {"lists", "catalogue"},
    # the pure statistics engines (HJ 663 validity and percentiles, the monthly engine) and
    # the monthly report's presentation, which the yearly bulletin reuses rather than copies
    "air": {"aggregate", "monthly", "presentation", "documents"},
}
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


def app_graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
    """Which app imports which (every import, lazy ones included), and the module
    imports behind each edge."""
    edges: dict[str, set[str]] = {}
    behind: dict[tuple[str, str], list[str]] = {}
    for source, targets in graph().items():
        here = app_of(source)
        if not here:
            continue  # the ``lantian`` package itself
        edges.setdefault(here, set())
        for target in targets:
            there = app_of(target)
            if there and there != here:
                edges[here].add(there)
                behind.setdefault((here, there), []).append(f"{source} -> {target}")
    return edges, behind


def cycle_path(edges: dict[str, set[str]], component: list[str]) -> list[str]:
    """The shortest closed path from the component's first member: [a, b, …, a]."""
    members = set(component)
    start = component[0]
    parent: dict[str, str] = {}
    queue = [start]
    for node in queue:  # breadth first, inside the component
        if start in edges[node]:  # no app imports itself: node is not start
            path = [node]
            while path[-1] != start:
                path.append(parent[path[-1]])
            return [*reversed(path), start]
        for target in sorted(edges[node] & members):
            if target not in parent and target != start:
                parent[target] = node
                queue.append(target)
    raise AssertionError(f"not a cycle: {component}")


def test_no_app_imports_one_that_imports_it_back() -> None:
    edges, behind = app_graph()
    found = [cycle_path(edges, component) for component in cycles(edges)]
    lines = []
    for path in found:
        lines.append(" -> ".join(path))
        for here, there in pairwise(path):
            shown = sorted(behind[(here, there)])
            lines.extend(f"    {line}" for line in shown[:3])
            if len(shown) > 3:
                lines.append(f"    … and {len(shown) - 3} more")
    assert found == [], "apps that import each other:\n" + "\n".join(lines)


def test_the_app_cycle_finder_names_the_path() -> None:
    edges = {"foi": {"core", "portal"}, "portal": {"core", "foi"}, "core": set()}
    assert [cycle_path(edges, c) for c in cycles(edges)] == [["foi", "portal", "foi"]]


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

"""The import graph of `rag` and `api`, read with `ast`: dependencies run one way, with no loops.

    front ends (rag.cli, api.*) → rag (the public surface) → rag.assistant
        → rag.answer → rag.search → rag.models → rag.text → base (settings, schema, errors,
          tuning, prompts)
    rag.ingest sits beside rag.answer (it indexes; answers never need it); rag.evaluation drives
    the assistant as a front end does.

Every import counts, wherever it is written (inside a function, under TYPE_CHECKING): a lazy
import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASE = {"rag.settings", "rag.schema", "rag.errors", "rag.tuning", "rag.prompts"}
CORE = ("base", "text", "models", "search", "ingest", "answer", "assistant")
ALLOWED: dict[str, set[str]] = {
    "base": {"base"},
    "text": {"base", "text"},
    "models": {"base", "text", "models"},
    "search": {"base", "text", "models", "search"},
    "ingest": {"base", "text", "models", "search", "ingest"},
    "answer": {"base", "text", "models", "search", "answer"},
    "assistant": {"base", "text", "models", "search", "ingest", "answer"},
    "surface": set(CORE),
    "evaluation": {*CORE, "evaluation"},
    "cli": {"surface", "base", "evaluation", "api", "cli"},
    "api": {"surface", "api"},
}


def modules() -> dict[str, Path]:
    found = {}
    for package in ("rag", "api"):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def layer(module: str) -> str:
    if module in BASE:
        return "base"
    if module == "rag":
        return "surface"
    if module.startswith("api"):
        return "api"
    parts = module.split(".")
    if parts[1] in ("text", "models", "search", "ingest", "answer", "evaluation"):
        return parts[1]
    return {"assistant": "assistant", "cli": "cli"}.get(parts[1], "unknown")


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `module` imports: `from a import b` means `a.b` when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                out.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in out if m in known}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    return {m: imports(m, p, set(found)) - {m} for m, p in found.items()}


def test_every_module_has_a_layer(graph: dict[str, set[str]]) -> None:
    assert [m for m in graph if layer(m) == "unknown"] == []


def test_dependencies_run_one_way(graph: dict[str, set[str]]) -> None:
    wrong = sorted(f"{m} ({layer(m)}) imports {d} ({layer(d)})"
                   for m, deps in graph.items() for d in deps if layer(d) not in ALLOWED[layer(m)])
    assert wrong == []


def test_there_are_no_import_loops(graph: dict[str, set[str]]) -> None:
    loops = strongly_connected(graph)
    assert [sorted(c) for c in loops if len(c) > 1] == []


def test_the_graph_is_really_read(graph: dict[str, set[str]]) -> None:
    """Guards the test itself: a parser that found no edges would pass the two above."""
    assert "rag.answer.pipeline" in graph["rag.assistant"]
    assert "rag" in graph["api.app"]
    assert layer("rag.answer.pipeline") == "answer" and layer("api.slack.app") == "api"


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_tarjan_finds_a_loop() -> None:
    assert {frozenset(c) for c in strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
            if len(c) > 1} == {frozenset({"a", "b", "c"})}

"""The layers of graph/ import in one direction only, as docs/architecture.md draws them.

Reads every module's imports with ``ast`` (those inside functions too), maps each
to its layer, and fails on an import the layer rules forbid or on a cycle between
modules. Also keeps the house tidy: the layers exist, few loose modules, none long.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"

# Layer -> the layers it may import (besides itself). Read top to bottom: the
# command line sits on everything; nothing below imports what is above it.
# fmt: off
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "model": {"errors"},
    "read": {"model", "errors"},
    "extract": {"model", "errors"},
    "store": {"model", "errors"},
    "pipeline": {"read", "extract", "store", "model", "errors"},
    "actions": {"ask", "store", "model", "errors"},
    "ask": {"store", "model", "errors"},
    "analyse": {"ask", "store", "model", "errors"},
    "show": {"analyse", "ask", "store", "model", "errors"},
    "serve": {"show", "ask", "store", "model", "errors"},
    "api": {"pipeline", "actions", "ask", "analyse", "show", "serve", "store", "model", "read",
            "extract", "errors"},
    "commands": {"api", "pipeline", "actions", "ask", "analyse", "show", "serve", "store",
                 "model", "read", "extract", "errors", "commands"},
    "cli": {"commands", "model", "errors"},
}
# fmt: on
LOOSE_LIMIT = 6
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["carekg", *parts])


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["carekg", "cli"]:
        return "cli"
    if parts[:2] == ["carekg", "commands"]:
        return "commands"
    if parts[:2] != ["carekg", "graph"]:
        return None
    if len(parts) == 2:
        return "api"
    return parts[2] if parts[2] in ALLOWED else None


def sources() -> list[Path]:
    files = sorted(GRAPH.rglob("*.py")) + sorted((ROOT / "commands").rglob("*.py"))
    return [*files, ROOT / "cli.py"]


def imports_of(path: Path) -> set[str]:
    """The carekg modules ``path`` imports, resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("carekg")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if base.startswith("carekg"):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
    known = {module_name(p) for p in sources()}
    return {m for m in found if m in known}


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in sources():
        name = module_name(path)
        graph.add_node(name)
        for target in imports_of(path):
            if target != name:
                graph.add_edge(name, target)
    return graph


def violations(graph: nx.DiGraph) -> list[str]:
    """Every import arrow the layer table does not allow."""
    wrong = []
    for source, target in graph.edges:
        a, b = layer_of(source), layer_of(target)
        if a is None:
            wrong.append(f"{source} is in no layer")
        elif b is not None and a != b and b not in ALLOWED[a]:
            wrong.append(f"{source} ({a}) imports {target} ({b})")
    return wrong


def test_every_import_follows_the_layer_rules():
    wrong = violations(import_graph())
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles():
    graph = import_graph()
    # A package's __init__ naming its own modules is not a cycle of meaning.
    graph.remove_edges_from(
        [(a, b) for a, b in graph.edges if b.startswith(a + ".") or a.startswith(b + ".")]
    )
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, cycles[:5]


def test_the_house_has_rooms():
    packages = [p for p in GRAPH.iterdir() if (p / "__init__.py").exists()]
    assert len(packages) >= 5
    loose = [p for p in GRAPH.glob("*.py") if p.name != "__init__.py"]
    assert len(loose) <= LOOSE_LIMIT, loose
    for package in packages:
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert doc and "May import" in doc, f"{package.name} must say what it may import"


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_short(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_check_catches_a_wrong_arrow_and_a_cycle():
    graph = nx.DiGraph(
        [
            ("carekg.graph.extract.findings", "carekg.graph.store.embedded"),
            ("carekg.graph.ask.risks", "carekg.graph.show.formats"),
            ("carekg.graph.show.view", "carekg.graph.ask.risks"),
        ]
    )
    assert len(violations(graph)) == 2
    graph.add_edge("carekg.graph.ask.risks", "carekg.graph.ask.fragments")
    graph.add_edge("carekg.graph.ask.fragments", "carekg.graph.ask.risks")
    assert list(nx.simple_cycles(graph))


def test_the_public_api_resolves_and_the_readme_example_runs(tmp_path):
    import carekg.graph as api

    for name in api.__all__:
        assert getattr(api, name) is not None, name
    store = api.open_store(tmp_path / "kg", write=True)
    api.build(store)
    risks = api.findings(store, kind="risk", qs=8)
    assert risks and all(r["kind"] == "risk" for r in risks)
    store.close()


def test_writers_cover_the_format_names_the_commands_offer():
    """The commands' choices come from graph/model; each writer must handle all of them."""
    from carekg.graph.model.formats import PROJECTION_FORMATS
    from carekg.graph.show.graph_export import GRAPH_FORMATS

    assert tuple(GRAPH_FORMATS) == PROJECTION_FORMATS

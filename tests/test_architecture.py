"""The layers stay layers: no import cycles between policydoc's modules.

Imports inside functions count (a lazy import is still a dependency); imports
under ``if TYPE_CHECKING:`` do not (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import policydoc

PACKAGE = Path(policydoc.__file__).resolve().parent

# Convenience methods still reach back with thin calls: Amendment.from_dict() into compare
# (which builds amendments), Amendment.assess() into the significance engine (which reads
# amendments for types only), and RuleSet.configure()/from_file() into Settings (the one
# reader of [tool.policydoc], which builds rule sets and history defaults). Only those
# modules may share a cycle; the model, parsing, rendering and redlines must stay out of
# every cycle.
MUST_NOT_CYCLE = {
    "policydoc.model",
    "policydoc.parse",
    "policydoc.render",
    "policydoc.redline",
    "policydoc.blockdiff",
    "policydoc.kinds",
    "policydoc.review",
    "policydoc.structure",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, modules: set[str]) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                found.add(node.module)
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in modules:
                    found.add(sub)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {
        name: _imports(ast.parse(path.read_text(encoding="utf-8")), modules) - {name}
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_model_parser_and_renderers_are_in_no_import_cycle() -> None:
    # (significance.config -> settings -> history -> significance is another cycle, not this
    # test's subject: the guarantee here is that the data and rendering layers are in none.)
    for component in cycles(import_graph()):
        assert not component & MUST_NOT_CYCLE, component


def test_model_does_not_import_rendering() -> None:
    # Loading the data layer loads no rendering; rendering reads the model for types only.
    tree = ast.parse((PACKAGE / "model.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {n.module for n in top if isinstance(n, ast.ImportFrom)}
    assert not names & {"policydoc.render", "policydoc.redline", "policydoc.review"}
    graph = import_graph()
    for layer in ("policydoc.render", "policydoc.redline", "policydoc.blockdiff"):
        assert "policydoc.amendment" not in graph[layer] or layer == "policydoc.blockdiff"
    assert "policydoc.model" not in graph["policydoc.render"]
    # The convenience methods are still there, as thin calls.
    p = policydoc.parse("## A\n\nText.\n")
    assert p.to_markdown() == "## A\n\nText.\n"
    assert p.outline()[0]["id"] == "a"
    a = policydoc.compare("## A\n\nText.\n", "## A\n\nMore text.\n")
    assert "[-Text-]{+More text+}." in a.redline("text")
    assert a.assess().level >= policydoc.Level.NONE

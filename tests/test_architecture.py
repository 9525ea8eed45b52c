"""The layers stay layers: policydoc's modules import each other in one direction only.

Two graphs are read from the source. *Eager* edges are imports that run when a module
is loaded (module level, class bodies); *lazy* edges are imports inside functions,
which run on the first call but are dependencies all the same. Imports under
``if TYPE_CHECKING:`` never run and do not count. Importing ``a.b.c`` runs the
``__init__`` of ``a.b`` first, so it is an edge to that package as well (unless the
importer lives in it); ``from a.b import c`` for a submodule ``c`` is an edge to ``c``.

The eager graph has no cycle at all. Every cycle of the full graph runs through one of
the lazy imports in :data:`DELIBERATE_LAZY`, each there for a reason given below, and a
new import that closes any other cycle fails :func:`test_no_cycle_but_through_the_deliberate_lazy_imports`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import policydoc

PACKAGE = Path(policydoc.__file__).resolve().parent

# Convenience methods users rely on that must call the code built on top of their class.
# Each is a thin call with a function-level import, so loading the lower module never
# loads the upper one; removing any of them from this table makes the test fail.
DELIBERATE_LAZY = {
    # Amendment.from_dict() re-parses the two texts and compares them again: comparing
    # builds amendments, so the data class calls up into compare only when asked.
    ("policydoc.amendment", "policydoc.compare"): "Amendment.from_dict()",
    # RuleSet.configure()/from_file()/discover() read [tool.policydoc] through Settings,
    # the one reader of that table (keys, types and defaults written once); Settings
    # builds rule sets, so the rule set calls up into it only when asked.
    ("policydoc.significance.config", "policydoc.settings"): "RuleSet.configure()",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _packages(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:k]) for k in range(1, len(parts))}


def _imports(importer: str, tree: ast.AST, modules: set[str]) -> tuple[set[str], set[str]]:
    """The modules *importer* imports when loaded (eager) and only inside functions (lazy)."""
    eager: set[str] = set()
    lazy: set[str] = set()

    def add(target: str, deferred: bool) -> None:
        for t in {target} | (_packages(target) - _packages(importer)):
            if t in modules and t != importer:
                (lazy if deferred else eager).add(t)

    def visit(node: ast.AST, deferred: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child, deferred)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            deferred = True
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{alias.name}" for alias in node.names]
            for sub in subs:
                if sub in modules:
                    add(sub, deferred)
            if node.module in modules and not all(s in modules for s in subs):
                add(node.module, deferred)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    add(alias.name, deferred)
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)

    visit(tree, False)
    return eager, lazy - eager


def _graphs(files: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    modules = set(files)
    eager: dict[str, set[str]] = {}
    lazy: dict[str, set[str]] = {}
    for name, text in files.items():
        eager[name], lazy[name] = _imports(name, ast.parse(text), modules)
    return eager, lazy


def import_graphs() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(eager, lazy) edges between policydoc's modules."""
    return _graphs({_module_name(p): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")})


def import_graph() -> dict[str, set[str]]:
    """Every edge, eager or lazy."""
    eager, lazy = import_graphs()
    return {name: eager[name] | lazy[name] for name in eager}


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


def _without(graph: dict[str, set[str]], edges: set[tuple[str, str]]) -> dict[str, set[str]]:
    return {a: {b for b in bs if (a, b) not in edges} for a, bs in graph.items()}


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_graph_reads_lazy_package_and_type_only_imports() -> None:
    eager, lazy = _graphs(
        {
            "p": "from p.a import A\n",
            "p.a": "from p import b\nfrom p.q.c import C\n",
            "p.b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.a import A\n",
            "p.q": "from p.q.c import C\n",
            "p.q.c": "def f():\n    from p.a import A\n",
        }
    )
    # p.a imports submodule b (not the package's names) and p.q.c, which runs p.q first.
    assert eager["p.a"] == {"p.b", "p.q", "p.q.c"}
    assert eager["p.b"] == set() and eager["p.q"] == {"p.q.c"}
    assert eager["p.q.c"] == set() and lazy["p.q.c"] == {"p.a"}


def test_module_level_imports_form_no_cycle() -> None:
    eager, _ = import_graphs()
    assert cycles(eager) == []


def test_no_cycle_but_through_the_deliberate_lazy_imports() -> None:
    # A failure names the modules of the new cycle: make the lower module stop importing
    # the upper one (move the work down, or pass what it needs in), rather than adding
    # to DELIBERATE_LAZY.
    assert cycles(_without(import_graph(), set(DELIBERATE_LAZY))) == []


def test_deliberate_lazy_imports_stay_lazy_and_needed() -> None:
    eager, lazy = import_graphs()
    graph = import_graph()
    for (lower, upper), method in DELIBERATE_LAZY.items():
        assert upper not in eager[lower], f"{lower} must import {upper} inside {method} only"
        assert upper in lazy[lower], f"{lower} no longer imports {upper}: drop it from the table"
        others = _without(graph, set(DELIBERATE_LAZY) - {(lower, upper)})
        assert cycles(others), f"{lower} -> {upper} closes no cycle: drop it from the table"


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

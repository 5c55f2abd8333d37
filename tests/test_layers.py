"""The import rule of the package: imports run one way, from the top layer to the bottom, with no cycles.

Every ``import`` in kg/ counts, at module level, inside functions and under ``TYPE_CHECKING`` alike,
relative or absolute. Layers, from the top (see docs/architecture.md)::

    kg.__main__
    kg.cli
    kg (the package: lazy entry points kg.open, kg.build, ...), kg.frames (deprecated alias)
    kg.api
    kg.web                          (the explorer and the SPARQL service of kg serve)
    kg.views
    kg.analytics | kg.link          (independent of each other)
    kg.query
    kg.store
    kg.rdf
    kg.records
    kg.ontology
    kg.errors, kg.text, kg.files, kg.compat  (importable by all)

A module may import its own package and any lower layer; never a higher layer, nor a sibling of
its layer. Between modules (inside a package too), the import graph has no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "kg"

#: Top to bottom; packages on one line are one layer and may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("kg.__main__",),
    ("kg.cli",),
    ("kg", "kg.frames"),
    ("kg.api",),
    ("kg.web",),
    ("kg.views",),
    ("kg.analytics", "kg.link"),
    ("kg.query",),
    ("kg.store",),
    ("kg.rdf",),
    ("kg.records",),
    ("kg.ontology",),
    ("kg.errors", "kg.text", "kg.files", "kg.compat"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py")) if "__pycache__" not in p.parts}


def unit_of(module: str) -> tuple[int, str]:
    """The layer index and the package (layer unit) that ``module`` belongs to."""
    best: tuple[int, str] | None = None
    for index, units in enumerate(LAYERS):
        for unit in units:
            if unit == "kg":
                if module == "kg":
                    return index, unit
                continue
            if (module == unit or module.startswith(unit + ".")) and (best is None or len(unit) > len(best[1])):
                best = (index, unit)
    if best is None:
        raise AssertionError(f"{module}: in no layer; add it to LAYERS in tests/test_layers.py")
    return best


def imports_in(source: str, package: str, filename: str = "<probe>") -> list[tuple[str, int]]:
    """The kg modules imported by ``source`` (a module of ``package``), with line numbers."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno))
    out = []
    for name, line in found:
        if name == "kg" or name.startswith("kg."):
            while name not in MODULES:  # kg.x.y where y is a name defined in kg.x
                name = name.rpartition(".")[0]
            out.append((name, line))
    return out


def imports_of(module: str) -> list[tuple[str, int]]:
    """The kg modules that ``module`` imports, with line numbers (submodules resolved)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package, str(path))


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_has_a_layer():
    for module in MODULES:
        unit_of(module)


def test_no_upward_or_sideways_imports():
    bad = []
    for module, imported in GRAPH.items():
        layer, unit = unit_of(module)
        for target, line in sorted(set(imported)):
            t_layer, t_unit = unit_of(target)
            if t_unit == unit:
                continue
            if t_layer < layer or (t_layer == layer and t_unit != unit):
                bad.append(f"{MODULES[module].relative_to(ROOT.parent)}:{line}: {module} ({unit}) imports "
                           f"{target} ({t_unit}), which is {'above it' if t_layer < layer else 'beside it'}")
    assert not bad, "imports must run downward only:\n" + "\n".join(bad)


def test_no_import_cycles():
    edges = {m: sorted({t for t, _ in imported if t != m}) for m, imported in GRAPH.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in edges[m]:
            if state.get(t) == 1:
                cycles.append(" → ".join(stack[stack.index(t):] + [t]))
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("source, expected", [
    ("from kg.cli.common import main\n", ["kg.cli.common"]),
    ("def f():\n    from ..store import local\n", ["kg.store.local"]),
    ("if TYPE_CHECKING:\n    import kg.api as a\n", ["kg.api"]),
    ("from kg.rdf.vocab import KG\n", ["kg.rdf.vocab"]),
    ("from . import sparql\n", ["kg.query.sparql"]),
])
def test_the_checker_sees_lazy_and_relative_imports(source, expected):
    """Lazy, relative and aliased imports are all found (else the rule would prove nothing)."""
    assert [t for t, _ in imports_in(source, "kg.query")] == expected


#: What the command line may import: it goes through kg.api for everything the API offers.
#: kg.analytics computes over the NetworkX graph that KnowledgeGraph.to_networkx hands out.
CLI_MAY_IMPORT = ("kg.cli", "kg.api", "kg.errors", "kg.analytics")


def test_the_cli_goes_through_the_api():
    bad = []
    for module, imported in GRAPH.items():
        if module == "kg.cli" or module.startswith("kg.cli."):
            for target, line in sorted(set(imported)):
                if target == "kg":
                    target = "kg.api"  # `from kg import api`
                if not any(target == ok or target.startswith(ok + ".") for ok in CLI_MAY_IMPORT):
                    bad.append(f"{MODULES[module].relative_to(ROOT.parent)}:{line}: {module} imports {target}")
    assert not bad, "the CLI must go through kg.api:\n" + "\n".join(bad)

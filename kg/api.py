"""The Python API that notebooks and the CLI share.

Examples
--------
>>> import tempfile, kg
>>> out = tempfile.mkdtemp()
>>> summary = kg.build("data", out)
>>> g = kg.open(out)
>>> g.query("ASK { ?s a kg:Statement }").boolean
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .builder import BuildSummary
from .builder import build as _build
from .sparql import Answer, run_query
from .store import LocalStore

__all__ = ["KnowledgeGraph", "open", "build"]


def build(data: str | Path = "data", out: str | Path = "build", **kwargs: Any) -> BuildSummary:
    """Validate ``data`` and build the graph into ``out``; see :func:`kg.builder.build`."""
    return _build(data, out, **kwargs)


class KnowledgeGraph:
    """A built graph, opened for reading.

    Parameters
    ----------
    store : LocalStore
        The opened store.
    """

    def __init__(self, store: LocalStore):
        self.store = store

    def query(self, sparql: str, **bindings: Any) -> Answer:
        """Run SPARQL with ``bindings`` (variable name → pyoxigraph term or text) bound, not pasted.

        Examples
        --------
        >>> import kg
        >>> g = kg.open("build")  # doctest: +SKIP
        >>> g.query("SELECT ?l WHERE { ?e rdfs:label ?l }", e="ent:marco-rubio").rows  # doctest: +SKIP
        """
        from .sparql import parse_binding

        terms = {k: parse_binding(v) if isinstance(v, str) else v for k, v in bindings.items()}
        return run_query(self.store, sparql, terms)

    def stats(self) -> dict:
        """Counts of entities, statements, sources and triples; see :func:`kg.stats.graph_stats`."""
        from .stats import graph_stats

        return graph_stats(self.store)

    def validate(self):
        """SHACL validation report; see :func:`kg.validate.validate_store`."""
        from .validate import validate_store

        return validate_store(self.store)


def open(path: str | Path = "build") -> KnowledgeGraph:  # noqa: A001 - mirrors io.open
    """Open a built graph: a build directory (``build``) or its store (``build/store``).

    Raises
    ------
    StoreError
        If no store is there.
    """
    path = Path(path)
    if (path / "store").exists():
        path = path / "store"
    return KnowledgeGraph(LocalStore(path))

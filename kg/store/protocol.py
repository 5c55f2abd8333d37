"""What every store offers the layers above it: :class:`Store`.

:class:`kg.store.local.LocalStore` (embedded Oxigraph on disk) and
:class:`kg.store.remote.RemoteStore` (a SPARQL 1.1 endpoint) both implement it, so queries,
canned questions, frames, analytics and views run over either; tests/test_store.py holds both
to it.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["Store"]


@runtime_checkable
class Store(Protocol):
    """A readable RDF store answering SPARQL 1.1 queries over named graphs."""

    @property
    def location(self) -> str:
        """Where the store is: a directory, or an endpoint URL."""
        ...

    def query(self, sparql: str, *, bindings: dict | None = None, prefixes: dict[str, str] | None = None,
              union: bool = True) -> Any:
        """Run ``sparql`` with ``bindings`` (variable name → pyoxigraph term) bound as terms.

        ``union`` makes the default graph the union of all graphs. The answer is a pyoxigraph
        ``QueryBoolean``, ``QuerySolutions`` or ``QueryTriples`` (or an equivalent), which
        :func:`kg.query.sparql.run_query` turns into an :class:`~kg.query.sparql.Answer`.

        Raises
        ------
        kg.errors.QueryError
            If the query is malformed or fails.
        kg.errors.StoreError
            If the store cannot be read.
        """
        ...

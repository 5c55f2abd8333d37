"""The store: an embedded Oxigraph database on disk (through pyoxigraph).

This module is the only one that touches pyoxigraph's storage; callers use
:func:`open_store` and :class:`LocalStore`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import pyoxigraph as ox

from kg.errors import StoreError
from kg.rdf.terms import to_ox_term, to_oxigraph
from kg.store.binding import bind_values, check_query, short_syntax_error, values_clause, variables  # noqa: F401

_short_syntax_error = short_syntax_error  # the name before kg.store.binding

if TYPE_CHECKING:  # pragma: no cover
    from kg.store.remote import RemoteStore

__all__ = ["DEFAULT_STORE", "LocalStore", "open_store", "to_oxigraph", "to_ox_term", "bind_values", "values_clause"]

#: Where commands look for the store unless told otherwise.
DEFAULT_STORE = "build/store"


class LocalStore:
    """An Oxigraph store on disk, opened read-only unless ``writable``.

    Parameters
    ----------
    path : str or Path
        The store directory (``build/store`` after ``kg build``).
    writable : bool
        Open for writing (only the build does); readers never block each other.
    """

    def __init__(self, path: str | Path, *, writable: bool = False):
        self.path = Path(path)
        try:
            if writable:
                self._store = ox.Store(str(self.path))
            else:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"no store at {self.path}: run 'kg build' first, or pass --store")
                self._store = ox.Store.read_only(str(self.path.resolve()))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    @property
    def location(self) -> str:
        """The store's directory (:class:`kg.store.protocol.Store`)."""
        return str(self.path)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def load(self, quads: Iterable[ox.Quad] | bytes, *, trusted: bool = False) -> None:
        """Add quads (or N-Quads text as bytes) in bulk (fast, not transactional: used on a fresh store only).

        ``trusted`` N-Quads text skips Oxigraph's IRI and language tag checks (~10% faster):
        only for text whose terms Oxigraph itself or the build's term factory wrote.
        """
        try:
            if isinstance(quads, bytes):
                self._store.bulk_load(quads, format=ox.RdfFormat.N_QUADS, lenient=trusted)
            else:
                self._store.bulk_extend(quads)
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from None

    def compact(self) -> None:
        """Compact the store's files (RocksDB compaction into non-overlapping files).

        Bulk loads in chunks leave several overlapping files per index and every lookup reads
        each of them: compacted, the canned questions ran 1.5-2x faster at 100k statements,
        for ~1 s of compaction (single-threaded).
        """
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from None

    def query(self, sparql: str, *, bindings: dict | None = None, prefixes: dict[str, str] | None = None,
              union: bool = True, allow_service: bool = False):
        """Run a SPARQL query; see :func:`kg.query.sparql.run_query`.

        The default graph is the union of all graphs, or with ``union=False`` the default
        graph itself (documents and provenance: faster, for queries that name statement graphs
        with ``GRAPH``). ``SERVICE`` is refused unless ``allow_service``. ``bindings`` are
        bound by a ``VALUES`` block placed by the parser (:func:`kg.store.queryparse.bind_values`):
        pyoxigraph's ``substitutions`` take only variables of the SELECT projection, and the
        questions bind variables they do not return.
        """
        from kg.errors import QueryError

        check_query(sparql, allow_service=allow_service)
        if bindings:
            sparql = bind_values(sparql, variables(bindings))
        try:
            try:
                return self._store.query(sparql, use_default_graph_as_union=union, prefixes=prefixes)
            except RuntimeError as exc:
                raise QueryError(f"the query failed: {exc}") from None
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {short_syntax_error(str(exc))}") from None
        except OSError as exc:
            raise StoreError(f"cannot read the store at {self.path}: {exc}") from None


def open_store(path: str | Path = DEFAULT_STORE, **remote: Any) -> "LocalStore | RemoteStore":  # both are Stores
    """Open a built store for reading: a store directory, or a SPARQL endpoint URL.

    A URL (``http://…`` or ``https://…``) opens a :class:`kg.store.remote.RemoteStore`, which
    answers :meth:`query` the same way; ``remote`` keywords go to it (``update_endpoint``,
    ``graph_store``, ``timeout``).

    Raises
    ------
    StoreError
        If there is no store at ``path``.

    Examples
    --------
    >>> len(open_store("build/store")) > 1000
    True
    >>> remote = open_store("http://127.0.0.1:7878/query")
    >>> type(remote).__name__
    'RemoteStore'
    """
    if isinstance(path, str) and "://" in path:
        from kg.store.remote import RemoteStore

        return RemoteStore(path, **remote)
    return LocalStore(path)

"""US–China AI-chip policy knowledge graph.

Sourced statements curated in ``data/`` become RDF named graphs with PROV-O provenance in an
embedded Oxigraph store. The same library serves the ``kg`` command line and notebooks::

    import kg
    kg.build("data", "build")           # validate and build
    g = kg.open("build")                # open the built store
    g.query("ASK { ?s a kg:Statement }").boolean

Heavy libraries are imported only when a function needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["__version__", "build", "open", "load", "KnowledgeGraph", "KGError", "DataError"]
__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kg.api import KnowledgeGraph, build, load, open
    from kg.errors import DataError, KGError


def __getattr__(name: str) -> Any:
    if name in ("build", "open", "load", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    if name in ("KGError", "DataError"):
        from kg import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

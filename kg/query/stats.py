"""Counts that describe a built graph, for ``kg stats``."""

from __future__ import annotations

from kg.query.sparql import run_query

__all__ = ["graph_stats"]

_ENTITY_TYPES = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?class . ?class kg:key ?type .
  FILTER NOT EXISTS { ?e a ?sub . ?sub kg:key ?other . ?sub rdfs:subClassOf+ ?class . FILTER(?sub != ?class) }
} GROUP BY ?type ORDER BY ?type
"""
_COUNTS = """
SELECT
  (COUNT(DISTINCT ?g) AS ?statements)
  WHERE { ?g a kg:Statement }
"""
_SOURCES = "SELECT (COUNT(DISTINCT ?d) AS ?sources) WHERE { ?d a schema:CreativeWork }"
_LABELS = """
SELECT ?lang (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?class . ?class kg:key ?type . ?e rdfs:label ?label . BIND(LCASE(LANG(?label)) AS ?lang)
} GROUP BY ?lang ORDER BY ?lang
"""


def _int(term) -> int:
    return int(term.value) if term is not None else 0


def graph_stats(store) -> dict:
    """Counts of a built graph.

    Returns
    -------
    dict
        ``entities`` (type → count), ``statements``, ``sources``, ``triples`` (all quads in the
        store), ``named_graphs`` and ``labels`` (language tag → entities labelled in it).

    Examples
    --------
    >>> from kg.store.local import open_store
    >>> graph_stats(open_store("build/store"))["statements"] > 0
    True
    """
    if not hasattr(store, "oxigraph"):
        from kg.errors import StoreError

        raise StoreError(f"graph statistics count the quads of a local store; {store.location} is remote "
                         "(query it with kg query, or run kg stats on the build)")
    entities = {row[0].value: _int(row[1]) for row in run_query(store, _ENTITY_TYPES).rows}
    labels = {row[0].value: _int(row[1]) for row in run_query(store, _LABELS).rows}
    return {
        "entities": entities,
        "entities_total": sum(entities.values()),
        "statements": _int(run_query(store, _COUNTS).rows[0][0]),
        "sources": _int(run_query(store, _SOURCES).rows[0][0]),
        "triples": len(store),
        "named_graphs": sum(1 for _ in store.oxigraph.named_graphs()),
        "labels": labels,
    }

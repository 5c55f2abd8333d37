"""SHACL validation of a built graph (pyshacl), for ``kg validate``."""

from __future__ import annotations

from dataclasses import dataclass

from kg.ontology import SHAPES_PATH
from kg.ontology import namespaces as _ns
from kg.rdf.vocab import KG, RDF

__all__ = ["ValidationReport", "validate_store"]


@dataclass
class ValidationReport:
    """The outcome of a SHACL run: ``conforms`` and one readable line per violation."""

    conforms: bool
    violations: list[str]

    def __str__(self) -> str:
        if self.conforms:
            return "the graph conforms to the shapes"
        n = len(self.violations)
        return f"{n} violation{'s' if n != 1 else ''}:\n" + "\n".join(f"  {v}" for v in self.violations)


def _data_graph(store):
    """All triples of the store in one rdflib graph, plus ``G a kg:NamedGraph`` per named graph."""
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    g = Graph()
    text = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(None, None, None, None)),
        format=ox.RdfFormat.N_TRIPLES,
    )
    g.parse(data=text.decode("utf-8"), format="nt")
    for name in store.oxigraph.named_graphs():
        g.add((URIRef(name.value), RDF.type, KG.NamedGraph))
    return g


def validate_store(store) -> ValidationReport:
    """Validate a store against the shipped shapes.

    Examples
    --------
    >>> from kg.store.local import open_store
    >>> validate_store(open_store("build/store")).conforms
    True
    """
    if not hasattr(store, "oxigraph"):
        from kg.errors import StoreError

        raise StoreError(f"SHACL validation reads every quad of a local store; {store.location} is remote "
                         "(run kg validate on the build)")
    import pyshacl
    from rdflib import Graph

    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, results, _ = pyshacl.validate(_data_graph(store), shacl_graph=shapes, inference="none",
                                            allow_warnings=True, advanced=True)
    violations = []
    SH = _ns.SH
    from rdflib import URIRef

    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        message = results.value(result, URIRef(SH + "resultMessage"))
        violations.append(f"{focus}: {path}: {message}")
    return ValidationReport(bool(conforms), sorted(violations))

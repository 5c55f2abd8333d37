"""RDF: the closed vocabulary, records → quads, the TriG writer."""

from kg.compat import moved_names

_MOVED = {
    "Quad": "kg.rdf.mapping",
    "quads": "kg.rdf.mapping",
    "nquads_terms": "kg.rdf.mapping",
    "NQuadsMapper": "kg.rdf.mapping",
    "to_dataset": "kg.rdf.mapping",
    "date_literal": "kg.rdf.mapping",
    "ontology_triples": "kg.rdf.mapping",
}


__getattr__ = moved_names(__name__, _MOVED)

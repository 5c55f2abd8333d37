"""RDF: the closed vocabulary, records → quads, the TriG writer."""


_MOVED = {
    "Quad": "kg.rdf.mapping",
    "quads": "kg.rdf.mapping",
    "nquads_terms": "kg.rdf.mapping",
    "NQuadsMapper": "kg.rdf.mapping",
    "to_dataset": "kg.rdf.mapping",
    "date_literal": "kg.rdf.mapping",
    "ontology_triples": "kg.rdf.mapping",
}


def __getattr__(name: str):
    """Deprecated names of the module this package replaced: still importable, with a warning."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    import warnings

    warnings.warn(f"{__name__}.{name} is deprecated: import it from {module}", DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), name)

"""Stores: local (Oxigraph on disk) and remote (SPARQL 1.1), the build, push and serve."""

from kg.compat import moved_names

_MOVED = {
    "DEFAULT_STORE": "kg.store.local",
    "LocalStore": "kg.store.local",
    "open_store": "kg.store.local",
    "to_oxigraph": "kg.store.local",
    "to_ox_term": "kg.store.local",
    "bind_values": "kg.store.local",
    "values_clause": "kg.store.local",
}


__getattr__ = moved_names(__name__, _MOVED)

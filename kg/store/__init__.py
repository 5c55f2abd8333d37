"""Stores: local (Oxigraph on disk) and remote (SPARQL 1.1), the build, push and serve."""


_MOVED = {
    "DEFAULT_STORE": "kg.store.local",
    "LocalStore": "kg.store.local",
    "open_store": "kg.store.local",
    "to_oxigraph": "kg.store.local",
    "to_ox_term": "kg.store.local",
    "bind_values": "kg.store.local",
    "values_clause": "kg.store.local",
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

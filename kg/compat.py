"""Names a package kept for code written before the layered core: importable, with a warning."""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["moved_names"]


def moved_names(package: str, moved: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name of ``moved`` from its new module, with a
    ``DeprecationWarning`` naming it.

    Examples
    --------
    >>> import warnings
    >>> getattr_ = moved_names("old", {"join": "os.path"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getattr_("join").__name__, str(caught[0].message)
    ('join', 'old.join is deprecated: import it from os.path')
    """

    def __getattr__(name: str) -> Any:
        """Deprecated names of the module this package replaced: still importable, with a warning."""
        module = moved.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import importlib
        import warnings

        warnings.warn(f"{package}.{name} is deprecated: import it from {module}", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(module), name)

    return __getattr__

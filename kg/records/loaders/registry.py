"""The loaders of statement files, keyed by format: which files each reads, and how.

A new format or feed is one module with a reader and one :func:`register_loader` call (imported
from kg/records/loaders/__init__.py); :func:`kg.records.loaders.read_data` then finds its files
and reads them like the built-in ``yaml`` and ``csv`` formats, with the same checks after.

Examples
--------
>>> sorted(f.format for f in loaders())
['csv', 'yaml']
>>> loader_for(Path("data/statements/seed.csv")).format
'csv'
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    from kg.errors import Problem
    from kg.records.model import Located, Statement

__all__ = ["Loader", "register_loader", "loaders", "loader_for", "loader_files"]

#: ``read(path, problems)``: the statements of one file, as validated records; problems are appended.
Reader = Callable[[Path, "list[Problem]"], "Iterator[Located[Statement]]"]


@dataclass(frozen=True)
class Loader:
    """How one format's files are found (``folder`` under the data root, name ``patterns``) and read."""

    format: str
    patterns: tuple[str, ...]
    read: Reader
    folder: str = "statements"

    def reads(self, path: Path) -> bool:
        """Whether ``path`` (a file under its data root) is one of this loader's files."""
        return path.parent.name == Path(self.folder).name and any(
            fnmatch.fnmatchcase(path.name, p) for p in self.patterns)


_LOADERS: dict[str, Loader] = {}


def register_loader(format: str, *, patterns: tuple[str, ...] | list[str], read: Reader,  # noqa: A002
                    folder: str = "statements") -> Loader:
    """Register the reader of ``format``: files matching ``patterns`` in ``<data>/<folder>/``.

    Raises
    ------
    KGError
        If ``format`` is registered already, or another loader claims the same files.
    """
    if format in _LOADERS:
        raise KGError(f"a loader for {format!r} is registered already")
    loader = Loader(format, tuple(patterns), read, folder)
    for other in _LOADERS.values():
        if other.folder == loader.folder and set(other.patterns) & set(loader.patterns):
            raise KGError(f"loaders {other.format!r} and {format!r} both read {folder}/"
                          f"{', '.join(sorted(set(other.patterns) & set(loader.patterns)))}")
    _LOADERS[format] = loader
    return loader


def loaders() -> list[Loader]:
    """The registered loaders, in registration order."""
    return list(_LOADERS.values())


def loader_for(path: Path) -> Loader:
    """The loader that reads ``path``."""
    for loader in _LOADERS.values():
        if loader.reads(path):
            return loader
    raise KGError(f"no loader reads {path}")


def loader_files(root: Path) -> list[Path]:
    """Every file under ``root`` that a loader reads, sorted (the order a build reads them in)."""
    found: set[Path] = set()
    for loader in _LOADERS.values():
        folder = root / loader.folder
        if folder.is_dir():
            found |= {p for pattern in loader.patterns for p in folder.glob(pattern) if not p.name.startswith(".")}
    return sorted(found)

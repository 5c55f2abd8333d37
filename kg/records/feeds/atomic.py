"""Atomic file writes: a temporary file beside the target, flushed to disk, then ``os.replace``."""

from __future__ import annotations

from pathlib import Path

from kg.files import atomic_write

__all__ = ["write_atomic", "remove_leftovers", "TEMP_SUFFIX"]

TEMP_SUFFIX = ".part"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a
    part; flushed to disk, with the user's normal permissions (:func:`kg.files.atomic_write`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.json", b"{}")
    >>> (folder / "a.json").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'{}', ['a.json'])
    """
    if not isinstance(data, bytes):
        raise TypeError(f"write_atomic writes bytes, not {type(data).__name__}")
    atomic_write(path, data, suffix=TEMP_SUFFIX, durable=True)


def remove_leftovers(folder: Path) -> int:
    """Remove temporary files a killed run left in ``folder``; returns how many."""
    n = 0
    for p in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        p.unlink(missing_ok=True)
        n += 1
    return n

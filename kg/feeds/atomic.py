"""Atomic file writes: a temporary file beside the target, flushed to disk, then ``os.replace``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "remove_leftovers", "TEMP_SUFFIX"]

TEMP_SUFFIX = ".part"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.json", b"{}")
    >>> (folder / "a.json").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'{}', ['a.json'])
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_leftovers(folder: Path) -> int:
    """Remove temporary files a killed run left in ``folder``; returns how many."""
    n = 0
    for p in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        p.unlink(missing_ok=True)
        n += 1
    return n

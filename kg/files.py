"""Writing files as a user expects: atomically, and with the user's normal permissions.

:func:`tempfile.mkstemp` and :func:`tempfile.mkdtemp` create private files (0600) and folders
(0700), which is right for secrets but wrong for a view, an export or a build that is meant to be
shared: copied to a web server or a shared drive, such a file opens for nobody else. Everything
``kg`` writes goes through a temporary name beside its target (so a reader never sees half a
file) and then gets the mode a plain ``open()`` or ``mkdir`` would have given it under the
process's umask.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["current_umask", "make_shared", "atomic_write", "shared_tempdir"]


def current_umask() -> int:
    """The process's umask, read without changing it where the platform allows.

    Examples
    --------
    >>> 0 <= current_umask() <= 0o777
    True
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: the classic read-and-restore (not thread-safe, rare)
    os.umask(mask)
    return mask


def make_shared(path: str | Path, *, directory: bool = False) -> None:
    """Give ``path`` the mode ``open()`` (0666) or ``mkdir`` (0777) would give it under the umask."""
    os.chmod(path, (0o777 if directory else 0o666) & ~current_umask())


def atomic_write(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it, then rename it into place.

    The file gets the user's normal permissions (0644 under umask 022), not mkstemp's 0600.
    Raises ``OSError`` as ``open()`` would; the temporary file is removed on failure.

    Examples
    --------
    >>> import tempfile, os
    >>> p = atomic_write(os.path.join(tempfile.mkdtemp(), "x.txt"), "hi")
    >>> p.read_text(), oct(p.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    ('hi', True)
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode(encoding) if isinstance(data, str) else data)
        make_shared(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def shared_tempdir(prefix: str, dir: str | Path) -> Path:
    """A new, uniquely named folder in ``dir`` with the user's normal permissions (not 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=dir))
    make_shared(path, directory=True)
    return path

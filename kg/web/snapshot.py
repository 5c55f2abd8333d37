"""The store snapshot a server answers from, and the cleaning of snapshots of dead servers.

A snapshot is Oxigraph's backup of the store (hard links: instant, nearly free on disk) in
``<build>/.serve/<pid>-<random>``, so later builds, which replace ``build/store`` and prune old
versions, never pull files from under a running server. The server holds an exclusive
``flock`` on ``<snapshot>.lock`` for as long as it runs; the kernel drops the lock however the
server dies (``kill -9`` included), so the next server removes exactly the snapshots whose
lock it can take, and never a live server's.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

__all__ = ["Snapshot", "take", "clean_stale"]


@dataclass
class Snapshot:
    """A snapshot held by this process; :meth:`release` removes it."""

    path: Path
    lock: Path
    _fd: int

    def release(self) -> None:
        """Remove the snapshot and drop its lock."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.lock.unlink(missing_ok=True)
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(base: Path) -> list[Path]:
    """Remove the snapshots in ``base`` that no live server holds; return what was removed."""
    removed = []
    if not base.is_dir():
        return removed
    for entry in sorted(base.iterdir()):
        if entry.suffix in (".lock", ".log"):
            continue
        lock = entry.with_name(entry.name + ".lock")
        if lock.exists():
            try:
                fd = os.open(lock, os.O_RDWR)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # a live server holds it
            shutil.rmtree(entry, ignore_errors=True)
            lock.unlink(missing_ok=True)
            os.close(fd)
            removed.append(entry)
        else:  # no lock file (older servers): judge by the pid in the name
            pid = entry.name.split("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
                entry.with_name(entry.name + ".log").unlink(missing_ok=True)
                removed.append(entry)
    for orphan in base.glob("*.lock"):  # a lock whose snapshot is gone, left by a crash
        if not orphan.with_suffix("").exists():
            try:
                fd = os.open(orphan, os.O_RDWR)
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except (BlockingIOError, FileNotFoundError):
                continue
            orphan.unlink(missing_ok=True)
            os.close(fd)
    return removed


def take(store: Path) -> Snapshot:
    """Snapshot ``store`` into ``<its dir>/.serve/<pid>-…``, after removing stale snapshots.

    Raises
    ------
    StoreError
        If there is no store, or it cannot be copied.
    """
    import pyoxigraph as ox

    if not (store / "CURRENT").exists():
        raise StoreError(f"no store at {store}: run 'kg build' first, or pass --store")
    base = store.absolute().parent / ".serve"
    base.mkdir(exist_ok=True)
    clean_stale(base)
    target = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=base))
    lock = target.with_name(target.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    snapshot = Snapshot(target, lock, fd)
    target.rmdir()  # the backup creates it
    try:
        ox.Store.read_only(str(store.resolve())).backup(str(target))
    except OSError as exc:
        snapshot.release()
        raise StoreError(f"cannot snapshot the store at {store}: {exc}") from None
    return snapshot

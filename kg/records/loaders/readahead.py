"""Read files ahead in a forked process while this one works on the first.

Entity and source files are parsed by PyYAML and validated by pydantic, both holding the GIL,
before the build has anything to store: for large curation sets the second core would idle.
:func:`read_ahead` gives the work on every file but the first to a forked child, which sends
each result back (pickled) in order, while this process works on the first file.

A fork is only safe in a process with a single thread (a lock held by another thread stays
held in the child), so it is used only then, on Linux, and for enough data to be worth it;
otherwise, or if the child fails, every file is read here, in the same order, with the same
results.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence, TypeVar

__all__ = ["read_ahead"]

R = TypeVar("R")

#: Files smaller than this in total are read in this process (a fork costs ~10-20 ms).
MIN_BYTES = 2_000_000


def _single_threaded() -> bool:
    """Whether this process runs one thread (native threads included, e.g. RocksDB's)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # not Linux: no way to tell, so no fork
        return False


def _worth_it(paths: Sequence[os.PathLike | str]) -> bool:
    if len(paths) < 2:
        return False
    try:
        return sum(os.path.getsize(p) for p in paths) >= MIN_BYTES
    except OSError:
        return False


def _child(jobs: Sequence[tuple], read: Callable[..., Any], send) -> None:
    # Keep no other descriptor of the parent's open (e.g. a build's lock, held until every
    # descriptor of it is closed, even if the parent is killed).
    fd = send.fileno()
    os.closerange(3, fd)
    os.closerange(fd + 1, os.sysconf("SC_OPEN_MAX"))
    try:
        for job in jobs:
            send.send((True, read(*job)))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent has gone (a killed build): nobody to tell, and no traceback
    except BaseException as exc:  # the parent reads what is left itself
        try:
            send.send((False, repr(exc)))
        except OSError:
            pass
    finally:
        try:
            send.close()
        except OSError:
            pass


def read_ahead(jobs: Sequence[tuple], read: Callable[..., R], paths: Sequence[os.PathLike | str]) -> Iterator[R]:
    """Yield ``read(*job)`` for each job, in order; the jobs after the first may run in a fork.

    Parameters
    ----------
    jobs : sequence of tuple
        The arguments of each call.
    read : callable
        A function whose result can be pickled; it must not depend on state the calls change.
    paths : sequence of path
        The files the jobs read, to decide whether a fork is worth it.

    Examples
    --------
    >>> list(read_ahead([(1,), (2,)], lambda n: n * 10, paths=[]))
    [10, 20]
    """
    child = None
    if _worth_it(paths) and _single_threaded():
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(jobs[1:], read, send), name="kg-read-ahead", daemon=True)
        child.start()
        send.close()
    done = False
    try:
        for i, job in enumerate(jobs):
            if i > 0 and child is not None:
                try:
                    ok, value = receive.recv()
                except (EOFError, OSError):
                    ok = False
                if ok:
                    yield value
                    continue
                child.terminate()  # it failed: the rest is read here
                child.join()
                receive.close()
                child = None
            yield read(*job)
        done = True
    finally:
        if child is not None:
            if not done:  # the caller stopped early (an error, Ctrl-C)
                child.terminate()
            child.join()
            receive.close()

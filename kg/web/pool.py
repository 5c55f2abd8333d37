"""A bounded pool of query workers (:mod:`kg.web.worker`) that holds its limits.

Each query runs in a worker process of its own; the pool gives it ``timeout`` seconds, then
kills the worker (SIGKILL: the query really ends and its memory is freed) and starts a fresh
one. A worker that dies of its memory ceiling is replaced the same way. At most ``size``
queries run at once; :meth:`Pool.run` raises :class:`Busy` beyond that instead of queueing.

The pool lives in the server's event loop and starts every worker from the loop's thread:
``PR_SET_PDEATHSIG`` follows the thread that forked a child, so workers started from a
short-lived thread would be killed with it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Awaitable, Callable

from kg.errors import KGError, StoreError

__all__ = ["Limits", "Pool", "Busy", "TimedOut", "WorkerDied", "Reply"]

#: (HTTP status, content type, body, extra headers)
Reply = tuple[int, str, bytes, dict[str, str]]


class Busy(KGError):
    """Every worker is busy."""


class TimedOut(KGError):
    """The query ran past its time limit and was stopped."""


class WorkerDied(KGError):
    """The worker ended during the query (its memory ceiling, most likely)."""


@dataclass(frozen=True)
class Limits:
    """What one query may use.

    Attributes
    ----------
    timeout : float
        Seconds a query may run.
    memory : int
        Bytes of address space a worker may hold (0: no ceiling).
    max_rows : int
        Rows (or triples) an answer may carry; more are cut and the response says so.
    max_concurrent : int
        Queries that may run at once (one worker each).
    """

    timeout: float = 30.0
    memory: int = 2 << 30
    max_rows: int = 10_000
    max_concurrent: int = 4


class _Worker:
    def __init__(self, store: Path, memory: int):
        parent, child = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.web.worker", str(store), str(child.fileno()), str(os.getpid()),
                 str(memory)], pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                # Its own session: a Ctrl-C in the terminal reaches the server, which stops the workers.
                start_new_session=True)
        finally:
            child.close()
        self.conn = Connection(parent.detach())

    @property
    def pid(self) -> int:
        return self.process.pid

    async def receive(self, timeout: float | None) -> object:
        """The worker's next message; raises TimeoutError, or EOFError if it died."""
        loop = asyncio.get_running_loop()
        readable = asyncio.Event()
        fd = self.conn.fileno()
        loop.add_reader(fd, readable.set)
        try:
            await asyncio.wait_for(readable.wait(), timeout)
        finally:
            loop.remove_reader(fd)
        # A message is arriving; big answers take a moment to read, off the loop.
        return await asyncio.to_thread(self.conn.recv)

    def kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self.conn.close()


class Pool:
    """Worker processes over one store snapshot.

    Parameters
    ----------
    store : Path
        The (snapshot) store the workers open read-only.
    limits : Limits
        Time, memory, rows and concurrency limits.
    """

    def __init__(self, store: Path, limits: Limits):
        self.store = Path(store)
        self.limits = limits
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._running = 0
        self._closed = False
        self._tasks: set[asyncio.Future] = set()

    @property
    def pids(self) -> list[int]:
        """The workers' process ids."""
        return sorted(w.pid for w in self._all)

    async def start(self, within: float = 60.0) -> None:
        """Start the workers and wait until each has opened the store.

        Raises
        ------
        StoreError
            If a worker cannot open the store.
        """
        workers = [self._spawn() for _ in range(self.limits.max_concurrent)]
        try:
            for worker in workers:
                await self._ready(worker, within)
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store, self.limits.memory)
        self._all.add(worker)
        return worker

    async def _ready(self, worker: _Worker, within: float) -> None:
        try:
            message = await worker.receive(within)
        except (TimeoutError, asyncio.TimeoutError):
            message = ("error", f"no answer within {within:.0f} s")
        except (EOFError, OSError):
            message = ("error", f"it exited with code {worker.process.wait()}")
        if not (isinstance(message, tuple) and message[0] == "ready"):
            self._discard(worker)
            raise StoreError(f"a query worker could not start over {self.store}: {message[1]}")
        self._idle.put_nowait(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start a fresh one in the background."""
        self._discard(worker)
        if not self._closed:
            fresh = self._spawn()

            async def ready() -> None:
                try:
                    await self._ready(fresh, 60.0)
                except StoreError:
                    pass  # one worker fewer; requests wait for the others

            self._tasks.add(task := asyncio.ensure_future(ready()))
            task.add_done_callback(self._tasks.discard)

    async def run(self, job: tuple, gone: Callable[[], Awaitable] | None = None) -> Reply:
        """Run ``job`` in an idle worker; return its reply.

        Parameters
        ----------
        job : tuple
            See :data:`kg.web.worker.Job`.
        gone : callable, optional
            Returns an awaitable that completes when the client has gone; the query is then stopped at once.

        Raises
        ------
        Busy
            If ``max_concurrent`` queries are already running.
        TimedOut
            If the query ran longer than the timeout (its worker was killed).
        WorkerDied
            If the worker ended during the query.
        """
        if self._running >= self.limits.max_concurrent or self._closed:
            raise Busy(f"{self.limits.max_concurrent} queries are already running")
        self._running += 1
        left_early = asyncio.ensure_future(gone()) if gone is not None else None
        try:
            started = time.monotonic()
            worker = await self._take(left_early)
            left = max(0.1, self.limits.timeout - (time.monotonic() - started))
            try:
                worker.conn.send(job)
            except OSError:
                self._replace(worker)
                raise WorkerDied("the query worker had ended") from None
            receive = asyncio.ensure_future(worker.receive(left))
            waits = {receive} if left_early is None else {receive, left_early}
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            if receive not in done:  # the client left: stop its query now
                receive.cancel()
                self._replace(worker)
                raise TimedOut("the client disconnected")
            try:
                reply = receive.result()
            except (TimeoutError, asyncio.TimeoutError):
                self._replace(worker)
                raise TimedOut(f"the query ran longer than the {self.limits.timeout:g} s limit and was stopped") \
                    from None
            except (EOFError, OSError):
                code = worker.process.wait()
                self._replace(worker)
                raise WorkerDied(f"the query worker ended (exit code {code}): the query most likely needed more "
                                 f"than the {self.limits.memory / 2**30:g} GiB memory limit") from None
            self._idle.put_nowait(worker)
            return reply
        finally:
            self._running -= 1
            if left_early is not None:
                left_early.cancel()

    async def _take(self, gone: asyncio.Future | None, within: float = 30.0) -> _Worker:
        """An idle worker (a replacement may still be starting); nothing if the client left meanwhile."""
        get = asyncio.ensure_future(self._idle.get())
        done, _ = await asyncio.wait({get} if gone is None else {get, gone}, timeout=within,
                                     return_when=asyncio.FIRST_COMPLETED)
        if get in done:
            return get.result()
        get.cancel()
        try:
            await get
        except asyncio.CancelledError:
            pass
        else:  # it got a worker just as it was cancelled: give it back
            self._idle.put_nowait(get.result())
        if gone is not None and gone in done:
            raise TimedOut("the client disconnected before a worker was free")
        raise Busy("no query worker is free")

    def close(self) -> None:
        """Kill every worker (they hold no state worth saving)."""
        self._closed = True
        for worker in list(self._all):
            self._discard(worker)

"""Start ``kg serve`` from Python: the read-only SPARQL service in a process of its own.

The service itself is :mod:`kg.web` (a Starlette application run by uvicorn, with queries in
worker processes that hold a time limit, a memory ceiling and a row limit); this module runs
``kg serve`` as a child process, waits until it answers, and stops it. It is what the tests
and notebooks use to get an endpoint.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import StoreError

__all__ = ["Server", "start", "DEFAULT_PORT", "LOCAL_HOSTS"]

DEFAULT_PORT = 7878
#: Hosts that only this machine reaches.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class Server:
    """A running ``kg serve``; stop it with :meth:`stop` (or use ``with``)."""

    process: subprocess.Popen
    host: str
    port: int
    store: Path
    log: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def url(self) -> str:
        """The query page."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def endpoint(self) -> str:
        """The SPARQL query endpoint."""
        return self.url + "query"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def snapshot(self) -> Path:
        """The snapshot the server answers from (``<build>/.serve/<pid>-…``)."""
        base = self.store.absolute().parent / ".serve"
        found = sorted(p for p in base.glob(f"{self.pid}-*") if p.suffix not in (".lock", ".log"))
        return found[0] if found else base / f"{self.pid}-gone"

    def wait(self) -> int:
        """Block until the server exits; return its exit code."""
        return self.process.wait()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout``)."""
        if not self._stopped:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.log.unlink(missing_ok=True)
            self._stopped = True

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(store: str | Path = "build/store", *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          timeout: float = 30.0, memory_limit: str | None = None, max_rows: int | None = None,
          max_concurrent: int | None = None, ready_within: float = 60.0) -> Server:
    """Start ``kg serve`` over a built store and wait until it answers.

    Parameters
    ----------
    store : str or Path
        The built store (``build/store``).
    host, port : str, int
        Where to listen; localhost by default. Another host exposes the graph to the network.
    timeout : float
        Seconds a query may run before its worker is killed.
    memory_limit, max_rows, max_concurrent : optional
        ``kg serve``'s ``--memory-limit`` (e.g. ``"1G"``), ``--max-rows``, ``--max-concurrent``.
    ready_within : float
        Seconds to wait for the server to answer.

    Returns
    -------
    Server

    Raises
    ------
    StoreError
        If there is no store or the server does not start (e.g. the port is taken).

    Examples
    --------
    >>> with start("build/store", port=7878) as server:  # doctest: +SKIP
    ...     print(server.endpoint)
    http://127.0.0.1:7878/query
    """
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", host, "--port", str(port),
               "--timeout", str(timeout)]
    for option, value in (("--memory-limit", memory_limit), ("--max-rows", max_rows),
                          ("--max-concurrent", max_concurrent)):
        if value is not None:
            command += [option, str(value)]
    fd, name = tempfile.mkstemp(prefix="kg-serve-", suffix=".log")
    log = Path(name)
    with os.fdopen(fd, "wb") as err:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=err, stderr=err, start_new_session=True)
    server = Server(process, host, port, Path(store), log)
    deadline = time.monotonic() + ready_within
    while True:
        if process.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines()
            server.stop()
            errors = [line.removeprefix("Error:").strip() for line in lines if line.startswith("Error:")]
            detail = (errors or lines[-1:] or [f"exit code {process.returncode}"])[0]
            raise StoreError(f"the SPARQL server did not start: {detail}")
        try:
            with urllib.request.urlopen(server.endpoint + "?query=ASK%7B%7D", timeout=20):  # noqa: S310
                return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise StoreError(f"the SPARQL server did not answer on {server.url} within {ready_within:.0f} s")
        time.sleep(0.1)

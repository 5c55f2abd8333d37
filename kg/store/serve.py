"""Serve a built store as a read-only SPARQL 1.1 Protocol endpoint with a query page.

The server is Oxigraph's own (``oxigraph serve-read-only``, from the ``oxigraph`` package, the
same version as pyoxigraph: they share the store format); this module only starts and stops it.
It serves a snapshot of the store made with hard links (Oxigraph's backup, instant and nearly
free on disk), so later builds, which replace ``build/store`` and prune old versions, never
pull files from under the server: it keeps answering from the build that was current when it
started. The snapshot is removed when the server stops.

What the endpoint does: ``GET``/``POST /query`` (SPARQL 1.1 Protocol, the default graph being
the union of all graphs), a query page (YASGUI) at ``/``, a time limit per query, and every
update refused (``/update`` and ``/store`` writes answer 403).
"""

from __future__ import annotations

import os
import shutil
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

__all__ = ["Server", "start", "find_oxigraph", "DEFAULT_PORT", "LOCAL_HOSTS"]

DEFAULT_PORT = 7878
#: Hosts that only this machine reaches.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` server executable, checked to match pyoxigraph's version.

    Raises
    ------
    StoreError
        If it is missing or of another version (they must share the on-disk format).
    """
    import pyoxigraph

    here = Path(sys.executable).parent / "oxigraph"
    exe = str(here) if here.exists() else shutil.which("oxigraph")
    if exe is None:
        raise StoreError(f"the Oxigraph server is not installed: pip install oxigraph=={pyoxigraph.__version__}")
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise StoreError(f"cannot run {exe}: {exc}") from None
    version = out.split()[-1] if out else "?"
    if version != pyoxigraph.__version__:
        raise StoreError(f"{exe} is Oxigraph {version} but pyoxigraph is {pyoxigraph.__version__}; they share "
                         f"the store format: pip install oxigraph=={pyoxigraph.__version__}")
    return exe


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _snapshot(store: Path) -> Path:
    """Hard-linked copy of ``store`` in ``<dir of store>/.serve/<pid>-…``; stale copies are removed."""
    import pyoxigraph as ox

    if not (store / "CURRENT").exists():
        raise StoreError(f"no store at {store}: run 'kg build' first, or pass --store")
    base = store.absolute().parent / ".serve"
    base.mkdir(exist_ok=True)
    for old in base.iterdir():
        pid = old.name.split("-")[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    target = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=base))
    target.rmdir()  # the backup creates it
    try:
        ox.Store.read_only(str(store.resolve())).backup(str(target))
    except OSError as exc:
        raise StoreError(f"cannot snapshot the store at {store}: {exc}") from None
    return target


@dataclass
class Server:
    """A running read-only Oxigraph server; stop it with :meth:`stop` (or use ``with``)."""

    process: subprocess.Popen
    host: str
    port: int
    snapshot: Path
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

    def wait(self) -> int:
        """Block until the server exits; return its exit code."""
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout``) and remove its snapshot."""
        if not self._stopped:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            shutil.rmtree(self.snapshot, ignore_errors=True)
            self.log.unlink(missing_ok=True)
            self._stopped = True

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(store: str | Path = "build/store", *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          timeout: float = 30.0, ready_within: float = 30.0) -> Server:
    """Start a read-only SPARQL endpoint over a built store and wait until it answers.

    Parameters
    ----------
    store : str or Path
        The built store (``build/store``).
    host, port : str, int
        Where to listen; localhost by default. Another host exposes the graph to the network.
    timeout : float
        Seconds a query may run before the server stops it.
    ready_within : float
        Seconds to wait for the server to answer.

    Returns
    -------
    Server

    Raises
    ------
    StoreError
        If there is no store, the server is missing, or it does not start (e.g. the port is taken).

    Examples
    --------
    >>> with start("build/store", port=7878) as server:  # doctest: +SKIP
    ...     print(server.endpoint)
    http://127.0.0.1:7878/query
    """
    if not 0 < port < 65536:
        raise StoreError(f"--port {port} is not a port number (1-65535)")
    if timeout <= 0:
        raise StoreError("the query timeout must be positive")
    exe = find_oxigraph()
    snapshot = _snapshot(Path(store))
    log = snapshot.with_name(snapshot.name + ".log")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [exe, "serve-read-only", "--location", str(snapshot), "--bind", bind,
               "--union-default-graph", "--timeout-s", str(max(1, round(timeout)))]
    with open(log, "wb") as err:
        # Own process group: Ctrl-C reaches kg serve, which then stops the server cleanly.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=err, stderr=err, start_new_session=True,
                                   env={**os.environ, "RUST_BACKTRACE": "0"})
    server = Server(process, host, port, snapshot, log)
    deadline = time.monotonic() + ready_within
    while True:
        if process.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines()
            server.stop()
            errors = [line.removeprefix("Error:").strip() for line in lines if line.startswith("Error:")]
            detail = (errors or lines or [f"exit code {process.returncode}"])[0]
            if "address" in detail.lower() and "in use" in detail.lower():
                detail = f"port {port} is already in use; pass another --port"
            raise StoreError(f"the SPARQL server did not start: {detail}")
        try:
            with urllib.request.urlopen(server.endpoint + "?query=ASK%7B%7D", timeout=2):  # noqa: S310
                return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise StoreError(f"the SPARQL server did not answer on {server.url} within {ready_within:.0f} s")
        time.sleep(0.1)

"""Real SPARQL servers for the tests: an Oxigraph server and a Virtuoso, on free localhost ports.

Each is started by the test that needs it, on 127.0.0.1 only, and stopped by its PID. When the
environment variable CI is ``true`` a missing server is a failure, otherwise the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing(what: str, how: str) -> None:
    """Fail in CI, skip elsewhere."""
    message = f"{what} is not installed ({how})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def serve_store(store: Path, **kwargs):
    """``kg serve``'s server (:func:`kg.store.serve.start`) over ``store``; missing means fail in CI, skip elsewhere."""
    from kg.errors import StoreError
    from kg.store.serve import start

    try:
        return start(store, **kwargs)
    except StoreError as exc:
        if "not installed" in str(exc):
            missing("the Oxigraph server", "pip install oxigraph==0.5.13")
        raise


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60.0) -> None:
    """Wait until ``url`` answers (any HTTP status), failing if the process exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


def stop(process: subprocess.Popen, seconds: float = 15.0) -> None:
    """Stop a server by its PID: SIGTERM, then SIGKILL."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def oxigraph_exe() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    exe = str(here) if here.exists() else shutil.which("oxigraph")
    if exe is None:
        missing("the Oxigraph server", "pip install oxigraph==0.5.13")
    return exe


@dataclass
class Oxigraph:
    """A read-write Oxigraph server."""

    process: subprocess.Popen
    base: str

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def store(self) -> str:
        return self.base + "/store"


def start_oxigraph(location: Path) -> Oxigraph:
    port = free_port()
    process = subprocess.Popen([oxigraph_exe(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    server = Oxigraph(process, f"http://127.0.0.1:{port}")
    try:
        wait_for(server.query + "?query=ASK%7B%7D", process)
    except RuntimeError:
        stop(process)
        raise
    return server


_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass
class Virtuoso:
    process: subprocess.Popen
    endpoint: str
    directory: Path


def start_virtuoso(directory: Path) -> Virtuoso:
    """Start Virtuoso with its own ini on 127.0.0.1 and let anonymous SPARQL clients update."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if exe is None or isql is None:
        missing("Virtuoso", "apt-get install virtuoso-opensource")
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port))
    log = open(directory / "stdout.log", "wb")
    process = subprocess.Popen([exe, "-c", str(directory / "virtuoso.ini"), "+foreground"], cwd=directory,
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for(endpoint + "?query=ASK%7B%7D", process, 120)
        grant = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba",
                                'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0, grant.stdout + grant.stderr
    except BaseException:
        stop(process)
        raise
    return Virtuoso(process, endpoint, directory)

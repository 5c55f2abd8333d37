"""A query worker: a child process of ``kg serve`` that runs one query at a time, within limits.

Started by :class:`kg.web.pool.Pool` as ``python -m kg.web.worker``. It opens the store
snapshot read-only, sets its own memory ceiling (``RLIMIT_AS``), asks the kernel to kill it
when its parent dies (``PR_SET_PDEATHSIG``, so ``kill -9`` of the server leaves no worker)
and watches its parent's pid as well. Then it answers jobs sent over a socket: parse the
query (refusing updates and ``SERVICE``), run it with Oxigraph, cut the answer to the row
limit and serialise it in the negotiated format. Its parent stops it with SIGKILL at the
query timeout; a query that exceeds the memory ceiling ends the process (Oxigraph aborts on
a failed allocation), and the parent starts a fresh one either way.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Job", "run_job", "main"]

PR_SET_PDEATHSIG = 1

#: A job: ``query`` text, ``accept`` header, ``format`` parameter, ``max_rows``, and the
#: protocol's ``default_graphs`` and ``named_graphs`` (IRIs; empty: the union, all graphs).
Job = dict


def _die_with_parent(parent: int) -> None:
    """SIGKILL this process when the parent dies (Linux), and poll the parent as a fallback."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watchdog below is the guard
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watchdog").start()


def _limit_memory(limit: int) -> None:
    """Cap the address space: an allocation beyond it fails and the worker ends."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_job(store: Any, job: Job) -> tuple[int, str, bytes, dict[str, str]]:
    """Run one job; return (HTTP status, content type, body, extra headers)."""
    import pyoxigraph as ox

    from kg.store.queryparse import SERVICE_REFUSED, parse
    from kg.store.local import _short_syntax_error
    from kg.rdf.vocab import PREFIXES
    from kg.web import results

    text, accept, forced, max_rows = job["query"], job.get("accept"), job.get("format"), job["max_rows"]
    plain = "text/plain; charset=utf-8"
    parsed = parse(text)
    if parsed.is_update:
        return 403, plain, b"SPARQL Update is refused: this endpoint is read-only (it serves a snapshot of the " \
                           b"built graph; change the data and run 'kg build')\n", {}
    if parsed.uses_service:
        return 400, plain, (SERVICE_REFUSED + "\n").encode(), {}
    dataset: dict[str, Any] = {"use_default_graph_as_union": True}
    try:
        if job.get("default_graphs"):
            dataset = {"default_graph": [ox.NamedNode(iri) for iri in job["default_graphs"]]}
        if job.get("named_graphs"):
            dataset["named_graphs"] = [ox.NamedNode(iri) for iri in job["named_graphs"]]
    except ValueError as exc:
        return 400, plain, f"a default-graph-uri or named-graph-uri is not an IRI: {exc}\n".encode(), {}
    try:
        answer = store.query(text, prefixes=PREFIXES, **dataset)
    except SyntaxError as exc:
        return 400, plain, f"malformed query: {_short_syntax_error(str(exc))}\n".encode(), {}
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, plain, f"the query failed: {exc}\n".encode(), {}
    headers: dict[str, str] = {}
    try:
        if isinstance(answer, ox.QueryBoolean):
            media = results.negotiate(accept, results.SOLUTION_TYPES, forced)
            if media is None:
                return _not_acceptable(results.SOLUTION_TYPES)
            body = results.boolean(bool(answer), media)
        elif isinstance(answer, ox.QuerySolutions):
            media = results.negotiate(accept, results.SOLUTION_TYPES, forced)
            if media is None:
                return _not_acceptable(results.SOLUTION_TYPES)
            variables = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                if len(rows) == max_rows:
                    headers = _truncated(max_rows)
                    break
                rows.append(list(solution))
            body = results.solutions(variables, rows, media)
        else:
            media = results.negotiate(accept, results.GRAPH_TYPES, forced)
            if media is None:
                return _not_acceptable(results.GRAPH_TYPES)
            triples = []
            for triple in answer:
                if len(triples) == max_rows:
                    headers = _truncated(max_rows)
                    break
                triples.append(triple)
            body = results.graph(triples, media, PREFIXES)
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, plain, f"the query failed: {exc}\n".encode(), {}
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    return 200, media + charset, body, headers


def _truncated(max_rows: int) -> dict[str, str]:
    return {"X-Row-Limit": str(max_rows), "X-Truncated": "true",
            "Warning": f'199 kg "the answer was cut to the first {max_rows} rows (the row limit)"'}


def _not_acceptable(offered) -> tuple[int, str, bytes, dict[str, str]]:
    return 406, "text/plain; charset=utf-8", ("none of the accepted media types can carry this answer; accept one "
                                              "of: " + ", ".join(offered) + "\n").encode(), {}


def main(argv: list[str] | None = None) -> None:
    """``python -m kg.web.worker STORE FD PARENT_PID MEMORY_LIMIT``."""
    store_path, fd, parent, memory = (argv or sys.argv[1:])[:4]
    _die_with_parent(int(parent))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server decides
    # Oxigraph prints to stderr when an allocation fails: the parent reports it, not a child.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    conn = Connection(int(fd))
    try:
        import pyoxigraph as ox

        import kg.store.queryparse  # noqa: F401 - imported before the ceiling, with rdflib's grammar
        from kg.web import results  # noqa: F401

        store = ox.Store.read_only(store_path)
        kg.store.queryparse.parse("ASK {}")  # build the grammar before the ceiling is set
        _limit_memory(int(memory))
        conn.send(("ready", os.getpid()))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which tells the user
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server closed the socket: stop quietly
        try:
            reply = run_job(store, job)
        except MemoryError:
            reply = (503, "text/plain; charset=utf-8", b"the query needed more memory than its limit\n", {})
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    main()

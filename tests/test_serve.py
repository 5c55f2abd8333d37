"""``kg serve``: the SPARQL service (real processes, real HTTP on 127.0.0.1), over a snapshot of the built store."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from servers import free_port, serve_store

from kg.store.builder import build
from kg.errors import StoreError
from kg.query.sparql import run_query
from kg.store.local import open_store

COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a kg:Statement }"
KG = "https://w3id.org/chip-policy-kg/ontology#"


def count(store) -> int:
    return int(run_query(store, COUNT).rows[0][0].value)


def test_kg_serve_answers_sparqlwrapper_refuses_updates_and_stops_on_ctrl_c(bundled_build):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(bundled_build / "store"),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = ""
        while "Press Ctrl-C" not in banner:
            line = proc.stderr.readline()
            assert line, f"kg serve exited early: {banner}{proc.stderr.read()}"
            banner += line
        endpoint = re.search(r"SPARQL endpoint: (\S+)", banner).group(1)
        assert endpoint == f"http://127.0.0.1:{port}/query"

        client = SPARQLWrapper(endpoint)
        client.setQuery(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ ?g a <{KG}Statement> }}")
        client.setReturnFormat(JSON)
        rows = client.query().convert()["results"]["bindings"]
        assert int(rows[0]["n"]["value"]) == count(open_store(bundled_build / "store")) > 0

        # Claims in statement graphs and their provenance in the default graph join: the union is the default.
        client.setQuery(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{KG}opposes> ?o }} ?g <{KG}quote> ?q }} LIMIT 1")
        assert client.query().convert()["results"]["bindings"]

        writer = SPARQLWrapper(endpoint.replace("/query", "/update"))
        writer.setMethod(POST)
        writer.setQuery(f"INSERT DATA {{ <urn:x:a> <{KG}opposes> <urn:x:b> }}")
        with pytest.raises(urllib.error.HTTPError) as refused:
            writer.query()
        assert 400 <= refused.value.code < 500

        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status == 200 and "text/html" in page.headers["Content-Type"]

        snapshots = list((bundled_build / ".serve").iterdir())
        assert any(p.name.startswith(f"{proc.pid}-") for p in snapshots)

        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "Server stopped." in err and "Traceback" not in err
        assert not [p for p in (bundled_build / ".serve").iterdir() if p.name.startswith(f"{proc.pid}-")]
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def test_server_keeps_its_build_while_new_builds_land(mini, tmp_path):
    out = tmp_path / "b"
    build(mini, out)
    with serve_store(out / "store", port=free_port()) as server:
        (mini / "statements" / "extra.csv").write_text(
            "source,subject,predicate,object,quote,quote_lang\nwire-report,acme,manufactures,a1,x,en\n")
        build(mini, out)
        build(mini, out)  # the served version is pruned from .versions by now
        from kg.store.remote import RemoteStore

        assert count(open_store(out / "store")) == 3
        assert count(RemoteStore(server.endpoint)) == 2
    assert not server.snapshot.exists()


def test_port_in_use_is_a_clear_error(mini, tmp_path):
    build(mini, tmp_path / "b")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StoreError, match=f"port {port} is already in use"):
            serve_store(tmp_path / "b" / "store", port=port)
    assert not (tmp_path / "b" / ".serve").exists() or not list((tmp_path / "b" / ".serve").iterdir())


def test_no_store_is_a_clear_error(tmp_path, runner):
    from conftest import run_cli

    result = run_cli(runner, "serve", "--store", str(tmp_path / "nope"), "--port", str(free_port()))
    assert result.exit_code == 1
    assert "Error: no store at" in result.output and "kg build" in result.output


def children(pid: int) -> set[int]:
    """The live child processes of ``pid``, from /proc."""
    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found |= {int(c) for c in f.read().split()}
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def rss(pid: int) -> int:
    """Resident memory of ``pid`` in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def post(endpoint: str, query: str, accept: str = "application/sparql-results+json", timeout: float = 60):
    """POST a query form; return (status, headers, body) whatever the status."""
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # every pair of triples
CROSS_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a"  # ... all held in memory to sort


@pytest.mark.parametrize("query", [CROSS, CROSS_SORTED], ids=["aggregate", "order-by"])
def test_runaway_query_ends_at_the_timeout_and_its_worker_is_gone(bundled_build, query):
    import threading
    import time

    ceiling = 1 << 30
    with serve_store(bundled_build / "store", port=free_port(), timeout=5, memory_limit="1G") as server:
        workers = children(server.pid)
        assert len(workers) == 4
        peak = {}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                for pid in workers:
                    peak[pid] = max(peak.get(pid, 0), rss(pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        status, headers, body = post(server.endpoint, query)
        elapsed = time.monotonic() - started
        done.set()
        sampler.join()
        assert elapsed <= 7, elapsed
        assert status == 503, body
        assert "5 s limit" in body or "memory limit" in body, body
        gone = [pid for pid in workers if not alive(pid)]
        assert len(gone) == 1  # the worker that ran it was killed (or died of its ceiling), no other
        assert max(peak.values()) < ceiling
        # A fresh worker replaces it and the server keeps answering.
        time.sleep(3)
        assert len(children(server.pid)) == 4
        status, _, body = post(server.endpoint, "ASK { ?s a kg:Statement }")
        assert status == 200 and json.loads(body)["boolean"] is True, body


def test_service_is_refused_and_updates_are_forbidden(bundled_build):
    with serve_store(bundled_build / "store", port=free_port()) as server:
        target = free_port()
        with socket.socket() as listener:  # where a forged request would land
            listener.bind(("127.0.0.1", target))
            listener.listen()
            listener.settimeout(0.5)
            for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{target}/> {{ ?s ?p ?o }} }}",
                          f"select * {{ ?x ?y ?z OPTIONAL {{ service silent <http://127.0.0.1:{target}/x> {{ ?s ?p ?o }} }} }}"):
                status, _, body = post(server.endpoint, query)
                assert status == 400 and "SERVICE is disabled on this endpoint" in body
            with pytest.raises(socket.timeout):
                listener.accept()
        # The word in a string, an IRI or a variable is data, not a clause.
        status, _, body = post(server.endpoint, "SELECT ?service WHERE { BIND('SERVICE <http://x/> {}' AS ?service) }")
        assert status == 200, body
        status, _, body = post(server.endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert status == 403 and "read-only" in body
        request = urllib.request.Request(server.endpoint, data=b"DELETE WHERE { ?s ?p ?o }",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403


def test_protocol_status_codes_content_types_and_row_limit(bundled_build):
    with serve_store(bundled_build / "store", port=free_port(), max_rows=3) as server:
        chips = "SELECT ?c WHERE { ?c a kg:Chip }"  # the example of kg serve --help, prefixes predeclared
        status, headers, body = post(server.endpoint, chips)
        assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
        assert len(json.loads(body)["results"]["bindings"]) == 3
        assert headers["X-Truncated"] == "true" and headers["X-Row-Limit"] == "3"
        status, headers, body = post(server.endpoint, chips, accept="text/csv")
        assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith("c\r\n")
        status, headers, body = post(server.endpoint, "ASK { ?s a kg:Chip }",
                                     accept="application/sparql-results+xml")
        assert status == 200 and "<boolean>true</boolean>" in body
        status, headers, body = post(server.endpoint, chips, accept="text/tab-separated-values")
        assert status == 200 and body.startswith("?c\n<https://")
        status, headers, body = post(server.endpoint, "CONSTRUCT { ?c a kg:Chip } WHERE { ?c a kg:Chip }",
                                     accept="application/n-triples")
        assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
        assert body.count(" .\n") == 3
        status, headers, body = post(server.endpoint, "CONSTRUCT { ?c a kg:Chip } WHERE { ?c a kg:Chip }",
                                     accept="image/png")
        assert status == 406
        status, _, body = post(server.endpoint, "SELECT ?x WHERE { ?x ?y }")
        assert status == 400 and body.startswith("malformed query: error at 1:")
        # Bodies and URLs have size limits.
        port = int(server.endpoint.split(":")[2].split("/")[0])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:  # answered before the body is read
            raw.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: %d\r\n\r\nquery=" % (2 << 20))
            assert raw.recv(100).startswith(b"HTTP/1.1 413 ")
        chunked = urllib.request.Request(server.endpoint, data=iter([b"query=", b"x" * (1 << 20), b"x" * 10]),
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "Transfer-Encoding": "chunked"})
        with pytest.raises(urllib.error.HTTPError) as too_large:  # no length given: counted as it arrives
            urllib.request.urlopen(chunked, timeout=30)
        assert too_large.value.code == 413
        with pytest.raises(urllib.error.HTTPError) as too_long:
            urllib.request.urlopen(server.endpoint + "?query=" + "x" * 9000, timeout=30)
        assert too_long.value.code == 414
        odd = urllib.request.Request(server.endpoint, data=b"ASK {}", headers={"Content-Type": "text/plain"})
        with pytest.raises(urllib.error.HTTPError) as unsupported:
            urllib.request.urlopen(odd, timeout=30)
        assert unsupported.value.code == 415
        direct = urllib.request.Request(server.endpoint, data=b"ASK { ?s a kg:Chip }",
                                        headers={"Content-Type": "application/sparql-query"})
        assert json.loads(urllib.request.urlopen(direct, timeout=30).read())["boolean"] is True


def test_queries_beyond_max_concurrent_get_503_with_retry_after(bundled_build):
    import threading
    import time

    with serve_store(bundled_build / "store", port=free_port(), timeout=5, max_concurrent=1) as server:
        first = {}
        runaway = threading.Thread(target=lambda: first.setdefault("r", post(server.endpoint, CROSS)))
        runaway.start()
        time.sleep(1)
        started = time.monotonic()
        status, headers, body = post(server.endpoint, "ASK {}")
        assert time.monotonic() - started < 2  # refused at once, not queued
        assert status == 503 and "busy" in body and int(headers["Retry-After"]) >= 1
        runaway.join()
        assert first["r"][0] == 503


def test_kill_9_leaves_no_process_and_frees_the_port_and_the_next_server_cleans_up(bundled_build):
    store = bundled_build / "store"
    base = bundled_build / ".serve"
    with serve_store(store, port=free_port()) as live:
        port = free_port()
        doomed = serve_store(store, port=port)
        workers = children(doomed.pid)
        assert len(workers) == 4
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.process.wait()
        import time

        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)]
        with pytest.raises(ConnectionRefusedError):  # nothing listens there any more
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        with socket.socket() as s:  # and a new server can take the port (as servers do, past TIME_WAIT)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
            s.listen()
        stale = doomed.snapshot
        assert stale.exists()  # kill -9 leaves it; the next server removes it
        with serve_store(store, port=free_port()) as following:
            assert not stale.exists() and not stale.with_name(stale.name + ".lock").exists()
            assert live.snapshot.exists() and following.snapshot.exists()
            assert post(live.endpoint, "ASK { ?s a kg:Chip }")[0] == 200
        doomed.stop()
    assert not [p for p in base.iterdir() if p.name.startswith((f"{live.pid}-", f"{doomed.pid}-"))]

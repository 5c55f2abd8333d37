"""``kg serve``: the real Oxigraph server, read-only, over a snapshot of the built store."""

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
    assert not [p for p in (tmp_path / "b" / ".serve").iterdir()]


def test_no_store_is_a_clear_error(tmp_path, runner):
    from conftest import run_cli

    result = run_cli(runner, "serve", "--store", str(tmp_path / "nope"), "--port", str(free_port()))
    assert result.exit_code == 1
    assert "Error: no store at" in result.output and "kg build" in result.output


def test_long_query_is_cancelled_at_the_timeout(bundled_build):
    with serve_store(bundled_build / "store", port=free_port(), timeout=1) as server:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # every pair of triples
        request = urllib.request.Request(server.endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        body = urllib.request.urlopen(request, timeout=300).read().decode()
        # Oxigraph has sent its 200 header before it stops the query, so the body ends in its message.
        assert "cancelled" in body, body[:300]
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)

"""``kg push`` to real remote stores: a fresh Oxigraph server and a Virtuoso on localhost."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import run_cli
from servers import free_port, serve_store, start_oxigraph, start_virtuoso, stop

from kg.store.builder import build
from kg.store.push import PUSH, STATE_GRAPH, push
from kg.query.questions import ask
from kg.store.remote import PROJECT_GRAPH, RemoteStore
from kg.query.sparql import run_query
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a kg:Statement }"
PROVENANCE = """
SELECT ?who ?quote ?attributedTo ?readIn ?primary WHERE {
  GRAPH ?g { ?p kg:opposes ent:blackwell-china-export-approval }
  ?p rdfs:label ?who FILTER(lang(?who) = "en")
  ?g kg:quote ?quote ; prov:wasDerivedFrom ?readIn .
  OPTIONAL { ?g prov:wasAttributedTo ?attributedTo }
  OPTIONAL { ?g prov:hadPrimarySource ?primary }
} ORDER BY ?who ?quote ?readIn"""
# Both halves of a unit: a statement's graph and its provenance in the project graph.
HALF_UNIT = f"""ASK {{
  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "https://w3id.org/chip-policy-kg/statement/"))
     FILTER NOT EXISTS {{ GRAPH <{PROJECT_GRAPH}> {{ ?g a kg:Statement ; prov:wasDerivedFrom ?d }} }} }}
  UNION
  {{ GRAPH <{PROJECT_GRAPH}> {{ ?g a kg:Statement }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}
}}"""


def count(store) -> int:
    return int(run_query(store, COUNT).rows[0][0].value)


def local_quads(store) -> set[tuple[str, str, str, str]]:
    """The local quads, the default graph named as a remote store holds it."""
    out = set()
    for q in store.oxigraph.quads_for_pattern(None, None, None, None):
        g = f"<{PROJECT_GRAPH}>" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        out.add((g, str(q.subject), str(q.predicate), str(q.object)))
    return out


def remote_quads(remote: RemoteStore) -> set[tuple[str, str, str, str]]:
    answer = run_query(remote, f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(?g = <{PROJECT_GRAPH}> || STRSTARTS(STR(?g), "https://w3id.org/chip-policy-kg/statement/")) }}""")
    return {tuple(str(t) for t in row) for row in answer.rows}


@pytest.fixture
def oxigraph(tmp_path):
    server = start_oxigraph(tmp_path / "remote")
    yield server
    stop(server.process)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    stop(server.process)


def test_push_to_a_fresh_oxigraph_server(runner, bundled_build, oxigraph):
    local = open_store(bundled_build / "store")
    result = run_cli(runner, "push", "--store", str(bundled_build / "store"), "--endpoint", oxigraph.query,
                     "--update-endpoint", oxigraph.update, "--graph-store", oxigraph.store)
    assert result.exit_code == 0, result.output
    assert f"pushed {len(local)} quads ({count(local)} statements)" in result.output
    assert "into an empty store" in result.output
    remote = RemoteStore(oxigraph.query)
    assert count(remote) == count(local) > 0
    answer = run_query(remote, PROVENANCE)
    assert answer.rows == run_query(local, PROVENANCE).rows and answer.rows
    assert remote_quads(remote) == local_quads(local)
    # `kg query --endpoint` on the pushed store: the union of graphs is the default graph
    out = run_cli(runner, "query", COUNT, "--endpoint", oxigraph.query, "--format", "csv")
    assert out.output == f"n\n{count(local)}\n"
    # questions run over the local default graph, which lives in the project graph remotely
    for name in ("relays", "roles-as-of"):
        params = {"date": "2025-06-01"} if name == "roles-as-of" else {}
        there, here = ask(remote, name, params), ask(local, name, params)
        assert here.rows and sorted(map(str, there.rows)) == sorted(map(str, here.rows))


def test_push_to_virtuoso(runner, bundled_build, virtuoso):
    local = open_store(bundled_build / "store")
    result = run_cli(runner, "push", "--store", str(bundled_build / "store"), "--endpoint", virtuoso.endpoint)
    assert result.exit_code == 0, result.output
    remote = RemoteStore(virtuoso.endpoint)
    assert count(remote) == count(local) > 0
    answer = run_query(remote, PROVENANCE)  # the same rows; ORDER BY across languages is the server's choice
    assert sorted(map(str, answer.rows)) == sorted(map(str, run_query(local, PROVENANCE).rows)) and answer.rows
    assert remote_quads(remote) == local_quads(local)
    out = run_cli(runner, "ask", "stances", "--param", "decision=blackwell-china-export-approval",
                  "--endpoint", virtuoso.endpoint, "--format", "csv")
    here = run_cli(runner, "ask", "stances", "--param", "decision=blackwell-china-export-approval",
                   "--store", str(bundled_build / "store"), "--format", "csv")
    assert out.exit_code == 0 and sorted(out.output.splitlines()) == sorted(here.output.splitlines())


def _edit(mini: Path) -> None:
    """Change a label, drop one statement and add another."""
    entities = mini / "entities" / "all.yaml"
    entities.write_text(entities.read_text().replace("label: {en: Acme Chips, zh: 顶点芯片}",
                                                     "label: {en: Acme Semiconductor}"))
    (mini / "statements" / "bulk.csv").write_text(
        "source,subject,predicate,object,quote,quote_lang\nwire-report,acme,manufactures,a1,Acme makes it,en\n")


@pytest.mark.parametrize("target", ["oxigraph", "virtuoso"])
def test_push_again_replaces_changed_and_removed_units(request, target, mini, tmp_path):
    server = request.getfixturevalue(target)
    if target == "oxigraph":
        remote = RemoteStore(server.query, update_endpoint=server.update, graph_store=server.store)
    else:
        remote = RemoteStore(server.endpoint)
    out = tmp_path / "b"
    build(mini, out)
    push(open_store(out / "store"), remote, batch_size=7)
    _edit(mini)
    build(mini, out)
    local = open_store(out / "store")
    summary = push(local, remote, batch_size=7)
    assert not summary.fresh
    assert remote_quads(remote) == local_quads(local)
    labels = run_query(remote, "SELECT ?l WHERE { ent:acme rdfs:label ?l }").rows
    assert [t.value for (t,) in labels] == ["Acme Semiconductor"]
    tokens = run_query(remote, f"SELECT DISTINCT ?t WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?s <{PUSH}in> ?t }} }}").rows
    assert len(tokens) == 1


def test_readers_never_see_half_a_unit(oxigraph, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(2000, tmp_path / "data")
    build(tmp_path / "data", tmp_path / "b")
    local = open_store(tmp_path / "b" / "store")
    remote = RemoteStore(oxigraph.query, update_endpoint=oxigraph.update)
    seen, done = [], threading.Event()

    def read() -> None:
        reader = RemoteStore(oxigraph.query)
        while not done.is_set():
            seen.append((run_query(reader, HALF_UNIT).boolean, count(reader)))

    for _ in range(2):  # into an empty store, then replacing every unit
        thread = threading.Thread(target=read)
        seen.clear()
        done.clear()
        thread.start()
        try:
            push(local, remote, batch_size=300)
        finally:
            done.set()
            thread.join()
        assert seen and not any(half for half, _ in seen)
    assert count(remote) == count(local)
    assert remote_quads(remote) == local_quads(local)


def test_read_only_server_refuses_the_push(runner, bundled_build, mini, tmp_path):
    build(mini, tmp_path / "b")
    with serve_store(bundled_build / "store", port=free_port()) as server:
        result = run_cli(runner, "push", "--store", str(tmp_path / "b" / "store"), "--endpoint", server.endpoint,
                         "--update-endpoint", server.url + "update")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.startswith("Error: the push stopped: the server at") and "403" in result.output


def test_push_to_nothing_is_a_clear_error(runner, mini, tmp_path):
    build(mini, tmp_path / "b")
    result = run_cli(runner, "push", "--store", str(tmp_path / "b" / "store"),
                     "--endpoint", f"http://127.0.0.1:{free_port()}/sparql")
    assert result.exit_code == 1 and "cannot reach the SPARQL endpoint" in result.output

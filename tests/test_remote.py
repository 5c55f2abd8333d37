"""RemoteStore: the same answers over HTTP as from the local store, with parameters still bound."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from conftest import run_cli
from servers import free_port, serve_store

from kg.errors import QueryError, StoreError
from kg.query.questions import ask, list_questions
from kg.store.remote import RemoteStore
from kg.query.sparql import render, run_query
from kg.store.local import LocalStore, open_store


@pytest.fixture(scope="module")
def served(bundled_build):
    """The bundled build behind a real read-only Oxigraph server."""
    server = serve_store(bundled_build / "store", port=free_port())
    yield server
    server.stop()


@pytest.fixture(scope="module")
def both(bundled_build, served):
    return open_store(bundled_build / "store"), open_store(served.endpoint)


QUERIES = [
    # labels in several languages and scripts, typed literals, optional values
    """SELECT ?e ?label ?date WHERE { ?e a kg:Decision ; rdfs:label ?label OPTIONAL { ?e dcterms:date ?date } }
       ORDER BY ?e ?label""",
    # a claim joined with its provenance across graphs
    """SELECT ?g ?s ?o ?quote ?doc WHERE { GRAPH ?g { ?s kg:opposes ?o } ?g kg:quote ?quote ; prov:wasDerivedFrom ?doc }
       ORDER BY ?g""",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { ?g a kg:Statement ; prov:hadPrimarySource ?p }",
    "ASK { ent:nobody-at-all ?p ?o }",
]


@pytest.mark.parametrize("sparql", QUERIES)
def test_answers_match_the_local_store(both, sparql):
    local, remote = both
    a, b = run_query(local, sparql), run_query(remote, sparql)
    assert (a.kind, a.boolean, a.variables) == (b.kind, b.boolean, b.variables)
    assert a.rows == b.rows
    assert a.kind == "boolean" or a.rows


def test_construct_gives_the_same_triples(both):
    local, remote = both
    q = "CONSTRUCT { ?g kg:quote ?q } WHERE { ?g a kg:Statement ; kg:quote ?q }"
    a, b = run_query(local, q), run_query(remote, q)
    assert b.kind == "triples" and set(a.triples) == set(b.triples) and a.triples


def test_canned_questions_match_the_local_store(both):
    local, remote = both
    for question in list_questions():
        params = {p.name: p.doc.split("e.g. ")[-1].strip() for p in question.params if not p.optional}
        a, b = ask(local, question.name, params), ask(remote, question.name, params)
        assert a.variables == b.variables, question.name
        assert sorted(map(str, a.rows)) == sorted(map(str, b.rows)), question.name


def test_parameters_are_bound_not_pasted(both):
    local, remote = both
    q = "SELECT ?e WHERE { ?e rdfs:label ?name }"
    hostile = ox.Literal('x" } ?e ?p ?o . { ?e ?p "')
    assert run_query(remote, q, {"name": hostile}).rows == []
    name = ox.Literal("Marco Rubio", language="en")
    rows = run_query(remote, q, {"name": name}).rows
    assert rows == run_query(local, q, {"name": name}).rows and rows


def test_malformed_query_reads_as_locally(both):
    local, remote = both
    with pytest.raises(QueryError) as here:
        run_query(local, "SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryError) as there:
        run_query(remote, "SELECT * WHERE { ?s ?p }")
    assert str(here.value) == str(there.value)


def test_wrong_endpoint_path_is_a_store_error(served):
    remote = RemoteStore(served.endpoint.replace("/query", "/nothing-here"))
    with pytest.raises(StoreError, match="HTTP 404"):
        remote.query("ASK { ?s ?p ?o }")


def test_unreachable_endpoint_is_a_store_error():
    remote = open_store(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint .* is the server running"):
        remote.query("ASK { ?s ?p ?o }")


def test_factory_chooses_the_store():
    assert isinstance(open_store("http://127.0.0.1:7878/query"), RemoteStore)
    with pytest.raises(StoreError, match="not an http"):
        open_store("ftp://example.org/sparql")
    with pytest.raises(StoreError, match="no store at"):
        open_store("no/such/store")
    assert LocalStore  # the local class stays the default for paths


def test_cli_query_and_ask_with_endpoint(runner, bundled_build, served):
    store = str(bundled_build / "store")
    q = "SELECT ?label WHERE { ?e a kg:Chip ; rdfs:label ?label FILTER(lang(?label) = 'en') } ORDER BY ?label"
    for fmt in ("table", "csv", "tsv", "json"):
        local = run_cli(runner, "query", q, "--store", store, "--format", fmt)
        remote = run_cli(runner, "query", q, "--endpoint", served.endpoint, "--format", fmt)
        assert remote.exit_code == 0 and remote.output == local.output, fmt
    assert json.loads(remote.output)["results"]["bindings"]
    args = ["ask", "stances", "--param", "decision=blackwell-china-export-approval", "--format", "csv"]
    local = run_cli(runner, *args, "--store", store)
    remote = run_cli(runner, *args, "--endpoint", served.endpoint)
    assert remote.exit_code == 0 and remote.output == local.output and len(local.output.splitlines()) > 1
    down = run_cli(runner, "query", "ASK { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert down.exit_code == 1 and down.output.startswith("Error: cannot reach") and "Traceback" not in down.output


def test_rendering_is_shared(both):
    local, remote = both
    q = "SELECT ?g ?q WHERE { ?g kg:quote ?q FILTER(lang(?q) = 'ar') } ORDER BY ?g LIMIT 3"
    assert render(run_query(remote, q), "json") == render(run_query(local, q), "json")


def test_both_stores_are_stores(both):
    from kg.store.protocol import Store

    local, remote = both
    assert isinstance(local, Store) and isinstance(remote, Store)
    assert local.location.endswith("store") and remote.location.startswith("http://127.0.0.1:")


def test_kg_open_with_an_endpoint_answers_like_the_local_graph(bundled_build, served):
    """``kg.open(endpoint=URL)`` is what ``kg query --store URL`` is: the same frames and lookups."""
    import kg

    local, remote = kg.open(bundled_build), kg.open(endpoint=served.endpoint)
    assert repr(remote) == f"<KnowledgeGraph {served.endpoint}>"
    assert kg.open(served.endpoint).store.location == served.endpoint  # a URL as the path works too
    q = "SELECT ?e ?label WHERE { ?e a kg:Person ; rdfs:label ?label FILTER(lang(?label) = 'en') } ORDER BY ?e"
    assert remote.query(q).equals(local.query(q)) and len(local.query(q)) > 10
    assert remote.entity("روبيو") == local.entity("روبيو")
    assert remote.ask("stances", decision="blackwell-china-export-approval").equals(
        local.ask("stances", decision="blackwell-china-export-approval"))
    assert remote.statements(about="Nvidia").equals(local.statements(about="Nvidia"))
    with pytest.raises(StoreError, match="remote"):
        remote.stats()


def test_kg_open_refuses_remote_options_without_an_endpoint(bundled_build):
    import kg

    with pytest.raises(TypeError, match="timeout"):
        kg.open(bundled_build, timeout=3)
    with pytest.raises(StoreError):
        kg.open(endpoint="ftp://example.invalid/sparql")

"""Parameters bound by the parser, SERVICE refused unless allowed: ``kg query`` on real stores and servers."""

from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest

from conftest import run_cli
from servers import free_port, serve_store

from kg.errors import QueryError
from kg.store.queryparse import bind_values, parse
from kg.query.sparql import run_query
from kg.store.local import open_store

RUBIO = "https://w3id.org/chip-policy-kg/entity/marco-rubio"
# A string literal ending in a backslash before WHERE, and text that looks like WHERE { in a
# comment and a string: the binding must land in the outer WHERE clause all the same.
TRICKY = """SELECT ?g (STR("C:\\\\") AS ?dir) # not the WHERE { here
WHERE {
  ?g kg:subjectEntity ?who .
  OPTIONAL { ?g kg:quote ?q FILTER(?q != "WHERE { ?x }") }
  FILTER NOT EXISTS { SELECT ?g WHERE { ?g kg:quote "\\\\" } }
}"""


def test_binding_lands_in_the_outer_where_clause():
    who = ox.Variable("who")
    bound = bind_values(TRICKY, {who: ox.NamedNode(RUBIO)})
    assert bound.index("VALUES (?who)") == TRICKY.index("\nWHERE {") + len("\nWHERE {") + 1
    assert parse(bound).parsed


def test_bound_answer_is_the_answer_with_the_term_written_in(bundled_build):
    store = open_store(bundled_build / "store")
    bound = run_query(store, TRICKY, {"who": ox.NamedNode(RUBIO)})
    written = run_query(store, TRICKY.replace("?who", f"<{RUBIO}>"))
    assert bound.rows and sorted(map(str, bound.rows)) == sorted(map(str, written.rows))
    assert all(row[1].value == "C:\\" for row in bound.rows)


def test_a_value_that_looks_like_sparql_stays_data(bundled_build):
    store = open_store(bundled_build / "store")
    answer = run_query(store, "SELECT ?g WHERE { ?g kg:quote ?q }", {"q": ox.Literal('x" } ?g ?p ?o { "')})
    assert answer.rows == []


def test_a_bad_parameter_name_is_a_one_line_error(bundled_build, runner):
    result = run_cli(runner, "query", "--store", str(bundled_build / "store"),
                     "SELECT ?g WHERE { ?g kg:subjectEntity ?who }", "--param", "who are=ent:marco-rubio")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == ["Error: parameter 'who are' is not a SPARQL variable name (letters, digits and _, "
                     "e.g. --param who=ent:marco-rubio)"]
    with pytest.raises(QueryError, match="'1-x'"):
        run_query(open_store(bundled_build / "store"), "ASK { ?s ?p ?o }", {"1-x": ox.Literal("a")})


def test_kg_query_refuses_service_unless_allowed(bundled_build, runner):
    store = str(bundled_build / "store")
    with socket.socket() as listener:  # a forged request would land here
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        result = run_cli(runner, "query", "--store", store,
                         f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
        assert result.exit_code == 1 and "SERVICE is refused" in result.output and "--allow-service" in result.output
        with pytest.raises(socket.timeout):
            listener.accept()
    # A local user may opt in: here against a second local server.
    with serve_store(bundled_build / "store", port=free_port()) as server:
        query = (f"SELECT ?n WHERE {{ SERVICE <{server.endpoint}> {{ SELECT (COUNT(*) AS ?n) "
                 "WHERE { ?c a <https://w3id.org/chip-policy-kg/ontology#Chip> } } }")
        result = run_cli(runner, "query", "--store", store, "--format", "csv", "--allow-service", query)
        assert result.exit_code == 0, result.output
        expected = run_query(open_store(store), "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Chip }").rows[0][0].value
        assert result.output.splitlines() == ["n", expected] and int(expected) > 0
        # Through --endpoint too: the remote server refuses it itself.
        result = run_cli(runner, "query", "--endpoint", server.endpoint, "--allow-service", query)
        assert result.exit_code == 1 and "SERVICE is disabled on this endpoint" in result.output

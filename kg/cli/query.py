"""``kg query``."""

from __future__ import annotations

import sys

import click

from kg.cli.group import main
from kg.cli.common import echo_out, format_option, store_option


def read_query_text(query: str | None, file) -> str:
    """The query from the argument, ``-`` (stdin) or ``--file``."""
    if file is not None and query is not None:
        raise click.UsageError("give the query either as an argument or with --file, not both")
    if file is not None:
        return file.read()
    if query is None:
        raise click.UsageError("give a SPARQL query, '-' to read it from stdin, or --file FILE")
    if query == "-":
        return sys.stdin.read()
    return query


@main.command("query")
@click.argument("query", required=False)
@click.option("-f", "--file", type=click.File("r", encoding="utf-8"), help="Read the query from FILE.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (<iri>, prefix:name or text); repeatable. Bound, never pasted.")
@store_option
@click.option("--endpoint", metavar="URL",
              help="Query a remote SPARQL endpoint instead of --store (e.g. http://127.0.0.1:7878/query).")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses query other endpoints (refused by default).")
@format_option(("table", "csv", "tsv", "json"))
def query_command(query: str | None, file, params: tuple[str, ...], store: str, endpoint: str | None,
                  allow_service: bool, fmt: str) -> None:
    """Run a SPARQL query over the graph (the default graph is the union of all graphs).

    SELECT and ASK print as a table, CSV, TSV or W3C SPARQL 1.1 Query Results JSON;
    CONSTRUCT and DESCRIBE print Turtle. The prefixes kg:, ent:, src:, stmt:, schema:, prov:,
    skos:, dcterms:, org:, owl:, rdf:, rdfs: and xsd: are predeclared.

    \b
    Examples:
      kg query 'SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name FILTER(lang(?name) = "ar") }'
      kg query -f docs/examples/question.rq --format json
      kg query 'SELECT ?g WHERE { ?g kg:subjectEntity ?who }' --param who=ent:marco-rubio
      kg query 'ASK { ?s a kg:Statement }' --endpoint http://127.0.0.1:7878/query
    """
    from kg import api

    text = read_query_text(query, file)
    bindings = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        bindings[name.lstrip("?$")] = api.parse_binding(value)
    echo_out(api.render(api.open(endpoint or store).sparql(text, allow_service=allow_service, **bindings), fmt))

"""``kg push``."""

from __future__ import annotations

import click

from kg.cli.group import main
from kg.cli.common import Progress, store_option


@main.command("push")
@store_option
@click.option("--endpoint", required=True, metavar="URL", help="The remote SPARQL query endpoint.")
@click.option("--update-endpoint", metavar="URL", help="Its SPARQL Update endpoint [default: the query endpoint].")
@click.option("--graph-store", metavar="URL",
              help="A Graph Store endpoint taking N-Quads, used for a first upload (Oxigraph: …/store).")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(min=1),
              help="About how many quads each request carries.")
def push_command(store: str, endpoint: str, update_endpoint: str | None, graph_store: str | None,
                 batch_size: int) -> None:
    """Upload the built graph to a remote SPARQL 1.1 store, replacing the project's graphs.

    Statement graphs keep their IRIs; what the local store holds in its default graph goes to
    the named graph <https://w3id.org/chip-policy-kg/graph/main>. Each request replaces whole
    entities, documents and statements (never half of one); units gone from the build are
    deleted at the end. Nothing else in the remote store is touched.

    \b
    Examples:
      kg push --endpoint http://127.0.0.1:7878/query --update-endpoint http://127.0.0.1:7878/update \\
              --graph-store http://127.0.0.1:7878/store          # an Oxigraph server
      kg push --endpoint http://127.0.0.1:8890/sparql            # Virtuoso
    """
    from kg import api

    local = api.open(store)
    progress = Progress()
    try:
        summary = local.push(endpoint, update_endpoint=update_endpoint, graph_store=graph_store,
                             batch_size=batch_size, progress=progress)
    finally:
        progress.close()
    click.echo(str(summary))

"""``kg serve``."""

from __future__ import annotations

import signal

import click

from kg.cli import main
from kg.cli.common import store_option


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but localhost exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on.")
@click.option("--timeout", default=30.0, show_default=True, type=float, metavar="SECONDS",
              help="Stop any query running longer than this.")
def serve_command(store: str, host: str, port: int, timeout: float) -> None:
    """Serve the built graph as a read-only SPARQL endpoint with a query page.

    Runs the Oxigraph server (the 'oxigraph' package) over a snapshot of the store: queries
    at /query (SPARQL 1.1 Protocol; the default graph is the union of all graphs), a query
    page at /, updates refused. Later builds do not change what it serves; restart it to
    serve a new build. Ctrl-C stops it.

    \b
    Examples:
      kg serve                                  # http://127.0.0.1:7878/
      kg serve --port 8000 --timeout 10
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s a <https://w3id.org/chip-policy-kg/ontology#Chip> }' http://127.0.0.1:7878/query
    """
    from kg.store.serve import LOCAL_HOSTS, start

    server = start(store, host=host, port=port, timeout=timeout)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    try:
        if host not in LOCAL_HOSTS:
            click.echo(f"Warning: listening on {host}: anyone who can reach this machine can query the graph.",
                       err=True)
        click.echo(f"Serving {store} (read-only) at {server.url}\n"
                   f"  SPARQL endpoint: {server.endpoint}\n"
                   f"  query timeout:   {timeout:g} s\n"
                   "Press Ctrl-C to stop.", err=True)
        code = server.wait()
        if code != 0:
            raise click.ClickException(f"the SPARQL server stopped unexpectedly (exit code {code})")
    except KeyboardInterrupt:
        click.echo("Stopping the server…", err=True)
    finally:
        server.stop()
    click.echo("Server stopped.", err=True)

"""``kg serve``."""

from __future__ import annotations

import re
import signal

import click

from kg.cli.group import main
from kg.cli.common import store_option


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def parse_size(text: str) -> int:
    """Bytes from ``2G``, ``512M``, ``1.5GiB`` or a plain number of bytes.

    Examples
    --------
    >>> parse_size("2G"), parse_size("512MiB"), parse_size("0")
    (2147483648, 536870912, 0)
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise click.BadParameter(f"{text!r} is not a size such as 2G or 512M", param_hint="--memory-limit")
    power = " KMGT".index(match.group(2).upper() or " ")
    return int(float(match.group(1)) * (1 << (10 * power)))


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but localhost exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on.")
@click.option("--timeout", default=30.0, show_default=True, type=float, metavar="SECONDS",
              help="Stop (kill) any query running longer than this.")
@click.option("--memory-limit", default="2G", show_default=True, metavar="SIZE",
              help="Memory ceiling of each query worker (0: none).")
@click.option("--max-rows", default=10_000, show_default=True, type=int,
              help="Rows an answer may carry; longer answers are cut (X-Truncated: true).")
@click.option("--max-concurrent", default=4, show_default=True, type=int,
              help="Queries run at once (one worker process each); more get 503 with Retry-After.")
def serve_command(store: str, host: str, port: int, timeout: float, memory_limit: str, max_rows: int,
                  max_concurrent: int) -> None:
    """Serve the built graph as a read-only SPARQL endpoint with a query page.

    Queries at /query (SPARQL 1.1 Protocol, GET or POST; the default graph is the union of
    all graphs; the prefixes of 'kg query' are predeclared), a query page at /, updates and
    SERVICE refused. Each query runs in a worker process that is killed at the timeout or
    when it passes its memory ceiling. It serves a snapshot of the store: later builds do
    not change what it serves; restart it to serve a new build. Ctrl-C stops it.

    \b
    Examples:
      kg serve                                  # http://127.0.0.1:7878/
      kg serve --port 8000 --timeout 10 --memory-limit 1G
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s a kg:Chip }' http://127.0.0.1:7878/query
    """
    from kg import api

    limits = api.QueryLimits(timeout=timeout, memory=parse_size(memory_limit), max_rows=max_rows,
                             max_concurrent=max_concurrent)

    def ready(snapshot, pool) -> None:
        if not api.is_local_host(host):
            click.echo(f"Warning: listening on {host}: anyone who can reach this machine can query the graph.",
                       err=True)
        shown = f"[{host}]" if ":" in host else host
        memory = f"{limits.memory / 2**30:g} GiB" if limits.memory else "no limit"
        click.echo(f"Serving {store} (read-only) at http://{shown}:{port}/\n"
                   f"  SPARQL endpoint: http://{shown}:{port}/query\n"
                   f"  limits per query: {timeout:g} s, {memory}, {max_rows} rows; {max_concurrent} at once\n"
                   "Press Ctrl-C to stop.", err=True)

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    try:
        api.serve_forever(store, host=host, port=port, limits=limits, ready=ready)
    except KeyboardInterrupt:
        click.echo("Stopping the server…", err=True)
    click.echo("Server stopped.", err=True)

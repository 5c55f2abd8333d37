"""``kg fetch``: download public feeds into ``data/feeds/``."""

from __future__ import annotations

import click

from kg.cli.group import main
from kg.cli.common import Progress


@main.group("fetch")
def fetch_group() -> None:
    """Download public feeds into data/feeds/ (then `kg build` loads them).

    \b
    Example:
      kg fetch federal-register --since 2025-01-01 --type RULE
    """


@fetch_group.command("federal-register")
@click.option("--into", default="data/feeds/federal-register", show_default=True, type=click.Path(file_okay=False),
              help="The folder the documents are written to.")
@click.option("--agency", "agencies", multiple=True, default=("industry-and-security-bureau",), show_default=True,
              help="FR agency slug (repeatable).")
@click.option("--term", help="Full-text search terms (conditions[term]).")
@click.option("--since", help="Earliest publication date (YYYY-MM-DD).")
@click.option("--until", help="Latest publication date (YYYY-MM-DD).")
@click.option("--type", "types", multiple=True, type=click.Choice(("RULE", "PRORULE", "NOTICE", "PRESDOCU"),
              case_sensitive=False), help="Document type (repeatable); default: all.")
@click.option("--base-url", default="https://www.federalregister.gov", show_default=True,
              help="The FR site or a mirror serving the same API.")
@click.option("--per-page", type=click.IntRange(1, 1000), default=100, show_default=True, help="Results per search page.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.5, show_default=True,
              help="Seconds between requests.")
@click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True,
              help="Retries of a request that fails with 429, 5xx or a connection error.")
def federal_register_command(into, agencies, term, since, until, types, base_url, per_page, delay, retries) -> None:
    """Download Federal Register documents (API JSON and full-text XML) into INTO.

    Incremental: documents already in INTO are not fetched again. Resumable: a run that stops
    leaves only complete files, and the next run fetches the rest.

    \b
    Examples:
      kg fetch federal-register --since 2022-10-01 --type RULE
      kg fetch federal-register --term "entity list" --into fr-snapshot
    """
    from kg import api

    progress = Progress(threshold=1)
    try:
        result = api.fetch_federal_register(into, agencies=agencies, term=term, since=since, until=until, types=types,
                                            base_url=base_url, per_page=per_page, delay=delay, retries=retries,
                                            progress=progress, log=lambda m: click.echo(m, err=True))
    finally:
        progress.close()
    click.echo(str(result))

"""``kg view``."""

from __future__ import annotations

import click

from kg.cli import main
from kg.cli.analyze import _split
from kg.cli.common import store_option


@main.command("view")
@click.argument("entities", nargs=-1)
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around the named entities.")
@click.option("--as-of", help="Snapshot: only statements dated on or before DATE.")
@click.option("--from", "start", help="Window start (YYYY[-MM[-DD]]).")
@click.option("--to", "end", help="Window end (YYYY[-MM[-DD]]).")
@click.option("--types", help="Comma-separated entity types to keep.")
@click.option("--predicates", help="Comma-separated predicates to keep.")
@click.option("--min-publishers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Keep claims reported by at least N independent publishers.")
@click.option("--lang", type=click.Choice(("en", "ar", "zh")), default="en", show_default=True,
              help="Language of the labels.")
@click.option("--top", type=click.IntRange(min=1), help="Keep only the N most connected entities.")
@click.option("--aggregate", type=click.Choice(("type",)), help="Draw one node per entity type (an overview).")
@click.option("--path", nargs=2, metavar="A B", help="Draw the evidence path between two entities (ids or names).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Refuse to draw more entities than this (20,000 statements at most).")
@click.option("--out", default="kg-view.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (nothing else is written).")
@click.option("--open", "open_", is_flag=True, help="Open the page in a browser.")
@store_option
def view_command(entities, depth, as_of, start, end, types, predicates, min_publishers, lang, top, aggregate, path,
                 max_nodes, out, open_, store) -> None:
    """Draw the graph, or the neighbourhood of ENTITIES (ids or labels in any language), as one
    self-contained HTML page that works offline.

    \b
    Examples:
      kg view                                   # the whole graph
      kg view "Marco Rubio" Nvidia --depth 1 --out rubio-nvidia.html
      kg view روبيو --lang ar --as-of 2025-10-29
      kg view --path "Marco Rubio" Nvidia --out rubio-to-nvidia.html
    """
    from kg.analytics import Filters
    from kg.store.local import open_store
    from kg.views import view

    filters = Filters(as_of=as_of, start=start, end=end, predicates=_split(predicates), types=_split(types),
                      min_publishers=min_publishers)
    if path and entities:
        raise click.UsageError("give ENTITIES or --path A B, not both")
    v = view(open_store(store), entities, depth=depth, filters=filters, lang=lang, top=top, aggregate=aggregate,
             max_nodes=max_nodes, path=tuple(path) if path else None)
    path = v.save(out)
    hidden = f" ({v.hidden} entities without statements hidden; a checkbox shows them)" if v.hidden else ""
    click.echo(f"wrote {path}: {v.nodes} entities, {v.edges} statements{hidden}")
    if open_:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())

"""``kg analyze …``: network analytics over the projected graph."""

from __future__ import annotations

import functools
from typing import Callable

import click

from kg.cli import main
from kg.cli.common import KGGroup, echo_out, store_option


EXPORT_FORMAT_NAMES = ("graphml", "gexf", "csv")


def _split(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


def projection_options(f: Callable) -> Callable:
    """The filters every analysis and view accepts."""
    options = [
        click.option("--as-of", help="Snapshot: only statements dated on or before DATE (YYYY[-MM[-DD]])."),
        click.option("--from", "start", help="Window start: only statements dated on or after DATE."),
        click.option("--to", "end", help="Window end: only statements dated on or before DATE."),
        click.option("--predicates", help="Comma-separated predicate keys to keep, e.g. opposes,supports."),
        click.option("--types", help="Comma-separated entity types to keep, e.g. Person,Decision."),
        click.option("--min-publishers", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Keep claims reported by at least N independent publishers."),
        store_option,
    ]
    for option in reversed(options):
        f = option(f)

    @functools.wraps(f)
    def wrapper(*args, as_of, start, end, predicates, types, min_publishers, store, **kwargs):
        from kg.analytics import Filters, project
        from kg.store.local import open_store

        if end in EXPORT_FORMAT_NAMES:
            raise click.UsageError(f"--to is the end of the date window; the export format is "
                                   f"--format: kg analyze export --format {end} …")
        st = open_store(store)
        filters = Filters(as_of=as_of, start=start, end=end, predicates=_split(predicates), types=_split(types),
                          min_publishers=min_publishers)
        return f(*args, store=st, graph=functools.partial(project, st, filters), **kwargs)

    return wrapper


def output_option(f: Callable) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(("table", "csv", "json")), default="table",
                        show_default=True, help="Output format.")(f)


def emit(df, fmt: str) -> None:
    """Print a DataFrame as an aligned table, CSV or JSON records."""
    if fmt == "csv":
        echo_out(df.to_csv(index=False))
    elif fmt == "json":
        echo_out(df.to_json(orient="records", force_ascii=False, indent=2, date_format="iso"))
    elif df.empty:
        echo_out("(no rows)")
    else:
        import pandas as pd

        with pd.option_context("display.max_colwidth", 60, "display.width", 250):
            echo_out(df.to_string(index=False))


@main.group("analyze", cls=KGGroup)
def analyze() -> None:
    """Network analytics: centrality, communities, brokers, evidence paths, stances, timelines.

    Every analysis works on the graph of entities (nodes) and statements (edges), filtered by
    date, predicate, entity type and number of independent publishers.

    \b
    Example:
      kg analyze centrality --types Person --top 10
    """


@analyze.command("centrality")
@click.option("--top", type=click.IntRange(min=1), help="Show only the N most central.")
@output_option
@projection_options
def centrality_cmd(graph, store, top, fmt) -> None:
    """Degree, PageRank and betweenness of every entity.

    \b
    Example:
      kg analyze centrality --top 20 --format csv
    """
    from kg.analytics import centrality

    df = centrality(graph())
    emit(df.head(top) if top else df, fmt)


@analyze.command("communities")
@output_option
@projection_options
def communities_cmd(graph, store, fmt) -> None:
    """Louvain communities (repeatable: fixed seed).

    \b
    Example:
      kg analyze communities --types Person,GovernmentAgency,Company
    """
    from kg.analytics import communities

    emit(communities(graph()), fmt)


@analyze.command("brokers")
@click.option("--top", type=click.IntRange(min=1), help="Show only the N best brokers.")
@output_option
@projection_options
def brokers_cmd(graph, store, top, fmt) -> None:
    """Entities that bridge communities.

    \b
    Example:
      kg analyze brokers --top 10
    """
    from kg.analytics import brokers

    df = brokers(graph())
    emit(df.head(top) if top else df, fmt)


@analyze.command("path")
@click.argument("source")
@click.argument("target")
@output_option
@projection_options
def path_cmd(graph, store, source, target, fmt) -> None:
    """How SOURCE and TARGET are connected: each hop with its statements, quotes and sources.

    SOURCE and TARGET are ids or labels in any language.

    \b
    Example:
      kg analyze path "Marco Rubio" "Nvidia"
    """
    from kg.analytics import evidence_path
    from kg.query.entities import resolve_entity

    df = evidence_path(graph(), resolve_entity(store, source), resolve_entity(store, target))
    if fmt == "table":
        df = df[["hop", "source_label", "predicate", "target_label", "date", "quote", "publishers", "sources"]]
    emit(df, fmt)


@analyze.command("ego")
@click.argument("entity")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Hops from ENTITY.")
@output_option
@projection_options
def ego_cmd(graph, store, entity, depth, fmt) -> None:
    """The statements among the entities within --depth hops of ENTITY.

    \b
    Example:
      kg analyze ego nvidia --depth 1
    """
    from kg.analytics import edges_frame, ego_network
    from kg.query.entities import resolve_entity

    df = edges_frame(ego_network(graph(), resolve_entity(store, entity), depth))
    if fmt == "table":
        df = df[["source_label", "predicate", "target_label", "date", "quote"]]
    emit(df, fmt)


@analyze.command("stances")
@click.option("--wide", is_flag=True, help="Actors × decisions matrix of net stances.")
@output_option
@projection_options
def stances_cmd(graph, store, wide, fmt) -> None:
    """Who supports and who opposes each decision (counts of statements).

    \b
    Example:
      kg analyze stances --wide
    """
    from kg.analytics import stance_matrix, stances

    if wide:
        df = stance_matrix(graph())
        emit(df.reset_index() if not df.empty else df, fmt)
    else:
        emit(stances(graph()), fmt)


@analyze.command("timeline")
@click.argument("entity")
@output_option
@projection_options
def timeline_cmd(graph, store, entity, fmt) -> None:
    """Every statement about ENTITY, ordered by date.

    \b
    Example:
      kg analyze timeline H20
    """
    from kg.analytics import timeline
    from kg.query.entities import resolve_entity

    df = timeline(graph(), resolve_entity(store, entity))
    if fmt == "table":
        df = df[["date", "source_label", "predicate", "target_label", "quote", "publishers"]]
    emit(df, fmt)


@analyze.command("changes")
@click.argument("first")
@click.argument("second")
@output_option
@projection_options
def changes_cmd(graph, store, first, second, fmt) -> None:
    """What the graph gained between the dates FIRST and SECOND.

    \b
    Example:
      kg analyze changes 2025-10-29 2025-12-31
    """
    from kg.analytics import changes
    from kg.records.model import parse_partial_date

    try:
        a, b = parse_partial_date(first), parse_partial_date(second)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    df = changes(graph(), a, b)
    if fmt == "table":
        df = df[["date", "source_label", "predicate", "target_label", "new_entities", "publishers"]]
    emit(df, fmt)


EXPORT_FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}


@analyze.command("export")
@click.option("--format", "to_format", type=click.Choice(EXPORT_FORMAT_NAMES),
              help="GraphML or GEXF (Gephi), or CSV nodes and edges (spreadsheets). "
                   "Default: from the --out suffix (.graphml, .gexf, .csv).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output file (CSV: a prefix).")
@projection_options
def export_cmd(graph, store, to_format, out) -> None:
    """Export the (filtered) graph for Gephi or spreadsheets.

    \b
    Examples:
      kg analyze export --format gexf --out graph.gexf
      kg analyze export --out graph.graphml --as-of 2025-10-29
    """
    from pathlib import Path

    from kg.analytics import export_graph

    if to_format is None:
        to_format = EXPORT_FORMATS.get(Path(out).suffix.lower())
        if to_format is None:
            raise click.UsageError("Give --format graphml|gexf|csv, or an --out file ending in "
                                   ".graphml, .gexf or .csv.")
    for path in export_graph(graph(), out, to_format):
        click.echo(f"wrote {path}")

"""``kg stats``, ``kg validate``, ``kg predicates``."""

from __future__ import annotations

import json

import click

from kg.cli.group import main
from kg.cli.common import echo_out, format_option, store_option


@main.command("stats")
@store_option
@format_option(("table", "json"))
def stats_command(store: str, fmt: str) -> None:
    """Count entities (by type), statements, sources and triples.

    \b
    Example:
      kg stats --format json
    """
    from kg import api

    stats = api.open(store).stats()
    if fmt == "json":
        echo_out(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    lines = [f"entities      {stats['entities_total']}"]
    lines += [f"  {k:<20}{v}" for k, v in stats["entities"].items()]
    lines += [f"statements    {stats['statements']}", f"sources       {stats['sources']}",
              f"triples       {stats['triples']}", f"named graphs  {stats['named_graphs']}",
              "labels        " + ", ".join(f"{k}: {v}" for k, v in stats["labels"].items())]
    echo_out("\n".join(lines))


@main.command("validate")
@store_option
def validate_command(store: str) -> None:
    """Check the built graph against the SHACL shapes; exit 1 on violations.

    \b
    Example:
      kg validate --store build/store
    """
    from kg import api

    report = api.open(store).validate()
    if not report.conforms:
        raise click.ClickException(str(report))
    click.echo(str(report))


@main.command("predicates")
@format_option(("table", "json"))
def predicates_command(fmt: str) -> None:
    """List the controlled statement predicates with their domain and range.

    \b
    Example:
      kg predicates
    """
    from kg import api

    rows = [{"predicate": p.key, "domain": sorted(p.domain),
             "range": sorted(p.range) if not p.is_literal else [p.datatype.split("#")[1]],
             "label": p.label} for p in api.predicates()]
    if fmt == "json":
        echo_out(json.dumps(rows, indent=2))
        return
    width = max(len(r["predicate"]) for r in rows)
    echo_out("\n".join(f"{r['predicate']:<{width}}  {' | '.join(r['domain'])} → {' | '.join(r['range'])}"
                       for r in rows))

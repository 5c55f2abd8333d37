"""``kg ask``."""

from __future__ import annotations

import click

from kg.cli.group import main
from kg.cli.common import echo_out, format_option, store_option


@main.command("ask")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned questions and their parameters.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the question; repeatable.")
@store_option
@click.option("--endpoint", metavar="URL",
              help="Query a remote SPARQL endpoint instead of --store (e.g. http://127.0.0.1:7878/query).")
@format_option(("table", "csv", "tsv", "json"))
def ask_command(name: str | None, list_: bool, params: tuple[str, ...], store: str, endpoint: str | None,
                fmt: str) -> None:
    """Answer a canned analyst question (parameters are bound, never pasted into the query).

    \b
    Examples:
      kg ask --list
      kg ask stances --param decision=blackwell-china-export-approval
      kg ask decisions --param issuer=bis --param from=2025-01-01 --format csv
    """
    from kg import api

    if list_ or name is None:
        lines = []
        for q in api.list_questions():
            sig = " ".join(f"[{p.name}=…]" if p.optional else f"{p.name}=…" for p in q.params)
            lines.append(f"{q.name} {sig}".rstrip())
            lines.append(f"    {q.description}")
            lines += [f"    {p.name} ({p.kind}{', optional' if p.optional else ''}): {p.doc}" for p in q.params]
        echo_out("\n".join(lines))
        return
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        values[key] = value
    echo_out(api.render(api.open(endpoint or store).answer(name, **values), fmt))

"""``kg audit``."""

from __future__ import annotations

import sys

import click

from kg.cli import main
from kg.cli.common import echo_out


@main.command("audit")
@click.option("--data", default="data", show_default=True, type=click.Path(file_okay=False),
              help="The curated data directory.")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "json")), default="table", show_default=True,
              help="Output format (the summary line goes to stderr for csv and json).")
@click.option("--check", "checks", multiple=True, metavar="ID",
              help="Only this check (repeatable); an id ending in '-' selects a family, e.g. url-.")
@click.option("--severity", "severities", multiple=True, type=click.Choice(("error", "warning", "info")),
              help="Only findings of this severity (repeatable).")
@click.option("--reference", type=click.Path(dir_okay=False, exists=True),
              help="A reference fact sheet (YAML items with 'fact'): warn of quotes found word for word in it.")
@click.option("--strict", is_flag=True, help="Exit 1 when any error-level finding is reported.")
@click.option("--list-checks", is_flag=True, help="List the checks, their severity and what they find, and exit.")
def audit_command(data: str, fmt: str, checks: tuple[str, ...], severities: tuple[str, ...], reference: str | None,
                  strict: bool, list_checks: bool) -> None:
    """Report weak or missing evidence in the curated data, before a release.

    Each finding gives file:line, the record id, what is wrong and how to fix it, with a
    severity (error, warning, info); a summary line counts them. Exit status is 0 unless
    --strict is given and an error is reported (then 1): CI runs kg audit --strict.
    --reference FILE also warns of quotes found word for word in a reference fact sheet.

    \b
    Examples:
      kg audit                              # table of every finding
      kg audit --severity error             # what blocks a release
      kg audit --check url- --format csv > urls.csv
      kg audit --check statement-no-date --format json
    """
    from kg.audit import CHECKS, FORMATS, audit, select, summary_line

    if list_checks:
        width = max(map(len, CHECKS))
        echo_out("\n".join(f"{cid.ljust(width)}  {sev.ljust(7)}  {what}" for cid, (sev, what) in CHECKS.items()))
        return
    for c in checks:
        if c not in CHECKS and not (c.endswith("-") and any(k.startswith(c) for k in CHECKS)):
            raise click.BadParameter(f"unknown check {c!r}; kg audit --list-checks lists them", param_hint="--check")
    findings = select(audit(data, reference=reference), checks=checks, severities=severities)
    echo_out(FORMATS[fmt](findings))
    if fmt != "table":
        click.echo(summary_line(findings), err=True)
    if strict and any(f.severity == "error" for f in findings):
        sys.exit(1)

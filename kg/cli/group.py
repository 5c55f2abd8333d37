"""The ``kg`` command group; each module of kg/cli adds its commands to it, kg/cli/__init__ imports them all."""

from __future__ import annotations

import click

from kg.cli.common import KGGroup

__all__ = ["main"]


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chip-policy-kg", prog_name="kg")
def main() -> None:
    """US–China AI-chip policy knowledge graph: sourced statements in, RDF out.

    \b
    Typical session:
      kg build                       # validate data/ and write build/store + build/kg.trig
      kg stats                       # what the graph holds
      kg query 'SELECT ?s WHERE { ?s a kg:Person } LIMIT 5'
      kg validate                    # SHACL check of the built graph
    """

"""The ``kg`` command line: a thin layer over the library (see :mod:`kg.api`).

Errors raised on purpose (:class:`kg.errors.KGError`) print as one ``Error: …`` paragraph on
stderr with exit code 1; anything else prints a one-line internal error (exit 2), with the
traceback only when ``KG_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

import click

from kg.cli.common import KGGroup

__all__ = ["main", "run"]


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


from kg.cli import analyze as _analyze  # noqa: E402,F401  (registers commands)
from kg.cli import ask as _ask  # noqa: E402,F401
from kg.cli import audit as _audit  # noqa: E402,F401
from kg.cli import build as _build  # noqa: E402,F401
from kg.cli import info as _info  # noqa: E402,F401
from kg.cli import link as _link  # noqa: E402,F401
from kg.cli import push as _push  # noqa: E402,F401
from kg.cli import query as _query  # noqa: E402,F401
from kg.cli import serve as _serve  # noqa: E402,F401
from kg.cli import view as _view  # noqa: E402,F401


def run(argv: list[str] | None = None) -> None:
    """Entry point of the ``kg`` script: run :func:`main` with no traceback for the user."""
    try:
        main.main(args=argv, prog_name="kg", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # pragma: no cover - last line of defence
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"Internal error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for details, and please report it)",
                   err=True)
        sys.exit(2)

"""The ``kg`` command line: a thin layer over the library (see :mod:`kg.api`).

Errors raised on purpose (:class:`kg.errors.KGError`) print as one ``Error: …`` paragraph on
stderr with exit code 1; anything else prints a one-line internal error (exit 2), with the
traceback only when ``KG_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

import click

from kg.cli.group import main

__all__ = ["main", "run"]

from kg.cli import analyze as _analyze  # noqa: F401  (registers commands)
from kg.cli import ask as _ask  # noqa: F401
from kg.cli import audit as _audit  # noqa: F401
from kg.cli import build as _build  # noqa: F401
from kg.cli import fetch as _fetch  # noqa: F401
from kg.cli import info as _info  # noqa: F401
from kg.cli import link as _link  # noqa: F401
from kg.cli import push as _push  # noqa: F401
from kg.cli import query as _query  # noqa: F401
from kg.cli import serve as _serve  # noqa: F401
from kg.cli import view as _view  # noqa: F401


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

"""Shared pieces of the CLI: error handling, option bundles, progress display."""

from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable

import click

__all__ = ["KGGroup", "store_option", "format_option", "echo_out", "Progress"]


class KGGroup(click.Group):
    """A group whose commands turn :class:`kg.errors.KGError` into ``Error: …`` and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from kg.errors import KGError

        try:
            return super().invoke(ctx)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for the traceback, and please report it)"
            ) from None


def store_option(f: Callable) -> Callable:
    """``--store PATH`` (default ``build/store``), for every command that reads the graph."""
    return click.option("--store", "store", default="build/store", show_default=True,
                        type=click.Path(file_okay=False), help="The built store to read.")(f)


def format_option(choices: tuple[str, ...], default: str = "table") -> Callable:
    """``--format`` with the given choices."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


def echo_out(text: str) -> None:
    """Print to stdout, ending with exactly one newline."""
    click.echo(text.rstrip("\n"))


class Progress:
    """Progress bars on stderr for long stages (only when there is a lot to do)."""

    def __init__(self, threshold: int = 50_000):
        self.threshold = threshold
        self._bar = None
        self._stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = click.progressbar(length=total, label=stage.ljust(14), file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
            self._stage = None



"""The package's exceptions: one base class, a few specific subclasses.

The library raises these; only the CLI turns them into a one-line message and exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["KGError", "Problem", "DataError", "QueryError", "StoreError", "BuildError"]


class KGError(Exception):
    """Base class of every error this package raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the curated data, located precisely.

    Examples
    --------
    >>> print(Problem("data/x.yaml", 3, "date", "'2025-13-01' is not a date", "write YYYY-MM-DD"))
    data/x.yaml:3: date: '2025-13-01' is not a date (hint: write YYYY-MM-DD)
    """

    file: str
    line: int
    field: str
    message: str
    hint: str = ""
    #: The file could not be read or parsed: its problem leads the report.
    lead: bool = field(default=False, compare=False, repr=False)
    #: For an unknown reference: ``"entity:<id>"`` or ``"source:<id>"``.
    ref: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class DataError(KGError):
    """The curated data has problems; :attr:`problems` lists all of them.

    Examples
    --------
    >>> err = DataError([Problem("a.yaml", 1, "id", "missing")])
    >>> str(err)
    '1 problem in the data:\\n  a.yaml:1: id: missing'
    """

    def __init__(self, problems: list[Problem]):
        # Files that could not be read come first: the rest often follows from them.
        self.problems = sorted(set(problems), key=lambda p: (not p.lead, p))
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the data:\n{lines}")


class QueryError(KGError):
    """A SPARQL query could not be parsed or run."""


class StoreError(KGError):
    """A store could not be opened, read or written."""


class BuildError(KGError):
    """A build could not be completed (the previous build is left as it was)."""

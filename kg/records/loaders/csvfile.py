"""Read statements from CSV: a header row naming the statement fields, one statement a row."""

from __future__ import annotations

import csv
import io

from kg.errors import Problem
from kg.records.model import STATEMENT_FIELDS
from kg.records.loaders.yamlfile import LineDict

__all__ = ["REQUIRED_COLUMNS", "read_statement_rows"]

REQUIRED_COLUMNS = ("source", "subject", "predicate", "object", "quote", "quote_lang")


def read_statement_rows(text: str, file: str) -> tuple[list[LineDict], list[Problem]]:
    """Parse CSV text into one :class:`LineDict` per row (empty cells left out).

    A row's ``line`` is the line it starts on; its ``lines`` stay empty (every field is on that
    line as far as problems are concerned).

    Examples
    --------
    >>> rows, problems = read_statement_rows(
    ...     "source,subject,predicate,object,quote,quote_lang\\ns,a,opposes,b,q,en\\n", "x.csv")
    >>> rows[0]["object"], rows[0].line, problems
    ('b', 2, [])
    """
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(file, 1, "", f"CSV syntax error: {exc}", "check the quoting of the header row")]
    if not header:
        return [], [Problem(file, 1, "", "the file is empty", "add a header row: " + ",".join(STATEMENT_FIELDS))]
    header = [h.strip() for h in header]
    for name in header:
        if name not in STATEMENT_FIELDS:
            problems.append(Problem(file, 1, name or "(empty column name)", "unknown column",
                                    "columns are: " + ", ".join(STATEMENT_FIELDS)))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(Problem(file, 1, name, "missing column", f"add a '{name}' column to the header row"))
    if len(set(header)) != len(header):
        problems.append(Problem(file, 1, "", "a column name appears twice", "keep one column per field"))
    if problems:
        return [], problems
    rows: list[LineDict] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(file, reader.line_num, "", f"CSV syntax error: {exc}",
                                    "check the quotes in this row: a quote inside a cell is written twice (\"\")"))
            break
        if not "".join(cells).strip():
            start = reader.line_num + 1
            continue
        if len(cells) != len(header):
            problems.append(Problem(file, start, "", f"the row has {len(cells)} cells but the header has {len(header)}",
                                    "quote cells that contain commas"))
        else:
            # Every field of a row is on the row's first line: ``lines`` stays empty and
            # lookups fall back to ``line`` (a cell spanning lines is reported where it starts).
            row = LineDict((name, value) for name, value in zip(header, cells) if value.strip())
            row.line = start
            rows.append(row)
        start = reader.line_num + 1
    return rows, problems

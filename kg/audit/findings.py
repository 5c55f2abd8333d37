"""What an audit reports: findings with severity, place, record and a fix, and their output forms."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Iterable, Literal

__all__ = ["SEVERITIES", "Finding", "summary_line", "to_table", "to_csv", "to_json", "FORMATS"]

#: Severities, most serious first. An ``error`` fails ``kg audit --strict``.
SEVERITIES = ("error", "warning", "info")
Severity = Literal["error", "warning", "info"]
_RANK = {s: i for i, s in enumerate(SEVERITIES)}
FIELDS = ("severity", "check", "file", "line", "record", "message", "hint")


@dataclass(frozen=True)
class Finding:
    """One thing an audit found, located precisely, with how to fix it.

    Attributes
    ----------
    severity : {'error', 'warning', 'info'}
        ``error``: the evidence is wrong or missing and must be fixed before a release;
        ``warning``: weak or incomplete evidence worth a curator's look; ``info``: a note.
    check : str
        The check's id, e.g. ``source-no-date`` (``kg audit --list-checks`` lists them).
    file, line : str, int
        Where the record (or the field at fault) is written; line 0 when unknown.
    record : str
        The id of the record (entity, source or statement id); empty when there is none.
    message, hint : str
        What is wrong, and how to fix it.

    Examples
    --------
    >>> print(Finding("error", "url-home-page", "data/sources/x.yaml", 4, "x", "URL is a home page", "link the article"))
    data/sources/x.yaml:4: error url-home-page [x]: URL is a home page (hint: link the article)
    """

    severity: Severity
    check: str
    file: str
    line: int
    record: str
    message: str
    hint: str = ""

    def sort_key(self) -> tuple:
        return (self.file, self.line, _RANK[self.severity], self.check, self.record, self.message)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        rec = f" [{self.record}]" if self.record else ""
        text = f"{where}: {self.severity} {self.check}{rec}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def summary_line(findings: Iterable[Finding]) -> str:
    """``N errors, N warnings, N info in N records``.

    Examples
    --------
    >>> summary_line([Finding("error", "c", "f", 1, "a", "m"), Finding("info", "c", "f", 2, "a", "m")])
    '1 error, 0 warnings, 1 info in 1 record'
    """
    findings = list(findings)
    counts = Counter(f.severity for f in findings)
    records = len({(f.file, f.record or f"{f.file}:{f.line}") for f in findings})
    err, warn = counts["error"], counts["warning"]
    return (f"{err} error{'s' if err != 1 else ''}, {warn} warning{'s' if warn != 1 else ''}, "
            f"{counts['info']} info in {records} record{'s' if records != 1 else ''}")


def to_table(findings: list[Finding]) -> str:
    """One line per finding (``file:line: severity check [record]: message (hint: ...)``), then the summary."""
    lines = [str(f) for f in findings]
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def to_csv(findings: list[Finding]) -> str:
    """CSV with a header row: severity, check, file, line, record, message, hint."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for f in findings:
        writer.writerow([getattr(f, name) for name in FIELDS])
    return out.getvalue()


def to_json(findings: list[Finding]) -> str:
    """``{"summary": {...}, "findings": [...]}``, keys sorted, UTF-8 text kept as is."""
    counts = Counter(f.severity for f in findings)
    summary = {s: counts[s] for s in SEVERITIES}
    summary["records"] = len({(f.file, f.record or f"{f.file}:{f.line}") for f in findings})
    summary["text"] = summary_line(findings)
    return json.dumps({"summary": summary, "findings": [asdict(f) for f in findings]},
                      ensure_ascii=False, indent=2, sort_keys=True) + "\n"


FORMATS = {"table": to_table, "csv": to_csv, "json": to_json}

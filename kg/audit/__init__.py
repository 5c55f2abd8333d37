"""``kg audit``: an evidence report over the curated data, run by curators before a release.

Each :class:`~kg.audit.findings.Finding` names a file and line, the record, what is wrong and
how to fix it; checks and their severities are listed in :data:`kg.audit.checks.CHECKS`.
The audit reads the same records as ``kg build`` (validation problems are error findings,
not an exception) and runs in one pass over them: time grows linearly with the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from kg.audit.checks import (CHECKS, corroboration_findings, decision_findings, entity_findings, problem_findings,
                     reference_quote_findings, relay_findings, source_findings, statement_findings)
from kg.audit.findings import FORMATS, SEVERITIES, Finding, summary_line
from kg.audit.reference import read_reference_facts

__all__ = ["audit", "Finding", "CHECKS", "SEVERITIES", "FORMATS", "summary_line", "select"]


def audit(root: str | Path = "data", *, reference: str | Path | None = None) -> list[Finding]:
    """Audit the curated data under ``root``.

    Parameters
    ----------
    root : str or Path
        The data directory (``entities/``, ``sources/``, ``statements/``).
    reference : str or Path, optional
        A reference fact sheet (YAML list of items with a ``fact`` text, like the project's
        shared ``facts.yaml``): statements whose quote is word for word in a fact text are
        reported as quoting the summary. Without it, only statement notes are read for that.

    Returns
    -------
    list of Finding
        Sorted by file, line, severity and check.

    Raises
    ------
    DataError
        If ``root`` is not a directory, or the reference file cannot be read.

    Examples
    --------
    >>> findings = audit("data")
    >>> all(f.check in CHECKS for f in findings)
    True
    """
    from kg.records.checks import check_records, check_statements
    from kg.records.loaders import read_data
    from kg.ontology import load_ontology

    facts = read_reference_facts(reference) if reference is not None else None
    onto = load_ontology()
    seen_ids: dict[str, object] = {}

    def after_records(data, problems) -> None:
        problems.extend(check_records(data, onto))

    def each_statements(data, batch, problems) -> None:
        problems.extend(check_statements(data, batch, onto, seen_ids, []))

    data, problems = read_data(root, after_records=after_records, each_statements=each_statements)
    statements = [loc for loc in data.statements if loc.record.source in data.sources]
    found: list[Finding] = list(problem_findings(problems))
    found += source_findings(data)
    found += relay_findings(data)
    found += statement_findings(data, statements)
    if facts is not None:
        found += reference_quote_findings(data, statements, facts)
    found += corroboration_findings(data, statements)
    found += entity_findings(data)
    found += decision_findings(data)
    return sorted(set(found), key=Finding.sort_key)


def select(findings: Iterable[Finding], *, checks: Iterable[str] = (), severities: Iterable[str] = ()) -> list[Finding]:
    """The findings of the given checks (id or prefix ending in ``-``, e.g. ``url-``) and severities."""
    checks, severities = tuple(checks), set(severities)
    out = []
    for f in findings:
        if checks and not any(f.check == c or (c.endswith("-") and f.check.startswith(c)) for c in checks):
            continue
        if severities and f.severity not in severities:
            continue
        out.append(f)
    return out

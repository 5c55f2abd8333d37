"""Read the curated files under ``data/`` into validated records.

Every problem found is collected, with file, line and field, and raised together as one
:class:`~kg.errors.DataError`: an analyst fixes a whole run's worth of mistakes at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kg.errors import DataError, Problem
from kg.records.model import CuratedData, Entity, Located, Source, Statement
from kg.records.loaders.csvfile import read_statement_rows
from kg.records.loaders.textfile import display_path, read_text_file
from kg.records.loaders.readahead import read_ahead
from kg.records.loaders.registry import loader_files, loader_for, register_loader
from kg.records.loaders.yamlfile import LineDict, LineList, load_yaml

__all__ = ["CuratedData", "DataSink", "display_path", "load_data", "read_data", "read_text_file", "statement_files",
           "register_loader"]

M = TypeVar("M", bound=BaseModel)


def _line_of(raw: Any, loc: tuple[Any, ...], default: int) -> int:
    line, node = default, raw
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line


def _field_name(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _hint(err: dict[str, Any], model: type[BaseModel]) -> str:
    kind = err["type"]
    name = _field_name(err["loc"])
    if kind == "missing":
        return f"add '{err['loc'][-1]}:'" if err["loc"] else "add the missing field"
    if kind == "extra_forbidden":
        allowed = ", ".join(k for k in model.model_fields)
        return f"remove it, or check its spelling; {model.__name__} fields are: {allowed}"
    if "date" in name or "from" in name or name in ("to", "published", "released", "effective"):
        return "write dates as YYYY-MM-DD, YYYY-MM or YYYY"
    if kind in ("string_type", "dict_type", "list_type"):
        return "check the indentation and the quoting of this value"
    return ""


def _validate(model: type[M], raw: Any, file: str, line: int, prefix: str, problems: list[Problem]) -> M | None:
    """Validate ``raw``; on failure record its problems and return what can be salvaged.

    The salvaged record (the bad fields left out) only serves the cross-record checks, so
    that one run reports every problem; a run with problems never builds.
    """
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        _report(exc, model, raw, file, line, prefix, problems)
        bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
        try:
            return model.model_validate({k: v for k, v in raw.items() if k not in bad})
        except ValidationError:
            return None


def _report(exc: ValidationError, model: type[BaseModel], raw: Any, file: str, line: int, prefix: str,
            problems: list[Problem]) -> None:
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-before"))
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        field_name = _field_name(loc)
        where = f"{prefix}{field_name}" if field_name else prefix.rstrip(".")
        problems.append(Problem(file, _line_of(raw, loc, line), where, msg, _hint({**err, "loc": loc}, model)))


def _parse_yaml(text: str, file: str, problems: list[Problem]) -> Any:
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(file, line, "", f"YAML syntax error: {what}",
                                "check indentation, and quote text containing ': ' or ' #'", lead=True))
        return None


def _files(folder: Path, patterns: Iterable[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    found = {p for pattern in patterns for p in folder.glob(pattern) if not p.name.startswith(".")}
    return sorted(found)


def _read_list_file(path: Path, model: type[M], kind: str, problems: list[Problem]) -> list[Located[M]]:
    file = display_path(path)
    text = read_text_file(path, problems)
    if text is None:
        return []
    doc = _parse_yaml(text, file, problems)
    if doc is None:
        return []
    if not isinstance(doc, list):
        problems.append(Problem(file, getattr(doc, "line", 1), "", f"expected a list of {kind}s",
                                f"start each {kind} with '- id: ...'"))
        return []
    out = []
    for i, raw in enumerate(doc):
        line = doc.lines[i]
        if not isinstance(raw, dict):
            problems.append(Problem(file, line, f"[{i}]", f"expected a {kind} (a mapping of fields)",
                                    "write 'field: value' lines under '- '"))
            continue
        rec = _validate(model, raw, file, line, "", problems)
        if rec is not None:
            out.append(Located(rec, file, line, dict(raw.lines)))
    return out


def _read_records(path: Path, model: type[M], kind: str) -> tuple[list[Located[M]], list[Problem]]:
    """The records of an entities or sources file, and its problems (a job for :func:`read_ahead`)."""
    problems: list[Problem] = []
    return _read_list_file(path, model, kind, problems), problems


_BATCH = 5_000  # statements handed on at a time, so that a build maps and stores while it reads


def _batches(records: Iterable[Located[Statement]]) -> Iterator[list[Located[Statement]]]:
    batch: list[Located[Statement]] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_statement_yaml(path: Path, problems: list[Problem]) -> Iterator[Located[Statement]]:
    file = display_path(path)
    text = read_text_file(path, problems)
    if text is None:
        return
    doc = _parse_yaml(text, file, problems)
    if doc is None:
        return
    if not isinstance(doc, dict) or "statements" not in doc:
        problems.append(Problem(file, getattr(doc, "line", 1), "", "expected a mapping with 'source' and 'statements'",
                                "start the file with 'source: <source id>' and 'statements:'"))
        return
    for key in doc:
        if key not in ("source", "statements", "status"):
            problems.append(Problem(file, doc.lines[key], str(key), "unknown field",
                                    "a statements file has only 'source', 'status' and 'statements'"))
    status = doc.get("status", "reviewed")
    if status not in ("draft", "reviewed"):
        problems.append(Problem(file, doc.lines["status"], "status", f"unknown status {status!r}",
                                "write 'status: draft' (skipped by the build) or 'status: reviewed'"))
        return
    if status == "draft":
        return
    if "source" not in doc:
        problems.append(Problem(file, doc.line, "source", "missing", "add 'source: <source id>' at the top"))
        return
    items = doc["statements"]
    if not isinstance(items, list):
        problems.append(Problem(file, doc.lines["statements"], "statements", "expected a list of statements",
                                "start each statement with '- subject: ...'"))
        return
    for i, raw in enumerate(items):
        line = items.lines[i]
        prefix = f"statements[{i}]."
        if not isinstance(raw, dict):
            problems.append(Problem(file, line, f"statements[{i}]", "expected a statement (a mapping of fields)",
                                    "write 'field: value' lines under '- '"))
            continue
        if "source" in raw:
            problems.append(Problem(file, raw.lines["source"], prefix + "source",
                                    "a statement in a YAML file takes the file's source",
                                    "remove it, or move the statement to that source's file"))
            continue
        merged = LineDict(raw, source=doc["source"])
        merged.line, merged.lines = line, {**raw.lines, "source": doc.lines["source"]}
        rec = _validate(Statement, merged, file, line, prefix, problems)
        if rec is not None:
            yield Located(rec, file, line, dict(merged.lines), prefix)


def _read_statement_csv(path: Path, problems: list[Problem]) -> Iterator[Located[Statement]]:
    file = display_path(path)
    text = read_text_file(path, problems)
    if text is None:
        return
    rows, row_problems = read_statement_rows(text, file)
    problems.extend(row_problems)
    del text
    rows.reverse()
    while rows:  # each row is freed once validated: a build maps as it reads, so this bounds memory
        row = rows.pop()
        rec = _validate(Statement, row, file, row.line, "", problems)
        if rec is not None:
            yield Located(rec, file, row.line)


register_loader("yaml", patterns=("*.yaml", "*.yml"), read=_read_statement_yaml)
register_loader("csv", patterns=("*.csv",), read=_read_statement_csv)
# A feed: `from kg.records.loaders import <feed>  # noqa: F401 (registers)` here, its module calling
# register_loader(...); see kg/records/loaders/registry.py.


def statement_files(root: Path) -> list[Path]:
    """The statements files under ``root`` that a registered loader reads, in the order they are read."""
    return loader_files(root)


#: ``after_records(data, problems)``: called once entities and sources are read.
AfterRecords = Callable[[CuratedData, list[Problem]], None]
#: ``each_statements(data, batch, problems)``: called with each batch of statements read.
EachStatements = Callable[[CuratedData, list[Located[Statement]], list[Problem]], None]


def read_data(root: str | Path, *, after_records: AfterRecords | None = None,
              each_statements: EachStatements | None = None,
              keep_statements: bool = True) -> tuple[CuratedData, list[Problem]]:
    """Read and validate every record under ``root`` without cross-record checks.

    Returns the records that passed their own checks and every problem found. Entities and
    sources are read first, then statements file by file; the optional hooks see the data
    (and the problems found so far) at those points, which lets :func:`load_data` check and a
    build map statements while the rest is still being read. With ``keep_statements=False``
    statements are only handed to ``each_statements`` (a build that stores them as it reads
    does not hold them all in memory).

    Examples
    --------
    >>> batches = []
    >>> data, problems = read_data("data", each_statements=lambda d, batch, p: batches.append(len(batch)))
    >>> sum(batches) == len(data.statements), problems
    (True, [])
    """
    root = Path(root)
    problems: list[Problem] = []
    data = CuratedData(root=root)
    if not root.is_dir():
        raise DataError([Problem(display_path(root), 0, "", "no such data directory",
                                 "pass --data with the folder holding entities/, sources/ and statements/")])
    record_files = ([(path, Entity, "entity") for path in _files(root / "entities", ["*.yaml", "*.yml"])]
                    + [(path, Source, "source") for path in _files(root / "sources", ["*.yaml", "*.yml"])])
    read = read_ahead(record_files, _read_records, paths=[path for path, _, _ in record_files])
    for (records, found), (_, model, kind) in zip(read, record_files):  # read first: it ends the child
        problems.extend(found)
        known = data.entities if model is Entity else data.sources
        for loc in records:
            first = known.get(loc.record.id)
            if first is not None:
                problems.append(Problem(loc.file, loc.line_of("id"), "id", f"duplicate {kind} id {loc.record.id!r}",
                                        f"it is already defined at {first.file}:{first.line}; rename or merge them"))
            else:
                known[loc.record.id] = loc
    # --- hook: the Federal Register snapshot (data/feeds/federal-register/, issue 15) ---
    from kg.records.loaders.federal_register import read_federal_register

    feed_statements = read_federal_register(data, problems)
    # --- end of hook ---
    if after_records is not None:
        after_records(data, problems)
    def streams():  # one file at a time; the Federal Register's statements come last
        for path in statement_files(root):
            yield loader_for(path).read(path, problems)
        yield iter(feed_statements)

    for stream in streams():
        for batch in _batches(stream):
            if keep_statements:
                data.statements.extend(batch)
            if each_statements is not None:
                each_statements(data, batch, problems)
    return data, problems


class DataSink(Protocol):
    """What :func:`load_data` hands checked records to, while it reads (a build's mapper)."""

    def records(self, data: CuratedData) -> None:
        """Entities and sources are read and checked (statements not yet)."""

    def statements(self, data: CuratedData, batch: list[Located[Statement]], ids: list[str]) -> None:
        """A batch of statements is read and checked; ``ids`` are their statement ids."""


def load_data(root: str | Path, sink: DataSink | None = None, *, keep_statements: bool = True) -> CuratedData:
    """Read, validate and cross-check the curated data under ``root``.

    Parameters
    ----------
    root : str or Path
        The data directory, holding ``entities/``, ``sources/``, ``statements/`` and ``texts/``.
    sink : DataSink, optional
        Given the records as they are read and checked, until the first problem is found
        (after which reading goes on, to report every problem, but nothing more is handed on).
    keep_statements : bool
        Whether the statements are kept in the returned data (a sink that stores them as they
        come may not need them kept).

    Returns
    -------
    CuratedData
        The records, each with the file and line it came from.

    Raises
    ------
    DataError
        Listing every problem found, each with file, line, field and a hint.

    Examples
    --------
    >>> data = load_data("data")
    >>> data.entities["marco-rubio"].record.label["en"]
    'Marco Rubio'
    """
    from kg.records.checks import check_records, check_statements
    from kg.ontology import load_ontology

    onto = load_ontology()
    seen_ids: dict[str, object] = {}

    def after_records(data: CuratedData, problems: list[Problem]) -> None:
        problems.extend(check_records(data, onto))
        if sink is not None and not problems:
            sink.records(data)

    def each_statements(data: CuratedData, batch: list[Located[Statement]], problems: list[Problem]) -> None:
        ids: list[str] = []
        problems.extend(check_statements(data, batch, onto, seen_ids, ids))
        if sink is not None and not problems:
            sink.statements(data, batch, ids)

    data, problems = read_data(root, after_records=after_records, each_statements=each_statements,
                               keep_statements=keep_statements)
    if problems:
        raise DataError(summarise_follow_ons(Path(root), problems))
    return data


_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([^\s"'#,]+)""", re.MULTILINE)


def summarise_follow_ons(root: Path, problems: list[Problem]) -> list[Problem]:
    """Fold the unknown references that an unreadable entities or sources file explains into one line.

    Each id that such a file would have defined (its ``id:`` lines, read as far as its bytes
    allow) is taken as defined; the references to those ids become one problem after the
    file's own, and references to ids the file does not mention are still reported one by one.
    """
    folders = {"entity": (root / "entities").resolve(), "source": (root / "sources").resolve()}
    explained: dict[str, tuple[Problem, str]] = {}  # ref -> (the unreadable file's problem, kind)
    for p in problems:
        if not p.lead:
            continue
        path = Path(p.file).resolve()
        kind = next((k for k, folder in folders.items() if folder in path.parents), None)
        if kind is None:
            continue
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            text = ""
        for match in _ID_LINE.finditer(text):
            explained.setdefault(f"{kind}:{match.group(1)}", (p, kind))
    if not explained:
        return problems
    kept, folded = [], {}
    for p in problems:
        cause = explained.get(p.ref) if p.ref else None
        if cause is None:
            kept.append(p)
        else:
            folded.setdefault(cause[0], []).append(p)
    for cause, follow in folded.items():
        kind = explained[follow[0].ref][1]
        ids = sorted({f.ref.split(":", 1)[1] for f in follow})
        shown = ", ".join(repr(i) for i in ids[:3]) + (", …" if len(ids) > 3 else "")
        n = len(follow)
        kept.append(Problem(cause.file, cause.line, "",
                            f"… and {n} reference{'s' if n != 1 else ''} to {kind} ids this file would have defined "
                            f"({shown}), not listed", "fix this file first", lead=True))
    return kept

"""Checks across records: every referenced id exists and has a fitting type, predicates come
from the controlled list and respect their domain and range, literal objects parse."""

from __future__ import annotations

import difflib
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Iterable

from kg.errors import Problem
from kg.records.model import parse_partial_date
from kg.ontology import Ontology, load_ontology
from kg.records.ids import statement_key

if TYPE_CHECKING:
    from kg.records.model import CuratedData, Located

__all__ = ["check_data", "check_records", "check_statements", "literal_value", "statement_id"]

_ORGS = frozenset({"Organization"})
_AGENTS = frozenset({"Agent"})
_ENTITY_REFS: dict[str, frozenset[str]] = {
    "country": frozenset({"Country"}),
    "parent": frozenset({"Organization", "Country"}),
    "government": frozenset({"GovernmentAgency"}),
    "capital": frozenset({"Place"}),
    "maker": _ORGS,
    "issuer": _AGENTS,
    "place": frozenset({"Place", "Country"}),
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = {_XSD + "date", _XSD + "gYear", _XSD + "gYearMonth"}


def literal_value(text: str, datatype: str) -> str:
    """Check and normalise a literal object for a datatype predicate.

    Raises
    ------
    ValueError
        If ``text`` does not fit ``datatype``.

    Examples
    --------
    >>> literal_value("15", "http://www.w3.org/2001/XMLSchema#decimal")
    '15'
    >>> literal_value("5.5e9", "http://www.w3.org/2001/XMLSchema#decimal")
    '5500000000'
    >>> literal_value("2022", "http://www.w3.org/2001/XMLSchema#date")
    '2022'
    """
    if datatype in _DATE_TYPES:
        return parse_partial_date(text)
    if datatype == _XSD + "integer":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a whole number") from None
        if number != number.to_integral_value():
            raise ValueError(f"{text!r} is not a whole number")
        return str(int(number))
    if datatype == _XSD + "decimal":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{text!r} is not a finite number")
        return format(number.normalize(), "f")
    return text


def statement_id(stmt) -> str:
    """The id of a statement: its explicit ``id``, else the hash of its identifying fields."""
    return stmt.id or statement_key(stmt.source, stmt.subject, stmt.predicate, stmt.object, stmt.date)


def _problem(loc, line: int, field: str, message: str, hint: str = "", ref: str = "") -> Problem:
    name = loc.prefix + field if field else loc.prefix.rstrip(".")
    return Problem(loc.file, line, name, message, hint, ref=ref)


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def check_data(data: "CuratedData", onto: Ontology | None = None) -> list[Problem]:
    """Return every cross-record problem in ``data`` (an empty list when all is well).

    Examples
    --------
    >>> from kg.records.loaders import read_data
    >>> data, problems = read_data("data")
    >>> check_data(data)
    []
    """
    onto = onto or load_ontology()
    problems = check_records(data, onto)
    problems.extend(check_statements(data, data.statements, onto, {}))
    return problems


def _entity_checker(data: "CuratedData", onto: Ontology, problems: list[Problem]):
    ents = data.entities
    fits: dict[tuple[str, frozenset[str]], bool] = {}  # (type, allowed) -> accepted

    def accepts(type_key: str, allowed: frozenset[str]) -> bool:
        ok = fits.get((type_key, allowed))
        if ok is None:
            ok = fits[(type_key, allowed)] = onto.accepts(type_key, allowed)
        return ok

    def need_entity(loc, fieldname: str, ref: str | None, allowed: frozenset[str] | None, line: int | None = None):
        if ref is None:
            return
        target = ents.get(ref)
        if target is None:
            line = line or loc.line_of(fieldname.split(".")[0].split("[")[0])
            hint = _suggest(ref, ents) or "define it in data/entities/, or fix the id"
            problems.append(_problem(loc, line, fieldname, f"unknown entity {ref!r}", hint, ref=f"entity:{ref}"))
        elif allowed and not accepts(target.record.type, allowed):
            line = line or loc.line_of(fieldname.split(".")[0].split("[")[0])
            problems.append(_problem(loc, line, fieldname,
                                    f"{ref!r} is a {target.record.type}, expected {' or '.join(sorted(allowed))}",
                                    "point to an entity of a fitting type"))

    return need_entity


def _source_checker(data: "CuratedData", problems: list[Problem]):
    srcs = data.sources

    def need_source(loc, fieldname: str, ref: str | None):
        if ref is not None and ref not in srcs:
            hint = _suggest(ref, srcs) or "define it in data/sources/, or fix the id"
            problems.append(_problem(loc, loc.line_of(fieldname), fieldname, f"unknown source {ref!r}", hint,
                                     ref=f"source:{ref}"))

    return need_source


def check_records(data: "CuratedData", onto: Ontology | None = None) -> list[Problem]:
    """Cross-record problems of the entities and sources (references, relay cycles, texts).

    Statements are checked by :func:`check_statements`, which only needs these records: a
    build checks (and maps) statements file by file once entities and sources are read.
    """
    onto = onto or load_ontology()
    problems: list[Problem] = []
    ents, srcs = data.entities, data.sources
    need_entity = _entity_checker(data, onto, problems)
    need_source = _source_checker(data, problems)
    for loc in ents.values():
        e = loc.record
        for name, allowed in _ENTITY_REFS.items():
            need_entity(loc, name, getattr(e, name), allowed)
        for i, role in enumerate(e.roles):
            need_entity(loc, f"roles[{i}].organization", role.organization,
                        frozenset({"Organization", "Country"}))
            if role.source is not None and role.source not in srcs:
                problems.append(_problem(loc, loc.line_of("roles"), f"roles[{i}].source",
                                        f"unknown source {role.source!r}", "define it in data/sources/, or fix the id",
                                        ref=f"source:{role.source}"))
            if role.from_ and role.to and role.to < role.from_:
                problems.append(_problem(loc, loc.line_of("roles"), f"roles[{i}].to",
                                        "the role ends before it starts", "check 'from' and 'to'"))
        if e.specs_source is not None:
            need_source(loc, "specs_source", e.specs_source)

    for loc in srcs.values():
        s = loc.record
        need_entity(loc, "publisher", s.publisher, _AGENTS)
        need_source(loc, "relays", s.relays)
        for i, ref in enumerate(s.mentions):
            need_entity(loc, f"mentions[{i}]", ref, None, loc.line_of("mentions"))
        if s.text is not None:
            path = data.root / "texts" / s.text
            if not path.is_file():
                problems.append(_problem(loc, loc.line_of("text"), "text", f"no stored text {s.text!r}",
                                        f"put the text at {path} or fix the file name"))
        seen, cur = {s.id}, s.relays
        while cur is not None and cur in srcs:
            if cur in seen:
                problems.append(_problem(loc, loc.line_of("relays"), "relays", "sources relay each other in a cycle",
                                        "a source relays an earlier report, never one that relays it"))
                break
            seen.add(cur)
            cur = srcs[cur].record.relays
    return problems


def check_statements(data: "CuratedData", statements: Iterable["Located"], onto: Ontology | None = None,
                     seen_ids: dict[str, object] | None = None, ids: list[str] | None = None) -> list[Problem]:
    """Cross-record problems of ``statements`` against the entities and sources of ``data``.

    ``seen_ids`` maps the id of every statement checked so far to where it was read; pass the
    same dictionary for every batch so that duplicates across batches are found. The id of
    each statement (:func:`statement_id`) is appended to ``ids`` when it is given.
    """
    onto = onto or load_ontology()
    problems: list[Problem] = []
    need_entity = _entity_checker(data, onto, problems)
    need_source = _source_checker(data, problems)
    seen_ids = {} if seen_ids is None else seen_ids
    for loc in statements:
        st = loc.record
        need_source(loc, "source", st.source)
        if st.primary_source is not None:
            need_source(loc, "primary_source", st.primary_source)
            if st.primary_source == st.source:
                problems.append(_problem(loc, loc.line_of("primary_source"), "primary_source",
                                        "the primary source is the source itself", "leave primary_source out"))
        need_entity(loc, "attributed_to", st.attributed_to, _AGENTS)
        pred = onto.predicates.get(st.predicate)
        if pred is None:
            hint = _suggest(st.predicate, onto.predicates) or "run 'kg predicates' for the controlled list"
            problems.append(_problem(loc, loc.line_of("predicate"), "predicate",
                                    f"unknown predicate {st.predicate!r}", hint))
        else:
            need_entity(loc, "subject", st.subject, pred.domain)
            if pred.is_literal:
                try:
                    literal_value(st.object, pred.datatype)
                except ValueError as exc:
                    problems.append(_problem(loc, loc.line_of("object"), "object", str(exc),
                                            f"'{pred.key}' takes a literal of type {pred.datatype.split('#')[1]}"))
            else:
                need_entity(loc, "object", st.object, pred.range)
        sid = statement_id(st)
        if ids is not None:
            ids.append(sid)
        if sid in seen_ids:
            first = seen_ids[sid]
            problems.append(_problem(loc, loc.line, "id" if st.id else "",
                                    f"duplicate statement (same as {first.file}:{first.line})",
                                    "merge them, or give each a distinct 'id' if they really are different claims"))
        else:
            seen_ids[sid] = loc
    return problems

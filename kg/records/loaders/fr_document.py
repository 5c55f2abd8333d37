"""One Federal Register document as the FR publishes it: its API JSON and optional full-text XML.

``<document_number>.json`` is one object of the FR API (``/api/v1/documents.json`` results or
``/api/v1/documents/<number>.json``); ``<document_number>.xml`` beside it is the document's
full-text XML (:mod:`kg.records.loaders.fr_xml`). Problems name the file, the line of the field and
a hint; a document with problems is left out (and the build stops, as for any problem).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import Problem
from kg.records.model import parse_partial_date
from kg.records.loaders.fr_xml import FRXml, XmlProblem, parse_fr_xml

__all__ = ["FRAgency", "FRDocument", "read_fr_document", "document_number_in"]

_DOC_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,40}$")
_CITATION = re.compile(r"^(\d{1,3}) FR (\d{1,6})$")
_URL_NUMBER = re.compile(r"/(?:documents|api/v1/documents)/(?:\d{4}/\d{2}/\d{2}/)?([A-Za-z0-9-]+?)(?:\.json|/|$)")


@dataclass(frozen=True)
class FRAgency:
    """An agency as the FR lists it (``slug`` is FR's, e.g. ``industry-and-security-bureau``)."""

    slug: str
    name: str
    raw_name: str
    parent_id: int | None


@dataclass
class FRDocument:
    """The fields of an FR document the loader uses, with the file and line of each."""

    number: str
    file: str
    xml_file: str | None = None
    citation: str | None = None
    volume: int | None = None
    start_page: int | None = None
    end_page: int | None = None
    publication_date: str | None = None
    effective_on: str | None = None
    signing_date: str | None = None
    type: str | None = None
    title: str | None = None
    abstract: str | None = None
    action: str | None = None
    dates: str | None = None
    agencies: list[FRAgency] = field(default_factory=list)
    cfr_parts: list[tuple[int, int]] = field(default_factory=list)
    rins: list[str] = field(default_factory=list)
    dockets: list[str] = field(default_factory=list)
    html_url: str | None = None
    correction_of: str | None = None
    xml: FRXml | None = None
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        """The line of field ``name`` in the JSON file (1 when it is absent)."""
        return self.lines.get(name, 1)


def document_number_in(value: Any) -> str | None:
    """A document number given as itself or inside an FR URL (how ``correction_of`` is given).

    Examples
    --------
    >>> document_number_in("https://www.federalregister.gov/api/v1/documents/2022-21658.json")
    '2022-21658'
    >>> document_number_in("2022-21658")
    '2022-21658'
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if _DOC_NUMBER.match(value):
        return value
    m = _URL_NUMBER.search(value)
    return m.group(1) if m else None


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level-looking key (its first occurrence), for problems."""
    lines: dict[str, int] = {}
    for m in re.finditer(r'"([A-Za-z_]+)"\s*:', text):
        lines.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    return lines


def _text(raw: dict, key: str) -> str | None:
    value = raw.get(key)
    if isinstance(value, str) and value.strip():
        return re.sub(r"\s+", " ", value).strip()
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [re.sub(r"\s+", " ", v).strip() for v in value if isinstance(v, str) and v.strip()]


def _read_json(path: Path, name: str, problems: list[Problem]) -> tuple[dict | None, str]:
    from kg.records.loaders.textfile import read_text_file

    text = read_text_file(path, problems)
    if text is None:
        return None, ""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, exc.lineno, "", f"malformed JSON: {exc.msg}",
                                "the file must be one FR API document object; fetch it again "
                                "(kg fetch federal-register) or fix the syntax"))
        return None, text
    if isinstance(raw, dict) and isinstance(raw.get("results"), list) and "document_number" not in raw:
        problems.append(Problem(name, 1, "", "a search result page, not one document",
                                "write each of its 'results' to <document_number>.json"))
        return None, text
    if not isinstance(raw, dict):
        problems.append(Problem(name, 1, "", "expected one FR document (a JSON object)",
                                "write one FR API document object per file"))
        return None, text
    return raw, text


def read_fr_document(path: Path, problems: list[Problem]) -> FRDocument | None:
    """Read ``<number>.json`` (and ``<number>.xml`` beside it, if there is one).

    Returns ``None`` when the document cannot be used; its problems are in ``problems``.
    """
    from kg.records.loaders.textfile import display_path, read_text_file

    name = display_path(path)
    raw, text = _read_json(path, name, problems)
    if raw is None:
        return None
    lines = _key_lines(text)
    found: list[Problem] = []

    def bad(key: str, message: str, hint: str) -> None:
        found.append(Problem(name, lines.get(key, 1), key, message, hint))

    number = raw.get("document_number")
    if not isinstance(number, str) or not _DOC_NUMBER.match(number.strip()):
        bad("document_number", "missing" if number in (None, "") else f"{number!r} is not an FR document number",
            "every FR document has a document_number such as '2022-21658'")
        problems.extend(found)
        return None
    number = number.strip()
    if path.stem != number:
        bad("document_number", f"the file is named {path.name} but holds document {number}",
            f"rename it to {number}.json")
    doc = FRDocument(number=number, file=name, lines=lines)
    doc.citation = _text(raw, "citation")
    if doc.citation and not _CITATION.match(doc.citation):
        bad("citation", f"{doc.citation!r} is not a Federal Register citation", "write it as '87 FR 62186'")
    doc.volume, doc.start_page, doc.end_page = _int(raw.get("volume")), _int(raw.get("start_page")), _int(raw.get("end_page"))
    for key in ("publication_date", "effective_on", "signing_date"):
        value = raw.get(key)
        if value in (None, ""):
            continue
        try:
            setattr(doc, key, parse_partial_date(str(value)))
        except ValueError as exc:
            bad(key, str(exc), "FR dates are YYYY-MM-DD")
    doc.type = _text(raw, "type")
    doc.title = _text(raw, "title")
    doc.abstract, doc.action, doc.dates = _text(raw, "abstract"), _text(raw, "action"), _text(raw, "dates")
    for item in raw.get("agencies") or []:
        if isinstance(item, dict):
            doc.agencies.append(FRAgency(str(item.get("slug") or ""), str(item.get("name") or ""),
                                         str(item.get("raw_name") or ""), _int(item.get("parent_id"))))
    for item in raw.get("cfr_references") or []:
        if isinstance(item, dict) and _int(item.get("title")) and _int(item.get("part")):
            doc.cfr_parts.append((_int(item["title"]), _int(item["part"])))
    doc.rins = _strings(raw.get("regulation_id_numbers"))
    doc.dockets = _strings(raw.get("docket_ids"))
    doc.html_url = _text(raw, "html_url")
    if doc.html_url and not re.match(r"^https?://\S+$", doc.html_url):
        bad("html_url", f"{doc.html_url!r} is not a URL", "the FR gives html_url as https://www.federalregister.gov/documents/...")
    doc.correction_of = document_number_in(raw.get("correction_of"))
    xml_path = path.with_suffix(".xml")
    if xml_path.is_file():
        doc.xml_file = display_path(xml_path)
        xml_text = read_text_file(xml_path, found)
        if xml_text is not None:
            try:
                doc.xml = parse_fr_xml(xml_text)
            except XmlProblem as exc:
                found.append(Problem(doc.xml_file, exc.line, "", str(exc),
                                     "the file must be the FR's full-text XML of the document; fetch it again"))
    problems.extend(found)
    if doc.xml is not None:
        for rin in doc.xml.rins:
            if rin and rin not in doc.rins:
                doc.rins.append(rin)
    return None if found else doc

"""The Federal Register's full-text XML: preamble fields and Entity List table rows.

The FR publishes each document as XML (``<RULE>``, ``<PRORULE>``, ``<NOTICE>``, …) whose
preamble holds ``<AGENCY>``, ``<SUBAGY>``, ``<CFR>``, ``<DEPDOC>``, ``<RIN>``, ``<SUBJECT>``,
``<SUM>`` and ``<DATES>``, and whose ``<REGTEXT PART="744">`` holds the amendatory
instructions (``<AMDPAR>``) and, for Supplement No. 4 to part 744 (the Entity List), a
``<GPOTABLE>`` with one row per entry: Country | Entity | License requirement | License review
policy | Federal Register citation. Parsing goes through :mod:`defusedxml` (the files come from
outside: no entity expansion, no external resources).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

__all__ = ["FRXml", "EntityListRow", "XmlProblem", "parse_fr_xml", "split_entity_cell", "element_text"]

DOCUMENT_ROOTS = ("RULE", "PRORULE", "NOTICE", "PRESDOCU", "CORRECT")
_SPACE = re.compile(r"\s+")
_ELISION = re.compile(r"^[\s*]*$")


class XmlProblem(ValueError):
    """The XML cannot be read; ``line`` is where the parser stopped (0 if unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class EntityListRow:
    """One row of the Entity List table, as printed (country carried down from the row above)."""

    country: str
    name: str
    aliases: tuple[str, ...]
    addresses: tuple[str, ...]
    license_requirement: str
    license_policy: str
    citation_text: str
    cell_text: str


@dataclass
class FRXml:
    """What the loader takes from one document's full-text XML."""

    root: str
    agency: str = ""
    subagency: str = ""
    cfr: str = ""
    depdoc: str = ""
    rins: list[str] = field(default_factory=list)
    subject: str = ""
    summary: str = ""
    dates: str = ""
    action: str = ""
    frdoc: str = ""
    paragraphs: list[str] = field(default_factory=list)
    amendments: list[str] = field(default_factory=list)
    entity_rows: list[EntityListRow] = field(default_factory=list)


def element_text(el: Element | None, sep: str = " ") -> str:
    """The text of ``el`` and its descendants, whitespace collapsed (``""`` for ``None``)."""
    if el is None:
        return ""
    return _SPACE.sub(" ", sep.join(t for t in el.itertext())).strip()


def _section(pre: Element | None, tag: str) -> str:
    """The text of a preamble section without its ``<HD>`` heading (``SUMMARY:``)."""
    if pre is None:
        return ""
    el = pre.find(tag)
    if el is None:
        return ""
    return " ".join(element_text(p) for p in el if p.tag != "HD").strip()


def _cells(row: Element) -> list[Element]:
    return [e for e in row if e.tag == "ENT"]


def _cell_lines(ent: Element) -> list[str]:
    """The lines of a table cell: its own text, then each ``<LI>`` (how FR prints aliases and addresses)."""
    lines = [_SPACE.sub(" ", ent.text or "").strip()]
    for child in ent:
        text = element_text(child)
        if child.tag == "LI":
            lines.append(text)
        else:
            lines[-1] = (lines[-1] + " " + text).strip()
        if child.tail and child.tail.strip():
            lines[-1] = (lines[-1] + " " + _SPACE.sub(" ", child.tail).strip()).strip()
    return [line for line in lines if line]


_AKA = re.compile(r",?\s*(?:a\.k\.a\.|also known as)\s*,?\s*", re.IGNORECASE)
_ALIAS_INTRO = re.compile(r"^the following (?:\w+ )?aliases?\s*:?\s*", re.IGNORECASE)
_NAME_END = re.compile(r",\s+(?!(?:Ltd|Limited|Inc|LLC|L\.L\.C|Co|Corp|Corporation|GmbH|S\.A|B\.V|Pte|PLC|JSC)\b)")


def _clean_alias(text: str) -> str:
    text = text.strip().lstrip("—–-").strip()
    text = re.sub(r";?\s*(?:and)?\s*$", "", text).strip()
    return text.rstrip(";").strip()


def split_entity_cell(lines: list[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Name, aliases and addresses of an Entity List cell, as the rule prints them.

    ``lines`` are the cell's own text and its ``<LI>`` items. Aliases follow ``a.k.a.`` (each
    on an item starting with an em dash, or inline for one alias); the items after them are
    addresses.

    Examples
    --------
    >>> split_entity_cell(["Acme Co., Ltd., a.k.a., the following two aliases:", "—Acme; and", "—ACM.",
    ...                    "No. 1 Road, Beijing, China."])
    ('Acme Co., Ltd.', ('Acme', 'ACM'), ('No. 1 Road, Beijing, China.',))
    >>> split_entity_cell(["Beta Institute, 5 South Street, Beijing, China."])
    ('Beta Institute', (), ('5 South Street, Beijing, China.',))
    >>> split_entity_cell(["Gamma Corp., a.k.a. Gamma Technologies. 3 Ring Road, Shenzhen, China."])
    ('Gamma Corp.', ('Gamma Technologies',), ('3 Ring Road, Shenzhen, China.',))
    """
    if not lines:
        return "", (), ()
    first, rest = lines[0], list(lines[1:])
    aliases: list[str] = []
    addresses: list[str] = []
    parts = _AKA.split(first, maxsplit=1)
    if len(parts) == 2:
        name, after = parts[0].strip().rstrip(","), parts[1].strip()
        after = _ALIAS_INTRO.sub("", after)
        if after:  # one alias inline: "a.k.a. Gamma Technologies. 3 Ring Road, ..."
            alias, _, address = after.partition(". ")
            aliases.append(_clean_alias(alias.rstrip(".")))
            if address:
                addresses.append(address.strip())
        while rest and rest[0].lstrip().startswith(("—", "–", "-")):
            aliases.append(_clean_alias(rest.pop(0)).rstrip("."))
        addresses.extend(r for r in rest if r)
    else:
        m = _NAME_END.search(first)
        if m:
            name, address = first[: m.start()], first[m.end():]
            addresses.append(address.strip())
        else:
            name = first.rstrip(".")
        addresses.extend(r for r in rest if r)
    addresses = [a for a in (re.sub(r"^(?:and\s+)", "", a).strip() for a in addresses) if a]
    return name.strip(), tuple(a for a in aliases if a), tuple(addresses)


def _entity_rows(regtext: Element) -> list[EntityListRow]:
    rows: list[EntityListRow] = []
    for table in regtext.iter("GPOTABLE"):
        heads = [element_text(c).lower() for c in table.iter("CHED")]
        if not heads or "entity" not in " ".join(heads) or "country" not in heads[0]:
            continue
        country = ""
        for row in table.iter("ROW"):
            cells = _cells(row)
            if len(cells) < 2:
                continue
            first = element_text(cells[0])
            if first and not _ELISION.match(first):
                country = first.rstrip(".")
            lines = _cell_lines(cells[1])
            text = " ".join(lines)
            if not text or _ELISION.match(text):
                continue
            name, aliases, addresses = split_entity_cell(lines)
            values = [element_text(c) for c in cells[2:]] + ["", "", ""]
            if not name or not country:
                continue
            rows.append(EntityListRow(country, name, aliases, addresses, values[0], values[1], values[2], text))
    return rows


def parse_fr_xml(text: str) -> FRXml:
    """Read an FR full-text XML document.

    Raises
    ------
    XmlProblem
        If it is not well-formed XML, uses entities or a DTD, or is not an FR document.

    Examples
    --------
    >>> doc = parse_fr_xml('<RULE><PREAMB><SUBAGY>Bureau of Industry and Security</SUBAGY>'
    ...                    '<RIN>RIN 0694-AI94</RIN></PREAMB></RULE>')
    >>> doc.subagency, doc.rins
    ('Bureau of Industry and Security', ['0694-AI94'])
    """
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        root = DET.fromstring(text)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise XmlProblem(f"malformed XML: {exc}", line) from None
    except DefusedXmlException as exc:
        raise XmlProblem(f"refused XML: {exc}") from None
    if root.tag not in DOCUMENT_ROOTS:
        raise XmlProblem(f"the root element is <{root.tag}>, not an FR document ({', '.join(DOCUMENT_ROOTS)})", 1)
    pre = root.find("PREAMB")
    out = FRXml(root=root.tag)
    if pre is not None:
        out.agency = element_text(pre.find("AGENCY"))
        out.subagency = element_text(pre.find("SUBAGY"))
        out.cfr = element_text(pre.find("CFR"))
        out.depdoc = element_text(pre.find("DEPDOC"))
        out.rins = [re.sub(r"^RIN\s*", "", element_text(r)).strip() for r in pre.findall("RIN")]
        out.subject = element_text(pre.find("SUBJECT"))
        out.summary = _section(pre, "SUM")
        out.dates = _section(pre, "DATES")
        out.action = _section(pre, "ACT")
    out.frdoc = element_text(root.find(".//FRDOC"))
    out.paragraphs = [element_text(p) for p in root.iter("P")]
    for regtext in root.iter("REGTEXT"):
        out.amendments.extend(element_text(a) for a in regtext.iter("AMDPAR"))
        if regtext.get("PART") == "744":
            out.entity_rows.extend(_entity_rows(regtext))
    return out

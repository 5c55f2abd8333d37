"""Federal Register documents (``data/feeds/federal-register/``) → entities, sources, statements.

Each FR document becomes

- a **Decision** entity: the hand-written Decision with the same document number or citation
  when there is one (it keeps its id, its news statements, and gets the fields it lacks),
  otherwise ``fr-<document number>`` labelled with the document's title;
- a **source** (``kind: Legislation``): the document itself, at its ``html_url``;
- **statements** read in that source, each with a short quote from the document and the
  publication date: document number (``dcterms:identifier``), citation
  (``dcterms:bibliographicCitation``), publication date (``dcterms:issued``), type
  (``dcterms:type``), effective and compliance dates, RINs, dockets, CFR parts, the issuing
  agency (``issued``), relations to earlier documents (``corrects``, ``amends``, ``extends``,
  ``rescinds``: from ``correction_of``, from citations of earlier documents in the text, and
  from a RIN shared with an earlier final rule, marked ``reported``), and the Entity List
  entries the regulatory text adds, revises or removes (with destination, licence requirement,
  licence review policy and addresses as statements about the listed entity, dated with the
  rule's effective date).

Listed entities are matched to existing ones by name as the linker folds names
(:func:`kg.text.normalize_key`: labels and aliases in any language) or created with the names, aliases and addresses the rule prints.
A document without a publication date, or with nothing to quote (no title, abstract, action,
dates or full text), gives no statement: it only fills in a hand-written Decision for it, if any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kg.errors import Problem
from kg.records.model import Entity, Located, Source, Statement
from kg.records.loaders.fr_document import FRDocument, read_fr_document
from kg.records.loaders.fr_xml import EntityListRow

if TYPE_CHECKING:
    from kg.records.model import CuratedData

__all__ = ["FEED_DIR", "AGENCY_ENTITIES", "feed_folder", "feed_files", "read_federal_register", "decision_id"]

#: Where the snapshot lives, under a data directory.
FEED_DIR = Path("feeds") / "federal-register"
#: FR agency slugs → entity ids, for agencies whose FR name is not one of the entity's names.
AGENCY_ENTITIES = {
    "industry-and-security-bureau": "bis",
    "commerce-department": "us-department-of-commerce",
}
_QUOTE_MAX = 300
_LISTED_TYPES = frozenset({"Company", "Organization", "GovernmentAgency", "Person", "Group"})
_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[—])")
_INITIALS = re.compile(r"(?:[a-z]\.)+")
_ABBREVIATIONS = frozenset({"a.k.a.", "no.", "nos.", "co.", "ltd.", "inc.", "corp.", "u.s.", "st.", "rd.", "dr.",
                            "mr.", "ms.", "jr.", "sr.", "e.g.", "i.e.", "cf.", "doc.", "fr.", "vol.", "p.", "pp.", "§"})
_CITE = re.compile(r"\b(\d{1,3}) FR (\d{1,6})\b")
_FRDOC = re.compile(r"\bFR Doc\.? (?:No\.? )?([A-Z]?\d{1,4}-\d{3,6})")
_RELATIONS = (  # strongest first: one relation per pair of documents
    ("corrects", re.compile(r"\bcorrect(?:s|ing|ion|ions|ed)?\b", re.I)),
    ("rescinds", re.compile(r"\brescin(?:d|ds|ding|ded)\b|\brescission\b|\bwithdraw(?:s|ing|n)?\b", re.I)),
    ("extends", re.compile(r"\bextend(?:s|ing|ed)?\b|\bextension\b", re.I)),
    ("amends", re.compile(r"\bamend(?:s|ing|ed)?\b|\brevis(?:e|es|ing|ed)\b", re.I)),
)
_COMPANY = re.compile(r"\b(?:Co\.|Company|Corp\.?|Corporation|Ltd\.?|Limited|Inc\.?|LLC|GmbH|S\.A\.|Pte|PLC|JSC|"
                      r"Technolog(?:y|ies)|Electronics?|Semiconductor|Industr(?:y|ies)|Group)\b", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")


def feed_folder(root: Path) -> Path:
    """The Federal Register snapshot folder of a data directory."""
    return Path(root) / FEED_DIR


def feed_files(root: Path) -> list[Path]:
    """The document files of the snapshot (``*.json``; hidden files and sidecars are not documents)."""
    folder = feed_folder(root)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith(".") and p.is_file())


def decision_id(number: str) -> str:
    """The id of the Decision (and of the source) made for a document without a hand-written record.

    Examples
    --------
    >>> decision_id("2022-21658"), decision_id("E8-1234")
    ('fr-2022-21658', 'fr-e8-1234')
    """
    return "fr-" + re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _citation_key(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text).strip().upper() if text else None


def _sentences(text: str) -> list[str]:
    """``text`` split into sentences (not after abbreviations such as a.k.a., No., Co., Ltd.).

    Examples
    --------
    >>> _sentences("Acme Co., Ltd., a.k.a. Acme. No. 1 Road. See 95 FR 1001.")
    ['Acme Co., Ltd., a.k.a. Acme.', 'No. 1 Road.', 'See 95 FR 1001.']
    """
    return [s for s in _split_sentences(text) if s]


def _split_sentences(text: str, first_only: bool = False):
    start = 0
    for m in _BREAK.finditer(text):
        word = text[text.rfind(" ", 0, m.start()) + 1:m.start()].lower()
        if word in _ABBREVIATIONS or _INITIALS.fullmatch(word):
            continue
        yield text[start:m.start()]
        if first_only:
            return
        start = m.end()
    yield text[start:]


def _quote(text: str | None) -> str | None:
    """The first sentence of ``text``, at most ~300 characters (a short quote)."""
    if not text:
        return None
    if "  " in text or "\n" in text or "\t" in text:
        text = re.sub(r"\s+", " ", text)
    text = text.strip()
    sentence = next(_split_sentences(text, first_only=True))
    if len(sentence) > _QUOTE_MAX:
        cut = sentence.rfind(" ", 0, _QUOTE_MAX)
        sentence = sentence[: cut if cut > 0 else _QUOTE_MAX].rstrip(",;: ") + " …"
    return sentence


@dataclass
class _Context:
    """What the loader knows across documents: ids, indexes, what it has made so far."""

    data: "CuratedData"
    problems: list[Problem]
    names: "dict[str, list[tuple[str, str]]] | None" = None
    by_number: dict[str, str] = field(default_factory=dict)
    by_citation: dict[str, str] = field(default_factory=dict)
    pages: list[tuple[int, int, int, str]] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    created: dict[tuple[str, str], str] = field(default_factory=dict)
    keys: set[tuple] = field(default_factory=set)
    statements: list[Located[Statement]] = field(default_factory=list)

    def name_index(self) -> dict[str, list[tuple[str, str]]]:
        """Every label and alias (any language) of the curated entities, folded as the linker folds
        names (:func:`kg.text.normalize_key`: case, Arabic letter forms, Traditional → Simplified
        Chinese, hyphens and spacing) → ``[(entity id, type)]``."""
        if self.names is None:
            from kg.text import normalize_key

            index: dict[str, list[tuple[str, str]]] = {}
            for eid, loc in sorted(self.data.entities.items()):
                e = loc.record
                names = list(e.label.values()) + [a for aliases in e.aliases.values() for a in aliases]
                for name in names:
                    entry = (eid, e.type)
                    bucket = index.setdefault(normalize_key(name), [])
                    if entry not in bucket:
                        bucket.append(entry)
            self.names = index
        return self.names


def _link(ctx: _Context, names: Iterable[str], types: frozenset[str]) -> str | None:
    """The existing entity that one of ``names`` names as a whole: the same folded key as one of
    its labels or aliases in any language (the linker's matching of a whole name)."""
    from kg.text import normalize_key

    index = ctx.name_index()
    for name in names:
        name = name.strip()
        if not name:
            continue
        for eid, typ in index.get(normalize_key(name), ()):
            if typ in types:
                return eid
    return None


def _add(ctx: _Context, doc: FRDocument, source: str, subject: str, predicate: str, obj: str, quote: str | None,
         date: str | None, *, line_field: str = "", certainty: str = "confirmed", note: str | None = None,
         file: str | None = None) -> None:
    quote = _quote(quote) or _quote(doc.title) or _quote(doc.abstract)
    key = (source, subject, predicate, obj, date)
    if key in ctx.keys or not quote:
        return
    ctx.keys.add(key)
    st = Statement(source=source, subject=subject, predicate=predicate, object=obj, date=date, quote=quote,
                   quote_lang="en", certainty=certainty, note=note)
    line = doc.line_of(line_field) if line_field and file is None else 0
    ctx.statements.append(Located(st, file or doc.file, line))


def _relative(ctx: _Context, file: str) -> str:
    """``file`` relative to the data directory (what goes into the graph: the same wherever it is built)."""
    try:
        return Path(file).resolve().relative_to(Path(ctx.data.root).resolve()).as_posix()
    except ValueError:
        return Path(file).name


def _agency_ids(ctx: _Context, doc: FRDocument) -> list[str] | None:
    ids: list[str] = []
    for agency in doc.agencies:
        eid = AGENCY_ENTITIES.get(agency.slug)
        if eid is None or eid not in ctx.data.entities:
            eid = _link(ctx, (agency.raw_name, agency.name), frozenset({"GovernmentAgency"}))
        if eid is None:
            ctx.problems.append(Problem(
                doc.file, doc.line_of("agencies"), "agencies",
                f"unknown agency {agency.slug or agency.name!r} ({agency.raw_name or agency.name})",
                "add a GovernmentAgency with this name as its label or an alias to data/entities/agencies.yaml, "
                "or map the slug in kg/records/loaders/federal_register.py (AGENCY_ENTITIES)"))
            return None
        if eid not in ids:
            ids.append(eid)
    return ids


def _issuer(doc: FRDocument, ids: list[str]) -> str | None:
    """The most specific agency: the first one FR lists with a parent (BIS under Commerce)."""
    for agency, eid in zip(doc.agencies, ids):
        if agency.parent_id is not None:
            return eid
    return ids[0] if ids else None


def _hand_written(ctx: _Context, doc: FRDocument) -> Located[Entity] | None:
    """The hand-written Decision for ``doc`` (same document number or citation), checked for contradictions."""
    hid = ctx.by_number.get(doc.number) or (ctx.by_citation.get(_citation_key(doc.citation)) if doc.citation else None)
    if hid is None:
        return None
    loc = ctx.data.entities[hid]
    e = loc.record
    if e.document_number and e.document_number != doc.number:
        ctx.problems.append(Problem(
            doc.file, doc.line_of("document_number"), "document_number",
            f"document {doc.number} has the citation {doc.citation} that the hand-written record {hid!r} gives to "
            f"document {e.document_number}", f"check {loc.file}:{loc.line_of('document_number')} against the FR document"))
        return None
    if e.citation and doc.citation and _citation_key(e.citation) != _citation_key(doc.citation):
        ctx.problems.append(Problem(
            doc.file, doc.line_of("citation"), "citation",
            f"document {doc.number} is cited {doc.citation!r} here but {e.citation!r} in the hand-written record {hid!r}",
            f"correct {loc.file}:{loc.line_of('citation')} or this file (the FR's own citation wins)"))
        return None
    return loc


def _merge_decision(ctx: _Context, doc: FRDocument, issuer: str | None, loc: Located[Entity] | None) -> str:
    if loc is not None:
        e = loc.record
        update = {k: v for k, v in (("document_number", doc.number), ("citation", doc.citation),
                                    ("effective", doc.effective_on), ("issuer", issuer)) if v and not getattr(e, k)}
        if update:
            ctx.data.entities[e.id] = Located(e.model_copy(update=update), loc.file, loc.line, loc.lines, loc.prefix)
        return e.id
    did = decision_id(doc.number)
    if did in ctx.data.entities:
        ctx.problems.append(Problem(doc.file, doc.line_of("document_number"), "document_number",
                                    f"the id {did!r} for document {doc.number} is already an entity "
                                    f"({ctx.data.entities[did].file}:{ctx.data.entities[did].line})",
                                    "give that entity document_number: " + doc.number + " to merge them, or rename it"))
        return did
    record = Entity(id=did, type="Decision", label={"en": doc.title or f"Federal Register document {doc.number}"},
                    description=_quote(doc.abstract),
                    date=doc.publication_date, issuer=issuer, effective=doc.effective_on, citation=doc.citation,
                    document_number=doc.number)
    ctx.data.entities[did] = Located(record, doc.file, doc.line_of("document_number"),
                                     {"issuer": doc.line_of("agencies"), "citation": doc.line_of("citation")})
    return did


def _source(ctx: _Context, doc: FRDocument, issuer: str | None) -> str:
    sid = decision_id(doc.number)
    if sid in ctx.data.sources:
        ctx.problems.append(Problem(doc.file, doc.line_of("document_number"), "document_number",
                                    f"the source id {sid!r} for document {doc.number} is already used "
                                    f"({ctx.data.sources[sid].file}:{ctx.data.sources[sid].line})",
                                    "rename that source; FR documents are their own sources"))
        return sid
    unknown = [name for name, value in (("url", doc.html_url), ("publisher", issuer), ("published", doc.publication_date),
                                        ("title", doc.title)) if not value]
    note = None
    if unknown:  # the snapshot leaves unverified fields null: they stay unknown, and the note says so
        fields = {"url": "html_url", "published": "publication_date", "title": "title", "publisher": "agencies"}
        note = (f"The Federal Register snapshot gives no {', '.join(fields[u] for u in unknown)} for document "
                f"{doc.number} ({FEED_DIR.as_posix()}/{Path(doc.file).name}).")
    record = Source(id=sid, kind="Legislation", url=doc.html_url, publisher=issuer, published=doc.publication_date,
                    language="en", title=doc.title, unknown=unknown, note=note)
    ctx.data.sources[sid] = Located(record, doc.file, doc.line_of("document_number"),
                                    {"publisher": doc.line_of("agencies")})
    return sid


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_COMPLIANCE = re.compile(rf"[Cc]ompliance[^.]*?\b({_MONTHS}) (\d{{1,2}}), (\d{{4}})")


def _compliance(text: str | None) -> tuple[str, str] | None:
    """The compliance date a DATES text states, and the sentence stating it."""
    if not text:
        return None
    for sentence in _sentences(text):
        m = _COMPLIANCE.search(sentence)
        if m:
            month = _MONTHS.split("|").index(m.group(1)) + 1
            return f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}", sentence
    return None


def _document_statements(ctx: _Context, doc: FRDocument, did: str, sid: str, agencies: list[str],
                         hand: Located[Entity] | None) -> None:
    date, xml = doc.publication_date, doc.xml
    frdoc = xml.frdoc if xml and xml.frdoc else None
    _add(ctx, doc, sid, did, "document_number", doc.number, frdoc or doc.title, date, line_field="document_number")
    if doc.citation:
        _add(ctx, doc, sid, did, "fr_citation", doc.citation, doc.title, date, line_field="citation")
    if date:
        _add(ctx, doc, sid, did, "published_on", date, frdoc or doc.title, date, line_field="publication_date")
    if doc.type:
        _add(ctx, doc, sid, did, "document_type", doc.type, doc.action or (xml.action if xml else None), date,
             line_field="type")
    dates_text = doc.dates or (xml.dates if xml else None)
    if doc.effective_on:
        note = None
        if hand is not None and hand.record.effective and hand.record.effective != doc.effective_on:
            note = (f"Conflict: the hand-written record {hand.record.id} ({_relative(ctx, hand.file)}:{hand.line_of('effective')}) "
                    f"gives effective {hand.record.effective}; FR document {doc.number} gives {doc.effective_on}.")
        _add(ctx, doc, sid, did, "effective_on", doc.effective_on, dates_text, date, line_field="effective_on", note=note)
    compliance = _compliance(dates_text)
    if compliance:
        _add(ctx, doc, sid, did, "compliance_on", compliance[0], compliance[1], date, line_field="dates")
    for rin in doc.rins:
        _add(ctx, doc, sid, did, "rin", rin, f"RIN {rin}", date, line_field="regulation_id_numbers")
    for docket in doc.dockets:
        _add(ctx, doc, sid, did, "docket", docket, xml.depdoc if xml and xml.depdoc else docket, date,
             line_field="docket_ids")
    for title, part in doc.cfr_parts:
        _add(ctx, doc, sid, did, "amends_cfr_part", f"{title} CFR {part}", xml.cfr if xml and xml.cfr else doc.title,
             date, line_field="cfr_references")
    agency_quote = (xml.subagency or xml.agency) if xml else None
    for eid in agencies:  # issued when signed, if the FR says; else dated by its publication
        _add(ctx, doc, sid, eid, "issued", did, agency_quote or doc.title, doc.signing_date or date, line_field="agencies")


def _resolve_reference(ctx: _Context, volume: int, page: int) -> str | None:
    found = ctx.by_citation.get(f"{volume} FR {page}")
    if found:
        return found
    for vol, start, end, eid in ctx.pages:
        if vol == volume and start <= page <= end:
            return eid
    return None


def _relations(ctx: _Context, doc: FRDocument, did: str, sid: str, rin_previous: dict[str, tuple[str, str]]) -> None:
    date = doc.publication_date
    found: dict[str, tuple[int, str, str, str | None]] = {}  # target -> (rank, relation, quote, note)

    def offer(target: str | None, relation: str, quote: str, note: str | None = None) -> None:
        if not target or target == did:
            return
        when = ctx.dates.get(target)
        if when and date and when > date:
            return  # only earlier documents
        rank = [name for name, _ in _RELATIONS].index(relation)
        if target not in found or rank < found[target][0]:
            found[target] = (rank, relation, quote, note)

    if doc.correction_of:
        offer(ctx.by_number.get(doc.correction_of), "corrects", doc.action or doc.title)
    texts = [doc.abstract, doc.action, doc.dates]
    if doc.xml:
        texts += [doc.xml.summary, doc.xml.dates, *doc.xml.paragraphs]
    for text in texts:
        for sentence in _sentences(text or ""):
            targets = [_resolve_reference(ctx, int(v), int(p)) for v, p in _CITE.findall(sentence)]
            targets += [ctx.by_number.get(n) for n in _FRDOC.findall(sentence)]
            targets = [t for t in targets if t]
            if not targets:
                continue
            for relation, pattern in _RELATIONS:
                if pattern.search(sentence):
                    for target in targets:
                        offer(target, relation, sentence)
                    break
    if doc.type == "Rule":
        for rin in doc.rins:
            previous = rin_previous.get(rin)
            if previous and previous[1] == "Rule" and previous[0] not in found:
                offer(previous[0], "amends", f"RIN {rin}",
                      f"Inferred from the Regulation Identifier Number {rin} this rule shares with the earlier rule.")
    for target, (_, relation, quote, note) in sorted(found.items()):
        _add(ctx, doc, sid, did, relation, target, quote, date, line_field="document_number",
             certainty="reported" if note else "confirmed", note=note)


def _entity_type(name: str) -> str:
    return "Company" if _COMPANY.search(name) else "Organization"


def _listed_entity(ctx: _Context, doc: FRDocument, name: str, aliases: tuple[str, ...]) -> str:
    """The entity an Entity List entry names: an existing one (linker), one made earlier, or a new one."""
    key = ("entity", _norm(name))
    if key in ctx.created:
        return ctx.created[key]
    for alias in aliases:  # an entity an earlier rule listed under another name
        if ("entity", _norm(alias)) in ctx.created:
            return ctx.created[("entity", _norm(alias))]
    eid = _link(ctx, (name, *aliases), _LISTED_TYPES)
    if eid is None:
        base = _slug(name) or "entity"
        eid = base if base not in ctx.data.entities else f"{base}-entity-list"
        n = 2
        while eid in ctx.data.entities:
            eid, n = f"{base}-entity-list-{n}", n + 1
        by_lang: dict[str, list[str]] = {}
        for alias in aliases:
            if _norm(alias) != _norm(name):
                lang = "zh" if _CJK.search(alias) else "en"
                if alias not in by_lang.setdefault(lang, []):
                    by_lang[lang].append(alias)
        record = Entity(id=eid, type=_entity_type(name), label={"en": name}, aliases=by_lang,
                        note=f"Created from the Entity List entry of FR document {doc.number}.")
        ctx.data.entities[eid] = Located(record, doc.xml_file or doc.file, 0)
    ctx.created[key] = eid
    for alias in aliases:
        ctx.created.setdefault(("entity", _norm(alias)), eid)
    return eid


def _country(ctx: _Context, doc: FRDocument, printed: str) -> str:
    key = ("country", _norm(printed))
    if key in ctx.created:
        return ctx.created[key]
    variants = [printed]
    if "," in printed:  # CHINA, PEOPLE'S REPUBLIC OF -> People's Republic Of China
        head, _, tail = printed.partition(",")
        variants += [f"{tail.strip()} {head.strip()}".title(), head.strip().title()]
    variants.append(printed.title())
    eid = _link(ctx, variants, frozenset({"Country", "Place"}))
    if eid is None:
        base = _slug(printed) or "country"
        eid = base if base not in ctx.data.entities else f"{base}-country"
        ctx.data.entities[eid] = Located(Entity(id=eid, type="Country", label={"en": printed},
                                                note=f"Created from the Entity List of FR document {doc.number}."),
                                         doc.xml_file or doc.file, 0)
    ctx.created[key] = eid
    return eid


_QUOTED = re.compile(r"[“\"]([^”\"]{2,200})[”\"]")
_UNDER = re.compile(r"\bunder ([A-Z][A-Z ,'’.-]*[A-Z]),? (?:in alphabetical order|the entr|an entr|entr)")
_VERB = re.compile(r"\b(adding|revising|removing)\b", re.I)


def _amended_names(amendments: list[str]) -> dict[str, set[str]]:
    """Entry names each instruction on Supplement No. 4 quotes, by verb (adding, revising, removing)."""
    names: dict[str, set[str]] = {"adding": set(), "revising": set(), "removing": set()}
    on_supplement = False
    for text in amendments:
        if "supplement no. 4" in text.lower():
            on_supplement = True
        elif not re.match(r"^\(?[a-z]{1,2}[.)]", text):  # a new numbered instruction, not its lettered parts
            on_supplement = False
        if not on_supplement:
            continue
        verbs = list(_VERB.finditer(text))
        for i, m in enumerate(verbs):
            clause = text[m.start(): verbs[i + 1].start() if i + 1 < len(verbs) else len(text)]
            names[m.group(1).lower()].update(_norm(n) for n in _QUOTED.findall(clause))
    return names


def _entity_list(ctx: _Context, doc: FRDocument, did: str, sid: str) -> None:
    if doc.xml is None:
        return
    when = doc.effective_on or doc.publication_date
    names = _amended_names(doc.xml.amendments)
    file = doc.xml_file
    rows: list[EntityListRow] = doc.xml.entity_rows
    for row in rows:
        eid = _listed_entity(ctx, doc, row.name, row.aliases)
        predicate = "revises_entity_list_entry" if _norm(row.name) in names["revising"] else "adds_to_entity_list"
        _add(ctx, doc, sid, did, predicate, eid, row.cell_text, when, file=file)
        country = _country(ctx, doc, row.country)
        _add(ctx, doc, sid, eid, "entity_list_destination", country, row.country, when, file=file)
        if row.license_requirement:
            _add(ctx, doc, sid, eid, "license_requirement", row.license_requirement, row.license_requirement, when,
                 file=file)
        if row.license_policy:
            _add(ctx, doc, sid, eid, "license_review_policy", row.license_policy, row.license_policy, when, file=file)
        for address in row.addresses:
            _add(ctx, doc, sid, eid, "listed_address", address, address, when, file=file)
    listed = {_norm(r.name) for r in rows}
    for text in doc.xml.amendments:
        for name in _QUOTED.findall(text):
            if _norm(name) in names["removing"] and _norm(name) not in listed:
                eid = _listed_entity(ctx, doc, name, ())
                _add(ctx, doc, sid, did, "removes_from_entity_list", eid, text, when, file=file)
                m = _UNDER.search(text)
                if m:
                    _add(ctx, doc, sid, eid, "entity_list_destination", _country(ctx, doc, m.group(1)), text, when,
                         file=file)


def read_federal_register(data: "CuratedData", problems: list[Problem]) -> list[Located[Statement]]:
    """Read the FR snapshot of ``data.root`` into ``data`` (entities, sources) and return its statements.

    Entities and sources are added to ``data`` (hand-written Decisions for the same documents
    get the fields they lack); the statements are returned, for the caller to check and map
    like any others. Problems (malformed files, documents without a number, unknown agencies,
    contradictions with hand-written records) are appended to ``problems``. An empty or missing
    folder gives nothing.
    """
    files = feed_files(data.root)
    if not files:
        return []
    docs = [d for d in (read_fr_document(path, problems) for path in files) if d is not None]
    ctx = _Context(data, problems)
    for eid, loc in data.entities.items():
        e = loc.record
        if e.type != "Decision":
            continue
        if e.document_number:
            ctx.by_number.setdefault(e.document_number.strip(), eid)
        if e.citation:
            ctx.by_citation.setdefault(_citation_key(e.citation), eid)
        if e.date:
            ctx.dates[eid] = e.date
    made: list[tuple[FRDocument, str, str, list[str], Located[Entity] | None]] = []
    for doc in sorted(docs, key=lambda d: (d.publication_date or "", d.number)):
        agencies = _agency_ids(ctx, doc)
        if agencies is None:
            continue
        issuer = _issuer(doc, agencies)
        n_problems = len(problems)
        hand = _hand_written(ctx, doc)
        if len(problems) > n_problems:
            continue
        if not doc.publication_date or not (doc.title or doc.abstract or doc.action or doc.dates or doc.xml):
            # nothing to quote, or no date to give: no statement; only a hand-written record gains its fields
            if hand is not None:
                _merge_decision(ctx, doc, issuer, hand)
            continue
        did = _merge_decision(ctx, doc, issuer, hand)
        if len(problems) > n_problems:
            continue
        sid = _source(ctx, doc, issuer)
        ctx.by_number[doc.number] = did
        if doc.citation:
            ctx.by_citation[_citation_key(doc.citation)] = did
        if doc.volume and doc.start_page:
            ctx.pages.append((doc.volume, doc.start_page, doc.end_page or doc.start_page, did))
        ctx.dates[did] = doc.publication_date or ""
        made.append((doc, did, sid, agencies, hand))
    rin_previous: dict[str, tuple[str, str]] = {}
    for doc, did, sid, agencies, hand in made:
        _document_statements(ctx, doc, did, sid, agencies, hand)
        _relations(ctx, doc, did, sid, rin_previous)
        _entity_list(ctx, doc, did, sid)
        # a later rule of the same rulemaking amends its last final (or interim final) rule: not a
        # correction, a briefing notice or a proposal that shares the RIN
        if not doc.correction_of and doc.type == "Rule" and "final rule" in (doc.action or "").lower():
            for rin in doc.rins:
                rin_previous[rin] = (did, doc.type or "")
    return ctx.statements

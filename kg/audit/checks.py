"""The audit's checks over curated records: each a function yielding :class:`Finding` objects.

Every check reads records as the loaders give them (:class:`kg.records.model.Located`), so a finding
names the file and line of the record, or of the field at fault.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, Iterator

from kg.records.checks import statement_id
from kg.errors import Problem
from kg.audit.findings import Finding
from kg.audit.urls import url_findings

if TYPE_CHECKING:
    from kg.records.loaders import CuratedData
    from kg.records.model import Located, Source, Statement

__all__ = ["CHECKS", "problem_findings", "source_findings", "relay_findings", "statement_findings",
           "corroboration_findings", "entity_findings", "decision_findings", "SUMMARY_MARKERS",
           "reference_quote_findings"]

#: Every check id, its severity and what it looks for (``kg audit --list-checks``).
CHECKS: dict[str, tuple[str, str]] = {
    "data-invalid": ("error", "a record fails validation (kg build would refuse it)"),
    "source-no-url": ("error", "a source has no URL and does not list url under unknown"),
    "source-no-publisher": ("error", "a source has no publisher and does not list publisher under unknown"),
    "source-no-date": ("error", "a source has no publication date and does not list published under unknown"),
    "source-no-title": ("error", "a source has no title and does not list title under unknown"),
    "source-no-language": ("error", "a source has no language"),
    "source-unknown-url": ("warning", "a source's URL is marked unknown"),
    "source-unknown-publisher": ("warning", "a source's publisher is marked unknown"),
    "source-unknown-date": ("warning", "a source's publication date is marked unknown"),
    "source-unknown-title": ("warning", "a source's title is marked unknown"),
    "source-digest": ("warning", "a source's note says part of what was read is a summary or digest"),
    "source-credits-outlet": ("info", "a source's title or note names another outlet but it relays nothing"),
    "url-ip-address": ("error", "a URL's host is a bare IP address"),
    "url-reserved-host": ("error", "a URL's host is a reserved or local name"),
    "url-api-endpoint": ("error", "a URL is an API endpoint (api. host, /api/, /wp-json/, ...)"),
    "url-test-endpoint": ("error", "a URL is a test, staging or demo installation"),
    "url-proxy": ("error", "a URL is a proxy, cache, back end or mirror of another site's page"),
    "url-home-page": ("error", "a URL is a site's home page"),
    "url-listing-page": ("error", "a URL is a listing, tag, category, section or search page"),
    "url-archive-today": ("warning", "a URL is an archive.today snapshot"),
    "url-tracking": ("warning", "a URL carries tracking parameters (utm_*, fbclid, ...)"),
    "url-spelling": ("info", "a URL's host ends with a dot or writes the default port"),
    "url-malformed": ("error", "a URL cannot be parsed"),
    "relay-original-no-publisher": ("error", "a relayed report's publisher is not identified"),
    "relay-original-no-date": ("error", "a relayed report's date is not identified"),
    "relay-original-no-headline": ("warning", "a relayed report's headline is not identified"),
    "statement-no-date": ("error", "a statement has no date and neither has its document or primary source"),
    "statement-quotes-summary": ("error", "a statement quotes a summary, digest or fact sheet, not the source page"),
    "statement-quote-in-reference": ("warning", "a statement's quote is word for word in a reference fact (--reference)"),
    "claim-single-publisher": ("warning", "a claim rests on reports of a single publisher"),
    "entity-no-ar-label": ("warning", "an entity has no Arabic label"),
    "entity-no-zh-label": ("warning", "an entity has no Chinese label (zh, zh-Hans or zh-Hant)"),
    "entity-no-wikidata": ("warning", "an entity of a kind Wikidata covers has no Wikidata ID"),
    "decision-no-fr-identity": ("error", "a Federal Register rule has neither its FR citation nor document number"),
    "decision-partial-fr-identity": ("warning", "a Federal Register rule lacks its FR citation or document number"),
}


def _finding(check: str, file: str, line: int, record: str, message: str, hint: str) -> Finding:
    return Finding(CHECKS[check][0], check, file, line, record, message, hint)  # type: ignore[arg-type]


_REQUIRED = re.compile(r"^'(url|publisher|published|title|language)' is required")
_FIELD_CHECK = {"url": "source-no-url", "publisher": "source-no-publisher", "published": "source-no-date",
                "title": "source-no-title", "language": "source-no-language"}


def problem_findings(problems: Iterable[Problem]) -> Iterator[Finding]:
    """Validation problems (what ``kg build`` refuses) as error findings.

    A source field that is missing without being listed under ``unknown`` gets its own check
    id (``source-no-url``, ``source-no-date``, ...).
    """
    for p in sorted(set(problems)):
        m = _REQUIRED.match(p.message)
        check = _FIELD_CHECK[m.group(1)] if m else "data-invalid"
        if p.message == "missing" and p.field.endswith("language") and "/sources/" in p.file.replace("\\", "/"):
            check = "source-no-language"
        where = f"{p.field}: " if p.field else ""
        hint = p.hint
        if not hint and check.startswith("source-no-"):
            hint = "give it from the page read; if it cannot be established, list it under 'unknown:' and say why in 'note'"
        yield _finding(check, p.file, p.line, "", f"{where}{p.message}", hint or "see docs/data-format.md")


_UNKNOWN_CHECK = {"url": "source-unknown-url", "publisher": "source-unknown-publisher",
                  "published": "source-unknown-date", "title": "source-unknown-title"}
_UNKNOWN_WHAT = {"url": "URL", "publisher": "publisher", "published": "publication date", "title": "title"}
_DIGEST = re.compile(r"\bdigest\b|\bAI[- ]generated\b", re.I)


def source_findings(data: "CuratedData") -> Iterator[Finding]:
    """Unknown fields, unstable URLs, digest pages and outlets credited without ``relays``."""
    outlets, by_name, names_of = _outlet_names(data)
    relayed = {loc.record.relays for loc in data.sources.values() if loc.record.relays}
    for sid, loc in data.sources.items():
        s = loc.record
        for name in s.unknown:
            yield _finding(_UNKNOWN_CHECK[name], loc.file, loc.line_of("unknown"), sid,
                           f"the {_UNKNOWN_WHAT[name]} is marked unknown",
                           "fine if it cannot be established; say why in 'note'" if not s.note
                           else "re-check before the release whether it can now be established")
        if s.url:
            for rule, why in url_findings(s.url):
                yield Finding(rule.severity, rule.check, loc.file, loc.line_of("url"), sid, f"{why}: {s.url}", rule.hint)
        if s.note and _DIGEST.search(s.note):
            yield _finding("source-digest", loc.file, loc.line_of("note"), sid,
                           "the note says part of the page is a summary or digest",
                           "quote the article's own text; mark statements that quote the digest "
                           "(a note saying so), or drop them")
        if s.relays is None and sid not in relayed and outlets is not None:
            text = " ".join(t for t in (s.title, s.note) if t)
            own = names_of.get(s.publisher or "", frozenset())
            for m in outlets.finditer(text):
                outlet = by_name[m.group(0)]
                if outlet != s.publisher and m.group(0) not in own:
                    yield _finding("source-credits-outlet", loc.file, loc.line_of("note" if s.note else "title"), sid,
                                   f"the title or note names {outlet} but the source relays nothing",
                                   f"if the page republishes a {outlet} report, add a source for it and 'relays:'")
                    break


def _outlet_names(data: "CuratedData") -> tuple["re.Pattern[str] | None", dict[str, str], dict[str, frozenset]]:
    """One pattern matching any MediaOutlet's English name; name -> outlet id; outlet id -> its names.

    Names shorter than four characters (AP, FT) are left out: they match too much.
    """
    by_name: dict[str, str] = {}
    names_of: dict[str, frozenset] = {}
    for eid, loc in data.entities.items():
        e = loc.record
        if e.type != "MediaOutlet":
            continue
        names = frozenset(n for n in (e.label["en"], *e.aliases.get("en", [])) if len(n) >= 4)
        names_of[eid] = names
        for n in names:
            by_name.setdefault(n, eid)
    if not by_name:
        return None, by_name, names_of
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), by_name, names_of


def relay_findings(data: "CuratedData") -> Iterator[Finding]:
    """A source relaying a report whose publisher, date or headline is not identified."""
    for sid, loc in data.sources.items():
        target = data.sources.get(loc.record.relays or "")
        if target is None:
            continue
        o = target.record
        line = loc.line_of("relays")
        where = f"{target.file}:{target.line}"
        if o.publisher is None:
            yield _finding("relay-original-no-publisher", loc.file, line, sid,
                           f"it relays {o.id}, whose publisher is not identified",
                           f"identify the original report's publisher ({where}) from the page's credit line")
        if o.published is None:
            yield _finding("relay-original-no-date", loc.file, line, sid,
                           f"it relays {o.id}, whose date is not identified",
                           f"give the original report's date ({where}), as the page or the original shows it")
        if o.title is None:
            yield _finding("relay-original-no-headline", loc.file, line, sid,
                           f"it relays {o.id}, whose headline is not identified",
                           f"give the original report's headline ({where}) if the page or the original shows it")


#: Notes that say a quote was taken from a summary, digest or fact sheet, not the page read.
SUMMARY_MARKERS = re.compile(
    r"fact[- ]sheet'?s? summary|(?:quote|phrase|words?)[^.;]{0,40}\b(?:reference )?fact[- ]sheet|"
    r"page text (?:was )?not retrieved|\bdigest\b|from the summary|AI[- ]generated summary", re.I)


def _primary(data: "CuratedData", st: "Statement") -> "Located[Source] | None":
    pid = st.primary_source if st.primary_source_given else data.sources[st.source].record.relays
    return data.sources.get(pid) if pid else None


def statement_findings(data: "CuratedData", statements: Iterable["Located[Statement]"]) -> Iterator[Finding]:
    """Statements with no date at all, and statements whose note says they quote a summary."""
    for loc in statements:
        st = loc.record
        src = data.sources.get(st.source)
        if src is None:
            continue
        if not st.date and not src.record.published:
            primary = _primary(data, st)
            if primary is None or not primary.record.published:
                yield _finding("statement-no-date", loc.file, loc.line, statement_id(st),
                               f"no date of its own, and its document {st.source} has no publication date",
                               "add 'date:' when the source dates the claim, or establish the document's date")
        if st.note and SUMMARY_MARKERS.search(st.note):
            yield _finding("statement-quotes-summary", loc.file, loc.line_of("note"), statement_id(st),
                           "the note says the quote comes from a summary or fact sheet, not the page read",
                           "quote the page's own words (retrieve its text), or drop the statement")


def reference_quote_findings(data: "CuratedData", statements: Iterable["Located[Statement]"],
                             facts: list[str]) -> Iterator[Finding]:
    """Statements whose quote is found word for word in a reference fact text (``--reference``).

    A warning, not an error: the fact sheet may quote the page itself. Only quotes of 25 characters or more are compared (short phrases recur legitimately). A
    statement already flagged by its note is not reported twice.
    """
    norm = [_norm(f) for f in facts]
    for loc in statements:
        st = loc.record
        q = _norm(st.quote)
        if len(q) < 25 or (st.note and SUMMARY_MARKERS.search(st.note)):
            continue
        for i, fact in enumerate(norm, 1):
            if q in fact:
                yield _finding("statement-quote-in-reference", loc.file, loc.line_of("quote"), statement_id(st),
                               f"the quote is word for word in reference fact {i}: check it is the page's text",
                               "check the quote against the page read; quote the page's own words")
                break


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\"'“”‘’]", "", text)).strip().lower()


def corroboration_findings(data: "CuratedData", statements: Iterable["Located[Statement]"]) -> Iterator[Finding]:
    """Claims (subject, predicate, object) whose reports all come from one publisher.

    Each statement counts for the publisher of its original report (its primary source, or the
    source it relays, else the document read); a report whose publisher is unknown counts as
    its own publisher. Reported once per claim, at its first statement.
    """
    claims: dict[tuple[str, str, str], list] = defaultdict(list)
    for loc in statements:
        st = loc.record
        claims[(st.subject, st.predicate, st.object)].append(loc)
    pub_of: dict[str, str] = {}
    for key, locs in claims.items():
        publishers = set()
        for loc in locs:
            st = loc.record
            if st.source not in data.sources:
                break
            primary = _primary(data, st)
            origin = primary.record if primary is not None else data.sources[st.source].record
            pub = pub_of.get(origin.id)
            if pub is None:
                pub = pub_of[origin.id] = origin.publisher or f"(unknown publisher of {origin.id})"
            publishers.add(pub)
            if len(publishers) > 1:
                break
        else:
            if len(publishers) == 1:
                first = locs[0]
                (pub,) = publishers
                n = len(locs)
                yield _finding("claim-single-publisher", first.file, first.line, statement_id(first.record),
                               f"'{key[0]} {key[1]} {key[2]}' rests on {n} report{'s' if n != 1 else ''} "
                               f"of one publisher ({pub})",
                               "find an independent report (another publisher's original) and add it")


_WIKIDATA_TYPES = frozenset({"Person", "Company", "GovernmentAgency", "Organization", "MediaOutlet", "Country",
                             "Place"})


def entity_findings(data: "CuratedData") -> Iterator[Finding]:
    """Entities without an Arabic or Chinese label, or without a Wikidata ID where one is likely."""
    for eid, loc in data.entities.items():
        e = loc.record
        line = loc.line_of("label")
        if not e.label.get("ar"):
            yield _finding("entity-no-ar-label", loc.file, line, eid, "no Arabic label (ar)",
                           "add 'ar:' to label, as Arabic sources write the name")
        if not any(lang == "zh" or lang.startswith("zh-") for lang in e.label):
            yield _finding("entity-no-zh-label", loc.file, line, eid, "no Chinese label (zh)",
                           "add 'zh:' (and 'zh-Hant:' if Traditional sources differ) to label")
        if e.type in _WIKIDATA_TYPES and not e.wikidata:
            yield _finding("entity-no-wikidata", loc.file, loc.line, eid, f"a {e.type} without a Wikidata ID",
                           "add 'wikidata: Q...' after checking the item is this one; leave it out if none exists")


_NOT_IN_FR = re.compile(r"not (?:yet )?published in the Federal Register", re.I)
_RULE_WORDS = re.compile(r"\b(?:interim final rule|final rule|proposed rule|rule|IFR)\b", re.I)


def _is_us_federal(data: "CuratedData", eid: str | None) -> bool:
    seen = set()
    while eid and eid not in seen and eid in data.entities:
        seen.add(eid)
        e = data.entities[eid].record
        if eid in ("us-federal-government", "united-states") or e.country == "united-states":
            return True
        eid = e.parent
    return False


def decision_findings(data: "CuratedData") -> Iterator[Finding]:
    """Decisions that are US federal rules (a US federal issuer, 'rule' in a name) without FR identity."""
    for eid, loc in data.entities.items():
        e = loc.record
        if e.type != "Decision" or not _is_us_federal(data, e.issuer):
            continue
        names = [e.label.get("en", ""), *e.aliases.get("en", [])]
        if not any(_RULE_WORDS.search(n) for n in names) or (e.note and _NOT_IN_FR.search(e.note)):
            continue
        missing = [name for name, value in (("citation", e.citation), ("document_number", e.document_number))
                   if not value]
        if len(missing) == 2:
            yield _finding("decision-no-fr-identity", loc.file, loc.line, eid,
                           "a Federal Register rule without 'citation' (e.g. 87 FR 62186) or 'document_number'",
                           "add both from the rule's federalregister.gov page; if it was never published "
                           "in the Federal Register, say so in 'note'")
        elif missing:
            yield _finding("decision-partial-fr-identity", loc.file, loc.line, eid,
                           f"a Federal Register rule without '{missing[0]}'",
                           f"add '{missing[0]}' from the rule's federalregister.gov page")

"""Integrity of the shipped data (in the spirit of prefixmaps' integrity tests).

Each test loads everything under data/ and prints the offending records, so a failure says
exactly what to fix.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kg.records.loaders import load_data

ROOT = Path(__file__).resolve().parent.parent
FACT_SHEET = ROOT.parent / "shared" / "reference" / "facts.yaml"
LABELLED_TYPES = ("Person", "Company", "GovernmentAgency", "Country", "Chip")


@pytest.fixture(scope="module")
def data():
    return load_data(ROOT / "data")


def test_documents_read_have_url_publisher_language_and_date_or_say_why(data):
    cited = {s.record.source for s in data.statements}
    bad = []
    for sid in sorted(cited):
        src = data.sources[sid].record
        if src.text:  # known only by its stored text (the seed): unknowns are declared
            continue
        missing = [f for f in ("url", "publisher", "language") if not getattr(src, f)]
        if not src.published and not src.note:
            missing.append("published (or a note saying why it is unknown)")
        if missing:
            bad.append(f"{sid}: {', '.join(missing)}")
    assert not bad, "documents read without full citation:\n" + "\n".join(bad)


def test_every_source_has_publisher_and_language(data):
    bad = [sid for sid, loc in data.sources.items()
           if not loc.record.language or (not loc.record.publisher and "publisher" not in loc.record.unknown)]
    assert not bad


def test_every_statement_has_quote_and_source(data):
    bad = [f"{s.file}:{s.line}" for s in data.statements if not s.record.quote or not s.record.source]
    assert not bad


def test_every_source_is_used(data):
    used = {s.record.source for s in data.statements}
    used |= {s.record.primary_source for s in data.statements if s.record.primary_source}
    used |= {loc.record.relays for loc in data.sources.values() if loc.record.relays}
    used |= {loc.record.specs_source for loc in data.entities.values() if loc.record.specs_source}
    used |= {r.source for loc in data.entities.values() for r in loc.record.roles if r.source}
    unused = sorted(set(data.sources) - used)
    assert not unused, f"sources nothing cites: {unused}"


def test_no_orphan_entities(data):
    referenced = set()
    for s in data.statements:
        referenced |= {s.record.subject, s.record.object, s.record.attributed_to}
    for loc in data.sources.values():
        referenced.add(loc.record.publisher)
    for loc in data.entities.values():
        e = loc.record
        referenced |= {e.country, e.parent, e.government, e.capital, e.maker, e.issuer, e.place}
        referenced |= {r.organization for r in e.roles}
    orphans = sorted(eid for eid in data.entities if eid not in referenced)
    assert not orphans, f"entities that no statement, source or entity refers to: {orphans}"


def test_label_coverage_in_arabic_and_chinese(data):
    ents = [loc.record for loc in data.entities.values() if loc.record.type in LABELLED_TYPES]
    both = [e for e in ents if "ar" in e.label and ("zh" in e.label or "zh-Hans" in e.label)]
    missing = sorted(e.id for e in ents if e not in both)
    assert len(both) / len(ents) >= 0.9, f"missing ar or zh labels: {missing}"
    assert all("en" in loc.record.label for loc in data.entities.values())


def test_sizes(data):
    assert len(data.entities) >= 150
    assert len(data.statements) >= 200
    assert len(data.sources) >= 60


def test_fact_sheet_is_fully_covered(data):
    if not FACT_SHEET.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the fact sheet {FACT_SHEET} is missing")
        pytest.skip("the shared fact sheet is not beside this checkout")
    facts = yaml.safe_load(FACT_SHEET.read_text(encoding="utf-8"))
    covered = Counter(n for s in data.statements for n in s.record.covers)
    missing = [i for i in range(1, len(facts) + 1) if covered[i] == 0]
    assert not missing, "fact-sheet items without a statement: " + "; ".join(
        f"{i}: {facts[i - 1]['fact'][:70]}" for i in missing)
    assert max(covered) <= len(facts), "a statement covers an item the fact sheet does not have"


def test_each_fact_is_recorded_from_a_source_the_fact_sheet_gives(data):
    """For every fact-sheet item, at least one covering statement cites (directly, or through
    the report its document relays) a URL or publisher that the item itself gives, or a document
    whose note names the item's page and why it is not cited (an IP-address copy, a page whose
    text could not be retrieved): a replaced page stays traceable."""
    if not FACT_SHEET.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the fact sheet {FACT_SHEET} is missing")
        pytest.skip("the shared fact sheet is not beside this checkout")
    facts = yaml.safe_load(FACT_SHEET.read_text(encoding="utf-8"))
    cited: dict[int, set[str]] = {}
    notes: dict[int, str] = {}
    for s in data.statements:
        src = data.sources[s.record.source].record
        for n in s.record.covers:
            cited.setdefault(n, set()).add((src.url or "").rstrip("/"))
            for doc in (src, data.sources[src.relays].record if src.relays in data.sources else None):
                if doc is not None and doc.note:
                    notes[n] = notes.get(n, "") + " " + " ".join(doc.note.split())
    bad = []
    for n, fact in enumerate(facts, start=1):
        given = f"{fact.get('source_url', '')} {fact.get('note', '')}"
        if not str(fact.get("source_url", "")).startswith("http"):
            given = " ".join(cited.get(n, ()))  # "multiple": any cited page will do
        page = str(fact.get("source_url", "")).split("://", 1)[-1].rstrip("/")
        replaced = page and page in notes.get(n, "")
        if not replaced and not any(url and url in given for url in cited.get(n, ())):
            bad.append(f"{n}: none of {sorted(cited.get(n, ()))} is {fact.get('source_url')}")
    assert not bad, "\n".join(bad)

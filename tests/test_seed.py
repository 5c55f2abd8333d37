"""The seed report is encoded completely, verbatim, with its citation chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.records.loaders import load_data
from kg.query.sparql import run_query
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parent.parent
SEED = "seed-ar-wsj-blackwell-2025"
CHAIN_ASK = """
ASK {
  ?who rdfs:label ?name .
  GRAPH ?g { { ?who ?p ?o } UNION { ?s ?p ?who } }
  ?g prov:wasDerivedFrom ?doc ; prov:hadPrimarySource ?primary .
  ?doc schema:inLanguage "ar" .
  ?primary schema:publisher ?pub .
  ?pub rdfs:label ?outlet .
}
"""


@pytest.fixture(scope="module")
def seed_statements():
    data = load_data(ROOT / "data")
    return data, [s.record for s in data.statements if s.record.source == SEED]


def test_seed_text_is_stored_unchanged(seed_statements):
    data, _ = seed_statements
    src = data.sources[SEED].record
    stored = (ROOT / "data" / "texts" / src.text).read_text(encoding="utf-8")
    original = ROOT.parent / "shared" / "seeds" / "000_3936fb3bbd3de440.txt"
    if original.exists():
        assert stored == original.read_text(encoding="utf-8")
    assert src.language == "ar" and {"url", "publisher"} <= set(src.unknown)


def test_every_seed_quote_is_verbatim_arabic_with_translation(seed_statements):
    data, stmts = seed_statements
    text = (ROOT / "data" / "texts" / data.sources[SEED].record.text).read_text(encoding="utf-8")
    assert len(stmts) >= 30
    for st in stmts:
        assert st.quote in text, st.quote
        assert st.quote_lang == "ar" and st.translation


@pytest.mark.parametrize("subject,predicate,obj", [
    ("senior-us-officials", "warned", "donald-trump"),
    ("senior-us-officials", "opposes", "blackwell-china-export-approval"),
    ("marco-rubio", "opposes", "blackwell-china-export-approval"),
    ("jamieson-greer", "opposes", "blackwell-china-export-approval"),
    ("howard-lutnick", "opposes", "blackwell-china-export-approval"),
    ("donald-trump", "decided", "trump-decision-no-chips-at-busan"),
    ("jensen-huang", "requested", "blackwell-china-export-approval"),
    ("jensen-huang", "urged", "donald-trump"),
    ("us-federal-government", "proposed", "us-concessions-busan-2025"),
    ("us-concessions-busan-2025", "in_exchange_for", "china-rare-earth-export-permission"),
    ("kush-desai", "commented_on", "blackwell-china-export-approval"),
    ("donald-trump", "considered", "nvidia-advanced-chip-china-permission-2025-08"),
    ("h20-revenue-share-2025", "revenue_share_percent", "15"),
    ("h20", "released_in", "2023"),
    ("us-advanced-chip-export-controls", "effective_on", "2022"),
])
def test_each_claim_of_the_seed_is_a_statement(seed_statements, subject, predicate, obj):
    _, stmts = seed_statements
    assert any((s.subject, s.predicate, s.object) == (subject, predicate, obj) for s in stmts)


def test_desai_title_follows_the_fact_sheet(seed_statements):
    data, _ = seed_statements
    roles = data.entities["kush-desai"].record.roles
    assert [r.title for r in roles] == ["Deputy Press Secretary"]


def test_chain_to_officials_survives(bundled_build):
    store = open_store(bundled_build / "store")
    q = """
    SELECT ?g WHERE {
      ?g prov:wasDerivedFrom src:seed-ar-wsj-blackwell-2025 ;
         prov:hadPrimarySource src:wsj-2025-11-03-blackwell-opposition ;
         prov:wasAttributedTo ent:unnamed-current-and-former-us-officials .
      src:seed-ar-wsj-blackwell-2025 prov:hadPrimarySource src:wsj-2025-11-03-blackwell-opposition ;
                                     schema:isBasedOn src:wsj-2025-11-03-blackwell-opposition .
      src:wsj-2025-11-03-blackwell-opposition schema:publisher ent:the-wall-street-journal .
    }"""
    assert len(run_query(store, q).rows) >= 3


@pytest.mark.parametrize("name,outlet,expected", [
    ("Marco Rubio", "The Wall Street Journal", True),
    ("Donald Trump", "Financial Times", True),
    ("Marco Rubio", "Financial Times", False),
])
def test_done_when_asks(bundled_build, name, outlet, expected):
    from rdflib import Literal

    store = open_store(bundled_build / "store")
    from kg.store.local import to_ox_term

    answer = run_query(store, CHAIN_ASK, {"name": to_ox_term(Literal(name, lang="en")),
                                          "outlet": to_ox_term(Literal(outlet, lang="en"))})
    assert answer.boolean is expected

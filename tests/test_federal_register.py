"""The Federal Register loader and `kg fetch federal-register`, for real: fixtures in FR's own
formats (tests/fixtures/federal-register, fictional documents), real builds into Oxigraph, and
a real HTTP server on 127.0.0.1 serving recorded API responses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from fr_server import FRServer

FR = FIXTURES / "federal-register"
NUMBERS = ["2030-00101", "2030-00202", "2030-00303", "2030-00404", "2030-00505"]
WITH_XML = ["2030-00101", "2030-00303", "2030-00505"]


# ---------------------------------------------------------------- data and builds

def _fr_data(mini: Path, feed: bool = True) -> Path:
    """The mini dataset with the FR fixtures: agencies, a country, a hand-written Decision, a news statement."""
    shutil.copy(FR / "entities" / "fr.yaml", mini / "entities" / "fr.yaml")
    shutil.copy(FR / "entities" / "statements.yaml", mini / "statements" / "fr-news.yaml")
    if feed:
        shutil.copytree(FR / "feed", mini / "feeds" / "federal-register")
    return mini


@pytest.fixture
def fr_data(mini: Path) -> Path:
    return _fr_data(mini)


@pytest.fixture
def fr_store(fr_data: Path, tmp_path: Path):
    from kg.store.builder import build
    from kg.store.local import open_store

    build(fr_data, tmp_path / "build")
    return open_store(tmp_path / "build" / "store")


def _rows(store, sparql: str) -> list[tuple]:
    from kg.query.sparql import run_query

    return [tuple(getattr(v, "value", v) for v in row) for row in run_query(store, sparql).rows]


def _feed(data: Path) -> Path:
    return data / "feeds" / "federal-register"


# ---------------------------------------------------------------- the graph

def test_document_identity_is_sourced_to_the_document(fr_store):
    rows = _rows(fr_store, """
        SELECT ?number ?citation ?issued ?url ?quote ?date WHERE {
          GRAPH ?g1 { ent:mini-entity-list-rule dcterms:identifier ?number }
          GRAPH ?g2 { ent:mini-entity-list-rule dcterms:bibliographicCitation ?citation }
          GRAPH ?g3 { ent:mini-entity-list-rule dcterms:issued ?issued }
          ?g1 prov:wasDerivedFrom ?src ; kg:quote ?quote ; dcterms:date ?date .
          ?g2 prov:wasDerivedFrom ?src . ?g3 prov:wasDerivedFrom ?src .
          ?src a schema:Legislation ; schema:url ?url ; schema:datePublished ?date .
        }""")
    assert rows == [("2030-00101", "95 FR 1001", "2030-01-02",
                     "https://www.federalregister.gov/documents/2030/01/02/2030-00101/additions-to-the-entity-list",
                     "[FR Doc. 2030-00101 Filed 12-30-29; 8:45 am]", "2030-01-02")]
    # every statement read in an FR document carries a quote and the publication date
    assert _rows(fr_store, """
        SELECT ?g WHERE { ?g prov:wasDerivedFrom ?src . ?src a schema:Legislation .
                          FILTER NOT EXISTS { ?g kg:quote ?q ; dcterms:date ?d } }""") == []


def test_document_facts(fr_store):
    rows = dict(_rows(fr_store, """
        SELECT ?p ?o WHERE { GRAPH ?g { ent:fr-2030-00303 ?p ?o } FILTER(isLiteral(?o)) }"""))
    assert rows["http://purl.org/dc/terms/type"] == "Rule"
    assert rows["https://w3id.org/chip-policy-kg/ontology#effectiveOn"] == "2030-03-01"
    assert rows["https://w3id.org/chip-policy-kg/ontology#complianceOn"] == "2030-04-15"
    assert rows["https://w3id.org/chip-policy-kg/ontology#regulationIdentifierNumber"] == "0694-AZ02"
    assert rows["https://w3id.org/chip-policy-kg/ontology#amendsCFRPart"] == "15 CFR 744"
    issuers = _rows(fr_store, "SELECT ?a WHERE { GRAPH ?g { ?a kg:issued ent:fr-2030-00303 } } ORDER BY ?a")
    assert [r[0].rsplit("/", 1)[1] for r in issuers] == ["bis", "us-department-of-commerce"]
    assert _rows(fr_store, "SELECT ?i WHERE { ent:fr-2030-00303 kg:issuer ?i }") == [
        ("https://w3id.org/chip-policy-kg/entity/bis",)]


def test_hand_written_decision_and_document_are_one_entity(fr_store):
    assert _rows(fr_store, "SELECT ?p WHERE { ent:fr-2030-00101 ?p ?o }") == []
    fields = _rows(fr_store, """
        SELECT ?label ?number ?citation ?effective WHERE {
          ent:mini-entity-list-rule rdfs:label ?label ; kg:documentNumber ?number ; kg:citation ?citation ;
                                    kg:effectiveDate ?effective }""")
    # the hand-written label and effective date stay; the citation comes from the FR document
    assert fields == [("The January 2030 Entity List additions", "2030-00101", "95 FR 1001", "2030-01-03")]
    # the news statement about the rule is kept, next to the FR's own
    news = _rows(fr_store, """SELECT ?src WHERE { GRAPH ?g { ent:jane-doe kg:criticized ent:mini-entity-list-rule }
                                                ?g prov:wasDerivedFrom ?src }""")
    assert news == [("https://w3id.org/chip-policy-kg/source/daily-article",)]
    # the disagreement on the effective date is recorded, naming the file and the document
    notes = _rows(fr_store, """SELECT ?note WHERE { GRAPH ?g { ent:mini-entity-list-rule kg:effectiveOn ?d }
                                                   ?g skos:note ?note }""")
    assert len(notes) == 1 and "entities/fr.yaml:" in notes[0][0] and "2030-00101" in notes[0][0]


def test_relations_to_earlier_documents(fr_store):
    rows = _rows(fr_store, """
        SELECT ?a ?p ?b ?certainty WHERE {
          VALUES ?p { kg:corrects kg:amends kg:extends kg:rescinds }
          GRAPH ?g { ?a ?p ?b } ?g kg:certainty ?certainty }""")
    short = sorted((a.rsplit("/", 1)[1], p.rsplit("#", 1)[1], b.rsplit("/", 1)[1], c.rsplit("#", 1)[1])
                   for a, p, b, c in rows)
    assert short == [
        ("fr-2030-00202", "corrects", "mini-entity-list-rule", "confirmed"),   # correction_of
        ("fr-2030-00303", "amends", "mini-entity-list-rule", "confirmed"),     # "amends ... (95 FR 1001)"
        ("fr-2030-00404", "extends", "fr-2030-00303", "confirmed"),            # "extends ... (95 FR 3003)"
        ("fr-2030-00505", "amends", "mini-entity-list-rule", "reported"),      # shared RIN 0694-AZ01
        ("fr-2030-00505", "rescinds", "fr-2030-00303", "confirmed"),           # "rescinds ... (95 FR 3003)"
    ]


def test_entity_list_entries(fr_store):
    rows = _rows(fr_store, """
        SELECT ?doc ?verb ?entity ?date WHERE {
          VALUES ?verb { kg:addsToEntityList kg:revisesEntityListEntry kg:removesFromEntityList }
          GRAPH ?g { ?doc ?verb ?entity } ?g dcterms:date ?date }""")
    short = sorted((d.rsplit("/", 1)[1], v.rsplit("#", 1)[1], e.rsplit("/", 1)[1], date) for d, v, e, date in rows)
    assert short == [
        ("fr-2030-00303", "revisesEntityListEntry", "beta-compute-institute", "2030-03-01"),
        ("fr-2030-00505", "addsToEntityList", "delta-trading-limited", "2030-06-02"),
        ("fr-2030-00505", "removesFromEntityList", "gamma-labs", "2030-06-02"),
        ("mini-entity-list-rule", "addsToEntityList", "acme", "2030-01-02"),      # matched by its alias "Acme"
        ("mini-entity-list-rule", "addsToEntityList", "beta-compute-institute", "2030-01-02"),
    ]
    # the entry's terms, as statements about the listed entity from the same document
    acme = dict(_rows(fr_store, """
        SELECT ?p ?o WHERE { GRAPH ?g { ent:acme ?p ?o } ?g prov:wasDerivedFrom src:fr-2030-00101 }"""))
    kg = "https://w3id.org/chip-policy-kg/ontology#"
    assert acme[kg + "entityListDestination"] == "https://w3id.org/chip-policy-kg/entity/china"
    assert acme[kg + "licenseReviewPolicy"] == "Presumption of denial."
    assert acme[kg + "licenseRequirement"] == "For all items subject to the EAR. (See § 744.11 of the EAR)."
    assert acme[kg + "listedAddress"] == "No. 1 Innovation Road, Nanshan District, Shenzhen, China."
    # an entity not in the graph is created with the names the rule prints
    created = _rows(fr_store, """SELECT ?type ?label WHERE { ent:beta-compute-institute a ?type ; rdfs:label ?label
                                 FILTER(?type IN (kg:Organization, kg:Company)) }""")
    assert created == [("https://w3id.org/chip-policy-kg/ontology#Organization", "Beta Compute Institute")]
    assert _rows(fr_store, "SELECT ?l WHERE { ?e rdfs:label ?l FILTER(STRSTARTS(?l, 'Acme Chips Co')) }") == []
    delta = _rows(fr_store, "SELECT ?t WHERE { ent:delta-trading-limited a kg:Company BIND(1 AS ?t) }")
    assert delta == [("1",)]


def test_questions(fr_store):
    from kg.query.questions import ask as _ask

    def ask(*args):
        answer = _ask(*args)
        answer.rows = [[getattr(v, "value", v) for v in row] for row in answer.rows]
        return answer

    docs = ask(fr_store, "fr-documents", {"agency": "bis", "cfr_part": "744", "from": "2030-01-01", "to": "2030-03-31"})
    assert [(r[1], r[2], r[3]) for r in docs.rows] == [
        ("2030-00101", "95 FR 1001", "Rule"), ("2030-00202", "95 FR 2002", "Rule"), ("2030-00303", "95 FR 3003", "Rule")]
    assert len(ask(fr_store, "fr-documents", {"cfr_part": "15 CFR 744"}).rows) == 4  # 2030-00404 amends no part
    assert ask(fr_store, "fr-documents", {"agency": "acme"}).rows == []

    additions = ask(fr_store, "entity-list-additions", {"destination": "china", "from": "2030-01-01", "to": "2030-01-31"})
    got = [(str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[6])) for r in additions.rows]
    assert got == [("Acme Chips", "added", "China", "2030-00101", "Presumption of denial."),
                   ("Beta Compute Institute", "added", "China", "2030-00101", "Case-by-case review.")]
    assert [str(r[1]) for r in ask(fr_store, "entity-list-additions", {"from": "2030-06-01"}).rows] == [
        "Delta Trading Limited", "Gamma Labs"]

    chain = ask(fr_store, "amendment-chain", {"document": "mini-entity-list-rule"})
    steps = [(int(str(r[0])), str(r[8]).rsplit("/", 1)[1], str(r[2])) for r in chain.rows]
    assert sorted(steps) == [(1, "fr-2030-00202", "corrects"), (1, "fr-2030-00303", "amends"),
                             (1, "fr-2030-00505", "amends"), (2, "fr-2030-00404", "extends"),
                             (2, "fr-2030-00505", "rescinds")]
    assert ask(fr_store, "amendment-chain", {"document": "fr-2030-00505"}).rows == []


def test_view_of_a_rule_shows_its_amendment_chain(fr_data, tmp_path, runner):
    from kg.store.builder import build

    build(fr_data, tmp_path / "build")
    out = tmp_path / "chain.html"
    result = run_cli(runner, "view", "mini-entity-list-rule", "--depth", "2", "--store", str(tmp_path / "build" / "store"),
                     "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    for text in ("corrects", "rescinds", "extends", "Additions to the Entity List; Correction",
                 "Revisions to the Entity List; Extension of Comment Period"):
        assert text in page


@pytest.mark.parametrize("how", ["missing", "empty", "sidecars only"])
def test_builds_without_a_snapshot(mini, tmp_path, how):
    from kg.store.builder import build

    data = _fr_data(mini, feed=False)
    if how != "missing":
        _feed(data).mkdir(parents=True)
    if how == "sidecars only":
        shutil.copy(FR / "feed" / "verified-notes.yaml", _feed(data))
        (_feed(data) / ".fetch-state.json").write_text("not json", encoding="utf-8")
    summary = build(data, tmp_path / "build")
    assert ", 2 sources," in str(summary)  # the mini dataset's own: nothing read from the folder


def test_the_build_is_deterministic(fr_data, tmp_path):
    from kg.store.builder import build

    build(fr_data, tmp_path / "a")
    moved = tmp_path / "elsewhere" / "data"
    shutil.copytree(fr_data, moved)
    build(moved, tmp_path / "b")
    assert (tmp_path / "a" / "kg.trig").read_bytes() == (tmp_path / "b" / "kg.trig").read_bytes()


def test_unknown_fields_stay_unknown(fr_data, tmp_path):
    """The snapshot gives null for what its collectors could not check: nothing is made up for it."""
    from kg.store.builder import build
    from kg.store.local import open_store

    _edit_json(_feed(fr_data) / "2030-00404.json", html_url=None, title=None)
    build(fr_data, tmp_path / "build")
    store = open_store(tmp_path / "build" / "store")
    assert sorted(r[0] for r in _rows(store, "SELECT ?u WHERE { src:fr-2030-00404 kg:unknown ?u }")) == [
        "title", "url"]
    assert _rows(store, "SELECT ?n WHERE { src:fr-2030-00404 skos:note ?n }") == [
        ("The Federal Register snapshot gives no html_url, title for document 2030-00404 "
         "(feeds/federal-register/2030-00404.json).",)]
    # still in the chain, and still quoted from its own words
    assert _rows(store, """SELECT ?q WHERE { GRAPH ?g { ent:fr-2030-00404 kg:extends ent:fr-2030-00303 }
                           ?g kg:quote ?q }""") == [
        ("BIS extends the comment period for the interim final rule published on March 1, 2030 (95 FR 3003) "
         "by thirty days.",)]


def test_a_document_with_nothing_to_quote_only_fills_in_a_hand_written_record(fr_data, tmp_path):
    from kg.records.loaders import load_data

    _edit_json(_feed(fr_data) / "2030-00101.json", title=None, abstract=None, action=None, dates=None)
    (_feed(fr_data) / "2030-00101.xml").unlink()
    _edit_json(_feed(fr_data) / "2030-00404.json", publication_date=None)  # no date to give its statements
    data = load_data(fr_data)
    assert "fr-2030-00404" not in data.entities and "fr-2030-00404" not in data.sources
    assert "fr-2030-00101" not in data.sources
    assert data.entities["mini-entity-list-rule"].record.citation == "95 FR 1001"
    assert not [s for s in data.statements if s.record.source in ("fr-2030-00101", "fr-2030-00404")]


# ---------------------------------------------------------------- bad input

def _edit_json(path: Path, **changes) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def _break(data: Path, how: str) -> tuple[str, str]:
    """Break the snapshot one way; return (file name, text the error must contain)."""
    feed = _feed(data)
    if how == "malformed json":
        (feed / "2030-00404.json").write_text('{\n  "document_number": "2030-00404",\n  "title": oops\n}\n', encoding="utf-8")
        return "2030-00404.json:3", "malformed JSON"
    if how == "malformed xml":
        text = (feed / "2030-00303.xml").read_text(encoding="utf-8")
        (feed / "2030-00303.xml").write_text(text.replace("</SUBJECT>", "</SUBJ>", 1), encoding="utf-8")
        return "2030-00303.xml:", "malformed XML"
    if how == "entity expansion":
        (feed / "2030-00303.xml").write_text('<?xml version="1.0"?>\n<!DOCTYPE RULE [<!ENTITY a "aaaa">]>\n'
                                             "<RULE>&a;</RULE>\n", encoding="utf-8")
        return "2030-00303.xml", "refused XML"
    if how == "no number":
        _edit_json(feed / "2030-00202.json", document_number=None)
        return "2030-00202.json", "document_number: missing"
    if how == "unknown agency":
        doc = json.loads((feed / "2030-00505.json").read_text(encoding="utf-8"))
        doc["agencies"].append({"raw_name": "Office of Imaginary Affairs", "name": "Imaginary Affairs Office",
                                "id": 999, "parent_id": None, "slug": "imaginary-affairs-office"})
        (feed / "2030-00505.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
        return "2030-00505.json", "unknown agency 'imaginary-affairs-office'"
    if how == "contradicts a hand-written record":
        path = data / "entities" / "fr.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  document_number: 2030-00101",
                                                                 "  document_number: 2030-00101\n  citation: 95 FR 9999"),
                        encoding="utf-8")
        return "2030-00101.json", "'95 FR 9999' in the hand-written record 'mini-entity-list-rule'"
    if how == "bad date":
        _edit_json(feed / "2030-00303.json", effective_on="2030-02-30")
        return "2030-00303.json", "effective_on: '2030-02-30' is not a real date"
    raise AssertionError(how)


BAD = ["malformed json", "malformed xml", "entity expansion", "no number", "unknown agency",
       "contradicts a hand-written record", "bad date"]


@pytest.mark.parametrize("how", BAD)
def test_bad_input_is_a_clear_error_and_no_partial_build(fr_data, tmp_path, runner, how):
    from kg.store.builder import build

    out = tmp_path / "build"
    build(fr_data, out)
    before = (out / "kg.trig").read_bytes()
    where, what = _break(fr_data, how)
    result = run_cli(runner, "build", "--data", str(fr_data), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Internal error" not in result.output
    line = next((l for l in result.output.splitlines() if what in l), None)
    assert line is not None, result.output
    assert where in line and "hint:" in line, line
    assert (out / "kg.trig").read_bytes() == before  # the previous build stays as it was


# ---------------------------------------------------------------- the fetch, against a local server

@pytest.fixture
def fr_server():
    server = FRServer()
    yield server
    server.stop()


def _fetch(runner, server, into, *extra):
    return run_cli(runner, "fetch", "federal-register", "--into", str(into), "--base-url", server.url,
                   "--delay", "0", *extra)


def test_fetch_then_nothing_new(fr_server, tmp_path, runner, mini):
    into = tmp_path / "feed"
    result = _fetch(runner, fr_server, into, "--since", "2030-01-01", "--type", "rule")
    assert result.exit_code == 0, result.output
    assert "fetched 5 new documents" in result.output
    assert sorted(p.name for p in into.iterdir()) == sorted([f"{n}.json" for n in NUMBERS] + [f"{n}.xml" for n in WITH_XML])
    for n in NUMBERS:
        assert json.loads((into / f"{n}.json").read_text(encoding="utf-8")) == json.loads(
            (FR / "feed" / f"{n}.json").read_text(encoding="utf-8"))
    for n in WITH_XML:
        assert (into / f"{n}.xml").read_bytes() == (FR / "feed" / f"{n}.xml").read_bytes()
    first_path, query, agent = fr_server.requests[0]
    assert first_path == "/api/v1/documents.json"
    assert ("conditions[agencies][]", "industry-and-security-bureau") in query
    assert ("conditions[publication_date][gte]", "2030-01-01") in query
    assert ("conditions[type][]", "RULE") in query
    assert ("fields[]", "full_text_xml_url") in query and ("order", "oldest") in query and ("per_page", "100") in query
    assert agent.startswith("chip-policy-kg/")
    assert ("page", "2") in fr_server.requests[1][1]  # next_page_url followed, on the local server

    fr_server.requests.clear()
    again = _fetch(runner, fr_server, into, "--since", "2030-01-01", "--type", "rule")
    assert again.exit_code == 0, again.output
    assert "nothing new" in again.output and "5 documents" in again.output
    assert fr_server.paths() == ["/api/v1/documents.json", "/api/v1/documents.json"]  # no document downloaded

    # what was fetched builds, like the bundled snapshot
    data = _fr_data(mini, feed=False)
    shutil.copytree(into, _feed(data))
    build = run_cli(runner, "build", "--data", str(data), "--out", str(tmp_path / "build"))
    assert build.exit_code == 0, build.output


def test_interrupted_fetch_leaves_valid_files_and_resumes(fr_server, tmp_path, runner):
    into = tmp_path / "feed"
    fr_server.broken.add("/documents/full_text/xml/2030/03/01/2030-00303.xml")
    result = _fetch(runner, fr_server, into, "--retries", "1")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "stopped after 2 new documents" in result.output and "run the same command again" in result.output
    names = sorted(p.name for p in into.iterdir())
    assert names == ["2030-00101.json", "2030-00101.xml", "2030-00202.json"]  # no part-written file
    for p in into.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))

    fr_server.broken.clear()
    fr_server.requests.clear()
    resumed = _fetch(runner, fr_server, into)
    assert resumed.exit_code == 0, resumed.output
    assert "fetched 3 new documents" in resumed.output and "2 already there" in resumed.output
    assert not any("2030-00101" in p for p in fr_server.paths())
    assert len(list(into.glob("*.json"))) == 5


def test_429_with_retry_after_and_backoff_on_5xx(fr_server, tmp_path):
    from kg.records.feeds.federal_register_fetch import FetchOptions, fetch_federal_register
    from kg.records.feeds.http import Politeness

    fr_server.plan["/api/v1/documents.json"] = [(429, {"Retry-After": "7"}), (503, {})]
    fr_server.plan["/documents/full_text/xml/2030/01/02/2030-00101.xml"] = [(502, {}), (503, {})]
    waits: list[float] = []
    options = FetchOptions(into=tmp_path / "feed", base_url=fr_server.url,
                           politeness=Politeness(delay=0, retries=3, backoff=0.01))
    result = fetch_federal_register(options, sleep=waits.append)
    assert len(result.fetched) == 5
    assert waits == [7.0, 0.02, 0.01, 0.02]  # Retry-After honoured; otherwise 0.01 x 2^attempt
    assert fr_server.paths()[:3] == ["/api/v1/documents.json"] * 3


def test_fetch_gives_up_with_a_clear_error(fr_server, tmp_path, runner):
    fr_server.broken.add("/api/v1/documents.json")
    result = _fetch(runner, fr_server, tmp_path / "feed", "--retries", "0")
    assert result.exit_code == 1 and "gave up after 1 attempts (HTTP 500)" in result.output
    fr_server.broken.clear()
    unknown = _fetch(runner, fr_server, tmp_path / "feed", "--agency", "no-such-bureau")
    assert unknown.exit_code == 1 and "answered 400" in unknown.output and "agency slug" in unknown.output
    bad = _fetch(runner, fr_server, tmp_path / "feed", "--since", "2030-02-30")
    assert bad.exit_code == 1 and "--since" in bad.output and "Traceback" not in bad.output
    closed = run_cli(runner, "fetch", "federal-register", "--into", str(tmp_path / "feed"), "--base-url",
                     "http://127.0.0.1:9", "--delay", "0", "--retries", "0")
    assert closed.exit_code == 1 and "ConnectError" in closed.output


def test_atomic_writes(tmp_path):
    from kg.records.feeds.atomic import remove_leftovers, write_atomic

    target = tmp_path / "2030-00101.json"
    write_atomic(target, b'{"old": true}')

    with pytest.raises(TypeError):
        write_atomic(target, "text, not bytes")  # fails while writing
    assert target.read_bytes() == b'{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2030-00101.json"]
    (tmp_path / ".2030-00202.json.x1.part").write_bytes(b'{"half')  # a killed run's temporary file
    assert remove_leftovers(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2030-00101.json"]

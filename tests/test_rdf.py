"""The RDF mapping, compared by graph isomorphism with a hand-written expectation."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.compare import isomorphic, graph_diff

from kg.records.checks import statement_id
from kg.records.loaders import load_data
from kg.rdf.mapping import ontology_triples, to_dataset
from kg.rdf.vocab import KG, statement_iri

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _rename(ds: Dataset, names: dict[URIRef, URIRef]) -> Dataset:
    out = Dataset()
    for s, p, o, g in ds.quads():
        s, o = names.get(s, s), names.get(o, o)
        gid = g.identifier if hasattr(g, "identifier") else g
        out.add((s, p, o, names.get(gid, gid)))
    return out


def _default(ds: Dataset) -> Graph:
    g = Graph()
    onto = set(ontology_triples())
    for t in ds.graph(DATASET_DEFAULT_GRAPH_ID):
        if t not in onto:
            g.add(t)
    return g


def test_mapping_matches_contract(mini):
    data = load_data(mini)
    names = {}
    for loc in data.statements:
        key = "urn:test:G1" if loc.record.predicate == "manufactures" else "urn:test:G2"
        names[statement_iri(statement_id(loc.record))] = URIRef(key)
    actual = _rename(to_dataset(data), names)
    expected = Dataset().parse(FIXTURES / "mini-expected.trig", format="trig")

    got, want = _default(actual), _default(expected)
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(got, want)
        raise AssertionError(f"unexpected:\n{only_got.serialize(format='nt')}\nmissing:\n{only_want.serialize(format='nt')}")
    for name in ("urn:test:G1", "urn:test:G2"):
        assert isomorphic(actual.graph(URIRef(name)), expected.graph(URIRef(name))), name
    named = {g.identifier for g in actual.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID}
    assert named == {URIRef("urn:test:G1"), URIRef("urn:test:G2")}


def test_statement_iris_are_stable_and_ignore_quote_edits(mini):
    first = {statement_id(s.record) for s in load_data(mini).statements}
    path = mini / "statements" / "daily.yaml"
    path.write_text(path.read_text().replace("translation: Acme makes", "translation: Acme manufactures"))
    assert {statement_id(s.record) for s in load_data(mini).statements} == first
    path.write_text(path.read_text().replace("object: a1", "object: a1\n    id: explicit-id"))
    assert "explicit-id" in {statement_id(s.record) for s in load_data(mini).statements}


def test_explicit_null_primary_source_overrides_relays(mini):
    path = mini / "statements" / "daily.yaml"
    path.write_text(path.read_text().replace("    covers: [3]\n", "    covers: [3]\n    primary_source: null\n"))
    ds = to_dataset(load_data(mini))
    from rdflib.namespace import PROV

    derived = list(ds.graph(DATASET_DEFAULT_GRAPH_ID).subject_objects(PROV.wasDerivedFrom))
    g = next(s for s, o in derived if str(o).endswith("daily-article"))
    assert ds.graph(DATASET_DEFAULT_GRAPH_ID).value(g, PROV.hadPrimarySource) is None


def test_literal_objects_are_typed(mini):
    (mini / "statements" / "bulk.csv").write_text(
        "source,subject,predicate,object,quote,quote_lang\n"
        "wire-report,a1,released_in,2023,released in 2023,en\n"
        "wire-report,a1,tpp,\"4,800\",TPP of 4800,en\n")
    ds = to_dataset(load_data(mini))
    values = {(str(p).split("#")[1], str(o), str(o.datatype).split("#")[1])
              for s, p, o, g in ds.quads((None, None, None, None)) if str(p).startswith(str(KG)) and hasattr(o, "datatype") and o.datatype}
    assert ("releasedIn", "2023", "gYear") in values
    assert ("statedTPP", "4800", "decimal") in values


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=40), lang=st.sampled_from(["en", "zh-Hant", "AR", "zh-hans-CN"]))
def test_literal_text_is_what_oxigraph_writes(text, lang):
    """The build writes most literals itself (no pyoxigraph object); the text must be Oxigraph's."""
    import pyoxigraph as ox

    from kg.rdf.mapping import _NTriplesTerms

    terms = _NTriplesTerms()
    assert terms.plain(text) == str(ox.Literal(text))
    assert terms.lang(text, lang) == str(ox.Literal(text, language=lang))


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(st.text(max_size=20), min_size=4, max_size=4), date=st.none() | st.text(max_size=10))
def test_statement_key_hashes_the_json_of_its_fields(fields, date):
    """Statement IRIs must not change: the key is the SHA-256 of this JSON text, whatever builds it."""
    import hashlib
    import json

    from kg.rdf.vocab import statement_key

    payload = json.dumps([*fields, date or ""], ensure_ascii=False)
    assert statement_key(*fields, date) == hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

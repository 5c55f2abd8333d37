"""The Python API notebooks use: DataFrames with typed columns, entity lookup, provenance, views."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import kg
from kg.errors import KGError


@pytest.fixture(scope="module")
def g(bundled_build):
    return kg.open(bundled_build)


def test_query_types_columns(g):
    df = g.query("""SELECT ?event ?date ?n WHERE {
        ?event a kg:Event ; dcterms:date ?date FILTER(datatype(?date) = xsd:date)
        { SELECT ?event (COUNT(?s) AS ?n) WHERE { ?s kg:objectEntity ?event } GROUP BY ?event } }""")
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert pd.api.types.is_integer_dtype(df["n"])
    busan = df[df["event_iri"].str.endswith("/busan-trump-xi-meeting-2025")]
    assert busan.iloc[0]["event"] == "Trump–Xi meeting in Busan (2025)"
    assert busan.iloc[0]["date"] == pd.Timestamp("2025-10-30")


def test_query_decimal_and_ask_and_construct(g):
    df = g.query("SELECT ?v WHERE { GRAPH ?s { ?d kg:amountUSD ?v } }")
    assert pd.api.types.is_numeric_dtype(df["v"]) and 5.5e9 in set(df["v"])
    assert g.query("ASK { ?x kg:opposes ?y }") is True
    graph = g.query("CONSTRUCT { ?x kg:opposes ?y } WHERE { GRAPH ?s { ?x kg:opposes ?y } }")
    assert len(graph) > 5


def test_bindings_are_bound(g):
    df = g.query("SELECT ?label WHERE { ?e rdfs:label ?label }", e="ent:nvidia")
    assert "英伟达" in set(df["label"])
    assert g.query("SELECT ?label WHERE { ?e rdfs:label ?label }", e='x" } ?a ?b ?c {').empty


def test_entity_lookup_in_any_language(g):
    for name in ("روبيو", "Marco Rubio", "鲁比奥", "marco-rubio"):
        assert g.entity(name)["id"] == "marco-rubio"
    e = g.entity("ترمب")
    assert e["id"] == "donald-trump" and e["type"] == "Person" and "特朗普" in e["aliases"]["zh"]
    with pytest.raises(KGError, match="no entity"):
        g.entity("Nobody")


def test_statements_with_provenance(g):
    df = g.statements(about="روبيو")
    assert {"quote", "quote_lang", "translation", "url", "publisher", "primary_source", "certainty"} <= set(df.columns)
    seed = g.statements(source="seed-ar-wsj-blackwell-2025")
    assert len(seed) >= 30 and set(seed["quote_lang"]) == {"ar"}
    assert set(seed["primary_publisher"].dropna()) >= {"The Wall Street Journal", "Financial Times"}


def test_ask_and_questions(g):
    assert len(g.questions()) >= 10
    df = g.ask("roles-as-of", date="2025-06-01")
    assert "Marco Rubio" in set(df["personLabel"])


def test_to_networkx_and_view_write_no_file(g, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    G = g.to_networkx(predicates={"opposes", "supports"})
    assert {d["predicate"] for *_, d in G.edges(data=True)} == {"opposes", "supports"}
    v = g.view("Nvidia", depth=1, lang="zh")
    html = v._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "&lt;script" in html
    assert os.listdir(tmp_path) == []
    v.save(tmp_path / "n.html")
    assert os.listdir(tmp_path) == ["n.html"]


def test_load_builds_and_opens(tmp_path):
    from conftest import FIXTURES

    g2 = kg.load(FIXTURES / "mini", tmp_path / "b")
    assert g2.stats()["statements"] == 2


def test_compact_shortens_graph_iris_only(g):
    from kg.query.frames import compact
    from kg.rdf.vocab import ENTITY, SOURCE, STATEMENT

    df = g.statements(about="Marco Rubio")
    short = compact(df)
    assert "subject_id" in short.columns and not any(c.endswith("_iri") for c in short.columns)
    assert set(short["subject_id"]) == {"marco-rubio"}
    assert "seed-ar-wsj-blackwell-2025" in set(short["document"])
    assert short["statement"].str.fullmatch(r"[0-9a-z-]+").all()
    namespaces = tuple(str(ns) for ns in (ENTITY, SOURCE, STATEMENT))
    assert not any(isinstance(v, str) and v.startswith(namespaces) for v in short.to_numpy().ravel())
    assert short["url"].dropna().str.startswith("http").all()  # other URLs are left as they are
    assert df["subject_iri"].str.startswith(str(ENTITY)).all()  # the frame given is not changed
    assert short["quote"].tolist() == df["quote"].tolist()


def test_problems_frame_from_a_failed_build(mini, tmp_path):
    from kg.query.frames import problems_frame

    daily = mini / "statements" / "daily.yaml"
    daily.write_text(daily.read_text().replace("subject: acme", "subject: acme-corp"))
    with pytest.raises(kg.DataError) as info:
        kg.build(mini, tmp_path / "b")
    df = problems_frame(info.value.problems)
    assert df.columns.tolist() == ["file", "line", "field", "message", "hint"]
    row = df[df["message"].str.contains("acme-corp")].iloc[0]
    assert row["file"].endswith("daily.yaml") and row["line"] == 3 and row["field"].endswith("subject")
    assert "acme" in row["hint"]
    assert not (tmp_path / "b" / "store").exists()


def test_old_module_paths_still_work_with_a_deprecation_warning():
    """The relayout moved kg.frames, kg.store and kg.rdf's contents; old imports warn but work."""
    import importlib
    import sys

    import pytest

    import kg.query.frames
    import kg.rdf.mapping
    import kg.store.local

    sys.modules.pop("kg.frames", None)
    with pytest.warns(DeprecationWarning, match="kg.query.frames"):
        old = importlib.import_module("kg.frames")
    assert old.compact is kg.query.frames.compact
    with pytest.warns(DeprecationWarning, match="kg.store.local"):
        from kg.store import open_store
    assert open_store is kg.store.local.open_store
    with pytest.warns(DeprecationWarning, match="kg.rdf.mapping"):
        from kg.rdf import quads
    assert quads is kg.rdf.mapping.quads
    with pytest.raises(ImportError):
        from kg.store import no_such_name  # noqa: F401

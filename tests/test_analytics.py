"""Network analytics: on small graphs whose answers are known, and on the bundled data."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from conftest import run_cli
from kg.analytics import (Filters, brokers, centrality, changes, communities, ego_network, evidence_path,
                          export_graph, project, stance_matrix, stances, timeline)
from kg.errors import KGError
from kg.store.local import open_store


@pytest.fixture(scope="module")
def store(bundled_build):
    return open_store(bundled_build / "store")


@pytest.fixture(scope="module")
def G(store):
    return project(store)


def two_cliques() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for group in (["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]):
        for i, u in enumerate(group):
            for v in group[i + 1:]:
                G.add_edge(u, v, predicate="supports")
    G.add_edge("a1", "bridge", predicate="advises")
    G.add_edge("bridge", "b1", predicate="advises")
    return G


def test_centrality_ranks_a_known_graph():
    df = centrality(two_cliques())
    top_between = df.sort_values("betweenness", ascending=False).iloc[0]["id"]
    assert top_between == "bridge"
    assert set(df.iloc[:2]["id"]) == {"a1", "b1"}  # the clique members that also touch the bridge
    assert df["degree"].sum() == 2 * two_cliques().number_of_edges()


def test_communities_and_brokers_on_a_known_graph():
    df = communities(two_cliques())
    comm = dict(zip(df["id"], df["community"]))
    assert len({comm[n] for n in ("a1", "a2", "a3", "a4")}) == 1
    assert comm["a1"] != comm["b1"]
    assert "bridge" in set(brokers(two_cliques())["id"]) or {"a1", "b1"} & set(brokers(two_cliques())["id"])


def test_projection_of_bundled_data(G):
    assert G.nodes["marco-rubio"]["type"] == "Person"
    assert G.nodes["nvidia"]["labels"]["ar"] == "إنفيديا"
    edges = [d for _, _, d in G.out_edges("marco-rubio", data=True) if d["predicate"] == "opposes"]
    assert edges and all(d["quote"] and d["sources"] for d in edges)
    assert any("the-wall-street-journal" in d["publishers"] for d in edges)


def test_centrality_of_bundled_data_is_sensible(G):
    top = list(centrality(G)["id"][:10])
    assert "donald-trump" in top and "nvidia" in top


def test_evidence_path_rubio_to_nvidia_cites_sources(store, G):
    df = evidence_path(G, "marco-rubio", "nvidia")
    assert df["hop"].min() == 1 and df["hop"].max() >= 1
    assert (df["sources"].map(len) > 0).all() and df["quote"].map(bool).all()
    ends = set(df["source"]) | set(df["target"])
    assert {"marco-rubio", "nvidia"} <= ends


def test_path_cli_accepts_labels_in_any_language(runner, bundled_build):
    out = run_cli(runner, "analyze", "path", "Marco Rubio", "إنفيديا", "--store", str(bundled_build / "store"),
                  "--format", "json")
    assert out.exit_code == 0, out.output
    hops = json.loads(out.output)
    assert hops and all(h["sources"] for h in hops)


def test_unknown_or_ambiguous_entity_is_a_clear_error(runner, bundled_build):
    out = run_cli(runner, "analyze", "timeline", "Nobody At All", "--store", str(bundled_build / "store"))
    assert out.exit_code == 1 and "no entity is called" in out.output and "Traceback" not in out.output


def test_stances_on_bundled_data(G):
    df = stances(G)
    row = df[(df.actor == "marco-rubio") & (df.decision == "blackwell-china-export-approval")]
    assert len(row) == 1 and row.iloc[0]["opposes"] >= 1 and row.iloc[0]["net"] < 0
    huang = df[(df.actor == "jensen-huang") & (df.decision == "blackwell-china-export-approval")]
    assert huang.iloc[0]["supports"] >= 1
    matrix = stance_matrix(G)
    assert matrix.loc["Marco Rubio"].min() < 0


def test_timeline_is_ordered(G):
    df = timeline(G, "h20")
    dates = [d for d in df["date"].dropna() if d]
    assert len(dates) >= 5 and dates == sorted(dates)


def test_snapshot_before_busan_excludes_the_meeting(store):
    before = project(store, Filters(as_of="2025-10-29"))
    after = project(store, Filters(as_of="2025-10-31"))
    def meeting_edges(H):
        return [d for u, v, d in H.edges(data=True) if "busan-trump-xi-meeting-2025" in (u, v) and d["date"]]
    assert not [d for d in meeting_edges(before) if d["date"] >= "2025-10-30"]
    assert meeting_edges(after)
    assert after.number_of_edges() > before.number_of_edges()


def test_changes_between_dates(G):
    df = changes(G, "2025-10-29", "2025-11-30")
    assert len(df) > 0 and all("2025-10-29" < d <= "2025-11-30" or len(d) < 10 for d in df["date"])
    with pytest.raises(KGError):
        changes(G, "2025-12-01", "2025-01-01")


def test_filters(store):
    only = project(store, Filters(predicates={"opposes"}, types={"Person", "Decision", "Group"}))
    assert {d["predicate"] for *_, d in only.edges(data=True)} == {"opposes"}
    assert {d["type"] for _, d in only.nodes(data=True)} <= {"Person", "Decision", "Group"}
    corroborated = project(store, Filters(min_publishers=2))
    assert 0 < corroborated.number_of_edges() < project(store).number_of_edges()
    with pytest.raises(KGError):
        Filters(as_of="2025-13-01")


def test_ego_network(G):
    H = ego_network(G, "kush-desai", 1)
    assert "kush-desai" in H and "white-house" in H and len(H) < len(G)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_exports_round_trip(G, tmp_path, fmt):
    files = export_graph(G, tmp_path / f"g.{fmt}", fmt)
    if fmt == "graphml":
        H = nx.read_graphml(files[0])
        assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    elif fmt == "gexf":
        H = nx.read_gexf(files[0])
        assert H.number_of_nodes() == G.number_of_nodes()
    else:
        import pandas as pd

        nodes, edges = (pd.read_csv(f) for f in files)
        assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
        assert {"predicate", "quote", "sources"} <= set(edges.columns)


@pytest.mark.parametrize("args", [["centrality", "--top", "5"], ["communities"], ["brokers", "--top", "3"],
                                  ["stances", "--wide"], ["timeline", "h20"], ["ego", "nvidia"],
                                  ["changes", "2025-10-01", "2025-11-30"]])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_analyze_commands(runner, bundled_build, args, fmt):
    out = run_cli(runner, "analyze", *args, "--store", str(bundled_build / "store"), "--format", fmt)
    assert out.exit_code == 0, out.output
    if fmt == "json":
        assert isinstance(json.loads(out.output), list) and json.loads(out.output)
    elif fmt == "csv":
        assert len(out.output.splitlines()) >= 2

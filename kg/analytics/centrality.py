"""Who is central: degree, PageRank and betweenness."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

__all__ = ["centrality"]


def centrality(G: "nx.MultiDiGraph", *, k: int | None = None, seed: int = 0) -> "pd.DataFrame":
    """Degree, PageRank and betweenness of every node, most central first.

    PageRank runs on the undirected graph weighted by the number of statements between two
    entities; betweenness on the undirected simple graph.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (:func:`kg.analytics.project`).
    k : int, optional
        Sample size for betweenness on large graphs (exact when ``None``).
    seed : int
        Seed of the betweenness sample, for repeatable answers.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``label``, ``type``, ``degree``, ``pagerank``, ``betweenness``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("hub", "d")])
    >>> centrality(G).iloc[0]["id"]
    'hub'
    """
    import networkx as nx
    import pandas as pd

    # Statements link a subject to an object; neither direction is an endorsement, so rank on the
    # undirected graph, each pair weighted by the number of statements linking it.
    simple = nx.Graph()
    simple.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if u != v:
            w = simple.get_edge_data(u, v, {"weight": 0})["weight"]
            simple.add_edge(u, v, weight=w + 1)
    pagerank = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {n: 1 / max(len(G), 1) for n in G}
    betweenness = nx.betweenness_centrality(simple, k=min(k, len(simple)) if k else None, seed=seed)
    rows = [{
        "id": n,
        "label": G.nodes[n].get("label", n),
        "type": G.nodes[n].get("type", ""),
        "degree": G.degree(n),
        "pagerank": pagerank.get(n, 0.0),
        "betweenness": betweenness.get(n, 0.0),
    } for n in G.nodes]
    df = pd.DataFrame(rows, columns=["id", "label", "type", "degree", "pagerank", "betweenness"])
    return df.sort_values(["pagerank", "degree", "id"], ascending=[False, False, True], ignore_index=True)

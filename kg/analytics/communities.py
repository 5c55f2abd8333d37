"""Communities (Louvain) and the brokers who connect them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

__all__ = ["communities", "community_of", "brokers"]


def community_of(G: "nx.MultiDiGraph", *, seed: int = 0, resolution: float = 1.0) -> dict[str, int]:
    """Louvain community number of each node (0 = largest community), repeatable with ``seed``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> c = community_of(G)
    >>> c["a"] == c["b"] == c["c"] != c["x"] == c["y"] == c["z"]
    True
    """
    import networkx as nx

    simple = nx.Graph(G.to_undirected(as_view=True))
    parts = nx.community.louvain_communities(simple, seed=seed, resolution=resolution) if simple.number_of_edges() else [{n} for n in simple]
    parts = sorted(parts, key=lambda p: (-len(p), min(p)))
    return {n: i for i, part in enumerate(parts) for n in part}


def communities(G: "nx.MultiDiGraph", *, seed: int = 0, resolution: float = 1.0) -> "pd.DataFrame":
    """One row per node with its Louvain community; largest communities first.

    Returns
    -------
    pandas.DataFrame
        Columns ``community``, ``size``, ``id``, ``label``, ``type``.
    """
    import pandas as pd

    comm = community_of(G, seed=seed, resolution=resolution)
    sizes = pd.Series(comm).value_counts()
    rows = [{"community": c, "size": int(sizes[c]), "id": n, "label": G.nodes[n].get("label", n),
             "type": G.nodes[n].get("type", "")} for n, c in comm.items()]
    df = pd.DataFrame(rows, columns=["community", "size", "id", "label", "type"])
    return df.sort_values(["community", "id"], ignore_index=True)


def brokers(G: "nx.MultiDiGraph", *, seed: int = 0, k: int | None = None) -> "pd.DataFrame":
    """Nodes that bridge communities: how many other communities they touch, their betweenness
    and participation coefficient (1 − Σ (links into community c / degree)²).

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``label``, ``type``, ``community``, ``communities_reached``,
        ``participation``, ``betweenness``; only nodes that reach another community, best
        brokers first.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> sorted(brokers(G)["id"])
    ['c', 'x']
    """
    from collections import Counter

    import networkx as nx
    import pandas as pd

    comm = community_of(G, seed=seed)
    simple = nx.Graph(G.to_undirected(as_view=True))
    between = nx.betweenness_centrality(simple, k=min(k, len(simple)) if k else None, seed=seed)
    rows = []
    for n in simple:
        links = Counter(comm[m] for m in simple[n])
        others = {c for c in links if c != comm[n]}
        if not others:
            continue
        deg = sum(links.values())
        rows.append({"id": n, "label": G.nodes[n].get("label", n), "type": G.nodes[n].get("type", ""),
                     "community": comm[n], "communities_reached": len(others),
                     "participation": 1 - sum((v / deg) ** 2 for v in links.values()),
                     "betweenness": between[n]})
    cols = ["id", "label", "type", "community", "communities_reached", "participation", "betweenness"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["betweenness", "communities_reached", "id"], ascending=[False, False, True],
                          ignore_index=True)

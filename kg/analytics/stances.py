"""Who supports and who opposes which decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

__all__ = ["stances", "stance_matrix"]


def stances(G: "nx.MultiDiGraph") -> "pd.DataFrame":
    """Counts of statements in which an actor supports or opposes a decision.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor``, ``actor_label``, ``decision``, ``decision_label``, ``supports``,
        ``opposes``, ``net`` (supports − opposes), ``publishers``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("deal", type="Decision")
    >>> for who, p in [("a", "opposes"), ("a", "opposes"), ("b", "supports")]:
    ...     _ = G.add_edge(who, "deal", predicate=p, publishers=["wsj"])
    >>> stances(G)[["actor", "supports", "opposes", "net"]].values.tolist()
    [['a', 0, 2, -2], ['b', 1, 0, 1]]
    """
    from collections import defaultdict

    import pandas as pd

    counts: dict[tuple[str, str], dict] = defaultdict(lambda: {"supports": 0, "opposes": 0, "publishers": set()})
    for u, v, d in G.edges(data=True):
        if d.get("predicate") in ("supports", "opposes") and G.nodes[v].get("type") == "Decision":
            c = counts[(u, v)]
            c[d["predicate"]] += 1
            c["publishers"] |= set(d.get("publishers", []))
    rows = [{"actor": u, "actor_label": G.nodes[u].get("label", u), "decision": v,
             "decision_label": G.nodes[v].get("label", v), "supports": c["supports"], "opposes": c["opposes"],
             "net": c["supports"] - c["opposes"], "publishers": sorted(c["publishers"])}
            for (u, v), c in counts.items()]
    cols = ["actor", "actor_label", "decision", "decision_label", "supports", "opposes", "net", "publishers"]
    return pd.DataFrame(rows, columns=cols).sort_values(["decision", "actor"], ignore_index=True)


def stance_matrix(G: "nx.MultiDiGraph") -> "pd.DataFrame":
    """Actors × decisions, each cell the net stance (supports − opposes); 0 where none is recorded."""
    df = stances(G)
    if df.empty:
        return df
    return df.pivot_table(index="actor_label", columns="decision_label", values="net", aggfunc="sum", fill_value=0)

"""How two entities are connected, hop by hop, and on whose word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

__all__ = ["evidence_path", "ego_network", "EDGE_COLUMNS", "edges_frame"]

EDGE_COLUMNS = ["source", "source_label", "predicate", "target", "target_label", "date", "quote", "quote_lang",
                "translation", "attributed_to", "certainty", "publishers", "sources", "statement"]


def _edge_row(G, u, v, data) -> dict:
    return {"source": u, "source_label": G.nodes[u].get("label", u), "predicate": data.get("predicate"),
            "target": v, "target_label": G.nodes[v].get("label", v), "date": data.get("date"),
            "quote": data.get("quote"), "quote_lang": data.get("quote_lang"), "translation": data.get("translation"),
            "attributed_to": data.get("attributed_to"), "certainty": data.get("certainty"),
            "publishers": list(data.get("publishers", [])), "sources": list(data.get("sources", [])),
            "statement": data.get("statement")}


def edges_frame(G: "nx.MultiDiGraph") -> "pd.DataFrame":
    """Every edge with its provenance, ordered by date then statement."""
    import pandas as pd

    rows = [_edge_row(G, u, v, d) for u, v, d in G.edges(data=True)]
    df = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return df.sort_values(["date", "statement"], na_position="last", ignore_index=True)


def evidence_path(G: "nx.MultiDiGraph", source: str, target: str) -> "pd.DataFrame":
    """A shortest chain of statements linking ``source`` to ``target`` (in either direction),
    each hop with every statement that supports it: predicate, quote, date, publishers, sources.

    Returns
    -------
    pandas.DataFrame
        Columns ``hop`` plus :data:`EDGE_COLUMNS`; one row per supporting statement.

    Raises
    ------
    KGError
        If either entity is not in the graph or no path links them.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("rubio", "deal", predicate="opposes", quote="q1", sources=["http://a"])
    0
    >>> G.add_edge("huang", "deal", predicate="requested", quote="q2", sources=["http://b"])
    0
    >>> evidence_path(G, "rubio", "huang")[["hop", "source", "predicate", "target"]].values.tolist()
    [[1, 'rubio', 'opposes', 'deal'], [2, 'huang', 'requested', 'deal']]
    """
    import networkx as nx
    import pandas as pd

    for n in (source, target):
        if n not in G:
            raise KGError(f"{n!r} is not in the graph (check the filters)")
    simple = nx.Graph(G.to_undirected(as_view=True))
    try:
        nodes = nx.shortest_path(simple, source, target)
    except nx.NetworkXNoPath:
        raise KGError(f"no chain of statements links {source!r} and {target!r}") from None
    rows = []
    for hop, (u, v) in enumerate(zip(nodes, nodes[1:]), start=1):
        found = [(a, b, d) for a, b in ((u, v), (v, u)) for d in G.get_edge_data(a, b, default={}).values()]
        for a, b, d in sorted(found, key=lambda t: (t[2].get("date") or "9999", t[2].get("statement") or "")):
            rows.append({"hop": hop, **_edge_row(G, a, b, d)})
    return pd.DataFrame(rows, columns=["hop", *EDGE_COLUMNS])


def ego_network(G: "nx.MultiDiGraph", center: str, radius: int = 1) -> "nx.MultiDiGraph":
    """The entities within ``radius`` hops of ``center`` (either direction) and the statements among them.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(ego_network(G, "b"))
    ['a', 'b', 'c']
    """
    import networkx as nx

    if center not in G:
        raise KGError(f"{center!r} is not in the graph (check the filters)")
    keep = nx.ego_graph(G.to_undirected(as_view=True), center, radius=radius).nodes
    return G.subgraph(keep).copy()

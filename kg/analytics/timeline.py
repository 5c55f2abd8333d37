"""What happened to an entity over time, and what changed between two dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.analytics.paths import EDGE_COLUMNS, _edge_row
from kg.analytics.projection import date_in_window

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

__all__ = ["timeline", "changes"]


def timeline(G: "nx.MultiDiGraph", entity: str) -> "pd.DataFrame":
    """Every statement about ``entity`` (as subject or object), ordered by date (undated last).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("h20", "china", predicate="designed_for", date="2023-11", statement="s2")
    >>> _ = G.add_edge("bis", "h20", predicate="restricts", date="2025-04-09", statement="s3")
    >>> timeline(G, "h20")["date"].tolist()
    ['2023-11', '2025-04-09']
    """
    import pandas as pd

    if entity not in G:
        raise KGError(f"{entity!r} is not in the graph (check the filters)")
    rows = [_edge_row(G, u, v, d) for u, v, d in G.out_edges(entity, data=True)]
    rows += [_edge_row(G, u, v, d) for u, v, d in G.in_edges(entity, data=True) if u != entity]
    df = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return df.sort_values(["date", "statement"], na_position="last", ignore_index=True)


def changes(G: "nx.MultiDiGraph", start: str, end: str) -> "pd.DataFrame":
    """Statements dated after ``start`` and up to ``end``: what the picture gained between two
    snapshots, with ``new_entities`` marking entities that had no statement before ``start``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", predicate="supports", date="2025-01-10", statement="s1")
    >>> _ = G.add_edge("a", "c", predicate="opposes", date="2025-03-01", statement="s2")
    >>> changes(G, "2025-02-01", "2025-12-31")[["source", "target", "new_entities"]].values.tolist()
    [['a', 'c', 'c']]
    """
    import pandas as pd

    if start > end:
        raise KGError(f"the first date ({start}) is after the second ({end})")
    before = set()
    for u, v, d in G.edges(data=True):
        if d.get("date") and date_in_window(d["date"], None, start) and d["date"][: len(start)] <= start:
            before |= {u, v}
    rows = []
    for u, v, d in G.edges(data=True):
        date = d.get("date")
        if not date or date <= start[: len(date)] or not date_in_window(date, None, end):
            continue
        row = _edge_row(G, u, v, d)
        row["new_entities"] = " ".join(n for n in (u, v) if n not in before)
        rows.append(row)
    df = pd.DataFrame(rows, columns=[*EDGE_COLUMNS, "new_entities"])
    return df.sort_values(["date", "statement"], ignore_index=True)

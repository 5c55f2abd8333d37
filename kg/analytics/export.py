"""Exports for Gephi and spreadsheets: GraphML, GEXF, CSV of nodes and edges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.files import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "export_graph", "flat_graph"]

EXPORT_FORMATS = ("graphml", "gexf", "csv")


def _flat(value):
    if isinstance(value, (list, dict, set, tuple)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def flat_graph(G: "nx.MultiDiGraph") -> "nx.MultiDiGraph":
    """A copy whose attributes are all strings or numbers (lists and dicts as JSON), as GraphML
    and GEXF require."""
    import networkx as nx

    H = nx.MultiDiGraph()
    for n, d in sorted(G.nodes(data=True)):
        H.add_node(n, **{k: _flat(v) for k, v in sorted(d.items())})
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        H.add_edge(u, v, key=str(k), **{a: _flat(b) for a, b in sorted(d.items())})
    return H


def export_graph(G: "nx.MultiDiGraph", path: str | Path, fmt: str) -> list[Path]:
    """Write ``G`` as GraphML, GEXF, or two CSV files (``<path>.nodes.csv``, ``<path>.edges.csv``).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", predicate="supports", sources=["http://x"])
    >>> files = export_graph(G, os.path.join(tempfile.mkdtemp(), "g"), "csv")
    >>> [f.name for f in files]
    ['g.nodes.csv', 'g.edges.csv']
    """
    import io

    import networkx as nx

    if fmt not in EXPORT_FORMATS:
        raise KGError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    path = Path(path)
    H = flat_graph(G)
    if fmt in ("graphml", "gexf"):
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(H, buf)
        files = {path: buf.getvalue()}
    else:
        import pandas as pd

        stem = path.with_suffix("") if path.suffix == ".csv" else path
        nodes = pd.DataFrame([{"id": n, **d} for n, d in H.nodes(data=True)])
        edges = pd.DataFrame([{"source": u, "target": v, "key": k, **d} for u, v, k, d in H.edges(keys=True, data=True)])
        files = {stem.with_name(stem.name + ".nodes.csv"): nodes.to_csv(index=False),
                 stem.with_name(stem.name + ".edges.csv"): edges.to_csv(index=False)}
    try:
        for target, data in files.items():
            atomic_write(target, data)
    except OSError as exc:
        raise KGError(f"cannot write {exc.filename or path}: {exc.strerror or exc}") from None
    return list(files)

"""Node positions computed in Python, so the browser draws at once with physics off."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["layout"]


def layout(G: "nx.MultiDiGraph", *, seed: int = 7, scale: float | None = None) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions (igraph's C implementation, grid-accelerated on large
    graphs), repeatable with ``seed``, scaled so nodes sit about 110 px apart.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout(nx.MultiDiGraph([("a", "b"), ("b", "c")]))
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout(nx.MultiDiGraph([("a", "b"), ("b", "c")]))
    True
    """
    import igraph as ig

    nodes = sorted(G.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({(index[u], index[v]) if index[u] < index[v] else (index[v], index[u])
                    for u, v in G.edges() if u != v})
    g = ig.Graph(n=len(nodes), edges=pairs)
    rng = random.Random(seed)
    # Start spread over a box of side ~sqrt(n): crammed starts defeat igraph's grid (O(n²)).
    r = max(len(nodes) ** 0.5, 1.0)
    start = [[rng.uniform(-r, r), rng.uniform(-r, r)] for _ in nodes]
    previous = ig.set_random_number_generator(random.Random(seed))
    try:
        coords = g.layout_fruchterman_reingold(seed=start, niter=500, grid="auto").coords
    finally:
        ig.set_random_number_generator(previous or random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    size = scale or 110.0 * (len(nodes) ** 0.5) * 1.6
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round((x - cx) / span * size, 1), round((y - cy) / span * size, 1)) for n, (x, y) in zip(nodes, coords)}

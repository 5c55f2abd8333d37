"""Graph views: self-contained, offline HTML pages drawn with vis-network (from pyvis).

See :func:`render` and :func:`view`; ``kg view`` is the command line for them.
"""

from kg.views.render import EDGE_LABEL_LIMIT, MAX_EDGES, MAX_NODES, View, ViewTooLarge, aggregate_by_type, render, select

__all__ = ["View", "ViewTooLarge", "render", "select", "aggregate_by_type", "view", "MAX_NODES", "MAX_EDGES",
           "EDGE_LABEL_LIMIT"]


def view(store, entities=(), *, depth: int = 1, filters=None, lang: str = "en", top: int | None = None,
         aggregate: str | None = None, title: str | None = None, max_nodes: int = MAX_NODES,
         max_edges: int = MAX_EDGES) -> View:
    """A view of the graph in ``store``: the neighbourhood of ``entities`` (ids or labels in any
    language), or the whole graph when none is given.

    Examples
    --------
    >>> import kg
    >>> import tempfile, os
    >>> v = view(kg.open("build").store, ["Marco Rubio"], depth=1)
    >>> path = v.save(os.path.join(tempfile.mkdtemp(), "rubio.html"))
    >>> v.nodes > 1 and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    from kg.analytics import project
    from kg.query.entities import resolve_entity

    G = project(store, filters)
    ids = [resolve_entity(store, e) for e in entities]
    G = select(G, ids, depth=depth, top=top)
    if aggregate == "type":
        G = aggregate_by_type(G)
    elif aggregate is not None:
        from kg.errors import KGError

        raise KGError(f"unknown aggregation {aggregate!r}; use 'type'")
    what = ", ".join(entities) if entities else "whole graph"
    return render(G, lang=lang, title=title or f"US–China chip policy: {what}", max_nodes=max_nodes,
                  max_edges=max_edges)

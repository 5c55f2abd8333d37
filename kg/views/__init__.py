"""Graph views: self-contained, offline HTML pages drawn with vis-network (from pyvis).

See :func:`render` and :func:`view`; ``kg view`` is the command line for them.
"""

from kg.views.render import (EDGE_LABEL_LIMIT, MAX_EDGES, MAX_NODES, View, ViewTooLarge, aggregate_by_type, path_graph,
                     render, select, statement_provenance)

__all__ = ["View", "ViewTooLarge", "render", "select", "aggregate_by_type", "path_graph", "view", "view_title",
           "statement_provenance", "MAX_NODES", "MAX_EDGES", "EDGE_LABEL_LIMIT"]


def view_title(entities=(), *, depth: int = 1, filters=None, top: int | None = None, aggregate: str | None = None,
               path: tuple[str, str] | None = None) -> str:
    """What a view shows, in words: its focus, depth, date or window, filters.

    Examples
    --------
    >>> from kg.analytics import Filters
    >>> view_title()
    'US–China chip policy: the whole graph'
    >>> view_title(["Marco Rubio"], depth=2, filters=Filters(as_of="2025-10-29", predicates={"opposes"}))
    'US–China chip policy: Marco Rubio (depth 2) · as of 2025-10-29 · predicates: opposes'
    """
    if path:
        what = f"evidence path {path[0]} → {path[1]}"
    elif entities:
        what = f"{', '.join(entities)} (depth {depth})"
    else:
        what = "the whole graph"
    parts = [f"US–China chip policy: {what}"]
    f = filters
    if f is not None:
        if f.as_of:
            parts.append(f"as of {f.as_of}")
        elif f.start or f.end:
            parts.append(f"{f.start or '…'} to {f.end or '…'}")
        if f.predicates:
            parts.append("predicates: " + ", ".join(sorted(f.predicates)))
        if f.types:
            parts.append("types: " + ", ".join(sorted(f.types)))
        if f.min_publishers > 1:
            parts.append(f"claims from ≥ {f.min_publishers} publishers")
    if top:
        parts.append(f"top {top} by connections")
    if aggregate:
        parts.append(f"one node per {aggregate}")
    return " · ".join(parts)


def view(store, entities=(), *, depth: int = 1, filters=None, lang: str = "en", top: int | None = None,
         aggregate: str | None = None, title: str | None = None, max_nodes: int = MAX_NODES,
         max_edges: int = MAX_EDGES, path: tuple[str, str] | None = None) -> View:
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
    if path is not None:
        G = path_graph(G, resolve_entity(store, path[0]), resolve_entity(store, path[1]))
    else:
        ids = [resolve_entity(store, e) for e in entities]
        G = select(G, ids, depth=depth, top=top)
    if aggregate == "type":
        G = aggregate_by_type(G)
    elif aggregate is not None:
        from kg.errors import KGError

        raise KGError(f"unknown aggregation {aggregate!r}; use 'type'")
    title = title or view_title(entities, depth=depth, filters=filters, top=top, aggregate=aggregate, path=path)
    provenance = statement_provenance(store) if aggregate is None else None
    return render(G, lang=lang, title=title, max_nodes=max_nodes, max_edges=max_edges, provenance=provenance)

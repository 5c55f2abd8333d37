"""From a projected graph to a view: choose what to show, lay it out, and build the page."""

from __future__ import annotations

import html as _html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from kg.errors import KGError
from kg.views.html import TYPE_STYLE, page
from kg.views.layout import layout

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["MAX_NODES", "MAX_EDGES", "EDGE_LABEL_LIMIT", "ViewTooLarge", "View", "select", "aggregate_by_type",
           "view_payload", "render", "statement_provenance", "path_graph"]

#: Largest view ``kg view`` draws; beyond it, it asks for --top, --depth, filters or --aggregate.
MAX_NODES = 10_000
MAX_EDGES = 20_000
#: Edge labels (predicates) are drawn up to this many edges; beyond, they show on hover.
EDGE_LABEL_LIMIT = 1_500
#: Beyond this many nodes only the most connected :data:`NODE_LABELS_WHEN_LARGE` carry a drawn
#: label (the others show their names on hover, in details and in search): measuring thousands
#: of labels is most of what a browser spends opening a large view.
LARGE_VIEW = 2_000
NODE_LABELS_WHEN_LARGE = 500


class ViewTooLarge(KGError):
    """The view would be too large for a browser to stay responsive."""


@dataclass
class View:
    """A rendered view: the HTML page and what it holds."""

    html: str
    nodes: int  # entities drawn (with statements)
    edges: int  # statements
    title: str
    hidden: int = 0  # entities without statements, hidden until the page's checkbox shows them

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` atomically (a temporary file beside it, then rename); nothing
        else is written."""
        path = Path(path)
        from kg.files import atomic_write

        try:
            atomic_write(path, self.html)
        except OSError as exc:
            raise KGError(f"cannot write {path}: {exc.strerror or exc}") from None
        return path

    def _repr_html_(self) -> str:
        """Inline display in Jupyter, VS Code or Colab: the page in an iframe's ``srcdoc`` (no file)."""
        return (f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" style="width:100%;height:640px;border:0" '
                f'sandbox="allow-scripts allow-popups" title="{_html.escape(self.title)}"></iframe>')


def select(G: "nx.MultiDiGraph", centers: Iterable[str] = (), depth: int = 1, top: int | None = None) -> "nx.MultiDiGraph":
    """The part of ``G`` to show: the neighbourhood of ``centers`` (all of ``G`` if none), then
    the ``top`` nodes by degree if given.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(select(G, ["a"], depth=2))
    ['a', 'b', 'c']
    """
    import networkx as nx

    centers = list(centers)
    if centers:
        U = G.to_undirected(as_view=True)
        keep: set[str] = set()
        for c in centers:
            if c not in G:
                raise KGError(f"{c!r} is not in the graph (check the filters)")
            keep |= set(nx.single_source_shortest_path_length(U, c, cutoff=depth))
        G = G.subgraph(keep)
    if top is not None and len(G) > top:
        ranked = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:top]
        G = G.subgraph(ranked)
    return G.copy()


def path_graph(G: "nx.MultiDiGraph", source: str, target: str) -> "nx.MultiDiGraph":
    """The evidence path between two entities as a graph: the entities on a shortest chain of
    statements and every statement linking consecutive ones (see
    :func:`kg.analytics.evidence_path`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("rubio", "deal", predicate="opposes"); _ = G.add_edge("huang", "deal", predicate="requested")
    >>> _ = G.add_edge("huang", "nvidia", predicate="holds_role"); _ = G.add_edge("rubio", "x", predicate="met_with")
    >>> sorted(path_graph(G, "rubio", "nvidia").nodes)
    ['deal', 'huang', 'nvidia', 'rubio']
    """
    import networkx as nx

    for n in (source, target):
        if n not in G:
            raise KGError(f"{n!r} is not in the graph (check the filters)")
    try:
        nodes = nx.shortest_path(nx.Graph(G.to_undirected(as_view=True)), source, target)
    except nx.NetworkXNoPath:
        raise KGError(f"no chain of statements links {source!r} and {target!r}") from None
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, G.nodes[n]) for n in nodes)
    for u, v in zip(nodes, nodes[1:]):
        for a, b in ((u, v), (v, u)):
            for k, d in (G.get_edge_data(a, b) or {}).items():
                H.add_edge(a, b, key=k, **d)
    return H


def aggregate_by_type(G: "nx.MultiDiGraph") -> "nx.MultiDiGraph":
    """One node per entity type and one edge per (type, predicate, type), counting statements:
    the overview to draw when the full graph is too large.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("a", {"type": "Person"}), ("b", {"type": "Person"}), ("x", {"type": "Decision"})])
    >>> _ = G.add_edge("a", "x", predicate="opposes"); _ = G.add_edge("b", "x", predicate="opposes")
    >>> A = aggregate_by_type(G)
    >>> sorted(A.nodes), [d["count"] for *_, d in A.edges(data=True)], A.nodes["type:Person"]["type"]
    (['type:Decision', 'type:Person'], [2], 'Person')
    """
    import networkx as nx
    from collections import Counter

    A = nx.MultiDiGraph()
    sizes = Counter(d.get("type", "?") for _, d in G.nodes(data=True))
    for t, n in sorted(sizes.items()):
        A.add_node(f"type:{t}", type=t, label=f"{t} ({n})", labels={"en": f"{t} ({n})"}, aggregate=True)
    counts = Counter((G.nodes[u].get("type", "?"), d.get("predicate"), G.nodes[v].get("type", "?"))
                     for u, v, d in G.edges(data=True))
    for (a, p, b), n in sorted(counts.items()):
        A.add_edge(f"type:{a}", f"type:{b}", key=f"{a}-{p}-{b}", predicate=f"{p} ×{n}", count=n,
                   statement=None, quote=f"{n} statements", sources=[], publishers=[])
    return A


#: How many of the most connected entities get a larger label, drawn at the opening zoom.
PROMINENT_LABELS = 30


def _cite(publisher: str | None, date: str | None, headline: str | None) -> str:
    return " · ".join(x for x in (publisher or "publisher unknown", date or "date unknown", headline) if x)


def view_payload(G: "nx.MultiDiGraph", *, lang: str = "en", edge_labels: bool | None = None,
                 provenance: dict[str, dict] | None = None) -> dict:
    """The JSON the page reads: types, predicates, nodes with positions, edges, statements.

    Nodes are ``[id, label, type, x, y, size, labels, degree, search, drawn label?, no statements?,
    prominent?]``. Statements between the same two entities (in the same direction) are one edge
    ``[from, to, predicate index or -1 when several, [statement indices]]``. Statements are
    ``[subject, predicate, object, literal, date, quote, quote_lang, translation, attributed to
    (a name), reported by (names), [[url, "publisher · date · headline"], …], relayed report
    ("publisher · date · headline" or null)]``, sorted by date. ``provenance`` (statement IRI →
    :func:`statement_provenance` row) names publishers and documents; without it, ids and URLs.
    """
    from collections import defaultdict

    provenance = provenance or {}
    connected = [n for n in G.nodes if G.degree(n) > 0]
    pos = layout(G.subgraph(connected)) if connected else {}
    isolated = sorted(n for n in G.nodes if G.degree(n) == 0)
    if isolated:  # a grid beside the drawing, shown only on request
        xs = [x for x, _ in pos.values()] or [0.0]
        ys = [y for _, y in pos.values()] or [0.0]
        cols = max(int(len(isolated) ** 0.5), 1)
        x0, y0 = max(xs) + 220.0, min(ys)
        for i, n in enumerate(isolated):
            pos[n] = (round(x0 + (i % cols) * 120.0, 1), round(y0 + (i // cols) * 90.0, 1))
    nodes_sorted = sorted(G.nodes)
    types = {}
    for n in nodes_sorted:
        t = G.nodes[n].get("type", "Concept")
        color, shape = TYPE_STYLE.get(t, ("#999999", "dot"))
        types.setdefault(t, {"color": color, "shape": shape, "count": 0})["count"] += 1
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[3].get("date") or ""), str(e[2]), e[0], e[1]))
    predicates = sorted({d.get("predicate") or "" for *_, d in edges})
    pindex = {p: i for i, p in enumerate(predicates)}

    def name(entity_id):
        if entity_id in G:
            return G.nodes[entity_id].get("label", entity_id)
        return entity_id

    statements = []
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u, v, k, d in edges:
        prov = provenance.get(d.get("statement") or k) or {}
        sources = prov.get("sources") or [[url, url] for url in d.get("sources") or []]
        attributed = prov.get("attributed") or (name(d["attributed_to"]) if d.get("attributed_to") else None)
        statements.append([u, pindex[d.get("predicate") or ""], v, None, d.get("date"), d.get("quote") or "",
                           d.get("quote_lang"), d.get("translation"), attributed,
                           [name(p) for p in d.get("publishers") or []], sources, prov.get("relays")])
        pairs[(u, v)].append(len(statements) - 1)
    edge_rows = []
    for (u, v), idx in sorted(pairs.items()):
        preds = {statements[i][1] for i in idx}
        edge_rows.append([u, v, preds.pop() if len(preds) == 1 else -1, idx])
    degree = {n: G.degree(n) for n in nodes_sorted}
    labelled = set(nodes_sorted)
    if len(nodes_sorted) > LARGE_VIEW:
        labelled = set(sorted(nodes_sorted, key=lambda n: (-degree[n], n))[:NODE_LABELS_WHEN_LARGE])
    prominent = set(sorted((n for n in nodes_sorted if degree[n]), key=lambda n: (-degree[n], n))[:PROMINENT_LABELS])
    node_rows = []
    for n in nodes_sorted:
        d = G.nodes[n]
        labels = d.get("labels") or {"en": d.get("label", n)}
        label = labels.get(lang) or labels.get("zh-hans" if lang == "zh" else lang) or d.get("label", n)
        deg = degree[n]
        all_labels = [f"{k}: {v}" for k, v in sorted(labels.items())]
        search = " ".join([n, *labels.values()]).lower()
        node_rows.append([n, label, d.get("type", "Concept"), *pos.get(n, (0.0, 0.0)),
                          round(min(10 + 3 * deg ** 0.5, 40), 1), all_labels, deg, search, n in labelled,
                          deg == 0, n in prominent])
    show_labels = len(edge_rows) <= EDGE_LABEL_LIMIT if edge_labels is None else edge_labels
    big = len(node_rows) > LARGE_VIEW or len(edge_rows) > 2 * LARGE_VIEW
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "Noto Sans, Noto Sans CJK SC, DejaVu Sans, sans-serif"},
                  "scaling": {"label": {"drawThreshold": 4}}},
        "edges": {"smooth": False, "color": {"color": "#9aa0a6", "highlight": "#333333"},
                  "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"},
                  # Arrowheads cost a path per edge; large views show direction in details instead.
                  "arrows": {"to": {"enabled": not big, "scaleFactor": 0.5}}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": True},
    }
    shown = len(node_rows) - len(isolated)
    summary = f"{shown} entities, {len(statements)} statements" + (
        f" ({len(isolated)} entities without statements hidden)" if isolated else "")
    return {"types": dict(sorted(types.items())), "predicates": predicates, "nodes": node_rows, "edges": edge_rows,
            "statements": statements, "edgeLabels": show_labels, "options": options,
            "summary": _html.escape(summary), "isolated": len(isolated),
            "dates": sorted({s[4] for s in statements if s[4]})}


def statement_provenance(store) -> dict[str, dict]:
    """For every statement of ``store``: its document as ``[url, "publisher · date · headline"]``,
    who it is attributed to (a name) and the report its document relays (``"publisher · date ·
    headline"``), for the view's tooltips and details."""
    from importlib import resources

    from kg.query.sparql import run_query

    text = resources.files("kg.views").joinpath("provenance.rq").read_text(encoding="utf-8")
    out: dict[str, dict] = {}
    for row in run_query(store, text).rows:
        g, url, pub, date, headline, attributed, ppub, pdate, phead = (t.value if t is not None else None for t in row)
        rec = out.setdefault(g, {"sources": [], "attributed": attributed, "relays": None})
        cite = [url or "", _cite(pub, date, headline)]
        if cite not in rec["sources"]:
            rec["sources"].append(cite)
        if ppub or pdate or phead:
            rec["relays"] = _cite(ppub, pdate, phead)
    return out


def render(G: "nx.MultiDiGraph", *, lang: str = "en", title: str = "US–China chip-policy graph",
           note: str = "", max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES,
           provenance: dict[str, dict] | None = None) -> View:
    """Render ``G`` as a self-contained page.

    Raises
    ------
    ViewTooLarge
        Beyond ``max_nodes`` nodes or ``max_edges`` edges, with what to do instead.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", predicate="supports", quote="<b>hi</b>")
    >>> v = render(G)
    >>> (v.nodes, v.edges, "<b>hi</b>" in v.html)
    (2, 1, False)
    """
    if lang not in ("en", "ar", "zh"):
        raise KGError(f"unknown language {lang!r}; use en, ar or zh")
    n, m = G.number_of_nodes(), G.number_of_edges()
    if n > max_nodes or m > max_edges:
        raise ViewTooLarge(
            f"the view would have {n} entities and {m} statements, more than a browser can draw responsively "
            f"(limit {max_nodes} entities, {max_edges} statements). Narrow it: name entities with --depth, "
            "filter with --types, --predicates, --from/--to or --min-publishers, keep the most connected with "
            "--top N, or draw an overview with --aggregate type")
    payload = view_payload(G, lang=lang, provenance=provenance)
    return View(page(payload, title=title, lang=lang, note=note), n - payload["isolated"], m, title, payload["isolated"])

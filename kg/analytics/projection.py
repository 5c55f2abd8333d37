"""Project the store into a NetworkX MultiDiGraph: entities as nodes, statements as edges.

Each edge keeps its provenance (statement IRI, date, source URLs, publishers, quote), so every
answer drawn from the graph can be traced back to who reported it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.ontology.namespaces import ENTITY
from kg.records.model import parse_partial_date
from kg.query.questions import get_question
from kg.query.sparql import run_query

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Filters", "project", "date_in_window"]


@dataclass(frozen=True)
class Filters:
    """What to keep when projecting.

    Parameters
    ----------
    as_of : str, optional
        Keep statements dated on or before this date (a snapshot).
    start, end : str, optional
        Keep statements dated within this window (inclusive).
    predicates : iterable of str, optional
        Keep only these predicate keys (e.g. ``{"opposes", "supports"}``).
    types : iterable of str, optional
        Keep only entities of these types (e.g. ``{"Person", "Decision"}``).
    min_publishers : int
        Keep claims reported by at least this many independent publishers.
    """

    as_of: str | None = None
    start: str | None = None
    end: str | None = None
    predicates: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    min_publishers: int = 1

    def __post_init__(self) -> None:
        for name in ("as_of", "start", "end"):
            value = getattr(self, name)
            if value is not None:
                try:
                    object.__setattr__(self, name, parse_partial_date(value))
                except ValueError as exc:
                    raise KGError(f"{name.replace('_', '-')}: {exc}") from None
        object.__setattr__(self, "predicates", frozenset(self.predicates or ()))
        object.__setattr__(self, "types", frozenset(self.types or ()))
        if self.as_of and (self.start or self.end):
            raise KGError("give either an as-of date or a from/to window, not both")
        if self.min_publishers < 1:
            raise KGError("min-publishers must be at least 1")


def date_in_window(date: str | None, start: str | None, end: str | None) -> bool:
    """Whether a (partial) ISO date overlaps ``[start, end]``; an unknown date never does when
    a bound is given.

    Examples
    --------
    >>> date_in_window("2025-08", None, "2025-08-11")
    True
    >>> date_in_window("2025-10-30", None, "2025-10-29")
    False
    >>> date_in_window(None, None, None)
    True
    """
    if start is None and end is None:
        return True
    if not date:
        return False
    if start is not None and date < start[: len(date)]:
        return False
    if end is not None and date > end[: len(date)]:
        return False
    return True


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def project(store, filters: Filters | None = None) -> "nx.MultiDiGraph":
    """The graph of entities (nodes) and statements (edges) in ``store``.

    Node keys are entity ids (``marco-rubio``); node attributes: ``iri``, ``type``, ``label``
    (English), ``labels`` (language → label). Edge keys are statement IRIs; edge attributes:
    ``predicate``, ``statement``, ``date`` (the claim's date, else the publication date of the
    document read, else of the report it relays), ``sources`` (document URLs or IRIs), ``publishers`` (entity ids of the original
    publishers), ``quote``, ``quote_lang``, ``translation``, ``attributed_to``, ``certainty``.
    Statements whose object is a literal become node attribute ``values`` instead of edges.

    Examples
    --------
    >>> import kg
    >>> G = project(kg.open("build").store)
    >>> G.nodes["marco-rubio"]["type"]
    'Person'
    """
    import networkx as nx
    import pyoxigraph as ox

    f = filters or Filters()
    G = nx.MultiDiGraph()
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    types: dict[str, str] = {}
    for e, typ, lang, label in run_query(store, get_question("entities").sparql).rows:
        eid = _local(e.value)
        types[eid] = typ.value
        labels[eid][lang.value] = label.value
    for eid, typ in sorted(types.items()):
        if f.types and typ not in f.types:
            continue
        names = labels[eid]
        G.add_node(eid, iri=ENTITY + eid, type=typ,
                   label=names.get("en", eid), labels=dict(sorted(names.items())))

    statements: dict[str, dict] = {}
    for row in run_query(store, get_question("statement-edges").sparql).rows:
        g, s, key, o, date, published, primary_published, url, doc, publisher, quote, translation, certainty, attributed = row
        rec = statements.get(g.value)
        if rec is None:
            d = date or published or primary_published
            rec = statements[g.value] = {
                "statement": g.value, "subject": _local(s.value), "predicate": key.value,
                "object": o.value, "literal": isinstance(o, ox.Literal),
                "date": d.value if d is not None else None, "sources": set(), "publishers": set(),
                "quote": quote.value, "quote_lang": quote.language, "certainty": certainty.value,
                "translation": translation.value if translation is not None else None,
                "attributed_to": _local(attributed.value) if attributed is not None else None,
            }
        rec["sources"].add(url.value if url is not None else doc.value)
        if publisher is not None:
            rec["publishers"].add(_local(publisher.value))

    by_claim: dict[tuple, set] = defaultdict(set)
    for rec in statements.values():
        by_claim[(rec["subject"], rec["predicate"], rec["object"])] |= rec["publishers"] or {rec["statement"]}

    for iri in sorted(statements):
        rec = statements[iri]
        if f.predicates and rec["predicate"] not in f.predicates:
            continue
        if not date_in_window(rec["date"], f.start, f.as_of or f.end):
            continue
        if len(by_claim[(rec["subject"], rec["predicate"], rec["object"])]) < f.min_publishers:
            continue
        s = rec["subject"]
        if s not in G:
            continue
        attrs = {k: rec[k] for k in ("predicate", "statement", "date", "quote", "quote_lang", "translation",
                                      "attributed_to", "certainty")}
        attrs["sources"] = sorted(rec["sources"])
        attrs["publishers"] = sorted(rec["publishers"])
        if rec["literal"]:
            G.nodes[s].setdefault("values", []).append({**attrs, "value": rec["object"]})
            continue
        o = _local(rec["object"])
        if o not in G:
            continue
        G.add_edge(s, o, key=iri, **attrs)
    return G

"""rdflib terms → pyoxigraph terms, for the mapping's N-Triples text and for loading a store."""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["to_ox_term", "to_oxigraph"]


def to_ox_term(term: Node, _cache: dict = {}) -> ox.NamedNode | ox.Literal | ox.BlankNode:  # noqa: B006
    """Convert an rdflib term to the equivalent pyoxigraph term.

    Examples
    --------
    >>> to_ox_term(Literal("روبيو", lang="ar"))
    <Literal value=روبيو language=ar>
    """
    if isinstance(term, URIRef):
        node = _cache.get(term)
        if node is None:
            node = _cache[term] = ox.NamedNode(str(term))
            if len(_cache) > 200_000:
                _cache.clear()
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=to_ox_term(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_oxigraph(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> Iterator[ox.Quad]:
    """Convert rdflib quads (graph ``None`` = default graph) to pyoxigraph quads."""
    default = ox.DefaultGraph()
    for s, p, o, g in quads:
        yield ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), default if g is None else to_ox_term(g))

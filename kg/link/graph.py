"""Read what the linker needs from a built store: names, types and ties of every entity.

The gazetteer is built from the graph (the built store, ``--store``), not from ``data/``: the
store is what "the graph" means to every other command, it holds only data that passed
validation (while ``data/`` may be half-edited), and reading it is a few SPARQL queries
(milliseconds) instead of validating every curated file. After editing names in ``data/``, run
``kg build`` again.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.rdf.vocab import ENTITY
from kg.link.gazetteer import EntityInfo, Gazetteer

__all__ = ["read_entities", "load_gazetteer"]

_NAMES = """
SELECT ?e ?p ?name WHERE {
  VALUES ?p { rdfs:label skos:altLabel }
  ?e ?p ?name .
  FILTER(STRSTARTS(STR(?e), STR(ent:)) && isLiteral(?name))
}"""

_TYPES = """
SELECT ?e ?key WHERE {
  ?e a ?c . ?c kg:key ?key .
  FILTER(STRSTARTS(STR(?e), STR(ent:)))
  FILTER NOT EXISTS { ?e a ?c2 . ?c2 kg:key ?k2 ; rdfs:subClassOf+ ?c . FILTER(?c2 != ?c) }
}"""

_TIES = """
SELECT ?e ?p ?o WHERE {
  {
    VALUES ?p { kg:government kg:capital schema:location schema:containedInPlace
                schema:parentOrganization schema:manufacturer kg:issuer }
    ?e ?p ?o .
  } UNION {
    ?e kg:role ?r . ?r org:organization ?o . BIND(org:organization AS ?p)
  }
  FILTER(STRSTARTS(STR(?e), STR(ent:)) && STRSTARTS(STR(?o), STR(ent:)))
}"""


def _local(iri: str) -> str:
    return iri[len(str(ENTITY)):]


def read_entities(store) -> list[EntityInfo]:
    """The entities of a built store, with their names, type and ties.

    Parameters
    ----------
    store : kg.store.local.LocalStore
        An open store.

    Returns
    -------
    list of EntityInfo
        One per entity that has a type and an English label, sorted by id.

    Examples
    --------
    >>> import tempfile, kg
    >>> from kg.store.local import open_store
    >>> out = tempfile.mkdtemp()
    >>> _ = kg.build("data", out)
    >>> china = next(i for i in read_entities(open_store(out + "/store")) if i.id == "china")
    >>> china.government, china.capital, ("中国", "zh") in china.names
    ('chinese-government', 'beijing', True)
    """
    from kg.rdf.vocab import PREFIXES

    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    label_en: dict[str, str] = {}
    label_iri = PREFIXES["rdfs"] + "label"
    for row in store.query(_NAMES, prefixes=PREFIXES):
        eid, lit = _local(row["e"].value), row["name"]
        lang = lit.language or ""
        names[eid].append((lit.value, lang))
        if lang == "en" and row["p"].value == label_iri:
            label_en[eid] = lit.value
    types = {_local(row["e"].value): row["key"].value for row in store.query(_TYPES, prefixes=PREFIXES)}
    ties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.query(_TIES, prefixes=PREFIXES):
        prop = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        ties[_local(row["e"].value)][prop].add(_local(row["o"].value))
    out = []
    for eid in sorted(names):
        if eid not in types or eid not in label_en:
            continue
        t = ties.get(eid, {})
        government = min(t.get("government", ()), default=None)
        capital = min(t.get("capital", ()), default=None)
        country = min(t.get("location", set()) | t.get("containedInPlace", set()), default=None)
        if country is not None and types.get(country) != "Country":
            country = None
        related = frozenset(o for prop, objs in t.items() for o in objs)
        out.append(EntityInfo(eid, types[eid], label_en[eid], tuple(sorted(set(names[eid]))),
                              government=government, capital=capital, country=country, related=related))
    return out


def load_gazetteer(store_path: str | Path = "build/store") -> Gazetteer:
    """Build the gazetteer from the graph in a built store.

    Parameters
    ----------
    store_path : str or Path
        The store directory (``build/store`` after ``kg build``).

    Raises
    ------
    StoreError
        If there is no store there (run ``kg build``).

    Examples
    --------
    >>> import tempfile, kg
    >>> out = tempfile.mkdtemp()
    >>> _ = kg.build("data", out)
    >>> gaz = load_gazetteer(out + "/store")
    >>> sorted(e.entity for e in gaz.keys["ترمب"])
    ['donald-trump']
    """
    from kg.store.local import open_store

    return Gazetteer.from_entities(read_entities(open_store(store_path)))

"""The Python API that notebooks and the CLI share.

Examples
--------
>>> import tempfile, kg
>>> out = tempfile.mkdtemp()
>>> summary = kg.build("data", out)
>>> g = kg.open(out)
>>> g.query("ASK { ?s a kg:Statement }")
True
>>> g.entity("روبيو")["id"]
'marco-rubio'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from kg.store.builder import BuildSummary
from kg.store.builder import build as _build
from kg.query.sparql import Answer, run_query
from kg.store.local import LocalStore

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from kg.views import View

__all__ = ["KnowledgeGraph", "open", "build", "load"]


def build(data: str | Path = "data", out: str | Path = "build", **kwargs: Any) -> BuildSummary:
    """Validate ``data`` and build the graph into ``out``; see :func:`kg.store.builder.build`."""
    return _build(data, out, **kwargs)


_STATEMENTS = """
SELECT ?statement ?date ?date_basis ?subject ?predicate ?object ?value ?quote ?quote_lang ?translation ?attributed_to
       ?certainty ?document ?url ?publisher ?published ?primary_source ?primary_publisher WHERE {
  GRAPH ?statement { ?s ?p ?o }
  ?p kg:key ?predicate .
  ?statement prov:wasDerivedFrom ?document ; kg:quote ?q ; kg:certainty ?c .
  FILTER(!BOUND(?about) || ?s = ?about || ?o = ?about)
  FILTER(!BOUND(?source) || ?document = ?source)
  BIND(STR(?q) AS ?quote) BIND(LANG(?q) AS ?quote_lang) BIND(STRAFTER(STR(?c), "#") AS ?certainty)
  BIND(?s AS ?subject)
  BIND(IF(isIRI(?o), ?o, ?unbound) AS ?object) BIND(IF(isLITERAL(?o), STR(?o), ?unbound) AS ?value)
  OPTIONAL { ?statement dcterms:date ?d } BIND(STR(?d) AS ?date)
  OPTIONAL { ?statement kg:dateBasis ?db } BIND(STRAFTER(STR(?db), "#") AS ?date_basis)
  OPTIONAL { ?statement kg:translation ?tr } BIND(STR(?tr) AS ?translation)
  OPTIONAL { ?statement prov:wasAttributedTo ?attributed_to }
  OPTIONAL { ?document schema:url ?u } BIND(STR(?u) AS ?url)
  OPTIONAL { ?document schema:publisher ?publisher }
  OPTIONAL { ?document schema:datePublished ?pd } BIND(STR(?pd) AS ?published)
  OPTIONAL { ?statement prov:hadPrimarySource ?primary_source OPTIONAL { ?primary_source schema:publisher ?primary_publisher } }
}
ORDER BY ?date ?statement
"""


class KnowledgeGraph:
    """A built graph, opened for reading: SPARQL to DataFrames, canned questions, entity lookup,
    statements with provenance, NetworkX projections and inline views.

    Parameters
    ----------
    store : LocalStore
        The opened store.
    """

    def __init__(self, store: LocalStore):
        self.store = store

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.path}>"

    def sparql(self, query: str, **bindings: Any) -> Answer:
        """Run SPARQL and return the raw :class:`kg.query.sparql.Answer` (terms, not a DataFrame)."""
        from kg.query.sparql import parse_binding

        terms = {k: parse_binding(v) if isinstance(v, str) else v for k, v in bindings.items()}
        return run_query(self.store, query, terms)

    def query(self, query: str, **bindings: Any) -> "pd.DataFrame | bool | Any":
        """Run SPARQL with ``bindings`` bound (``"ent:marco-rubio"`` or ``"<iri>"`` for IRIs, other
        text as literals; never pasted into the query).

        Returns
        -------
        pandas.DataFrame for SELECT (typed columns; entities by label plus ``<col>_iri``),
        bool for ASK, rdflib.Graph for CONSTRUCT and DESCRIBE.

        Examples
        --------
        >>> import kg
        >>> g = kg.open("build")
        >>> df = g.query("SELECT ?who ?date WHERE { GRAPH ?s { ?who kg:opposes ?d } ?s dcterms:date ?date }",
        ...              d="ent:blackwell-china-export-approval")
        >>> {"who", "who_iri", "date"} <= set(df.columns)
        True
        """
        answer = self.sparql(query, **bindings)
        if answer.kind == "boolean":
            return answer.boolean
        if answer.kind == "triples":
            import pyoxigraph as ox
            from rdflib import Graph

            return Graph().parse(data=ox.serialize(answer.triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
        from kg.query.frames import answer_frame

        return answer_frame(self.store, answer)

    def ask(self, name: str, **params: Any) -> "pd.DataFrame":
        """Answer a canned question (see ``kg ask --list``) as a DataFrame.

        Examples
        --------
        >>> import kg
        >>> df = kg.open("build").ask("stances", decision="blackwell-china-export-approval")
        >>> "opposes" in set(df["stance"])
        True
        """
        from kg.query.frames import answer_frame
        from kg.query.questions import ask

        return answer_frame(self.store, ask(self.store, name, {k: str(v) for k, v in params.items()}))

    def questions(self) -> "pd.DataFrame":
        """The canned questions with their descriptions and parameters."""
        import pandas as pd

        from kg.query.questions import list_questions

        return pd.DataFrame([{"name": q.name, "description": q.description,
                              "params": ", ".join(p.name + ("?" if p.optional else "") for p in q.params)}
                             for q in list_questions()])

    def entities(self, name: str) -> "pd.DataFrame":
        """Every entity whose id, label or alias (any language) is ``name``."""
        import pandas as pd

        from kg.query.entities import find_entities

        return pd.DataFrame([m.__dict__ for m in find_entities(self.store, name)], columns=["id", "label", "type", "matched"])

    def entity(self, name: str) -> dict:
        """The one entity called ``name`` (id, or label or alias in any language): its id, type,
        labels per language, aliases and description.

        Raises
        ------
        KGError
            If no entity or several entities are called ``name``.

        Examples
        --------
        >>> import kg
        >>> e = kg.open("build").entity("英伟达")
        >>> e["id"], e["type"], e["labels"]["ar"]
        ('nvidia', 'Company', 'إنفيديا')
        """
        from kg.query.entities import resolve_entity
        from kg.rdf.vocab import ENTITY

        eid = resolve_entity(self.store, name)
        q = """SELECT ?p ?o WHERE { ?e ?p ?o FILTER(?p IN (rdfs:label, skos:altLabel, schema:description)) }"""
        info: dict[str, Any] = {"id": eid, "iri": str(ENTITY[eid]), "labels": {}, "aliases": {}, "description": None}
        import pyoxigraph as ox

        for p, o in run_query(self.store, q, {"e": ox.NamedNode(str(ENTITY[eid]))}).rows:
            if p.value.endswith("#label"):
                info["labels"][o.language] = o.value
            elif p.value.endswith("#altLabel"):
                info["aliases"].setdefault(o.language, []).append(o.value)
            else:
                info["description"] = o.value
        from kg.query.entities import find_entities

        info["type"] = next(m.type for m in find_entities(self.store, eid) if m.id == eid)
        info["aliases"] = {k: sorted(v) for k, v in sorted(info["aliases"].items())}
        info["labels"] = dict(sorted(info["labels"].items()))
        return info

    def statements(self, about: str | None = None, source: str | None = None) -> "pd.DataFrame":
        """Statements with their provenance: date, claim, quote (original language), translation,
        attribution, certainty, document, URL, publisher, publication date, primary source.

        ``date`` is the claim's own date, else the document's publication date, else the relayed
        report's; ``date_basis`` says which (``claimDate``, ``documentDate``, ``primarySourceDate``).

        Parameters
        ----------
        about : str, optional
            An entity (id or any label) the statement is about, as subject or object.
        source : str, optional
            The id of the document the statements were read in.

        Examples
        --------
        >>> import kg
        >>> df = kg.open("build").statements(about="Marco Rubio")
        >>> bool(len(df) > 5 and df["quote"].notna().all())
        True
        """
        from kg.query.entities import resolve_entity
        from kg.query.sparql import parse_binding

        bindings = {}
        if about is not None:
            bindings["about"] = parse_binding(f"ent:{resolve_entity(self.store, about)}")
        if source is not None:
            bindings["source"] = parse_binding(f"src:{source}")
        from kg.query.frames import answer_frame

        return answer_frame(self.store, run_query(self.store, _STATEMENTS, bindings))

    def to_networkx(self, *, as_of: str | None = None, start: str | None = None, end: str | None = None,
                    predicates: Iterable[str] = (), types: Iterable[str] = (), min_publishers: int = 1) -> "nx.MultiDiGraph":
        """The graph of entities and statements as a NetworkX MultiDiGraph (see :func:`kg.analytics.project`).

        Examples
        --------
        >>> import kg
        >>> G = kg.open("build").to_networkx(as_of="2025-10-29")
        >>> G.nodes["marco-rubio"]["type"]
        'Person'
        """
        from kg.analytics import Filters, project

        return project(self.store, Filters(as_of=as_of, start=start, end=end, predicates=frozenset(predicates),
                                           types=frozenset(types), min_publishers=min_publishers))

    def view(self, *entities: str, depth: int = 1, lang: str = "en", top: int | None = None,
             aggregate: str | None = None, **filters: Any) -> "View":
        """A graph view; shows inline in Jupyter, VS Code and Colab (no file written), ``.save(path)``
        writes it.

        Examples
        --------
        >>> import kg
        >>> v = kg.open("build").view("Marco Rubio", depth=1)
        >>> v.nodes > 1 and "<iframe srcdoc=" in v._repr_html_()
        True
        """
        from kg.analytics import Filters
        from kg.views import view

        f = Filters(**{k: frozenset(v) if k in ("predicates", "types") else v for k, v in filters.items()})
        return view(self.store, entities, depth=depth, filters=f, lang=lang, top=top, aggregate=aggregate)

    def stats(self) -> dict:
        """Counts of entities, statements, sources and triples; see :func:`kg.query.stats.graph_stats`."""
        from kg.query.stats import graph_stats

        return graph_stats(self.store)

    def validate(self):
        """SHACL validation report; see :func:`kg.query.validate.validate_store`."""
        from kg.query.validate import validate_store

        return validate_store(self.store)


def open(path: str | Path = "build") -> KnowledgeGraph:  # noqa: A001 - mirrors io.open
    """Open a built graph: a build directory (``build``) or its store (``build/store``).

    Raises
    ------
    StoreError
        If no store is there.
    """
    path = Path(path)
    if (path / "store").exists():
        path = path / "store"
    return KnowledgeGraph(LocalStore(path))


def load(data: str | Path = "data", out: str | Path = "build") -> KnowledgeGraph:
    """Build ``data`` into ``out`` and open it: the one call a notebook needs.

    Examples
    --------
    >>> import tempfile, kg
    >>> g = kg.load("data", tempfile.mkdtemp())
    >>> g.stats()["statements"] > 200
    True
    """
    _build(data, out)
    return open(out)

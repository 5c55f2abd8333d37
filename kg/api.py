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

from kg.query.sparql import Answer, run_query
from kg.store.builder import BuildSummary
from kg.store.builder import build as _build
from kg.store.local import LocalStore
from kg.store.protocol import Store

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from kg.views import View

__all__ = ["KnowledgeGraph", "open", "build", "load", "audit", "audit_checks", "audit_report", "fetch_federal_register", "serve_forever", "render", "parse_binding", "parse_date", "list_questions",
           "predicates", "serve", "is_local_host", "ingest", "read_text", "check_language", "FORMATS"]

#: Output formats of :func:`render` for SELECT and ASK answers (CONSTRUCT renders as Turtle).
FORMATS = ("table", "csv", "tsv", "json")


def build(data: str | Path = "data", out: str | Path = "build", **kwargs: Any) -> BuildSummary:
    """Validate ``data`` and build the graph into ``out``; see :func:`kg.store.builder.build`."""
    return _build(data, out, **kwargs)


class KnowledgeGraph:
    """A built graph, opened for reading: SPARQL to DataFrames, canned questions, entity lookup,
    statements with provenance, NetworkX projections and inline views.

    Parameters
    ----------
    store : Store
        The opened store: a :class:`~kg.store.local.LocalStore` or a
        :class:`~kg.store.remote.RemoteStore` (:func:`open` with ``endpoint=``).
    """

    def __init__(self, store: Store):
        self.store = store

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.location}>"

    def sparql(self, query: str, /, *, allow_service: bool = False, **bindings: Any) -> Answer:
        """Run SPARQL and return the raw :class:`kg.query.sparql.Answer` (terms, not a DataFrame).

        A query that calls ``SERVICE`` is refused (it would make this process send requests to
        other hosts) unless ``allow_service``; the parsed query decides, not string matching."""
        from kg.query.sparql import parse_binding

        terms = {k: parse_binding(v) if isinstance(v, str) else v for k, v in bindings.items()}
        return run_query(self.store, query, terms, allow_service=allow_service)

    def query(self, query: str, /, **bindings: Any) -> "pd.DataFrame | bool | Any":
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

    def ask(self, name: str, /, **params: Any) -> "pd.DataFrame":
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
        from kg.query.frames import answer_frame
        from kg.query.questions import ask

        params = {}
        if about is not None:
            params["about"] = resolve_entity(self.store, about)
        if source is not None:
            params["source"] = source
        return answer_frame(self.store, ask(self.store, "statements", params))

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
             aggregate: str | None = None, max_nodes: int | None = None, path: tuple[str, str] | None = None,
             **filters: Any) -> "View":
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
        limits = {} if max_nodes is None else {"max_nodes": max_nodes}
        return view(self.store, entities, depth=depth, filters=f, lang=lang, top=top, aggregate=aggregate, path=path,
                    **limits)

    def answer(self, name: str, /, **params: Any) -> Answer:
        """The raw :class:`~kg.query.sparql.Answer` of canned question ``name`` (see :meth:`ask`),
        for :func:`render`; ``params`` are text, typed and bound by the question's header."""
        from kg.query.questions import ask

        return ask(self.store, name, {k: str(v) for k, v in params.items()})

    def resolve(self, name: str) -> str:
        """The id of the one entity called ``name`` (an id, or a label or alias in any language).

        Raises
        ------
        KGError
            If no entity or several entities are called ``name``.
        """
        from kg.query.entities import resolve_entity

        return resolve_entity(self.store, name)

    def link(self, text: str, lang: str | None = None) -> list:
        """The graph's entities named in ``text`` (Arabic, Chinese or English; told from the
        script unless ``lang``), as :class:`kg.link.Mention` with character offsets."""
        from kg.link import Gazetteer, check_language, link_text, read_entities

        return link_text(text, Gazetteer.from_entities(read_entities(self.store)), check_language(lang))

    def push(self, endpoint: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
             batch_size: int = 2000, progress=None):
        """Replace the project's graphs in the remote store at ``endpoint`` with this (local) graph;
        see :func:`kg.store.push.push`. Returns a :class:`~kg.store.push.PushSummary`."""
        from kg.store.push import push
        from kg.store.remote import RemoteStore

        remote = RemoteStore(endpoint, update_endpoint=update_endpoint, graph_store=graph_store)
        return push(self.store, remote, batch_size=batch_size, progress=progress)

    def stats(self) -> dict:
        """Counts of entities, statements, sources and triples; see :func:`kg.query.stats.graph_stats`."""
        from kg.query.stats import graph_stats

        return graph_stats(self.store)

    def validate(self):
        """SHACL validation report; see :func:`kg.query.validate.validate_store`."""
        from kg.query.validate import validate_store

        return validate_store(self.store)


def open(path: str | Path = "build", *, endpoint: str | None = None, **remote: Any) -> KnowledgeGraph:  # noqa: A001
    """Open a built graph: a build directory (``build``), its store (``build/store``), or a
    SPARQL 1.1 endpoint, as ``kg query --store URL`` does.

    Parameters
    ----------
    path : str or Path
        A build directory or store directory; an ``http(s)://`` URL is taken as ``endpoint``.
    endpoint : str, optional
        The query endpoint of a remote store (``kg serve``, ``kg push``): everything but
        :meth:`KnowledgeGraph.stats` and :meth:`KnowledgeGraph.validate` works over it.
    **remote
        ``update_endpoint``, ``graph_store``, ``timeout`` for :class:`~kg.store.remote.RemoteStore`.

    Raises
    ------
    StoreError
        If no store is there, or the endpoint URL is not http(s).
    """
    if endpoint is None and isinstance(path, str) and "://" in path:
        endpoint = path
    if endpoint is not None:
        from kg.store.remote import RemoteStore

        return KnowledgeGraph(RemoteStore(endpoint, **remote))
    if remote:
        raise TypeError(f"open() got remote-store options without an endpoint: {', '.join(sorted(remote))}")
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


def audit(data: str | Path = "data", *, reference: str | Path | None = None, checks: Iterable[str] = (),
          severities: Iterable[str] = ()) -> list:
    """The evidence report over curated data (see :mod:`kg.query.audit`): findings with severity,
    check, file:line, record, message and hint, filtered by check ids (``url-`` selects a family)
    and severities.

    Examples
    --------
    >>> import kg.api
    >>> findings = kg.api.audit("data", severities=["error"])
    >>> [f for f in findings if f.severity != "error"]
    []
    """
    from kg.query.audit import audit as _audit
    from kg.query.audit import select

    return select(_audit(data, reference=reference), checks=tuple(checks), severities=tuple(severities))


def audit_checks() -> dict[str, tuple[str, str]]:
    """Every audit check id with its severity and what it finds."""
    from kg.query.audit import CHECKS

    return dict(CHECKS)


def audit_report(findings: list, fmt: str = "table") -> tuple[str, str]:
    """``(report, summary line)`` of audit findings as a table, CSV or JSON."""
    from kg.query.audit import FORMATS, summary_line

    return FORMATS[fmt](findings), summary_line(findings)


def fetch_federal_register(into: str | Path = "data/feeds/federal-register", *,
                           agencies: Iterable[str] = ("industry-and-security-bureau",), term: str | None = None,
                           since: str | None = None, until: str | None = None, types: Iterable[str] = (),
                           base_url: str | None = None, per_page: int = 100, delay: float | None = None,
                           retries: int | None = None, progress: Any = None, log: Any = None):
    """Download Federal Register documents (the FR API's JSON and full-text XML) into ``into``,
    incrementally: documents already there are not fetched again. See
    :mod:`kg.records.feeds.federal_register_fetch`; returns its ``FetchResult``."""
    from kg.records.feeds.federal_register_fetch import FR_BASE_URL, FetchOptions
    from kg.records.feeds.federal_register_fetch import fetch_federal_register as _fetch
    from kg.records.feeds.http import Politeness

    polite = {k: v for k, v in (("delay", delay), ("retries", retries)) if v is not None}
    options = FetchOptions(into=Path(into), agencies=tuple(agencies), term=term, since=since, until=until,
                           types=tuple(t.upper() for t in types), base_url=base_url or FR_BASE_URL,
                           per_page=per_page, politeness=Politeness(**polite))
    return _fetch(options, progress=progress, log=log)


def render(answer: Answer, fmt: str = "table") -> str:
    """An answer as text: a table, CSV, TSV or SPARQL JSON (SELECT, ASK), Turtle (CONSTRUCT)."""
    from kg.query.sparql import render as _render

    return _render(answer, fmt)


def parse_binding(text: str):
    """A query parameter as an RDF term: ``<iri>`` or ``prefix:name`` as an IRI, other text as a literal."""
    from kg.query.sparql import parse_binding as _parse

    return _parse(text)


def parse_date(text: str) -> str:
    """A date as the graph writes it (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); ``ValueError`` if it is none."""
    from kg.records.model import parse_partial_date

    return parse_partial_date(text)


def list_questions() -> list:
    """The canned questions (:class:`kg.query.questions.Question`: name, description, typed parameters)."""
    from kg.query.questions import list_questions as _list

    return _list()


def predicates() -> list:
    """The controlled statement predicates (:class:`kg.ontology.Predicate`), as kg.ttl declares them."""
    from kg.ontology import load_ontology

    return list(load_ontology().predicates.values())


def serve(store: str | Path = "build/store", *, host: str = "127.0.0.1", port: int | None = None,
          timeout: float = 30.0, **limits: Any):
    """Start ``kg serve`` (the read-only SPARQL service and the explorer) over a built store in a
    child process; see :func:`kg.store.serve.start` for the limits (``memory_limit``,
    ``max_rows``, ``max_concurrent``).

    Returns the running :class:`~kg.store.serve.Server` (``.url``, ``.endpoint``, ``.stop()``).
    """
    from kg.store.serve import DEFAULT_PORT, start

    return start(store, host=host, port=DEFAULT_PORT if port is None else port, timeout=timeout, **limits)


def __getattr__(name: str):
    if name == "QueryLimits":  # the service's limits, without importing the web stack at import time
        from kg.web.pool import Limits

        return Limits
    raise AttributeError(name)


def serve_forever(store: str | Path = "build/store", *, host: str = "127.0.0.1", port: int = 7878,
                  limits: Any = None, ready: Any = None) -> None:
    """Run ``kg serve`` in this process until it is interrupted: the read-only SPARQL service and
    the explorer over a snapshot of ``store``, each query in a worker process held to ``limits``
    (a ``QueryLimits``: timeout, memory ceiling, rows, concurrent queries). ``ready(snapshot,
    pool)`` is called once it listens. :func:`serve` starts the same in a child process."""
    from kg.web.server import serve as _serve

    kwargs = {} if limits is None else {"limits": limits}
    _serve(store, host=host, port=port, ready=ready, **kwargs)


def is_local_host(host: str) -> bool:
    """Whether a server listening on ``host`` is reachable from this machine only."""
    from kg.store.serve import LOCAL_HOSTS

    return host in LOCAL_HOSTS


def ingest(text: str, **options: Any):
    """Write a source record, stored text and draft statements for an article; see
    :func:`kg.link.ingest.ingest_text` (``url``, ``publisher``, ``published``, ``lang``, …)."""
    from kg.link.ingest import ingest_text

    return ingest_text(text, **options)


def read_text(file: str) -> str:
    """A text file (``-`` for stdin) decoded as the linker reads it; see :func:`kg.link.read_text`."""
    from kg.link import read_text as _read

    return _read(file)


def check_language(lang: str | None, *, allow_auto: bool = True) -> str | None:
    """A checked language tag for linking (``ar``, ``zh``, ``en`` …); see :func:`kg.link.check_language`."""
    from kg.link import check_language as _check

    return _check(lang, allow_auto=allow_auto)

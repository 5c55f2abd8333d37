"""Upload a build to a remote SPARQL 1.1 store, replacing the project's graphs batch by batch.

The project's graphs in a remote store are the statement graphs (``stmt:…``, exactly as in the
local store) and :data:`kg.store.remote.PROJECT_GRAPH`, which holds what the local store keeps in its
default graph (remote stores often have no writable default graph of their own, or share it).
A third graph, :data:`STATE_GRAPH`, records which push last wrote each subject. Nothing else
in the remote store is touched.

**What readers can see during a push.** The data is replaced in *units*: everything the
project graph says about one subject (an entity, a document, a role, an ontology term, the
provenance of one statement), together with that statement's own graph. Each request replaces
whole units, deleting their previous triples and inserting the new ones, so on servers that
apply a request in one transaction (Oxigraph, Fuseki/TDB2, GraphDB, Neptune, Virtuoso) a reader
never sees half of a unit, nor a statement without its provenance. Between requests, some units
are already new and others still old. Units the new build no longer has are deleted by the last
request. The state graph's triples (``<subject> push:in "<token>"``) are visible in the union
default graph; no query over the project's vocabulary matches them. For the whole graph to change
at once, push to a fresh store and point readers at it when the push is done.

**How.** Units are sent by SPARQL 1.1 Update (``DELETE … WHERE`` then ``INSERT DATA``, one
request per batch). When the store holds no project data yet and a Graph Store endpoint that
accepts N-Quads is given (Oxigraph ``/store``, Fuseki's dataset, GraphDB ``/statements``), batches
are POSTed there instead, which servers parse faster. A batch the server finds too large (Virtuoso's
SPARQL compiler stops at a few thousand triples) is split in two and retried. One push at a time:
a second push running at once could delete what the first wrote.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Callable, Iterator

from kg.errors import KGError, QueryError, StoreError
from kg.ontology import namespaces as _ns
from kg.store.remote import PROJECT_GRAPH, STATEMENT_GRAPHS, RemoteStore

__all__ = ["PushSummary", "push", "STATE_GRAPH", "PUSH"]

#: Namespace of the push bookkeeping vocabulary.
PUSH = _ns.PUSH
#: The graph recording which push wrote each subject: ``<subject> push:in "<token>"``.
STATE_GRAPH = _ns.PUSH_STATE_GRAPH
_MIN_BATCH = 50

Progress = Callable[[str, int, int], None]


@dataclass
class PushSummary:
    """What a push uploaded."""

    endpoint: str
    quads: int = 0
    statements: int = 0
    requests: int = 0
    fresh: bool = False
    seconds: float = 0.0

    def __str__(self) -> str:
        how = "into an empty store" if self.fresh else "replacing the previous version"
        return (f"pushed {self.quads} quads ({self.statements} statements) to {self.endpoint} {how}, "
                f"{self.requests} requests in {self.seconds:.1f} s")


@dataclass
class _Unit:
    subject: object  # pyoxigraph NamedNode
    graph: object | None  # the statement graph the subject names, if any
    quads: list


def _units(ox_store) -> Iterator[_Unit]:
    """Every subject of the local default graph with its quads (and the statement graph it names)."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    seen_graphs = 0
    for solution in ox_store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }"):  # the default graph only
        s = solution["s"]
        if not isinstance(s, ox.NamedNode):
            raise StoreError("the build holds blank nodes, which cannot be replaced unit by unit")
        quads = list(ox_store.quads_for_pattern(s, None, None, default))
        graph = s if ox_store.contains_named_graph(s) else None
        if graph is not None:
            quads += ox_store.quads_for_pattern(None, None, None, graph)
            seen_graphs += 1
        yield _Unit(s, graph, quads)
    if seen_graphs < sum(1 for _ in ox_store.named_graphs()):  # graphs without provenance: units of their own
        for graph in ox_store.named_graphs():
            if next(ox_store.quads_for_pattern(graph, None, None, default), None) is None:
                yield _Unit(graph, graph, list(ox_store.quads_for_pattern(None, None, None, graph)))


def _check_terms(quads) -> None:
    import pyoxigraph as ox

    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            raise StoreError("the build holds blank nodes, which cannot be replaced unit by unit")


def _insert_data(units: list[_Unit], token: str) -> str:
    """The ``INSERT DATA`` body for ``units``: project graph, statement graphs, state marks.

    Terms are written by Oxigraph (``str`` of a pyoxigraph term: N-Triples syntax, escaped),
    which is also valid SPARQL: text from the data cannot change the request.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> s = ox.NamedNode("https://w3id.org/chip-policy-kg/entity/x")
    >>> q = ox.Quad(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal('x" } DROP ALL {'))
    >>> print(_insert_data([_Unit(s, None, [q])], "t1"))
    INSERT DATA {
    GRAPH <https://w3id.org/chip-policy-kg/graph/main> {
    <https://w3id.org/chip-policy-kg/entity/x> <http://www.w3.org/2000/01/rdf-schema#label> "x\\" } DROP ALL {" .
    }
    GRAPH <https://w3id.org/chip-policy-kg/graph/push-state> {
    <https://w3id.org/chip-policy-kg/entity/x> <https://w3id.org/chip-policy-kg/push#in> "t1" .
    }
    }
    """
    import pyoxigraph as ox

    main, named, marks = [], {}, []
    for unit in units:
        _check_terms(unit.quads)
        marks.append(f"{unit.subject} <{PUSH}in> \"{token}\" .\n")
        for q in unit.quads:
            line = f"{q.subject} {q.predicate} {q.object} .\n"
            if isinstance(q.graph_name, ox.DefaultGraph):
                main.append(line)
            else:
                named.setdefault(str(q.graph_name), []).append(line)
    parts = ["INSERT DATA {\n"]
    if main:
        parts += [f"GRAPH <{PROJECT_GRAPH}> {{\n", *main, "}\n"]
    for graph, lines in named.items():
        parts += [f"GRAPH {graph} {{\n", *lines, "}\n"]
    parts += [f"GRAPH <{STATE_GRAPH}> {{\n", *marks, "}\n}"]
    return "".join(parts)


def _nquads(units: list[_Unit], token: str) -> bytes:
    """The same data as :func:`_insert_data`, as N-Quads for a Graph Store POST."""
    import pyoxigraph as ox

    lines = []
    for unit in units:
        _check_terms(unit.quads)
        lines.append(f"{unit.subject} <{PUSH}in> \"{token}\" <{STATE_GRAPH}> .\n")
        for q in unit.quads:
            graph = f"<{PROJECT_GRAPH}>" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
            lines.append(f"{q.subject} {q.predicate} {q.object} {graph} .\n")
    return "".join(lines).encode("utf-8")


def _replace_units(units: list[_Unit], token: str) -> str:
    """One update request replacing ``units`` whole: delete their triples, insert the new ones."""
    subjects = " ".join(str(u.subject) for u in units)
    graphs = " ".join(str(u.graph) for u in units if u.graph is not None)
    ops = [f"DELETE {{ GRAPH <{PROJECT_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {subjects} }} "
           f"GRAPH <{PROJECT_GRAPH}> {{ ?s ?p ?o }} }}"]
    if graphs:
        ops.append(f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    ops.append(_insert_data(units, token))
    return " ;\n".join(ops)


def _sweep(token: str) -> str:
    """Delete the units this push did not write (gone from the build), and older state marks."""
    return f"""PREFIX push: <{PUSH}>
DELETE {{ GRAPH <{PROJECT_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{
  GRAPH <{PROJECT_GRAPH}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH <{STATE_GRAPH}> {{ ?s push:in "{token}" }} }}
}} ;
DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STATEMENT_GRAPHS}"))
  FILTER NOT EXISTS {{ GRAPH <{STATE_GRAPH}> {{ ?g push:in "{token}" }} }}
}} ;
DELETE {{ GRAPH <{STATE_GRAPH}> {{ ?u push:in ?t }} }} WHERE {{ GRAPH <{STATE_GRAPH}> {{ ?u push:in ?t }} FILTER(?t != "{token}") }}"""


class _Sender:
    """Sends batches of units; splits a batch the server rejects as too large."""

    def __init__(self, remote: RemoteStore, token: str, fresh: bool):
        self.remote, self.token, self.fresh, self.requests = remote, token, fresh, 0
        self.use_graph_store = fresh and remote.graph_store is not None

    def send(self, units: list[_Unit]) -> None:
        try:
            if self.use_graph_store:
                self.remote.post_dataset(_nquads(units, self.token))
            elif self.fresh:
                self.remote.update(_insert_data(units, self.token))
            else:
                self.remote.update(_replace_units(units, self.token))
            self.requests += 1
        except QueryError:
            if sum(len(u.quads) for u in units) <= _MIN_BATCH or len(units) < 2:
                raise
            half = len(units) // 2
            self.send(units[:half])
            self.send(units[half:])


def push(store, remote: RemoteStore, *, batch_size: int = 2000, progress: Progress | None = None) -> PushSummary:
    """Replace the project's graphs in ``remote`` with the content of the local ``store``.

    Parameters
    ----------
    store : kg.store.local.LocalStore
        The built store to upload.
    remote : kg.store.remote.RemoteStore
        The target; needs a SPARQL Update endpoint.
    batch_size : int
        About how many quads each request carries (whole units; smaller when the server asks).
    progress : callable, optional
        Called as ``progress("pushing", done, total)`` with quads.

    Returns
    -------
    PushSummary

    Raises
    ------
    StoreError
        If the remote store refuses or fails. Units already sent stay (each whole); pushing
        again finishes the job.

    Examples
    --------
    >>> from kg.store.local import open_store
    >>> push(open_store("build/store"), RemoteStore("http://127.0.0.1:7878/query",
    ...      update_endpoint="http://127.0.0.1:7878/update"))  # doctest: +SKIP
    """
    if batch_size < 1:
        raise StoreError("the batch size must be at least 1")
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    summary = PushSummary(endpoint=remote.endpoint)
    total = len(store)
    token = uuid.uuid4().hex
    summary.fresh = not bool(remote.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{PROJECT_GRAPH}> || "
                                          f"STRSTARTS(STR(?g), \"{STATEMENT_GRAPHS}\")) }}"))
    sender = _Sender(remote, token, summary.fresh)
    try:
        report("pushing", 0, total)
        batch: list[_Unit] = []
        size = 0
        for unit in _units(store.oxigraph):
            batch.append(unit)
            size += len(unit.quads)
            summary.statements += unit.graph is not None
            if size >= batch_size:
                sender.send(batch)
                summary.quads += size
                report("pushing", summary.quads, total)
                batch, size = [], 0
        if batch:
            sender.send(batch)
            summary.quads += size
        report("pushing", summary.quads, total)
        remote.update(_sweep(token))
        sender.requests += 1
    except KGError as exc:
        raise StoreError(f"the push stopped: {exc}. Every unit sent is whole; push again to finish") from None
    summary.requests = sender.requests
    summary.seconds = time.perf_counter() - started
    return summary

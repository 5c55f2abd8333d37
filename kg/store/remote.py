"""A remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki, GraphDB, Neptune) over HTTP.

:class:`RemoteStore` answers :meth:`~RemoteStore.query` like :class:`kg.store.local.LocalStore`: it
returns pyoxigraph result objects (parsed from the server's SPARQL JSON or XML results, or its
RDF for CONSTRUCT), so :mod:`kg.query.sparql` renders remote answers exactly as local ones. Parameters
are bound with the same ``VALUES`` block, placed by the parser (:func:`kg.store.queryparse.bind_values`), never
pasted; ``SERVICE`` is refused unless allowed, as for a local store.

Queries see the union of all graphs as the default graph: the request carries Oxigraph's
``union-default-graph`` parameter, which other servers ignore (Virtuoso, GraphDB and Neptune
query the union by default; Fuseki needs ``unionDefaultGraph`` in its dataset configuration).

The HTTP client is the standard library's :mod:`urllib.request`: the SPARQL 1.1 Protocol and
the Graph Store Protocol are plain GET/POST requests, and no extra dependency is needed.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from kg.errors import QueryError, StoreError
from kg.ontology import namespaces as _ns

__all__ = ["RemoteStore", "is_endpoint", "PROJECT_GRAPH", "STATEMENT_GRAPHS"]

#: The named graph that holds, in a remote store, what the local store keeps in its default
#: graph (ontology, entities, documents, provenance of statements). Remote stores often have
#: no writable default graph of their own (Virtuoso) or share it with other data.
PROJECT_GRAPH = _ns.PROJECT_GRAPH
#: Every statement graph's IRI starts with this.
STATEMENT_GRAPHS = _ns.STATEMENT

_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
           "application/n-triples;q=0.8, text/turtle;q=0.7, application/rdf+xml;q=0.5")
_PREFIX_DECL = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")


def is_endpoint(text: str) -> bool:
    """Whether ``text`` is an HTTP(S) URL (an endpoint) rather than a store path.

    Examples
    --------
    >>> is_endpoint("http://127.0.0.1:7878/query"), is_endpoint("build/store")
    (True, False)
    """
    return text.startswith(("http://", "https://"))


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{what} {url!r} is not an http(s) URL, e.g. http://127.0.0.1:7878/query")
    return url


def _message(body: bytes, limit: int = 400) -> str:
    """The first meaningful lines of a server's error page."""
    text = body.decode("utf-8", "replace").strip()
    text = re.sub(r"<[^>]+>", " ", text)  # some servers answer errors in HTML
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    short = " ".join(lines[:3])
    return short[:limit] + ("…" if len(short) > limit else "")


def _with_prefixes(sparql: str, prefixes: dict[str, str] | None) -> str:
    """Declare the predeclared prefixes a query uses but does not declare itself."""
    if not prefixes:
        return sparql
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if p not in declared)
    return head + sparql


class RemoteStore:
    """A SPARQL 1.1 store reached over HTTP.

    Parameters
    ----------
    endpoint : str
        The query endpoint (Oxigraph server: ``http://host:7878/query``; Virtuoso:
        ``http://host:8890/sparql``).
    update_endpoint : str, optional
        The SPARQL Update endpoint (Oxigraph: ``…/update``); by default the query endpoint,
        as for Virtuoso, Neptune and Fuseki's dataset URL.
    graph_store : str, optional
        A Graph Store endpoint that takes N-Quads (Oxigraph: ``…/store``); ``kg push`` uploads
        a first version there, which servers parse faster than SPARQL Update.
    timeout : float
        Seconds to wait for an answer.

    Examples
    --------
    >>> store = RemoteStore("http://127.0.0.1:7878/query")  # doctest: +SKIP
    >>> store.query("ASK { ?s a kg:Statement }", prefixes={"kg": "https://w3id.org/chip-policy-kg/ontology#"})  # doctest: +SKIP
    <QueryBoolean true>
    """

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
                 timeout: float = 300.0):
        self.endpoint = _check_url(endpoint, "the endpoint")
        self.update_endpoint = _check_url(update_endpoint, "the update endpoint") if update_endpoint else endpoint
        self.graph_store = _check_url(graph_store, "the graph store") if graph_store else None
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    @property
    def location(self) -> str:
        """The query endpoint (:class:`kg.store.protocol.Store`)."""
        return self.endpoint

    # -- HTTP -------------------------------------------------------------------------------
    def _request(self, url: str, data: bytes | None, headers: dict[str, str], what: str) -> tuple[str, bytes]:
        request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()
            if exc.code in (400, 422):
                raise QueryError(f"the server at {url} rejected the {what}: {_message(body)}") from None
            if exc.code in (401, 403):
                raise StoreError(f"the server at {url} refused the {what} (HTTP {exc.code}): {_message(body)}; "
                                 "check that it accepts this operation without a password "
                                 "(Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\")") from None
            raise StoreError(f"the server at {url} answered HTTP {exc.code} to the {what}: {_message(body)}") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc.reason}; is the server running?") from None
        except TimeoutError:
            raise StoreError(f"the server at {url} did not answer the {what} within {self.timeout:.0f} s") from None
        except OSError as exc:
            raise StoreError(f"cannot talk to {url}: {exc}") from None

    def query(self, sparql: str, *, bindings: dict | None = None, prefixes: dict[str, str] | None = None,
              union: bool = True, allow_service: bool = False):
        """Run a SPARQL query over the union of all graphs; see :func:`kg.query.sparql.run_query`.

        ``union`` is accepted for the same calls as a local store, and always taken as true: in a
        remote store the local default graph lives in the project graph (:mod:`kg.store.push`), so
        only the union holds it. The union is asked with Oxigraph's ``union-default-graph``
        parameter; other servers (Virtuoso) answer over all graphs by default.

        Returns a :class:`pyoxigraph.QuerySolutions`, a :class:`pyoxigraph.QueryBoolean`, or
        a list of :class:`pyoxigraph.Triple` (CONSTRUCT, DESCRIBE).

        Raises
        ------
        QueryError
            If the query is malformed (checked here first, so the message matches a local
            store's) or the server rejects it.
        StoreError
            If the server cannot be reached or fails.
        """
        import pyoxigraph as ox

        from kg.store.binding import bind_values, check_query, short_syntax_error, variables

        parsed = check_query(sparql, allow_service=allow_service)
        if bindings:
            sparql = bind_values(sparql, variables(bindings))
        if not parsed.parsed and not parsed.uses_service:
            try:  # rdflib could not parse it: Oxigraph's message, and no round trip for a typo
                ox.Store().query(sparql, prefixes=prefixes)
            except SyntaxError as exc:
                raise QueryError(f"malformed query: {short_syntax_error(str(exc))}") from None
            except (RuntimeError, OSError):
                pass  # evaluating over the empty local store is not the point
        text = _with_prefixes(sparql, prefixes)
        url = self.endpoint + ("&" if "?" in self.endpoint else "?") + "union-default-graph"
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        content_type, payload = self._request(url, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT}, "query")
        return _parse_answer(content_type, payload, url)

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update request (one request: one transaction on most servers)."""
        self._request(self.update_endpoint, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"}, "update")

    def post_dataset(self, nquads: bytes) -> None:
        """Add N-Quads to the store with an HTTP POST to the Graph Store endpoint (the dataset,
        not one graph: Oxigraph ``/store``, Fuseki's dataset URL, GraphDB ``…/statements``)."""
        if not self.graph_store:
            raise StoreError("no Graph Store endpoint was given (--graph-store)")
        self._request(self.graph_store, nquads, {"Content-Type": "application/n-quads"}, "upload")


def _parse_answer(content_type: str, payload: bytes, url: str) -> Any:
    import pyoxigraph as ox

    media = content_type.split(";")[0].strip().lower()
    try:
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is not None:
            return ox.parse_query_results(payload, format=results_format)
        if media == "text/plain":  # some servers label N-Triples so
            media = "application/n-triples"
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is not None:
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(payload, format=rdf_format)]
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot read the answer of {url} ({media}): {exc}") from None
    raise StoreError(f"the server at {url} answered in an unexpected format {media!r}")

"""The analyst's explorer: server-rendered pages over a :class:`~kg.web.catalog.Catalog`.

Every page works without JavaScript (``static/explorer.js`` only adds keyboard shortcuts),
every text from the data is escaped by Jinja2's autoescaping, every page's filters are in its
URL (a permalink), and ``?format=csv`` or ``?format=json`` downloads what the page shows. Pages
list the documents they rest on. A Content-Security-Policy allows only this server's own
scripts, styles and frames: no request leaves the machine.

Routes (see :func:`routes`): ``/`` home and search, ``/entity/{id}``, ``/entity/{id}/graph`` (its
ego graph, a ``kg view`` page), ``/timeline/{id}``, ``/path``, ``/corroboration``,
``/conflicts``, ``/sparql``.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import unquote, urlencode

from kg.web.catalog import STANCES, Catalog, Document, Statement

__all__ = ["ExplorerConfig", "routes", "CSP"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
       "form-action 'self'; base-uri 'none'; connect-src 'self'")
# The ego-graph page is a ``kg view`` page: its scripts and styles are inline (and build every
# text with textContent); it may not connect anywhere either.
VIEW_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


#: Rows per page of a long table (the download always has them all).
PAGE_ROWS = 200


@dataclass
class ExplorerConfig:
    """What the pages need besides the catalogue.

    Parameters
    ----------
    catalog : Catalog
    store : object
        The opened store (for the ego graphs and canned questions).
    run_sparql : callable
        ``run_sparql(text) -> kg.query.sparql.Answer``: the SPARQL page's runner, with the server's
        limits (timeout, rows) applied.
    timeout : float
        Shown on the SPARQL page.
    max_rows : int
        Shown on the SPARQL page.
    """

    catalog: Catalog
    store: Any
    run_sparql: Callable[[str], Any]
    timeout: float = 30.0
    max_rows: int = 10_000

    def __post_init__(self) -> None:
        import threading

        self._graph = None
        self._answers: dict = {}
        self._lock = threading.Lock()

    def graph(self):
        """The store projected to NetworkX, once (the store does not change while it is served)."""
        with self._lock:
            if self._graph is None:
                from kg.analytics import project

                self._graph = project(self.store)
            return self._graph

    def answer(self, name: str, params: dict[str, str]):
        """A canned question's answer as a compact DataFrame, computed once per parameters."""
        key = (name, tuple(sorted(params.items())))
        with self._lock:
            if key not in self._answers:
                from kg.query.frames import answer_frame, compact
                from kg.query.questions import ask

                self._answers[key] = compact(answer_frame(self.store, ask(self.store, name, params)))
            return self._answers[key]

    def warm(self) -> None:
        """Compute what the slowest pages need (the projection, corroboration, conflicts) in a
        background thread, so the first analyst to open them does not wait for it."""
        import threading

        def work():
            for step in (self.catalog._quote_index, self.graph, lambda: self.answer("corroboration", {}),
                         lambda: self.answer("conflicts", {})):
                try:
                    step()
                except Exception:  # a failure shows when the page itself asks again
                    pass

        threading.Thread(target=work, name="kg-explorer-warm", daemon=True).start()


# ---------------------------------------------------------------- rows, downloads


def statement_row(cat: Catalog, st: Statement) -> dict[str, Any]:
    """One statement as the pages and downloads show it."""
    chain = cat.relay_chain(st.document)
    doc = chain[0]
    return {
        "date": st.shown_date or "", "date_basis": st.date_basis,
        "subject": st.subject, "subject_label": cat.label(st.subject),
        "predicate": st.predicate,
        "object": st.object, "object_label": cat.label(st.object) if st.object_is_entity else st.object,
        "object_is_entity": st.object_is_entity,
        "quote": st.quote, "quote_lang": st.quote_lang or "", "translation": st.translation or "",
        "attributed_to": st.attributed_to or "", "attributed_label": cat.label(st.attributed_to),
        "certainty": st.certainty or "", "statement": st.iri,
        "document": doc.id, "url": doc.url or "", "source": cat.cite(doc),
        "relay_chain": " ← ".join(cat.cite(d) for d in chain[1:]),
        "original": (chain[-1].id if len(chain) > 1 else (st.primary or "")),
    }


DOWNLOAD_COLUMNS = ("date", "date_basis", "subject", "subject_label", "predicate", "object", "object_label", "quote",
                    "quote_lang", "translation", "attributed_to", "certainty", "document", "url", "source",
                    "relay_chain", "statement")


def document_row(cat: Catalog, doc: Document) -> dict[str, Any]:
    return {"document": doc.id, "publisher": cat.label(doc.publisher) if doc.publisher else "",
            "published": doc.published or "", "headline": doc.headline or "", "url": doc.url or "",
            "language": doc.language or "", "relays": doc.relays or "", "kind": doc.kind or ""}


def download(rows: list[dict[str, Any]], fmt: str, name: str, columns: tuple[str, ...] | None = None):
    """A CSV or JSON download of ``rows`` (only ``columns`` if given)."""
    from starlette.responses import Response

    columns = columns or (tuple(rows[0]) if rows else ())
    rows = [{c: r.get(c, "") for c in columns} for r in rows]
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2)
        return Response(body, media_type="application/json; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


# ---------------------------------------------------------------- the application


def _templates():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("kg.web", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["unquote"] = lambda url: unquote(url) if isinstance(url, str) else url
    env.globals["urlencode"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return env


def _date_param(value: str | None) -> str | None:
    from kg.records.model import parse_partial_date

    if not value:
        return None
    try:
        return parse_partial_date(value)
    except ValueError:
        return None


def routes(config: ExplorerConfig) -> list:
    """The explorer's Starlette routes (mounted by :func:`kg.web.app.create_app`)."""
    from starlette.responses import HTMLResponse, RedirectResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    env = _templates()
    cat = config.catalog

    def page(template: str, status: int = 200, **context) -> HTMLResponse:
        html = env.get_template(template).render(cat=cat, **context)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})

    def fmt_of(request) -> str | None:
        fmt = request.query_params.get("format")
        return fmt if fmt in ("csv", "json") else None

    def not_found(what: str) -> HTMLResponse:
        return page("error.html", status=404, title="Not found", message=what)

    async def home(request):
        q = request.query_params.get("q", "").strip()
        if q:
            entities = cat.search_entities(q)
            quotes = cat.search_quotes(q)
            if fmt_of(request):
                rows = ([{"kind": "entity", "id": e.id, "label": e.label, "type": e.type} for e in entities]
                        + [{"kind": "statement", "id": st.iri, "label": st.quote, "type": st.predicate}
                           for st in quotes])
                return download(rows, fmt_of(request), "search", ("kind", "id", "label", "type"))
            rows = [statement_row(cat, st) for st in quotes]
            return page("search.html", title=f"Search: {q}", q=q, entities=entities, rows=rows,
                        sources=cat.sources_of(quotes), params={"q": q})
        latest = cat.latest(20)
        rows = [statement_row(cat, st) for st in latest]
        if fmt_of(request):
            return download(rows, fmt_of(request), "latest", DOWNLOAD_COLUMNS)
        return page("home.html", title="US–China chip policy explorer", counts=cat.counts(), rows=rows,
                    sources=cat.sources_of(latest), params={})

    async def entity(request):
        eid = request.path_params["id"]
        ent = cat.entities.get(eid)
        if ent is None:
            return not_found(f"No entity with the id {eid!r}.")
        predicate = request.query_params.get("predicate") or None
        start = _date_param(request.query_params.get("from"))
        end = _date_param(request.query_params.get("to"))
        statements = cat.statements_about(eid, predicate, start, end)
        rows = [statement_row(cat, st) for st in statements]
        if fmt_of(request):
            return download(rows, fmt_of(request), eid, DOWNLOAD_COLUMNS)
        every = cat.statements_about(eid)
        stances = cat.stances(eid) if ent.type == "Decision" else {}
        return page("entity.html", title=ent.label, ent=ent, rows=rows, predicates=cat.predicates_of(every),
                    predicate=predicate, start=start or "", end=end or "", total=len(every),
                    stances={p: [statement_row(cat, st) for st in sts] for p, sts in stances.items()},
                    amendments=[statement_row(cat, st) for st in cat.amendments(eid)],
                    sources=cat.sources_of(statements),
                    params={"predicate": predicate, "from": start, "to": end})

    async def entity_graph(request):
        from kg.views import render, select

        eid = request.path_params["id"]
        if eid not in cat.entities:
            return not_found(f"No entity with the id {eid!r}.")
        G = config.graph()
        if eid not in G:
            return not_found(f"{eid!r} has no statements to draw.")
        v = render(select(G, [eid], depth=1), title=f"{cat.label(eid)} and its neighbours (depth 1)")
        return HTMLResponse(v.html, headers={"Content-Security-Policy": VIEW_CSP})

    async def timeline(request):
        eid = request.path_params["id"]
        ent = cat.entities.get(eid)
        if ent is None:
            return not_found(f"No entity with the id {eid!r}.")
        start = _date_param(request.query_params.get("from"))
        end = _date_param(request.query_params.get("to"))
        statements = [st for st in cat.statements_about(eid, None, start, end) if st.shown_date]
        rows = [statement_row(cat, st) for st in statements]
        if fmt_of(request):
            return download(rows, fmt_of(request), f"{eid}-timeline", DOWNLOAD_COLUMNS)
        years: dict[str, list] = {}
        for row in rows:
            years.setdefault(row["date"][:4], []).append(row)
        return page("timeline.html", title=f"Timeline: {ent.label}", ent=ent, years=years, start=start or "",
                    end=end or "", sources=cat.sources_of(statements), params={"from": start, "to": end})

    def resolve(name: str) -> str | None:
        if name in cat.entities:
            return name
        found = cat.search_entities(name, limit=1)
        return found[0].id if found else None

    async def path(request):
        a_name, b_name = request.query_params.get("from", ""), request.query_params.get("to", "")
        a, b = (resolve(a_name) if a_name else None), (resolve(b_name) if b_name else None)
        hops = cat.path(a, b) if a and b else []
        statements = [st for _, _, sts in hops for st in sts]
        rows = [{"hop": i, **statement_row(cat, st)} for i, (_, _, sts) in enumerate(hops, 1) for st in sts]
        if fmt_of(request):
            return download(rows, fmt_of(request), "path", ("hop", *DOWNLOAD_COLUMNS))
        return page("path.html", title="Evidence path", a_name=a_name, b_name=b_name, a=a, b=b,
                    hops=[(u, v, [statement_row(cat, st) for st in sts]) for u, v, sts in hops],
                    sources=cat.sources_of(statements), params={"from": a_name, "to": b_name})

    def question_page(name: str, title: str, explain: str):
        async def handler(request):
            params = {k: v for k, v in request.query_params.items() if k != "format" and v}
            try:
                df = config.answer(name, params)
            except Exception as exc:  # a bad parameter: say so on the page
                from kg.errors import KGError

                if not isinstance(exc, KGError):
                    raise
                return page("error.html", status=400, title=title, message=str(exc))
            rows = df.fillna("").astype(str).to_dict("records")
            if fmt_of(request):
                return download(rows, fmt_of(request), name, tuple(df.columns))
            total, page_no = len(rows), max(int(request.query_params.get("page", "1") or 1) if
                                            request.query_params.get("page", "1").isdigit() else 1, 1)
            rows = rows[(page_no - 1) * PAGE_ROWS: page_no * PAGE_ROWS]
            docs = {r.get("statement", "") for r in rows}
            keys = {d.rsplit("/", 1)[-1] for d in docs}
            rested = cat.sources_of(cat.statements[k] for k in keys if k in cat.statements)
            return page("question.html", title=title, explain=explain, columns=list(df.columns), rows=rows,
                        question=name, sources=rested, params=params, total=total, page_no=page_no,
                        pages=(total + PAGE_ROWS - 1) // PAGE_ROWS)
        return handler

    async def sparql_page(request):
        from kg.query.questions import list_questions
        from kg.query.sparql import term_text
        from kg.rdf.vocab import PREFIXES

        text = request.query_params.get("query", "")
        answer, error = None, None
        if text:
            try:
                result = config.run_sparql(text)
                if inspect.isawaitable(result):  # kg serve's runner: a worker of the query pool
                    result = await result
                answer = result
            except Exception as exc:
                from kg.errors import KGError

                if not isinstance(exc, KGError):
                    raise
                error = str(exc)
        if answer is not None and fmt_of(request) and answer.kind == "solutions":
            rows = [{v: term_text(t) for v, t in zip(answer.variables, row)} for row in answer.rows]
            return download(rows, fmt_of(request), "query", tuple(answer.variables))
        table = None
        if answer is not None and answer.kind == "solutions":
            table = (answer.variables, [[term_text(t) for t in row] for row in answer.rows])
        return page("sparql.html", title="SPARQL", query=text, answer=answer, table=table, error=error,
                    prefixes=PREFIXES, questions=list_questions(), timeout=config.timeout,
                    max_rows=config.max_rows, params={"query": text})

    async def robots(request):
        return Response("User-agent: *\nDisallow: /\n", media_type="text/plain")

    async def go_entity(request):  # the search box's "go to" for an exact name
        eid = resolve(request.query_params.get("name", ""))
        return RedirectResponse(f"/entity/{eid}" if eid else "/?" + urlencode({"q": request.query_params.get("name", "")}),
                                status_code=303)

    return [
        Route("/", home),
        Route("/go", go_entity),
        Route("/entity/{id:str}", entity),
        Route("/entity/{id:str}/graph", entity_graph),
        Route("/timeline/{id:str}", timeline),
        Route("/path", path),
        Route("/corroboration", question_page("corroboration", "Corroborated claims",
                                              "Claims that several independent publishers report (each original "
                                              "report counted once).")),
        Route("/conflicts", question_page("conflicts", "Conflicting claims",
                                          "Where sources disagree: each claim from its own source.")),
        Route("/sparql", sparql_page),
        Route("/robots.txt", robots),
        Mount("/static", app=StaticFiles(packages=[("kg.web", "static")]), name="static"),
    ]


STANCE_ORDER = STANCES

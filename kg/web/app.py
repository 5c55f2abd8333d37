"""The application factory: routes of ``kg serve`` over a pool of query workers."""

from __future__ import annotations

from html import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from kg.web.endpoint import query_endpoint, update_refused
from kg.web.pool import Pool

__all__ = ["create_app"]

_EXAMPLE = "SELECT ?chip ?label WHERE {\n  ?chip a kg:Chip ; rdfs:label ?label\n} LIMIT 20"


def _page(limits) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chip-policy-kg SPARQL endpoint</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
textarea{{width:100%;font-family:monospace}}</style></head>
<body><h1>chip-policy-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 queries at <code>/query</code> (GET or POST); the default graph is the union of
all graphs; the project prefixes (kg:, ent:, src:, stmt:, rdfs:, …) are predeclared. Limits: {escape(f"{limits.timeout:g}")} s
and {escape(f"{limits.memory / 2**30:g}")} GiB per query, {limits.max_rows} rows per answer, {limits.max_concurrent}
queries at once; <code>SERVICE</code> and updates are refused.</p>
<form action="query" method="get"><textarea name="query" rows="12">{escape(_EXAMPLE)}</textarea>
<p><label>Format <select name="format"><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option></select></label> <button type="submit">Run</button></p></form>
</body></html>
"""


def pool_runner(pool: Pool):
    """The explorer's SPARQL page runs a user's query as the endpoint does: in a worker of
    ``pool``, under its time, memory and row limits; the answer comes back as SPARQL results
    JSON (or RDF for CONSTRUCT) and is read into a :class:`kg.query.sparql.Answer`."""
    from kg.errors import QueryError
    from kg.query.sparql import Answer

    async def run(text: str) -> Answer:
        import pyoxigraph as ox

        status, media, body, headers = await pool.run(
            {"query": text, "accept": "application/sparql-results+json, text/turtle;q=0.9", "format": None,
             "max_rows": pool.limits.max_rows, "default_graphs": [], "named_graphs": []})
        if status != 200:
            raise QueryError(body.decode("utf-8", "replace").strip()[:600] or f"the query failed ({status})")
        if "sparql-results" in media:
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                return Answer("boolean", boolean=bool(result))
            return Answer("solutions", variables=[v.value for v in result.variables], rows=[list(r) for r in result])
        fmt = ox.RdfFormat.from_media_type(media.split(";")[0].strip()) or ox.RdfFormat.TURTLE
        return Answer("triples", triples=[q.triple for q in ox.parse(body, format=fmt)])

    return run


def create_app(pool: Pool, explorer: bool = True) -> Starlette:
    """The Starlette application of ``kg serve``.

    Parameters
    ----------
    pool : Pool
        Started query workers over the served snapshot (``app.state.pool``).
    explorer : bool
        Serve the analyst's explorer (:mod:`kg.web.explorer`) at ``/``; without it, ``/`` is a
        bare query page.

    Returns
    -------
    Starlette
        Routes: the explorer's pages (``/``, ``/entity/…``, ``/sparql``, …), ``/query`` (the
        SPARQL endpoint), ``/update`` and ``/store`` (refused: read-only).
    """
    page = _page(pool.limits)

    async def home(request: Request) -> HTMLResponse:
        return HTMLResponse(page, headers={"X-Content-Type-Options": "nosniff"})

    pages = [Route("/", home, methods=["GET"])]
    if explorer:
        from kg.store.local import open_store
        from kg.web.catalog import Catalog
        from kg.web.explorer import ExplorerConfig, routes

        store = open_store(pool.store)
        config = ExplorerConfig(Catalog.load(store), store, pool_runner(pool), timeout=pool.limits.timeout,
                                max_rows=pool.limits.max_rows)
        config.warm()
        pages = routes(config)
    app = Starlette(routes=[
        *pages,
        Route("/query", query_endpoint, methods=["GET", "POST", "OPTIONS"]),
        Route("/update", update_refused, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/store", update_refused, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
    ])
    app.state.pool = pool
    return app

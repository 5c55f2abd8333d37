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


def create_app(pool: Pool) -> Starlette:
    """The Starlette application of ``kg serve``.

    Parameters
    ----------
    pool : Pool
        Started query workers over the served snapshot (``app.state.pool``).

    Returns
    -------
    Starlette
        Routes: ``/`` (a query page), ``/query`` (the SPARQL endpoint), ``/update`` and
        ``/store`` (refused: read-only).
    """
    page = _page(pool.limits)

    async def home(request: Request) -> HTMLResponse:
        return HTMLResponse(page, headers={"X-Content-Type-Options": "nosniff"})

    app = Starlette(routes=[
        Route("/", home, methods=["GET"]),
        Route("/query", query_endpoint, methods=["GET", "POST", "OPTIONS"]),
        Route("/update", update_refused, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/store", update_refused, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
    ])
    app.state.pool = pool
    return app

"""The SPARQL 1.1 Protocol query operation, read-only, over a :class:`kg.web.pool.Pool`.

``GET /query?query=…``, ``POST`` of a form (``query=…``) or of ``application/sparql-query``;
optional ``default-graph-uri`` and ``named-graph-uri`` (without them the default graph is the
union of all graphs) and ``format`` (``json``, ``xml``, ``csv``, ``tsv``: overrides ``Accept``).

Status codes: 200 with the answer; 400 for a malformed query (the parser's message), a
``SERVICE`` clause, or a request without a query; 403 for updates (this endpoint is read-only);
406 when no accepted media type fits; 413 for a body over the size limit, 414 for a URL over
it (send the query by POST); 415 for another body type; 503 when all workers are busy
(with ``Retry-After``), or the query ran past its time or memory limit.
"""

from __future__ import annotations

import asyncio
import math
import sys
import urllib.parse

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.web.pool import Busy, Pool, TimedOut, WorkerDied

__all__ = ["query_endpoint", "update_refused", "MAX_BODY", "MAX_URL"]

#: Bytes a request body may have.
MAX_BODY = 1 << 20
#: Bytes a request's query string may have (longer queries go by POST).
MAX_URL = 8 << 10

READ_ONLY = ("SPARQL Update is refused: this endpoint is read-only (it serves a snapshot of the built "
             "graph; change the data and run 'kg build')\n")
_COMMON = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def _error(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(text.rstrip("\n") + "\n", status, headers={**_COMMON, **(headers or {})})


class _TooLarge(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _gone(request: Request) -> None:
    """Complete when the client disconnects (the body has been read by then)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def query_endpoint(request: Request) -> Response:
    """Answer one SPARQL query request (an unexpected failure is one line in the log and a 500, no traceback)."""
    try:
        return await _answer(request)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a public endpoint
        print(f"kg serve: internal error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return _error(500, "internal error of the endpoint (the server's log says more)")


async def _answer(request: Request) -> Response:
    pool: Pool = request.app.state.pool
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={**_COMMON, "Allow": "GET, POST, OPTIONS",
                                                  "Access-Control-Allow-Headers": "Content-Type, Accept"})
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > MAX_URL:
        return _error(414, f"the URL is longer than {MAX_URL} bytes: send the query by POST")
    params = urllib.parse.parse_qs(raw_query.decode("utf-8", "replace"), keep_blank_values=True)
    text = None
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = await _body(request, MAX_BODY)
        except _TooLarge:
            return _error(413, f"the request body is larger than {MAX_BODY // 1024} KiB")
        if media == "application/sparql-update":
            return _error(403, READ_ONLY)
        if media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return _error(403, READ_ONLY)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _error(400, "the query is not UTF-8 text")
        else:
            return _error(415, "send the query as application/sparql-query or as a form "
                               "(application/x-www-form-urlencoded) with query=…")
    elif "update" in params:
        return _error(403, READ_ONLY)
    queries = params.get("query", [])
    if text is None:
        if len(queries) != 1:
            return _error(400, "give exactly one query: ?query=… (GET) or a POST of application/sparql-query"
                          if not queries else "give only one query parameter")
        text = queries[0]
    elif queries:
        return _error(400, "give the query in the body or as a parameter, not both")
    job = {"query": text, "accept": request.headers.get("accept"), "format": (params.get("format") or [None])[0],
           "max_rows": pool.limits.max_rows, "default_graphs": params.get("default-graph-uri", []),
           "named_graphs": params.get("named-graph-uri", [])}
    try:
        status, media, body, headers = await pool.run(job, lambda: _gone(request))
    except Busy:
        retry = max(1, math.ceil(min(pool.limits.timeout, 30)))
        return _error(503, f"the server is busy: {pool.limits.max_concurrent} queries are running; retry in "
                           f"{retry} s", {"Retry-After": str(retry)})
    except TimedOut as exc:
        return _error(503, f"{exc}; narrow the query (LIMIT, more specific patterns)")
    except WorkerDied as exc:
        return _error(503, str(exc))
    return Response(body, status, media_type=media, headers={**_COMMON, **headers})


async def update_refused(request: Request) -> Response:
    """``/update`` and writes to ``/store``: always 403."""
    return _error(403, READ_ONLY)

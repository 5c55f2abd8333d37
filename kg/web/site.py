"""The explorer as a Starlette application over a built store.

:func:`explorer_app` opens the store read-only, loads the :class:`~kg.web.catalog.Catalog` once
and serves the pages of :mod:`kg.web.explorer`. ``kg serve`` mounts the same routes beside its
SPARQL endpoint; tests and notebooks can run this application on its own (uvicorn, or
Starlette's test client).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

__all__ = ["explorer_app", "limited_runner"]


def limited_runner(store, max_rows: int) -> Callable[[str], Any]:
    """Run a user's query in this process, refusing updates and SERVICE, keeping ``max_rows`` rows.

    ``kg serve`` replaces this with its worker pool, which also enforces the timeout and memory
    ceiling; this runner is for an explorer run in a notebook or a test.
    """
    from kg.errors import QueryError
    from kg.query.sparql import run_query

    def run(text: str):
        if _has_service(text):
            raise QueryError("SERVICE is disabled on this endpoint: it would make the server send requests elsewhere")
        answer = run_query(store, text)
        if answer.kind == "solutions":
            answer.rows = answer.rows[:max_rows]
        return answer

    return run


def _has_service(text: str) -> bool:
    """Whether the parsed query calls SERVICE (decided by rdflib's parser, not by string matching)."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    from kg.errors import QueryError
    from kg.rdf.vocab import PREFIXES

    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    try:
        tree = parseQuery(prologue + text)
    except Exception as exc:  # pyparsing's errors carry the position
        raise QueryError(f"the query is malformed: {exc}") from None

    from pyparsing import ParseResults

    def walk(node) -> bool:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple, ParseResults)):
            return any(walk(v) for v in node)
        return False

    return walk(tree)


def explorer_app(store_path: str | Path = "build/store", *, timeout: float = 30.0, max_rows: int = 10_000,
                 run_sparql: Callable[[str], Any] | None = None, warm: bool = True):
    """A Starlette application serving the explorer over the store at ``store_path``.

    Examples
    --------
    >>> from starlette.testclient import TestClient
    >>> client = TestClient(explorer_app("build/store"))
    >>> page = client.get("/", params={"q": "روبيو"})
    >>> page.status_code, "Marco Rubio" in page.text
    (200, True)
    """
    from starlette.applications import Starlette

    from kg.store.local import open_store
    from kg.web.catalog import Catalog
    from kg.web.explorer import ExplorerConfig, routes

    store = open_store(store_path)
    config = ExplorerConfig(Catalog.load(store), store, run_sparql or limited_runner(store, max_rows),
                            timeout=timeout, max_rows=max_rows)
    if warm:
        config.warm()
    return Starlette(routes=routes(config))

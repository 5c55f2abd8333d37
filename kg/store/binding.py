"""Parameter binding: variables bound to RDF terms by a ``VALUES`` block, never pasted as text.

Both stores bind through here (:class:`kg.store.local.LocalStore` evaluates the bound query
itself; :class:`kg.store.remote.RemoteStore` sends it), so a parameter means the same to both.
"""

from __future__ import annotations

import re

import pyoxigraph as ox  # noqa: F401  (doctests)

__all__ = ["bind_values", "values_clause", "short_syntax_error"]


def values_clause(bindings: dict) -> str:
    r"""A ``VALUES`` block binding variables to terms, written in the terms' N-Triples syntax.

    Examples
    --------
    >>> values_clause({ox.Variable("x"): ox.Literal('a" } DROP ALL {')})
    'VALUES (?x) { ("a\\" } DROP ALL {") }'
    """
    names = " ".join(str(v) for v in bindings)
    terms = " ".join(str(t) for t in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


_WHERE = re.compile(r"where\b", re.IGNORECASE)


def _where_brace(query: str) -> int | None:
    """Position of the ``{`` that opens the query's WHERE clause, skipping comments, strings and IRIs."""
    i, n, first_brace = 0, len(query), None
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            long = query.startswith(c * 3, i)
            end = query.find(c * 3 if long else c, i + (3 if long else 1))
            while end > 0 and not long and query[end - 1] == "\\":
                end = query.find(c, end + 1)
            if end < 0:
                return None
            i = end + (3 if long else 1)
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            if m:
                i += m.end()
                continue
        if c == "{" and first_brace is None:
            first_brace = i
        if (c in "wW") and _WHERE.match(query, i) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_?$:")):
            j = i + 5
            while j < n and query[j].isspace():
                j += 1
            if j < n and query[j] == "{":
                return j
        i += 1
    return first_brace


def bind_values(query: str, bindings: dict) -> str:
    """Bind variables by a ``VALUES`` block placed first in the WHERE clause.

    The values are RDF terms in their own escaped syntax, so text from users or sources can
    never change the query: it is data, joined before any FILTER of the clause sees it.

    Examples
    --------
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?x }", {ox.Variable("x"): ox.Literal("1")})
    'SELECT ?s WHERE { VALUES (?x) { ("1") } ?s ?p ?x }'
    """
    pos = _where_brace(query)
    if pos is None:
        from kg.errors import QueryError

        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return query[: pos + 1] + " " + values_clause(bindings) + query[pos + 1:]


def short_syntax_error(message: str) -> str:
    """Oxigraph lists every token it expected; keep the position and the first few."""
    first = message.splitlines()[0]
    if "expected one of" in first:
        head, _, rest = first.partition("expected one of")
        items = rest.strip().split(", ")
        shown = ", ".join(items[:6]) + (", …" if len(items) > 6 else "")
        first = f"{head}expected one of {shown}"
    return first

"""What a SPARQL query text is, decided by a SPARQL parser (rdflib's), never by matching strings.

Two questions are answered here for code that must not trust the text it is given:

* whether the query federates (``SERVICE``): :func:`check_query` refuses it unless allowed,
  because a ``SERVICE <http://…>`` clause makes the store send an HTTP request to any address
  and hand back the reply (a request-forgery hole in a public endpoint);
* where the ``WHERE`` clause of the query opens, so that :func:`bind_values` can put a
  ``VALUES`` block of parameter terms there (for remote stores, which take no substitutions
  over HTTP). The position is the one the parser matched, so strings, comments and IRIs that
  look like ``WHERE`` or ``{`` cannot move it.

Oxigraph stays the judge of syntax (its messages give line:column): a text rdflib cannot parse
is left to Oxigraph, which rejects it or, for the few constructs rdflib lacks, runs it; such a
text is refused as federated only if its tokens hold a ``SERVICE`` keyword.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError

__all__ = ["Parsed", "parse", "check_query", "bind_values", "values_clause", "SERVICE_REFUSED"]

SERVICE_REFUSED = ("SERVICE is disabled on this endpoint: a query may not make the server "
                   "send requests to other addresses")

_state = threading.local()
_hooked = False
_lock = threading.Lock()


def _grammar():
    """rdflib's SPARQL grammar, with a parse action recording where each WHERE clause starts."""
    global _hooked
    from rdflib.plugins.sparql import parser

    with _lock:
        if not _hooked:
            # The action only records the location; the parse result is unchanged.
            parser.WhereClause.add_parse_action(_record_where)
            _hooked = True
    return parser


def _record_where(text: str, loc: int, tokens: Any) -> None:
    where = getattr(_state, "where", None)
    if where is not None:
        where.append(loc)


@dataclass
class Parsed:
    """What the parser found in a query text.

    Attributes
    ----------
    parsed : bool
        Whether rdflib's parser accepted the text (if not, the other fields are from its tokens).
    uses_service : bool
        Whether the query has a ``SERVICE`` clause.
    is_update : bool
        Whether the text is a SPARQL Update request rather than a query.
    where : int or None
        Index in ``text`` of the ``{`` opening the outer WHERE clause.
    text : str
        The text parsed (``\\uXXXX`` escapes expanded, as SPARQL reads them first).
    """

    parsed: bool
    uses_service: bool
    is_update: bool
    where: int | None
    text: str


def _names(node: Any):
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _names(value)


_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_][\w.\-]*(?::[\w.\-:%]*)?|:[\w.\-:%]*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def _has_service_keyword(text: str) -> bool:
    """Whether the SPARQL tokens of ``text`` hold the keyword ``SERVICE`` (not a name, string or IRI)."""
    return any(m.lastgroup == "word" and m.group().upper() == "SERVICE" for m in _TOKEN.finditer(text))


def _skip_to_brace(text: str, loc: int) -> int | None:
    """From the start of a WHERE clause (``WHERE`` or ``{``), the index of its ``{``."""
    if text[loc:loc + 5].upper() == "WHERE":
        loc += 5
    n = len(text)
    while loc < n:
        c = text[loc]
        if c.isspace():
            loc += 1
        elif c == "#":  # the only other thing the grammar skips
            end = text.find("\n", loc)
            loc = n if end < 0 else end + 1
        else:
            return loc if c == "{" else None
    return None


def parse(text: str) -> Parsed:
    """Parse a SPARQL query (or update) text with rdflib's parser.

    Examples
    --------
    >>> p = parse('SELECT * WHERE { ?s ?p "a\\\\\\\\" SERVICE <http://127.0.0.1/> { ?s ?p ?o } }')
    >>> p.uses_service, p.text[p.where]
    (True, '{')
    >>> parse("SELECT ?service { ?service ?p 'SERVICE' }").uses_service
    False
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    parser = _grammar()
    expanded = expandUnicodeEscapes(text)
    _state.where = []
    try:
        tree = parser.Query.parse_string(expanded, parse_all=True)
    except (ParseException, RecursionError, ValueError, TypeError):
        try:
            parser.UpdateUnit.parse_string(expanded, parse_all=True)
            is_update = True
        except (ParseException, RecursionError, ValueError, TypeError):
            is_update = False
        return Parsed(False, _has_service_keyword(expanded), is_update, None, expanded)
    finally:
        where, _state.where = _state.where, None
    uses_service = "ServiceGraphPattern" in set(_names(tree))
    brace = _skip_to_brace(expanded, min(where)) if where else None
    return Parsed(True, uses_service, False, brace, expanded)


def check_query(text: str, *, allow_service: bool = False) -> Parsed:
    """Refuse a federated query (``SERVICE``) unless ``allow_service``; return what was parsed.

    Raises
    ------
    QueryError
        If the query has a ``SERVICE`` clause and ``allow_service`` is false.
    """
    parsed = parse(text)
    if parsed.uses_service and not allow_service:
        raise QueryError("SERVICE is refused: a query may not make this machine send requests to other "
                         "addresses (kg query --allow-service lets a local user opt in)")
    return parsed


def values_clause(bindings: dict) -> str:
    r"""A ``VALUES`` block binding variables to terms, written in the terms' N-Triples syntax.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> values_clause({ox.Variable("x"): ox.Literal('a" } DROP ALL {')})
    'VALUES (?x) { ("a\\" } DROP ALL {") }'
    """
    names = " ".join(str(v) for v in bindings)
    terms = " ".join(str(t) for t in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind_values(query: str, bindings: dict) -> str:
    """Bind variables by a ``VALUES`` block placed first in the WHERE clause the parser found.

    The values are RDF terms in their own escaped syntax, so text from users or sources can
    never change the query: it is data, joined before any FILTER of the clause sees it.

    Raises
    ------
    QueryError
        If the query cannot be parsed or has no WHERE clause.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> bind_values('SELECT ?s WHERE { ?s ?p ?x }', {ox.Variable("x"): ox.Literal("1")})
    'SELECT ?s WHERE { VALUES (?x) { ("1") } ?s ?p ?x }'
    """
    parsed = parse(query)
    if parsed.where is None:
        why = "the query has no WHERE clause" if parsed.parsed else "the query could not be parsed"
        raise QueryError(f"cannot bind parameters: {why}")
    text, pos = parsed.text, parsed.where
    return text[: pos + 1] + " " + values_clause(bindings) + text[pos + 1:]

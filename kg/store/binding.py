"""Parameter binding: variables bound to RDF terms by a ``VALUES`` block that the query's parser
places (:mod:`kg.store.queryparse`), never pasted into the text by string search.

Both stores bind through here (:class:`kg.store.local.LocalStore` evaluates the bound query
itself; :class:`kg.store.remote.RemoteStore` sends it), so a parameter means the same to both.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.store.queryparse import bind_values, check_query, values_clause

__all__ = ["bind_values", "values_clause", "check_query", "variables", "short_syntax_error"]


def variables(bindings: dict) -> dict:
    """``{name: term}`` as ``{Variable: term}``; a bad name is a one-line error naming it.

    Examples
    --------
    >>> variables({"who": ox.Literal("x")})
    {<Variable value=who>: <Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>}
    """
    from kg.errors import QueryError

    out = {}
    for name, term in bindings.items():
        try:
            out[ox.Variable(name)] = term
        except ValueError:
            raise QueryError(f"parameter {name!r} is not a SPARQL variable name (letters, digits and _, "
                             "e.g. --param who=ent:marco-rubio)") from None
        if not isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            raise QueryError(f"parameter {name!r}: {term!r} is not an RDF term (an IRI or a literal)")
    return out

def short_syntax_error(message: str) -> str:
    """Oxigraph lists every token it expected; keep the position and the first few."""
    first = message.splitlines()[0]
    if "expected one of" in first:
        head, _, rest = first.partition("expected one of")
        items = rest.strip().split(", ")
        shown = ", ".join(items[:6]) + (", …" if len(items) > 6 else "")
        first = f"{head}expected one of {shown}"
    return first


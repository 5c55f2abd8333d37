"""SPARQL answers as pandas DataFrames with typed columns, for notebooks.

Dates (``xsd:date``, ``xsd:dateTime``) become datetimes, numbers become numbers, and entity
IRIs are shown by their English label with the IRI kept in a ``<column>_iri`` column.
Partial dates (``xsd:gYear``, ``xsd:gYearMonth``) stay text, as precise as the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .sparql import Answer, run_query
from .vocab import ENTITY

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["answer_frame"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}
_DATES = {_XSD + "date", _XSD + "dateTime"}
_LABELS = "SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(lang(?label) = 'en') }"


def _labels(store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    import pyoxigraph as ox

    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    query = "SELECT ?e ?label WHERE { VALUES ?e { " + values + " } ?e rdfs:label ?label FILTER(lang(?label) = 'en') }"
    return {e.value: label.value for e, label in run_query(store, query).rows}


def answer_frame(store, answer: Answer) -> "pd.DataFrame":
    """Turn a SELECT answer into a typed DataFrame.

    Examples
    --------
    >>> import kg
    >>> g = kg.open("build")  # doctest: +SKIP
    >>> g.query("SELECT ?p WHERE { ?p a kg:Person } LIMIT 1").columns.tolist()  # doctest: +SKIP
    ['p', 'p_iri']
    """
    import pandas as pd
    import pyoxigraph as ox

    data: dict[str, list] = {}
    entity_iris: set[str] = set()
    for i, var in enumerate(answer.variables):
        column = [row[i] for row in answer.rows]
        present = [t for t in column if t is not None]
        if present and all(isinstance(t, ox.NamedNode) and t.value.startswith(str(ENTITY)) for t in present):
            entity_iris |= {t.value for t in present}
        data[var] = column
    labels = _labels(store, entity_iris)
    out: dict[str, object] = {}
    for var, column in data.items():
        present = [t for t in column if t is not None]
        if present and all(isinstance(t, ox.NamedNode) and t.value in labels or
                           (isinstance(t, ox.NamedNode) and t.value.startswith(str(ENTITY))) for t in present):
            out[var] = [labels.get(t.value, t.value.rsplit("/", 1)[-1]) if t is not None else None for t in column]
            out[f"{var}_iri"] = [t.value if t is not None else None for t in column]
            continue
        types = {t.datatype.value for t in present if isinstance(t, ox.Literal) and not t.language}
        plain = [t.value if t is not None else None for t in column]
        if present and all(isinstance(t, ox.Literal) for t in present) and types and types <= _INTS:
            out[var] = pd.array([int(v) if v is not None else None for v in plain], dtype="Int64")
        elif present and all(isinstance(t, ox.Literal) for t in present) and types and types <= _INTS | _FLOATS:
            out[var] = pd.to_numeric(pd.Series(plain, dtype="object"), errors="coerce")
        elif present and all(isinstance(t, ox.Literal) for t in present) and types and types <= _DATES:
            out[var] = pd.to_datetime(pd.Series(plain, dtype="object"), errors="coerce", utc=False)
        else:
            out[var] = plain
    return pd.DataFrame(out, columns=list(out))

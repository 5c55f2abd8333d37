"""SPARQL answers as pandas DataFrames with typed columns, for notebooks.

Dates (``xsd:date``, ``xsd:dateTime``) become datetimes, numbers become numbers, and entity
IRIs are shown by their English label with the IRI kept in a ``<column>_iri`` column.
Partial dates (``xsd:gYear``, ``xsd:gYearMonth``) stay text, as precise as the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.query.sparql import Answer, run_query
from kg.rdf.vocab import ENTITY

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["answer_frame", "compact", "problems_frame"]

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
    >>> g = kg.open("build")
    >>> g.query("SELECT ?p WHERE { ?p a kg:Person } LIMIT 1").columns.tolist()
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


def compact(df: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``df`` for reading: the graph's IRIs of entities, documents and statements
    shortened to their ids (the ids used in ``data/``), and ``<column>_iri`` columns renamed
    ``<column>_id``. Other values, and the frame given, are left as they are.

    Parameters
    ----------
    df : pandas.DataFrame
        A frame from :meth:`kg.KnowledgeGraph.query`, ``ask``, ``statements`` or the analytics.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"who": ["Marco Rubio"],
    ...                    "who_iri": ["https://w3id.org/chip-policy-kg/entity/marco-rubio"],
    ...                    "document": ["https://w3id.org/chip-policy-kg/source/seed-ar-wsj-blackwell-2025"],
    ...                    "url": ["https://example.org/a"], "n": [3]})
    >>> compact(df).values.tolist()
    [['Marco Rubio', 'marco-rubio', 'seed-ar-wsj-blackwell-2025', 'https://example.org/a', 3]]
    >>> compact(df).columns.tolist()
    ['who', 'who_id', 'document', 'url', 'n']
    """
    from kg.rdf.vocab import SOURCE, STATEMENT

    namespaces = tuple(str(ns) for ns in (ENTITY, SOURCE, STATEMENT))

    def short(value):
        if isinstance(value, str) and value.startswith(namespaces):
            return value.rsplit("/", 1)[-1]
        if isinstance(value, list):
            return [short(v) for v in value]
        return value

    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(short)
    return out.rename(columns={c: c[: -len("_iri")] + "_id" for c in out.columns
                               if isinstance(c, str) and c.endswith("_iri")})


def problems_frame(problems) -> "pd.DataFrame":
    """The problems of a :class:`kg.errors.DataError` (or any list of
    :class:`kg.errors.Problem`) as a table: ``file``, ``line``, ``field``, ``message``, ``hint``.

    Examples
    --------
    >>> from kg.errors import DataError, Problem
    >>> err = DataError([Problem("data/statements/x.yaml", 7, "statements[0].subject",
    ...                          "unknown entity 'jamieson-grier'", "check the id")])
    >>> problems_frame(err.problems)[["line", "field"]].values.tolist()
    [[7, 'statements[0].subject']]
    >>> problems_frame([]).columns.tolist()
    ['file', 'line', 'field', 'message', 'hint']
    """
    import pandas as pd

    columns = ["file", "line", "field", "message", "hint"]
    return pd.DataFrame([[getattr(p, c) for c in columns] for p in problems], columns=columns)

"""SPARQL results as the SPARQL 1.1 Protocol serves them: content negotiation and serialisers.

Solutions and booleans: SPARQL 1.1 Query Results JSON (the default), XML, CSV and TSV; graphs
(CONSTRUCT, DESCRIBE): Turtle (the default), N-Triples and RDF/XML. The serialisers take rows
already cut to the row limit, so an answer is never bigger than the limit allows.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["SOLUTION_TYPES", "GRAPH_TYPES", "negotiate", "solutions", "boolean", "graph"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Media types for SELECT and ASK answers, the default first.
SOLUTION_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values", "application/json", "application/xml")
#: Media types for CONSTRUCT and DESCRIBE answers, the default first.
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "text/plain")


def _accept(header: str) -> list[tuple[float, int, str]]:
    ranges = []
    for i, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((q, i, media.lower()))
    return ranges


def negotiate(accept: str | None, offered: Sequence[str], forced: str | None = None) -> str | None:
    """The offered media type the ``Accept`` header prefers; ``None`` if it accepts none.

    ``forced`` (a ``format`` request parameter: ``json``, ``xml``, ``csv``, ``tsv``, or a media
    type) overrides the header, as most public endpoints allow.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SOLUTION_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("*/*", GRAPH_TYPES), negotiate(None, SOLUTION_TYPES), negotiate("image/png", GRAPH_TYPES)
    ('text/turtle', 'application/sparql-results+json', None)
    """
    if forced:
        short = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                 "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
        media = short.get(forced.lower(), forced.lower())
        return media if media in offered else None
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    choice = None
    for q, order, media in _accept(accept):
        if q <= 0:
            continue
        for rank, candidate in enumerate(offered):
            if media == candidate or media == "*/*" or (media.endswith("/*") and candidate.startswith(media[:-1])):
                specific = 0 if "*" in media else 1
                key = (q, specific, -rank if "*" in media else -order)
                if best is None or key > best:
                    best, choice = key, candidate
                if "*" in media:
                    break
    return choice


def _json_term(term: Any) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": str(term)}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def solutions(variables: list[str], rows: list[list[Any]], media: str) -> bytes:
    """Serialise SELECT rows (each a list of terms or ``None``, in ``variables`` order)."""
    if media in ("application/sparql-results+json", "application/json"):
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if media in ("application/sparql-results+xml", "application/xml"):
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(variables, row) if t is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if media == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if media == "text/tab-separated-values":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"cannot serialise solutions as {media}")


def boolean(value: bool, media: str) -> bytes:
    """Serialise an ASK answer."""
    text = "true" if value else "false"
    if media in ("application/sparql-results+json", "application/json"):
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media in ("application/sparql-results+xml", "application/xml"):
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{text}</boolean></sparql>\n").encode()
    if media == "text/csv":
        return f"_askResult\r\n{text}\r\n".encode()
    return f"?_askResult\n{text}\n".encode()


def graph(triples: list[ox.Triple], media: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise CONSTRUCT or DESCRIBE triples."""
    if media == "text/turtle":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if media in ("application/n-triples", "text/plain"):
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if media == "application/rdf+xml":
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML)
    raise ValueError(f"cannot serialise a graph as {media}")

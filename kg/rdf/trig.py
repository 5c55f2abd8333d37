"""A sorted TriG dump, written byte for byte as Oxigraph's TriG serializer writes the sorted quads.

The build maps every record to N-Triples terms (the text Oxigraph itself gives each term) and
needs a deterministic dump of a million quads. Sorting a million N-Quads lines and handing them
to Oxigraph's serializer, which only takes Python quad objects, cost about 2.4 of a
100k-statement build's CPU-seconds. :class:`TriGDump` instead groups the quads by subject (and
by graph) as they are added, sorts the groups, and writes each one following Oxigraph's
streaming rules: ``;`` before the next predicate of a subject, ``,`` before the next object,
``a`` for ``rdf:type``, graphs as ``name { ... }``, prefixes longest namespace first, numbers and
booleans inline. A prefixed name whose local part needs escaping, which our ids never do, is
asked of Oxigraph itself, once per name. Tests compare the output with Oxigraph's on generated
quads and on built data.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterable

__all__ = ["TriGDump"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Local names written as they are: no character Turtle needs escaped, none at either end
#: that would need it ('.' may only be inside, '-' not first).
_PLAIN_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")
#: Lexical forms Turtle writes without quotes, by datatype (Turtle's INTEGER, DECIMAL, DOUBLE).
_INLINE = {
    f"<{_XSD}integer>": re.compile(r"[+-]?[0-9]+"),
    f"<{_XSD}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    f"<{_XSD}double>": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    f"<{_XSD}boolean>": re.compile(r"true|false"),
}
_GROUPS_PER_WRITE = 4096


class TriGDump:
    r"""Quads collected as N-Triples terms, written sorted as TriG.

    The order is that of the quads' N-Quads lines sorted as text, default graph first (named
    graphs ordered by name); the text is what ``pyoxigraph.serialize`` writes for those quads
    in that order with the same prefixes.

    Parameters
    ----------
    prefixes : dict
        Prefix name to namespace IRI.

    Examples
    --------
    >>> import io
    >>> dump = TriGDump({"ex": "http://example.org/"})
    >>> dump.add("<http://example.org/a>", "<http://example.org/p>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', None)
    >>> dump.add("<http://example.org/a>", "<http://example.org/p>", "<http://example.org/b>", "<http://example.org/g>")
    >>> out = io.BytesIO()
    >>> dump.write(out)
    >>> print(out.getvalue().decode().replace("\t", "    "), end="")
    @prefix ex: <http://example.org/> .
    ex:a ex:p 1 .
    ex:g {
        ex:a ex:p ex:b .
    }
    """

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = dict(prefixes)
        #: Default-graph quads added since the last :meth:`seal`, by subject: ``{s: [(p, o), ...]}``.
        self.default: dict[str, list[tuple[str, str]]] = {}
        #: Named-graph quads added since the last :meth:`seal`, by graph: ``{g: [(s, p, o), ...]}``.
        self.named: dict[str, list[tuple[str, str, str]]] = {}
        self._sealed_default: dict[str, bytes] = {}
        self._sealed_named: dict[str, bytes] = {}
        # Oxigraph's order, and the order names are tried in: longest namespace first, then by name.
        self._namespaces = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self._by_namespace = {ns: name for name, ns in self._namespaces}
        # When every namespace ends in "/" or "#", the one that fits an IRI best (the longest)
        # ends at its last "/" or "#", or leaves a local name that needs escaping.
        self._separated = all(ns.endswith(("/", "#")) for ns in self._by_namespace)
        self._iris: dict[str, str] = {}
        self._predicates: dict[str, str] = {_RDF_TYPE: "a"}
        self._objects: dict[str, str] = {}

    def add(self, s: str, p: str, o: str, g: str | None) -> None:
        """Add a quad given as N-Triples terms; ``g`` is ``None`` for the default graph."""
        if g is None:
            self.default.setdefault(s, []).append((p, o))
        else:
            self.named.setdefault(g, []).append((s, p, o))

    def extend(self, quads: Iterable[tuple[str, str, str, str | None]]) -> None:
        """Add quads given as N-Triples terms (see :meth:`add`)."""
        for s, p, o, g in quads:
            self.add(s, p, o, g)

    def seal(self) -> None:
        """Write out, in memory, the subjects and graphs added so far: they are complete.

        A build seals after each batch of records, so that this work overlaps the store's
        loading instead of waiting for the end. Quads added later for a sealed subject or
        graph are refused by the next ``seal`` or :meth:`write`.

        Raises
        ------
        ValueError
            If quads were added to a subject or graph sealed before.
        """
        for groups, sealed, render in ((self.default, self._sealed_default, self._subject_text),
                                       (self.named, self._sealed_named, self._graph_text)):
            for key, members in groups.items():
                if key in sealed:
                    raise ValueError(f"{key} was already sealed: its quads must be added before seal()")
                sealed[key] = render(key, members).encode()
            groups.clear()

    def header(self) -> str:
        """The ``@prefix`` lines that open the dump."""
        return "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in self._namespaces)

    def write(self, out: BinaryIO) -> None:
        """Write the dump to a binary file (sealing what was added since the last :meth:`seal`)."""
        self.seal()
        if not self._sealed_default and not self._sealed_named:
            return  # as Oxigraph: the prefixes open the first quad
        out.write(self.header().encode())
        for sealed in (self._sealed_default, self._sealed_named):
            keys = sorted(sealed)
            for start in range(0, len(keys), _GROUPS_PER_WRITE):
                out.write(b"".join([sealed.pop(key) for key in keys[start:start + _GROUPS_PER_WRITE]]))

    def _subject_text(self, s: str, pairs: list[tuple[str, str]]) -> str:
        """A subject's triples: ``s p o , o ;\n\tp o .\n``, as Oxigraph's streaming writer goes."""
        iris, predicates, objects = self._iris, self._predicates, self._objects
        pairs.sort()
        p0 = None
        parts = [iris.get(s) or self._iri(s)]
        append = parts.append
        for p, o in pairs:
            # Only IRIs and typed literals (ending in ">") change; other literals are long
            # and unique, not worth hashing.
            c = o if o[-1] != ">" else objects.get(o) or self._object(o)
            if p == p0:
                append(" , " + c)
            else:
                append((" " if p0 is None else " ;\n\t") + (predicates.get(p) or self._predicate(p)) + " " + c)
                p0 = p
        append(" .\n")
        return "".join(parts)

    def _graph_text(self, g: str, triples: list[tuple[str, str, str]]) -> str:
        """A named graph: ``g {\n\ts p o .\n}\n``."""
        iris, predicates, objects = self._iris, self._predicates, self._objects
        triples.sort()
        s0 = p0 = None
        parts = [(iris.get(g) or self._iri(g)) + " {\n"]
        append = parts.append
        for s, p, o in triples:
            c = o if o[-1] != ">" else objects.get(o) or self._object(o)
            if s != s0:
                append((" .\n\t" if s0 is not None else "\t") + (iris.get(s) or self._iri(s)) + " "
                       + (predicates.get(p) or self._predicate(p)) + " " + c)
                s0, p0 = s, p
            elif p == p0:
                append(" , " + c)
            else:
                append(" ;\n\t\t" + (predicates.get(p) or self._predicate(p)) + " " + c)
                p0 = p
        append(" .\n}\n")
        return "".join(parts)

    def _iri(self, term: str) -> str:
        """An IRI (``<...>``) as a prefixed name where a namespace fits; other terms as they are."""
        compact = term
        if term.startswith("<"):
            iri = term[1:-1]
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            name = self._by_namespace.get(iri[:cut]) if self._separated else None
            if name is not None and _PLAIN_LOCAL.fullmatch(iri, cut):
                compact = f"{name}:{iri[cut:]}"
            else:
                for name, ns in self._namespaces:
                    if iri.startswith(ns):
                        local = iri[len(ns):]
                        compact = f"{name}:{local}" if _PLAIN_LOCAL.fullmatch(local) else self._ask_oxigraph(iri)
                        break
        self._iris[term] = compact
        return compact

    def _predicate(self, term: str) -> str:
        compact = self._predicates[term] = self._iris.get(term) or self._iri(term)
        return compact

    def _object(self, term: str) -> str:
        """IRIs as :meth:`_iri`; typed literals inline or with their datatype compacted (cached)."""
        if term.startswith("<"):
            compact = self._iris.get(term) or self._iri(term)
        elif term.startswith('"'):
            at = term.rfind('"^^<')
            lexical, datatype = term[1:at], term[at + 3:]
            inline = _INLINE.get(datatype)
            if inline is not None and inline.fullmatch(lexical):
                compact = lexical
            else:
                compact = term[:at + 3] + (self._iris.get(datatype) or self._iri(datatype))
        else:
            return term  # a blank node, as in N-Quads
        self._objects[term] = compact
        return compact

    def _ask_oxigraph(self, iri: str) -> str:
        """How Oxigraph writes an IRI whose local name needs escaping (rare: our ids never do)."""
        import io

        import pyoxigraph as ox

        out = io.BytesIO()
        node = ox.NamedNode(iri)
        ox.serialize([ox.Triple(node, ox.NamedNode("urn:x-kg:p"), node)], out, ox.RdfFormat.TURTLE,
                     prefixes=self.prefixes)
        return out.getvalue().decode().splitlines()[-1].split(" ")[0]

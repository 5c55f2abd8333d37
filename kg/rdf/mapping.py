"""Records → RDF quads, following the RDF contract in README.md.

Each statement becomes its own named graph holding its asserted triple; its provenance
(document read, primary source relayed, attribution, quote, dates, certainty) is described in
the default graph. Entities and documents are described in the default graph too. IRIs come
from record ids (:mod:`kg.rdf.vocab`), so the same data always gives the same graph.

The mapping is written once, over a small term factory: :func:`quads` gives rdflib nodes (tests,
:func:`to_dataset`), :func:`nquads_terms` gives each term's N-Triples text as Oxigraph writes it,
which is what the build sorts and loads (no rdflib node per quad: fast at a million quads).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.records.checks import literal_value, statement_id
from kg.records.loaders import CuratedData
from kg.records.model import Located, Source, Statement
from kg.ontology import ONTOLOGY_PATH, load_ontology
from kg.rdf.vocab import (DCTERMS, KG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, entity_iri, role_iri,
                    source_iri, statement_iri, STATEMENT)

__all__ = ["Quad", "quads", "nquads_terms", "NQuadsMapper", "to_dataset", "date_literal", "ontology_triples"]

#: A quad as rdflib terms; ``graph`` is ``None`` for the default graph.
Quad = tuple[Node, Node, Node, "URIRef | None"]

WIKIDATA = "http://www.wikidata.org/entity/"
_SOURCE_CLASSES = {
    "NewsArticle": SCHEMA.NewsArticle,
    "Article": SCHEMA.Article,
    "Report": SCHEMA.Report,
    "Legislation": SCHEMA.Legislation,
    "PressRelease": SCHEMA.Article,
    "Filing": SCHEMA.DigitalDocument,
    "SocialMediaPosting": SCHEMA.SocialMediaPosting,
    "WebPage": SCHEMA.WebPage,
}
_SPEC_PROPERTIES = {
    "tpp": KG.tpp,
    "performance_density": KG.performanceDensity,
    "memory_bandwidth_gbps": KG.memoryBandwidthGBps,
    "interconnect_bandwidth_gbps": KG.interconnectBandwidthGBps,
    "memory_gb": KG.memoryGB,
}


def date_literal(text: str) -> Literal:
    """An ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal for a (partial) ISO date.

    Examples
    --------
    >>> date_literal("2025-08").datatype
    rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')
    """
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=datatype)


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of the shipped ontology, in a stable order."""
    g = Graph().parse(ONTOLOGY_PATH, format="turtle")
    return tuple(sorted(g))


@lru_cache(maxsize=None)
def _type_closure(type_key: str) -> tuple[URIRef, ...]:
    """The class of an entity type and all its superclasses, as declared in the ontology."""
    g = Graph()
    for t in ontology_triples():
        g.add(t)
    cls = URIRef(load_ontology().types[type_key])
    return tuple(sorted(set(g.transitive_objects(cls, RDFS.subClassOf))))


class _RdflibTerms:
    """Terms as rdflib nodes: what :func:`quads` yields (tests, :func:`to_dataset`)."""

    def iri(self, value: str) -> URIRef:
        return value if isinstance(value, URIRef) else URIRef(value)

    def entity(self, entity_id: str) -> URIRef:
        return entity_iri(entity_id)

    def source(self, source_id: str) -> URIRef:
        return source_iri(source_id)

    def statement(self, key: str) -> URIRef:
        return statement_iri(key)

    def lang(self, text: str, lang: str) -> Literal:
        return Literal(text, lang=lang)

    def plain(self, text: str) -> Literal:
        return Literal(text)

    def typed(self, text: str, datatype: str) -> Literal:
        return Literal(text, datatype=URIRef(datatype))

    def date(self, text: str) -> Literal:
        return date_literal(text)

    def node(self, term: Node) -> Node:
        return term


#: Characters Oxigraph escapes in a literal (checked over every code point): text without them
#: is written as is, between quotes.
_ESCAPED = re.compile(r'[\x00-\x1f"\\\x7f\ufffe\uffff]')


class _NTriplesTerms:
    """Terms as their N-Triples text, exactly as Oxigraph writes them (``str`` of a pyoxigraph term).

    The build maps a large dataset through this factory: text is cheap to make, sort and hand
    to Oxigraph's parser. Typed literals go through rdflib once per distinct value, so their
    lexical forms are the ones the rdflib mapping gives.
    """

    def __init__(self) -> None:
        import pyoxigraph as ox

        from kg.store.local import to_ox_term

        self._ox, self._to_ox = ox, to_ox_term
        self._entities: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._typed: dict[tuple[str, str], str] = {}
        self._tags: dict[str, str] = {}
        self._statement_base = str(STATEMENT)

    def iri(self, value: str) -> str:
        return f"<{value}>"

    def entity(self, entity_id: str) -> str:
        term = self._entities.get(entity_id)
        if term is None:
            term = self._entities[entity_id] = f"<{entity_iri(entity_id)}>"
        return term

    def source(self, source_id: str) -> str:
        term = self._sources.get(source_id)
        if term is None:
            term = self._sources[source_id] = f"<{source_iri(source_id)}>"
        return term

    def statement(self, key: str) -> str:
        return f"<{self._statement_base}{key}>"

    def lang(self, text: str, lang: str) -> str:
        if _ESCAPED.search(text) is not None:
            return str(self._ox.Literal(text, language=lang))
        tag = self._tags.get(lang)
        if tag is None:  # Oxigraph checks and lower-cases the tag
            tag = self._tags[lang] = str(self._ox.Literal("", language=lang))[2:]
        return f'"{text}"{tag}'

    def plain(self, text: str) -> str:
        if _ESCAPED.search(text) is not None:
            return str(self._ox.Literal(text))
        return f'"{text}"'

    def typed(self, text: str, datatype: str) -> str:
        term = self._typed.get((text, datatype))
        if term is None:
            term = self._typed[(text, datatype)] = str(self._to_ox(Literal(text, datatype=URIRef(datatype))))
        return term

    def date(self, text: str) -> str:
        term = self._typed.get((text, ""))
        if term is None:
            term = self._typed[(text, "")] = str(self._to_ox(date_literal(text)))
        return term

    def node(self, term: Node) -> str:
        return str(self._to_ox(term))


def _entity_quads(data: CuratedData, t) -> Iterator[tuple]:
    a, label, alt = t.iri(RDF.type), t.iri(RDFS.label), t.iri(SKOS.altLabel)
    types = {key: tuple(t.iri(c) for c in _type_closure(key)) for key in {loc.record.type for loc in data.entities.values()}}
    for eid, loc in data.entities.items():
        e, s = loc.record, t.entity(eid)
        for cls in types[e.type]:
            yield s, a, cls, None
        for lang, text in e.label.items():
            yield s, label, t.lang(text, lang), None
        for lang, names in e.aliases.items():
            for name in names:
                yield s, alt, t.lang(name, lang), None
        if e.description:
            yield s, t.iri(SCHEMA.description), t.lang(e.description, "en"), None
        if e.note:
            yield s, t.iri(SKOS.note), t.lang(e.note, "en"), None
        if e.wikidata:
            yield s, t.iri(OWL.sameAs), t.iri(WIKIDATA + e.wikidata), None
        for i, role in enumerate(e.roles):
            r = t.iri(role_iri(eid, i))
            yield s, t.iri(KG.role), r, None
            yield s, t.iri(ORG.hasMembership), r, None
            yield r, a, t.iri(KG.Role), None
            yield r, a, t.iri(ORG.Membership), None
            yield r, t.iri(ORG.member), s, None
            yield r, t.iri(ORG.organization), t.entity(role.organization), None
            yield r, t.iri(SCHEMA.roleName), t.lang(role.title, "en"), None
            if role.from_:
                yield r, t.iri(SCHEMA.startDate), t.date(role.from_), None
            if role.to:
                yield r, t.iri(SCHEMA.endDate), t.date(role.to), None
            if role.source:
                yield r, t.iri(PROV.wasDerivedFrom), t.source(role.source), None
        if e.country:
            prop = SCHEMA.containedInPlace if e.type == "Place" else SCHEMA.location
            yield s, t.iri(prop), t.entity(e.country), None
        if e.parent:
            yield s, t.iri(SCHEMA.parentOrganization), t.entity(e.parent), None
            yield s, t.iri(ORG.subOrganizationOf), t.entity(e.parent), None
        if e.government:
            yield s, t.iri(KG.government), t.entity(e.government), None
        if e.capital:
            yield s, t.iri(KG.capital), t.entity(e.capital), None
        if e.maker:
            yield s, t.iri(SCHEMA.manufacturer), t.entity(e.maker), None
        if e.architecture:
            yield s, t.iri(KG.architecture), t.plain(e.architecture), None
        if e.released:
            yield s, t.iri(SCHEMA.releaseDate), t.date(e.released), None
        if e.specs:
            for key, prop in _SPEC_PROPERTIES.items():
                value = getattr(e.specs, key)
                if value is not None:
                    yield s, t.iri(prop), t.typed(literal_value(repr(value), str(XSD.decimal)), XSD.decimal), None
            if e.specs.eccn:
                yield s, t.iri(KG.eccn), t.plain(e.specs.eccn), None
        if e.specs_source:
            yield s, t.iri(KG.specsSource), t.source(e.specs_source), None
        if e.date:
            yield s, t.iri(DCTERMS.date), t.date(e.date), None
            if e.type == "Event":
                yield s, t.iri(SCHEMA.startDate), t.date(e.date), None
        if e.end_date:
            yield s, t.iri(SCHEMA.endDate), t.date(e.end_date), None
        if e.issuer:
            yield s, t.iri(KG.issuer), t.entity(e.issuer), None
        if e.effective:
            yield s, t.iri(KG.effectiveDate), t.date(e.effective), None
        if e.citation:
            yield s, t.iri(KG.citation), t.plain(e.citation), None
        if e.document_number:
            yield s, t.iri(KG.documentNumber), t.plain(e.document_number), None
        if e.place:
            yield s, t.iri(SCHEMA.location), t.entity(e.place), None


def _source_quads(data: CuratedData, t) -> Iterator[tuple]:
    a = t.iri(RDF.type)
    work, entity = t.iri(SCHEMA.CreativeWork), t.iri(PROV.Entity)
    for sid, loc in data.sources.items():
        d, s = loc.record, t.source(sid)
        yield s, a, t.iri(_SOURCE_CLASSES[d.kind]), None
        yield s, a, work, None
        yield s, a, entity, None
        yield s, t.iri(SCHEMA.inLanguage), t.plain(d.language), None
        if d.url:
            yield s, t.iri(SCHEMA.url), t.typed(d.url, XSD.anyURI), None
        if d.publisher:
            yield s, t.iri(SCHEMA.publisher), t.entity(d.publisher), None
        if d.published:
            yield s, t.iri(SCHEMA.datePublished), t.date(d.published), None
        if d.title:
            yield s, t.iri(SCHEMA.headline), t.lang(d.title, d.language), None
        if d.relays:
            relayed = t.source(d.relays)
            yield s, t.iri(PROV.hadPrimarySource), relayed, None
            # The same link in schema.org's words, on documents only (statements carry
            # prov:hadPrimarySource too): "documents that relay a report" is one lookup.
            yield s, t.iri(SCHEMA.isBasedOn), relayed, None
        if d.text:
            yield s, t.iri(KG.storedText), t.plain(d.text), None
        for name in d.unknown:
            yield s, t.iri(KG.unknown), t.plain(name), None
        for ref in d.mentions:
            yield s, t.iri(SCHEMA.mentions), t.entity(ref), None
        if d.note:
            yield s, t.iri(SKOS.note), t.lang(d.note, "en"), None


def _statement_date(data: CuratedData, st: Statement, doc: Source, primary: str | None) -> tuple[str | None, str]:
    """A statement's ``dcterms:date`` and its ``kg:dateBasis``: its own date, else its document's, else its primary's.

    Returns ``(None, "")`` when none of them is dated (``kg audit`` reports it).
    """
    if st.date:
        return st.date, "claimDate"
    if doc.published:
        return doc.published, "documentDate"
    if primary and primary in data.sources and data.sources[primary].record.published:
        return data.sources[primary].record.published, "primarySourceDate"
    return None, ""


def _statement_quads(data: CuratedData, t, statements: Iterable[Located[Statement]] | None = None,
                     ids: Iterable[str] | None = None) -> Iterator[tuple]:
    predicates = load_ontology().predicates
    pred_iris = {key: t.iri(p.iri) for key, p in predicates.items()}
    a, statement, entity = t.iri(RDF.type), t.iri(KG.Statement), t.iri(PROV.Entity)
    derived, primary_of, attributed = t.iri(PROV.wasDerivedFrom), t.iri(PROV.hadPrimarySource), t.iri(PROV.wasAttributedTo)
    subject_p, object_p, quote_p = t.iri(KG.subjectEntity), t.iri(KG.objectEntity), t.iri(KG.quote)
    translation_p, date_p, certainty_p = t.iri(KG.translation), t.iri(DCTERMS.date), t.iri(KG.certainty)
    covers_p, note_p = t.iri(KG.covers), t.iri(SKOS.note)
    basis_p = t.iri(KG.dateBasis)
    bases = {name: t.iri(KG[name]) for name in ("claimDate", "documentDate", "primarySourceDate")}
    certainties: dict[str, object] = {}
    statements = data.statements if statements is None else statements
    if ids is None:
        ids = (statement_id(loc.record) for loc in statements)
    for loc, sid in zip(statements, ids):
        st = loc.record
        g = t.statement(sid)
        pred = predicates[st.predicate]
        subject = t.entity(st.subject)
        if pred.is_literal:
            value = literal_value(st.object, pred.datatype)
            obj = t.date(value) if pred.datatype.endswith(("date", "gYear")) else t.typed(value, pred.datatype)
        else:
            obj = t.entity(st.object)
        yield subject, pred_iris[st.predicate], obj, g
        yield g, a, statement, None
        yield g, a, entity, None
        yield g, derived, t.source(st.source), None
        doc = data.sources[st.source].record
        primary = st.primary_source if st.primary_source_given else doc.relays
        if primary:
            yield g, primary_of, t.source(primary), None
        if st.attributed_to:
            yield g, attributed, t.entity(st.attributed_to), None
        yield g, subject_p, subject, None
        if not pred.is_literal:
            yield g, object_p, obj, None
        yield g, quote_p, t.lang(st.quote, st.quote_lang), None
        if st.translation:
            yield g, translation_p, t.lang(st.translation, "en"), None
        date, basis = _statement_date(data, st, doc, primary)
        if date:
            yield g, date_p, t.date(date), None
            yield g, basis_p, bases[basis], None
        certainty = certainties.get(st.certainty)
        if certainty is None:
            certainty = certainties[st.certainty] = t.iri(KG[st.certainty])
        yield g, certainty_p, certainty, None
        for item in st.covers:
            yield g, covers_p, t.typed(str(item), XSD.integer), None
        if st.note:
            yield g, note_p, t.lang(st.note, "en"), None


def _records_quads(data: CuratedData, t) -> Iterator[tuple]:
    for s, p, o in ontology_triples():
        yield t.node(s), t.node(p), t.node(o), None
    yield from _entity_quads(data, t)
    yield from _source_quads(data, t)


def _mapped(data: CuratedData, t) -> Iterator[tuple]:
    yield from _records_quads(data, t)
    yield from _statement_quads(data, t)


def quads(data: CuratedData) -> Iterator[Quad]:
    """All quads of the graph built from ``data``: ontology, entities, sources, statements.

    Examples
    --------
    >>> from kg.records.loaders import load_data
    >>> qs = list(quads(load_data("data")))
    >>> any(g is not None for *_, g in qs)
    True
    """
    return _mapped(data, _RdflibTerms())


def nquads_terms(data: CuratedData) -> Iterator[tuple[str, str, str, str | None]]:
    """The quads of :func:`quads`, each term as its N-Triples text (as ``str`` of a pyoxigraph term).

    The same mapping, made fast for large builds: no rdflib node is made per quad.

    Examples
    --------
    >>> from kg.records.loaders import load_data
    >>> s, p, o, g = next(q for q in nquads_terms(load_data("data")) if q[3] is not None)
    >>> g.startswith("<https://w3id.org/chip-policy-kg/statement/")
    True
    """
    return _mapped(data, _NTriplesTerms())


class NQuadsMapper:
    """:func:`nquads_terms` in parts, for a build that maps statements as it reads them.

    The ontology, entities and sources first (:meth:`records`), then statements in batches
    (:meth:`statements`); together they give exactly the quads of :func:`nquads_terms`.

    Examples
    --------
    >>> from kg.records.loaders import load_data
    >>> data = load_data("data")
    >>> mapper = NQuadsMapper(data)
    >>> parts = [*mapper.records(), *mapper.statements(data.statements[:10]), *mapper.statements(data.statements[10:])]
    >>> sorted(parts) == sorted(nquads_terms(data))
    True
    """

    def __init__(self, data: CuratedData):
        self.data, self._terms = data, _NTriplesTerms()

    def records(self) -> Iterator[tuple[str, str, str, str | None]]:
        """Quads of the ontology, the entities and the sources (all in the default graph)."""
        return _records_quads(self.data, self._terms)

    def statements(self, batch: list[Located[Statement]],
                   ids: list[str] | None = None) -> Iterator[tuple[str, str, str, str | None]]:
        """Quads of a batch of statements: each one's named graph and its provenance.

        ``ids`` are the statements' ids if already known (:func:`kg.records.checks.statement_id`).
        """
        return _statement_quads(self.data, self._terms, batch, ids)


def to_dataset(data: CuratedData) -> Dataset:
    """The graph built from ``data`` as an rdflib :class:`~rdflib.Dataset` (for tests and small data)."""
    ds = Dataset()
    for s, p, o, g in quads(data):
        ds.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))
    return ds

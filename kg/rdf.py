"""Records → RDF quads, following the RDF contract in README.md.

Each statement becomes its own named graph holding its asserted triple; its provenance
(document read, primary source relayed, attribution, quote, dates, certainty) is described in
the default graph. Entities and documents are described in the default graph too. IRIs come
from record ids (:mod:`kg.vocab`), so the same data always gives the same graph.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .checks import literal_value, statement_id
from .loaders import CuratedData
from .ontology import ONTOLOGY_PATH, load_ontology
from .vocab import (DCTERMS, KG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, entity_iri, role_iri,
                    source_iri, statement_iri)

__all__ = ["Quad", "quads", "to_dataset", "date_literal", "ontology_triples"]

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


def _decimal(value: float) -> Literal:
    return Literal(literal_value(repr(value), str(XSD.decimal)), datatype=XSD.decimal)


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


def _entity_quads(data: CuratedData) -> Iterator[Quad]:
    for eid, loc in data.entities.items():
        e, s = loc.record, entity_iri(eid)
        for cls in _type_closure(e.type):
            yield s, RDF.type, cls, None
        for lang, text in e.label.items():
            yield s, RDFS.label, Literal(text, lang=lang), None
        for lang, names in e.aliases.items():
            for name in names:
                yield s, SKOS.altLabel, Literal(name, lang=lang), None
        if e.description:
            yield s, SCHEMA.description, Literal(e.description, lang="en"), None
        if e.note:
            yield s, SKOS.note, Literal(e.note, lang="en"), None
        if e.wikidata:
            yield s, OWL.sameAs, URIRef(WIKIDATA + e.wikidata), None
        for i, role in enumerate(e.roles):
            r = role_iri(eid, i)
            yield s, KG.role, r, None
            yield s, ORG.hasMembership, r, None
            yield r, RDF.type, KG.Role, None
            yield r, RDF.type, ORG.Membership, None
            yield r, ORG.member, s, None
            yield r, ORG.organization, entity_iri(role.organization), None
            yield r, SCHEMA.roleName, Literal(role.title, lang="en"), None
            if role.from_:
                yield r, SCHEMA.startDate, date_literal(role.from_), None
            if role.to:
                yield r, SCHEMA.endDate, date_literal(role.to), None
            if role.source:
                yield r, PROV.wasDerivedFrom, source_iri(role.source), None
        if e.country:
            prop = SCHEMA.containedInPlace if e.type == "Place" else SCHEMA.location
            yield s, prop, entity_iri(e.country), None
        if e.parent:
            yield s, SCHEMA.parentOrganization, entity_iri(e.parent), None
            yield s, ORG.subOrganizationOf, entity_iri(e.parent), None
        if e.government:
            yield s, KG.government, entity_iri(e.government), None
        if e.capital:
            yield s, KG.capital, entity_iri(e.capital), None
        if e.maker:
            yield s, SCHEMA.manufacturer, entity_iri(e.maker), None
        if e.architecture:
            yield s, KG.architecture, Literal(e.architecture), None
        if e.released:
            yield s, SCHEMA.releaseDate, date_literal(e.released), None
        if e.specs:
            for key, prop in _SPEC_PROPERTIES.items():
                value = getattr(e.specs, key)
                if value is not None:
                    yield s, prop, _decimal(value), None
            if e.specs.eccn:
                yield s, KG.eccn, Literal(e.specs.eccn), None
        if e.specs_source:
            yield s, KG.specsSource, source_iri(e.specs_source), None
        if e.date:
            yield s, DCTERMS.date, date_literal(e.date), None
            if e.type == "Event":
                yield s, SCHEMA.startDate, date_literal(e.date), None
        if e.end_date:
            yield s, SCHEMA.endDate, date_literal(e.end_date), None
        if e.issuer:
            yield s, KG.issuer, entity_iri(e.issuer), None
        if e.effective:
            yield s, KG.effectiveDate, date_literal(e.effective), None
        if e.citation:
            yield s, KG.citation, Literal(e.citation), None
        if e.document_number:
            yield s, KG.documentNumber, Literal(e.document_number), None
        if e.place:
            yield s, SCHEMA.location, entity_iri(e.place), None


def _source_quads(data: CuratedData) -> Iterator[Quad]:
    for sid, loc in data.sources.items():
        d, s = loc.record, source_iri(sid)
        yield s, RDF.type, _SOURCE_CLASSES[d.kind], None
        yield s, RDF.type, SCHEMA.CreativeWork, None
        yield s, RDF.type, PROV.Entity, None
        yield s, SCHEMA.inLanguage, Literal(d.language), None
        if d.url:
            yield s, SCHEMA.url, Literal(d.url, datatype=XSD.anyURI), None
        if d.publisher:
            yield s, SCHEMA.publisher, entity_iri(d.publisher), None
        if d.published:
            yield s, SCHEMA.datePublished, date_literal(d.published), None
        if d.title:
            yield s, SCHEMA.headline, Literal(d.title, lang=d.language), None
        if d.relays:
            yield s, PROV.hadPrimarySource, source_iri(d.relays), None
        if d.text:
            yield s, KG.storedText, Literal(d.text), None
        for name in d.unknown:
            yield s, KG.unknown, Literal(name), None
        for ref in d.mentions:
            yield s, SCHEMA.mentions, entity_iri(ref), None
        if d.note:
            yield s, SKOS.note, Literal(d.note, lang="en"), None


def _statement_quads(data: CuratedData) -> Iterator[Quad]:
    predicates = load_ontology().predicates
    for loc in data.statements:
        st = loc.record
        g = statement_iri(statement_id(st))
        pred = predicates[st.predicate]
        subject = entity_iri(st.subject)
        if pred.is_literal:
            value = literal_value(st.object, pred.datatype)
            obj = date_literal(value) if pred.datatype.endswith(("date", "gYear")) else Literal(value, datatype=URIRef(pred.datatype))
        else:
            obj = entity_iri(st.object)
        yield subject, URIRef(pred.iri), obj, g
        yield g, RDF.type, KG.Statement, None
        yield g, RDF.type, PROV.Entity, None
        yield g, PROV.wasDerivedFrom, source_iri(st.source), None
        primary = st.primary_source if st.primary_source_given else data.sources[st.source].record.relays
        if primary:
            yield g, PROV.hadPrimarySource, source_iri(primary), None
        if st.attributed_to:
            yield g, PROV.wasAttributedTo, entity_iri(st.attributed_to), None
        yield g, KG.subjectEntity, subject, None
        if not pred.is_literal:
            yield g, KG.objectEntity, obj, None
        yield g, KG.quote, Literal(st.quote, lang=st.quote_lang), None
        if st.translation:
            yield g, KG.translation, Literal(st.translation, lang="en"), None
        if st.date:
            yield g, DCTERMS.date, date_literal(st.date), None
        yield g, KG.certainty, KG[st.certainty], None
        for item in st.covers:
            yield g, KG.covers, Literal(item, datatype=XSD.integer), None
        if st.note:
            yield g, SKOS.note, Literal(st.note, lang="en"), None


def quads(data: CuratedData) -> Iterator[Quad]:
    """All quads of the graph built from ``data``: ontology, entities, sources, statements.

    Examples
    --------
    >>> from kg.loaders import load_data
    >>> qs = list(quads(load_data("data")))
    >>> any(g is not None for *_, g in qs)
    True
    """
    for s, p, o in ontology_triples():
        yield s, p, o, None
    yield from _entity_quads(data)
    yield from _source_quads(data)
    yield from _statement_quads(data)


def to_dataset(data: CuratedData) -> Dataset:
    """The graph built from ``data`` as an rdflib :class:`~rdflib.Dataset` (for tests and small data)."""
    ds = Dataset()
    for s, p, o, g in quads(data):
        ds.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))
    return ds

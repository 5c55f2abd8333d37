"""Record fields → predicates, as data: which predicate each field of an entity or a source is
written with, and as what kind of object.

:mod:`kg.rdf.mapping` walks these tables in order (so the quads come out as before); a new
simple field is one row here (and its term in kg/ontology/kg.ttl if it is a ``kg:`` term).
Fields with structure of their own (types, labels, roles, specs, statements) are mapped in code.

Object kinds: ``entity`` and ``source`` (an id → its IRI), ``plain`` (a literal without a
language), ``en`` (English text), ``in_language`` (text in the source's ``language``), ``date``
(a partial ISO date → xsd:date, gYearMonth or gYear), ``uri`` (an xsd:anyURI literal).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.rdf.vocab import DCTERMS, KG, ORG, PROV, SCHEMA, SKOS

__all__ = ["FieldRule", "ENTITY_FIELDS", "SOURCE_FIELDS", "KINDS"]

KINDS = ("entity", "source", "plain", "en", "in_language", "date", "uri", "specs")


@dataclass(frozen=True)
class FieldRule:
    """Write field ``field`` of a record with ``predicate``, its value (each value, for a list) as ``kind``.

    ``only`` limits the rule to entities of those types, ``unless`` excludes types. The kind
    ``specs`` marks where a chip's specifications are written (in code).
    """

    field: str
    predicate: URIRef | None
    kind: str
    only: frozenset[str] | None = None
    unless: frozenset[str] = frozenset()
    many: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown object kind {self.kind!r} for field {self.field!r}")


_PLACE, _EVENT = frozenset({"Place"}), frozenset({"Event"})

#: Entity fields after types, labels, aliases, description, note, Wikidata link and roles.
ENTITY_FIELDS: tuple[FieldRule, ...] = (
    FieldRule("country", SCHEMA.containedInPlace, "entity", only=_PLACE),
    FieldRule("country", SCHEMA.location, "entity", unless=_PLACE),
    FieldRule("parent", SCHEMA.parentOrganization, "entity"),
    FieldRule("parent", ORG.subOrganizationOf, "entity"),
    FieldRule("government", KG.government, "entity"),
    FieldRule("capital", KG.capital, "entity"),
    FieldRule("maker", SCHEMA.manufacturer, "entity"),
    FieldRule("architecture", KG.architecture, "plain"),
    FieldRule("released", SCHEMA.releaseDate, "date"),
    FieldRule("specs", None, "specs"),
    FieldRule("specs_source", KG.specsSource, "source"),
    FieldRule("date", DCTERMS.date, "date"),
    FieldRule("date", SCHEMA.startDate, "date", only=_EVENT),
    FieldRule("end_date", SCHEMA.endDate, "date"),
    FieldRule("issuer", KG.issuer, "entity"),
    FieldRule("effective", KG.effectiveDate, "date"),
    FieldRule("citation", KG.citation, "plain"),
    FieldRule("document_number", KG.documentNumber, "plain"),
    FieldRule("place", SCHEMA.location, "entity"),
)

#: Source fields after its types and language. A relayed report is linked in PROV's words and
#: in schema.org's (on documents only: "documents that relay a report" is one lookup).
SOURCE_FIELDS: tuple[FieldRule, ...] = (
    FieldRule("url", SCHEMA.url, "uri"),
    FieldRule("publisher", SCHEMA.publisher, "entity"),
    FieldRule("published", SCHEMA.datePublished, "date"),
    FieldRule("title", SCHEMA.headline, "in_language"),
    FieldRule("relays", PROV.hadPrimarySource, "source"),
    FieldRule("relays", SCHEMA.isBasedOn, "source"),
    FieldRule("text", KG.storedText, "plain"),
    FieldRule("unknown", KG.unknown, "plain", many=True),
    FieldRule("mentions", SCHEMA.mentions, "entity", many=True),
    FieldRule("note", SKOS.note, "en"),
)

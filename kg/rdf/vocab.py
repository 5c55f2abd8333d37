"""The closed vocabulary of the graph: namespaces, their terms, and the IRIs of records.

Every term the code writes or reads is named here once. ``KG``, ``SCHEMA``, ``ORG`` and ``XSD``
are closed namespaces (as PROV, SKOS, RDF, RDFS, OWL and DCTERMS are in rdflib): a term outside
their lists, such as ``KG.qoute``, raises ``AttributeError`` (``KeyError`` for ``KG["qoute"]``)
where it is used. ``KG_TERMS`` is exactly the set of ``kg:`` terms of kg/ontology/kg.ttl
(tests/test_vocab.py checks it, and that every ``kg:``, ``schema:`` and ``org:`` term in the
queries and shapes is listed), so a new term is added to kg.ttl and here together.

IRIs are derived deterministically from record ids, so the same record always gets the same
IRI. See the "RDF contract" section of README.md.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, ClosedNamespace

from kg.ontology import namespaces as _ns
from kg.records.ids import statement_key

__all__ = [
    "BASE", "KG", "ENTITY", "SOURCE", "STATEMENT", "SCHEMA", "PROV", "SKOS", "DCTERMS", "OWL", "RDF", "RDFS", "XSD", "ORG",
    "KG_TERMS", "SCHEMA_TERMS", "ORG_TERMS", "XSD_TERMS",
    "PREFIXES", "entity_iri", "source_iri", "statement_iri", "role_iri", "statement_key",
]

#: Every ``kg:`` term of kg/ontology/kg.ttl (classes, predicates, properties, certainty levels).
KG_TERMS: tuple[str, ...] = (
    "Agent", "Certainty", "Chip", "Company", "Concept", "Country", "DateBasis", "Decision", "Event",
    "GovernmentAgency", "Group", "MediaOutlet", "NamedGraph", "Organization", "Person", "Place",
    "Role", "Statement", "StatementPredicate", "addsToEntityList", "advises", "affects", "amends",
    "amendsCFRPart", "amountUSD", "announced", "appliesTo", "architecture", "benefits", "capital",
    "certainty", "citation", "claimDate", "commentedOn", "comparableTo", "complianceOn",
    "confirmed", "considered", "corrects", "covers", "criticized", "dateBasis", "decided", "denied",
    "designedFor", "disputed", "docket", "documentDate", "documentNumber", "eccn", "effectiveDate",
    "effectiveOn", "entityListDestination", "extends", "government", "heldIn", "holdsRole",
    "inExchangeFor", "interconnectBandwidthGBps", "investigates", "issued", "issuer", "key",
    "licenseRequirement", "licenseReviewPolicy", "listedAddress", "locatedIn", "manufactures",
    "memoryBandwidthGBps", "memoryGB", "metWith", "negotiated", "objectEntity", "opposes",
    "ordered", "partOf", "participatedIn", "performanceDensity", "permits", "planned",
    "predicateUsed", "primarySourceDate", "proposed", "quantity", "quote",
    "regulationIdentifierNumber", "releasedIn", "removesFromEntityList", "reported", "requested",
    "rescinds", "respondsTo", "restricts", "revenueSharePercent", "revisesEntityListEntry", "role",
    "specsSource", "speculative", "statedInterconnectGBps", "statedMemoryBandwidthGBps",
    "statedPerformanceDensity", "statedTPP", "storedText", "subjectEntity", "summoned", "supports",
    "targets", "thresholdTPP", "tpp", "translation", "unknown", "urged", "uses", "variantOf",
    "warned",
)
#: The schema.org terms the graph uses (kg.ttl, the mapping, the queries and the shapes).
SCHEMA_TERMS: tuple[str, ...] = (
    "Article", "Corporation", "Country", "CreativeWork", "DigitalDocument", "Event", "GovernmentOrganization",
    "Legislation", "NewsArticle", "NewsMediaOrganization", "Organization", "Person", "Place", "Product", "Report",
    "SocialMediaPosting", "WebPage",
    "address", "containedInPlace", "datePublished", "description", "domainIncludes", "endDate", "headline", "inLanguage",
    "isBasedOn", "location", "manufacturer", "mentions", "parentOrganization", "publisher", "rangeIncludes",
    "releaseDate", "roleName", "startDate", "text", "url",
)
#: The W3C ORG terms the graph uses.
ORG_TERMS: tuple[str, ...] = ("Membership", "Organization", "hasMembership", "member", "organization",
                              "subOrganizationOf")
#: The XSD datatypes the graph uses.
XSD_TERMS: tuple[str, ...] = ("anyURI", "boolean", "date", "dateTime", "decimal", "double", "gYear", "gYearMonth",
                              "integer", "string")

BASE = _ns.BASE
KG = ClosedNamespace(_ns.KG, list(KG_TERMS))
SCHEMA = ClosedNamespace(_ns.SCHEMA, list(SCHEMA_TERMS))
ORG = ClosedNamespace(_ns.ORG, list(ORG_TERMS))
XSD = ClosedNamespace(_ns.XSD, list(XSD_TERMS))
# Record IRIs: open by nature (one per id), not vocabulary.
ENTITY = Namespace(_ns.ENTITY)
SOURCE = Namespace(_ns.SOURCE)
STATEMENT = Namespace(_ns.STATEMENT)

#: Prefixes used in dumps, query output and the ``kg query`` default prefixes.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "ent": str(ENTITY),
    "src": str(SOURCE),
    "stmt": str(STATEMENT),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def entity_iri(entity_id: str) -> URIRef:
    """IRI of an entity.

    Examples
    --------
    >>> entity_iri("marco-rubio")
    rdflib.term.URIRef('https://w3id.org/chip-policy-kg/entity/marco-rubio')
    """
    return ENTITY[entity_id]


def source_iri(source_id: str) -> URIRef:
    """IRI of a source document.

    Examples
    --------
    >>> str(source_iri("seed-ar"))
    'https://w3id.org/chip-policy-kg/source/seed-ar'
    """
    return SOURCE[source_id]


def role_iri(entity_id: str, index: int) -> URIRef:
    """IRI of the ``index``-th role (0-based) of a person.

    Examples
    --------
    >>> str(role_iri("marco-rubio", 0))
    'https://w3id.org/chip-policy-kg/entity/marco-rubio/role/1'
    """
    return URIRef(f"{ENTITY[entity_id]}/role/{index + 1}")


def statement_iri(key: str) -> URIRef:
    """IRI of a statement's named graph, from its key or explicit id.

    Examples
    --------
    >>> str(statement_iri("4a65592b4e983611"))
    'https://w3id.org/chip-policy-kg/statement/4a65592b4e983611'
    """
    return STATEMENT[key]

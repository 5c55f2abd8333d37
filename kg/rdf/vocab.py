"""Namespaces and the IRIs of the graph.

IRIs are derived deterministically from record ids, so the same record always gets the same
IRI. See the "RDF contract" section of README.md.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.records.ids import statement_key

__all__ = [
    "BASE", "KG", "ENTITY", "SOURCE", "STATEMENT", "SCHEMA", "PROV", "SKOS", "DCTERMS", "OWL", "RDF", "RDFS", "XSD", "ORG",
    "PREFIXES", "entity_iri", "source_iri", "statement_iri", "role_iri", "statement_key",
]

BASE = "https://w3id.org/chip-policy-kg/"
KG = Namespace(BASE + "ontology#")
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
ENTITY = Namespace(BASE + "entity/")
SOURCE = Namespace(BASE + "source/")
STATEMENT = Namespace(BASE + "statement/")

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

"""The namespace IRIs of the graph, as plain strings: written once, here.

The closed vocabulary (:mod:`kg.rdf.vocab`) and the ontology reader build on them; nothing else
spells a namespace out. See the "RDF contract" section of README.md.
"""

from __future__ import annotations

__all__ = ["BASE", "KG", "ENTITY", "SOURCE", "STATEMENT", "GRAPH", "PROJECT_GRAPH", "PUSH", "PUSH_STATE_GRAPH", "SCHEMA", "ORG", "PROV", "SKOS",
           "DCTERMS", "OWL", "RDF", "RDFS", "XSD", "SH"]

BASE = "https://w3id.org/chip-policy-kg/"
KG = BASE + "ontology#"
ENTITY = BASE + "entity/"
SOURCE = BASE + "source/"
STATEMENT = BASE + "statement/"
GRAPH = BASE + "graph/"
#: The named graph in which a remote store keeps what a local store holds in its default graph.
PROJECT_GRAPH = GRAPH + "main"
#: Bookkeeping of ``kg push`` on a remote store: its terms, and the graph that holds them.
PUSH = BASE + "push#"
PUSH_STATE_GRAPH = GRAPH + "push-state"

SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

"""The shipped ontology and SHACL shapes, and the controlled predicate list read from them.

``kg.ttl`` is the single source of the entity types and statement predicates: the loaders
validate records against what :func:`load_ontology` reads from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["ONTOLOGY_PATH", "SHAPES_PATH", "Predicate", "Ontology", "load_ontology"]

_HERE = resources.files(__name__)
#: Path of the ontology (Turtle).
ONTOLOGY_PATH = Path(str(_HERE / "kg.ttl"))
#: Path of the SHACL shapes (Turtle).
SHAPES_PATH = Path(str(_HERE / "shapes.ttl"))


@dataclass(frozen=True)
class Predicate:
    """A statement predicate of the controlled list.

    ``domain`` and ``range`` are entity type keys (read as a union); ``datatype`` is the XSD
    datatype IRI of the object for predicates that take a literal, else ``None``.
    """

    key: str
    iri: str
    label: str
    domain: frozenset[str]
    range: frozenset[str]
    datatype: str | None = None

    @property
    def is_literal(self) -> bool:
        """Whether the object is a literal rather than an entity."""
        return self.datatype is not None


@dataclass(frozen=True)
class Ontology:
    """Entity types and predicates, as declared in ``kg.ttl``.

    Examples
    --------
    >>> onto = load_ontology()
    >>> onto.predicates["manufactures"].domain
    frozenset({'Company'})
    >>> onto.is_a("Company", "Agent")
    True
    >>> onto.is_a("Person", "Company")
    False
    """

    types: dict[str, str]
    supertypes: dict[str, frozenset[str]]
    predicates: dict[str, Predicate]

    def is_a(self, type_key: str, wanted: str) -> bool:
        """Whether entity type ``type_key`` is ``wanted`` or one of its subtypes."""
        return wanted in self.supertypes.get(type_key, frozenset())

    def accepts(self, type_key: str, allowed: frozenset[str]) -> bool:
        """Whether an entity of type ``type_key`` fits a domain or range ``allowed``."""
        return any(self.is_a(type_key, a) for a in allowed)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Read entity types and the controlled predicate list from the shipped ``kg.ttl``."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF, RDFS

    from kg.ontology import namespaces as ns

    KG, SCHEMA, XSD = Namespace(ns.KG), Namespace(ns.SCHEMA), Namespace(ns.XSD)

    g = Graph().parse(ONTOLOGY_PATH, format="turtle")
    key_of = {s: str(o) for s, o in g.subject_objects(KG.key)}

    def local(iri) -> str:
        return str(iri).removeprefix(str(KG))

    classes = {s for s in g.subjects(RDFS.subClassOf, None) if str(s).startswith(str(KG))}
    classes |= {KG.Agent}
    supertypes: dict[str, frozenset[str]] = {}
    for cls in classes:
        seen = {local(c) for c in g.transitive_objects(cls, RDFS.subClassOf) if str(c).startswith(str(KG))}
        supertypes[local(cls)] = frozenset(seen)
    types = {key_of[c]: str(c) for c in classes if c in key_of}

    predicates: dict[str, Predicate] = {}
    for p in g.subjects(RDF.type, KG.StatementPredicate):
        rng = g.value(p, RDFS.range)
        datatype = str(rng) if rng is not None and str(rng).startswith(str(XSD)) else None
        predicates[key_of[p]] = Predicate(
            key=key_of[p],
            iri=str(p),
            label=str(g.value(p, RDFS.label) or key_of[p]),
            domain=frozenset(local(d) for d in g.objects(p, SCHEMA.domainIncludes)),
            range=frozenset(local(r) for r in g.objects(p, SCHEMA.rangeIncludes)),
            datatype=datatype,
        )
    return Ontology(types=dict(sorted(types.items())), supertypes=supertypes,
                    predicates=dict(sorted(predicates.items())))

"""Find entities by id or by any label or alias, in any language."""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import KGError
from kg.query.sparql import run_query

__all__ = ["EntityMatch", "find_entities", "resolve_entity", "normalize_name"]

_NAMES = """
SELECT ?e ?type ?en ?name WHERE {
  ?e a ?class . ?class kg:key ?type .
  FILTER NOT EXISTS { ?e a ?sub . ?sub kg:key ?other . ?sub rdfs:subClassOf+ ?class . FILTER(?sub != ?class) }
  ?e rdfs:label ?en FILTER(lang(?en) = "en")
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name }
}
"""


@dataclass(frozen=True)
class EntityMatch:
    """An entity found by name."""

    id: str
    label: str
    type: str
    matched: str


def normalize_name(text: str) -> str:
    """Fold a name for matching, as the linker does (:func:`kg.text.normalize_key`):
    case, Arabic diacritics, tatweel and letter variants, Traditional → Simplified Chinese,
    hyphens and spacing.

    Examples
    --------
    >>> normalize_name("  Marco   RUBIO ")
    'marco rubio'
    >>> normalize_name("رُوبِيو") == normalize_name("روبيو")
    True
    >>> normalize_name("إنفيديا") == normalize_name("انفيديا") and normalize_name("英偉達") == normalize_name("英伟达")
    True
    """
    from kg.text import normalize_key

    return normalize_key(text)


def find_entities(store, text: str) -> list[EntityMatch]:
    """Entities whose id, label or alias equals ``text`` (after :func:`normalize_name`).

    Examples
    --------
    >>> import kg
    >>> [m.id for m in find_entities(kg.open("build").store, "روبيو")]
    ['marco-rubio']
    """
    wanted = normalize_name(text)
    found: dict[str, EntityMatch] = {}
    for e, typ, en, name in run_query(store, _NAMES).rows:
        eid = e.value.rsplit("/", 1)[-1]
        if eid == text.strip() or normalize_name(name.value) == wanted:
            found.setdefault(eid, EntityMatch(eid, en.value, typ.value, name.value))
    return sorted(found.values(), key=lambda m: m.id)


def resolve_entity(store, text: str) -> str:
    """The id of the one entity named ``text``; :class:`KGError` if none or several match."""
    matches = find_entities(store, text)
    if not matches:
        raise KGError(f"no entity is called {text!r}; use an id (e.g. marco-rubio) or a label in any language")
    if len(matches) > 1:
        options = ", ".join(f"{m.id} ({m.type}: {m.label})" for m in matches)
        raise KGError(f"{text!r} could mean several entities: {options}; use the id")
    return matches[0].id

"""The explorer's read model: entities, documents and statements of a built graph, in memory.

The pages of ``kg serve`` read the graph through a :class:`Catalog` loaded once when the server
starts (six queries from ``kg/web/queries/``): every page is then a look-up and a sort in Python,
a few milliseconds even at 100k statements, instead of SPARQL per request. The catalogue is
built from the store, not from ``data/``: it shows what a SPARQL client would see.

Search folds names and quotes as the linker does (:func:`kg.query.entities.normalize_name`: case,
Arabic diacritics and letter variants, Traditional → Simplified Chinese), so روبيو finds
Marco Rubio and 英偉達 finds 英伟达.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from kg.query.entities import normalize_name
from kg.query.sparql import run_query

__all__ = ["Entity", "Document", "Statement", "Role", "Catalog", "STANCES"]

BASE = "https://w3id.org/chip-policy-kg/"
WIKIDATA = "http://www.wikidata.org/entity/"

#: Predicates that say where an actor stands on a decision, in the order a decision page lists them.
STANCES = ("supports", "opposes", "requested", "proposed", "criticized", "considered", "decided", "issued",
           "negotiated", "announced", "commented_on")
#: Predicates between decisions: the later document amends or rescinds the earlier one.
AMENDMENTS = ("amends", "corrects", "extends", "rescinds", "responds_to")


@lru_cache(maxsize=None)
def _query(name: str) -> str:
    return resources.files("kg.web").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@dataclass
class Role:
    organization: str
    title: str | None
    start: str | None
    end: str | None
    source: str | None


@dataclass
class Entity:
    id: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    description: str | None = None
    wikidata: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)  # "FR document", "FR citation", …
    facts: dict[str, str] = field(default_factory=dict)  # date, effective, issuer, maker, released
    roles: list[Role] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.labels.get("en") or next(iter(self.labels.values()), self.id)

    @property
    def iri(self) -> str:
        return BASE + "entity/" + self.id


@dataclass
class Document:
    id: str
    kind: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    headline: str | None = None
    language: str | None = None
    relays: str | None = None

    @property
    def iri(self) -> str:
        return BASE + "source/" + self.id


@dataclass
class Statement:
    key: str
    subject: str
    predicate: str
    object: str  # an entity id, or the literal's text
    object_is_entity: bool
    quote: str
    quote_lang: str | None
    document: str
    date: str | None = None  # the claim's own date
    translation: str | None = None
    certainty: str | None = None
    attributed_to: str | None = None
    primary: str | None = None
    note: str | None = None
    shown_date: str | None = None  # the claim's date, else the document's
    date_basis: str = "none"  # "claim", "document" or "none"

    @property
    def iri(self) -> str:
        return BASE + "statement/" + self.key


class Catalog:
    """Everything the explorer shows, read from a store once.

    Examples
    --------
    >>> from kg.store.local import open_store
    >>> cat = Catalog.load(open_store("build/store"))
    >>> [e.id for e in cat.search_entities("روبيو")][0]  # the exact name first, then names containing it
    'marco-rubio'
    >>> cat.statements_about("marco-rubio") == sorted(cat.statements_about("marco-rubio"), key=Catalog.date_key)
    True
    """

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.documents: dict[str, Document] = {}
        self.statements: dict[str, Statement] = {}
        self._about: dict[str, list[str]] = defaultdict(list)
        self._names: list[tuple[str, str]] = []  # (folded name, entity id)
        self._quotes: list[tuple[str, str]] = []  # (folded quote + translation, statement key)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, store) -> "Catalog":
        """Read a store's entities, documents, roles and statements (six queries)."""
        cat = cls()
        for e, typ in run_query(store, _query("entities")).rows:
            if e.value.startswith(BASE + "entity/"):
                cat.entities[_local(e.value)] = Entity(_local(e.value), typ.value)
        for e, alias, name in run_query(store, _query("names")).rows:
            ent = cat.entities.get(_local(e.value)) if e.value.startswith(BASE + "entity/") else None
            if ent is None:
                continue
            lang = name.language or "und"
            if alias.value == "true":
                ent.aliases.setdefault(lang, []).append(name.value)
            else:
                ent.labels[lang] = name.value
        for e, p, o in run_query(store, _query("entity-facts")).rows:
            ent = cat.entities.get(_local(e.value))
            if ent is None:
                continue
            prop = p.value
            if prop.endswith("description"):
                ent.description = o.value
            elif prop.endswith("sameAs") and o.value.startswith(WIKIDATA):
                ent.wikidata = o.value[len(WIKIDATA):]
            elif prop.endswith(("documentNumber", "/identifier")):
                ent.identifiers["FR document"] = o.value
            elif prop.endswith(("#citation", "bibliographicCitation")):
                ent.identifiers["FR citation"] = o.value
            elif prop.endswith(("/date", "issued")):
                ent.facts.setdefault("date", o.value)
            elif prop.endswith("effectiveDate"):
                ent.facts["effective"] = o.value
            elif prop.endswith("issuer"):
                ent.facts["issuer"] = _local(o.value)
            elif prop.endswith("manufacturer"):
                ent.facts["maker"] = _local(o.value)
            elif prop.endswith("releaseDate"):
                ent.facts["released"] = o.value
        for member, org, title, start, end, source in run_query(store, _query("roles")).rows:
            ent = cat.entities.get(_local(member.value))
            if ent is not None:
                ent.roles.append(Role(_local(org.value), title.value if title else None, start.value if start else None,
                                      end.value if end else None, _local(source.value) if source else None))
        for doc, kind, publisher, published, url, headline, language, relays in run_query(store, _query("documents")).rows:
            d = cat.documents.setdefault(_local(doc.value), Document(_local(doc.value)))
            d.kind = d.kind or (kind.value if kind else None)
            d.publisher = _local(publisher.value) if publisher else d.publisher
            d.published = published.value if published else d.published
            d.url = url.value if url else d.url
            d.headline = headline.value if headline else d.headline
            d.language = language.value if language else d.language
            d.relays = _local(relays.value) if relays else d.relays
        for row in run_query(store, _query("statements")).rows:
            g, s, key, o, date, quote, translation, certainty, attributed, doc, primary, note = row
            is_entity = o.value.startswith(BASE + "entity/")
            st = Statement(
                key=_local(g.value), subject=_local(s.value), predicate=key.value,
                object=_local(o.value) if is_entity else o.value, object_is_entity=is_entity,
                quote=quote.value, quote_lang=quote.language, document=_local(doc.value),
                date=date.value if date else None, translation=translation.value if translation else None,
                certainty=certainty.value if certainty else None,
                attributed_to=_local(attributed.value) if attributed else None,
                primary=_local(primary.value) if primary else None, note=note.value if note else None)
            cat.statements[st.key] = st
        cat._index()
        return cat

    def _index(self) -> None:
        for ent in self.entities.values():
            for lang in ent.aliases:
                ent.aliases[lang].sort()
            ent.labels = dict(sorted(ent.labels.items()))
            ent.aliases = dict(sorted(ent.aliases.items()))
            ent.roles.sort(key=lambda r: (r.start or "", r.organization))
            names = {ent.id, *ent.labels.values(), *(n for ns in ent.aliases.values() for n in ns)}
            self._names.extend((normalize_name(n), ent.id) for n in sorted(names))
        for st in self.statements.values():
            doc = self.documents.get(st.document)
            if st.date:
                st.shown_date, st.date_basis = st.date, "claim"
            elif doc is not None and doc.published:
                st.shown_date, st.date_basis = doc.published, "document"
            self._about[st.subject].append(st.key)
            if st.object_is_entity and st.object != st.subject:
                self._about[st.object].append(st.key)
            if st.attributed_to and st.attributed_to not in (st.subject, st.object):
                self._about[st.attributed_to].append(st.key)  # on this entity's word
            self._quotes.append((normalize_name(" ".join(filter(None, (st.quote, st.translation)))), st.key))

    # ------------------------------------------------------------------ reading

    @staticmethod
    def date_key(st: Statement) -> tuple:
        """Sort key: dated statements by date, then undated ones, ties by predicate and key."""
        return (st.shown_date is None, st.shown_date or "", st.predicate, st.key)

    def label(self, entity_id: str | None, lang: str = "en") -> str:
        if entity_id is None:
            return ""
        ent = self.entities.get(entity_id)
        if ent is None:
            return entity_id
        return ent.labels.get(lang) or ent.label

    def search_entities(self, text: str, limit: int = 50) -> list[Entity]:
        """Entities whose id, label or alias (any language) contains ``text``, exact names first."""
        want = normalize_name(text)
        if not want:
            return []
        exact, partial = [], []
        for name, eid in self._names:
            if name == want:
                exact.append(eid)
            elif want in name:
                partial.append(eid)
        seen: dict[str, None] = {}
        for eid in exact + sorted(partial, key=lambda e: (len(self._about.get(e, ())) * -1, e)):
            seen.setdefault(eid, None)
        return [self.entities[e] for e in list(seen)[:limit]]

    def search_quotes(self, text: str, limit: int = 50) -> list[Statement]:
        """Statements whose quote or translation contains ``text`` (folded), by date."""
        want = normalize_name(text)
        if not want:
            return []
        found = [self.statements[k] for folded, k in self._quotes if want in folded]
        return sorted(found, key=self.date_key)[:limit]

    def statements_about(self, entity_id: str, predicate: str | None = None, start: str | None = None,
                         end: str | None = None) -> list[Statement]:
        """Statements with ``entity_id`` as subject, object or the one they are attributed to, sorted
        by date, optionally filtered by predicate and date window."""
        from kg.analytics.projection import date_in_window

        out = []
        for key in self._about.get(entity_id, ()):
            st = self.statements[key]
            if predicate and st.predicate != predicate:
                continue
            if (start or end) and not date_in_window(st.shown_date, start, end):
                continue
            out.append(st)
        return sorted(out, key=self.date_key)

    def latest(self, n: int = 20) -> list[Statement]:
        """The ``n`` most recently dated statements, newest first."""
        dated = [st for st in self.statements.values() if st.shown_date]
        return sorted(dated, key=lambda st: (st.shown_date, st.key), reverse=True)[:n]

    def relay_chain(self, document_id: str) -> list[Document]:
        """The document, the report it relays, the report that one relays, … (cycle-safe)."""
        chain, seen = [], set()
        current: str | None = document_id
        while current and current not in seen:
            seen.add(current)
            doc = self.documents.get(current) or Document(current)
            chain.append(doc)
            current = doc.relays
        return chain

    def cite(self, doc: Document) -> str:
        """``publisher · date · headline`` for a document, with what is known."""
        parts = [self.label(doc.publisher) if doc.publisher else "publisher unknown",
                 doc.published or "date unknown"]
        if doc.headline:
            parts.append(doc.headline)
        return " · ".join(parts)

    def sources_of(self, statements: Iterable[Statement]) -> list[Document]:
        """The documents (and the reports they relay) that ``statements`` rest on, by date."""
        ids: dict[str, None] = {}
        for st in statements:
            for doc in self.relay_chain(st.document):
                ids.setdefault(doc.id, None)
            if st.primary:
                ids.setdefault(st.primary, None)
        docs = [self.documents.get(i) or Document(i) for i in ids]
        return sorted(docs, key=lambda d: (d.published or "", d.id))

    def stances(self, decision: str) -> dict[str, list[Statement]]:
        """Statements of actors about ``decision``, grouped by predicate (supports, opposes, …)."""
        groups: dict[str, list[Statement]] = {}
        for st in self.statements_about(decision):
            if st.object == decision and st.predicate in STANCES:
                groups.setdefault(st.predicate, []).append(st)
        return {p: groups[p] for p in STANCES if p in groups}

    def amendments(self, decision: str) -> list[Statement]:
        """Statements linking ``decision`` to documents that amend, correct, extend or rescind it."""
        return [st for st in self.statements_about(decision) if st.predicate in AMENDMENTS]

    def path(self, source: str, target: str, max_hops: int = 6) -> list[tuple[str, str, list[Statement]]]:
        """A shortest chain of statements between two entities (either direction): each hop as
        ``(from, to, statements)`` with every statement linking the two, by date. Empty if none.

        Breadth-first over entity-to-entity statements, neighbours in id order, so the same graph
        always gives the same path.
        """
        if source not in self.entities or target not in self.entities:
            return []
        if not hasattr(self, "_adjacent"):
            adj: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for st in self.statements.values():
                if st.object_is_entity and st.object != st.subject:
                    adj[st.subject][st.object].append(st.key)
                    adj[st.object][st.subject].append(st.key)
            self._adjacent = adj
        previous: dict[str, str | None] = {source: None}
        frontier = [source]
        for _ in range(max_hops):
            if target in previous or not frontier:
                break
            nxt = []
            for node in frontier:
                for other in sorted(self._adjacent.get(node, {})):
                    if other not in previous:
                        previous[other] = node
                        nxt.append(other)
            frontier = nxt
        if target not in previous:
            return []
        nodes = [target]
        while previous[nodes[-1]] is not None:
            nodes.append(previous[nodes[-1]])  # type: ignore[arg-type]
        nodes.reverse()
        return [(u, v, sorted((self.statements[k] for k in self._adjacent[u][v]), key=self.date_key))
                for u, v in zip(nodes, nodes[1:])]

    def counts(self) -> dict[str, int]:
        by_type: dict[str, int] = defaultdict(int)
        for ent in self.entities.values():
            by_type[ent.type] += 1
        return {"entities": len(self.entities), "statements": len(self.statements),
                "documents": len(self.documents), **dict(sorted(by_type.items()))}

    def predicates_of(self, statements: Iterable[Statement]) -> list[str]:
        return sorted({st.predicate for st in statements})

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements.values())

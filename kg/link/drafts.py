"""Candidate statements: pairs of entities in one sentence, with a cue for a known predicate.

For each sentence, each cue word (:mod:`kg.link.cues`) proposes its predicate for the pairs of
entities mentioned in that sentence whose types fit the predicate's domain and range (read from
the ontology). The pairs nearest the cue come first; a few per cue are kept. Every candidate is
a draft for a curator: the quote is the whole sentence, to be shortened, and a quote not in
English still needs its translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.link.cues import find_cues
from kg.link.matcher import Mention
from kg.text import normalize

__all__ = ["Sentence", "DraftStatement", "sentences_with_mentions", "draft_statements"]

_PER_CUE = 2
_PER_SENTENCE = 6
_REACH = 120  # characters between a cue and the names it may tie
_ROLE_REACH = 40  # a title is next to its holder and organisation
_GAPS = frozenset(["", "ب", "في", "in", "at"])


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text and the mentions in it."""

    index: int
    start: int
    end: int
    text: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class DraftStatement:
    """A candidate statement for review."""

    subject: str
    predicate: str
    object: str
    sentence: int
    quote: str
    cue: str

    def record(self, lang: str) -> dict:
        """The statement as a record of a statements file (see docs/data-format.md)."""
        todo = "check subject, predicate and object; shorten the quote"
        if lang.split("-")[0].lower() != "en":
            todo += "; add an English translation"
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object,
                "quote": self.quote, "quote_lang": lang,
                "note": f"draft (kg ingest): the cue {self.cue!r} in sentence {self.sentence} suggests "
                        f"'{self.predicate}'; {todo}"}


def sentences_with_mentions(text: str, mentions: list[Mention]) -> list[Sentence]:
    """The sentences of ``text`` that mention at least one entity, numbered from 1.

    Examples
    --------
    >>> m = Mention(13, 18, "Rubio", "marco-rubio", "Marco Rubio", "Person")
    >>> [(s.index, s.text) for s in sentences_with_mentions("It was late. Rubio spoke.", [m])]
    [(2, 'Rubio spoke.')]
    """
    from kg.link.sentences import split_sentences

    out = []
    for i, (a, b) in enumerate(split_sentences(text), start=1):
        inside = tuple(m for m in mentions if a <= m.start and m.end <= b)
        if inside:
            out.append(Sentence(i, a, b, text[a:b], inside))
    return out


def draft_statements(sentences: list[Sentence], lang: str = "en") -> list[DraftStatement]:
    """Candidate statements from cue words and the entity types of each sentence.

    ``lang`` decides which of two adjacent place names contains the other: the second in
    English and Arabic ("Busan, South Korea", بوسان بكوريا الجنوبية), the first in Chinese (韩国釜山).

    Examples
    --------
    >>> ms = (Mention(0, 5, "Rubio", "marco-rubio", "Marco Rubio", "Person"),
    ...       Mention(14, 19, "Nvidia", "nvidia", "Nvidia", "Company"))
    >>> s = Sentence(1, 0, 28, "Rubio opposed Nvidia's sale.", ms)
    >>> [(d.subject, d.predicate, d.object) for d in draft_statements([s])]
    [('marco-rubio', 'opposes', 'nvidia')]
    """
    from kg.ontology import load_ontology

    onto = load_ontology()
    drafts: list[DraftStatement] = []
    seen: set[tuple[str, str, str]] = set()
    for sent in sentences:
        norm = normalize(sent.text)
        first: dict[str, int] = {}
        types: dict[str, str] = {}
        for m in sent.mentions:
            first.setdefault(m.entity_id, m.start - sent.start)
            types[m.entity_id] = m.type
        kept = 0
        quote = " ".join(sent.text.split())
        for cue in find_cues(norm.text):
            pred = onto.predicates.get(cue.predicate)
            if pred is None or pred.is_literal:
                continue
            at = norm.original_span(cue.start, cue.end)[0]
            pairs = []
            for s, s_pos in first.items():
                if not onto.accepts(types[s], pred.domain):
                    continue
                for o, o_pos in first.items():
                    if o == s or not onto.accepts(types[o], pred.range):
                        continue
                    reach = _ROLE_REACH if cue.predicate == "holds_role" else _REACH
                    if abs(s_pos - at) > reach or abs(o_pos - at) > reach:
                        continue
                    distance = abs(s_pos - at) + abs(o_pos - at) + (1 if s_pos > o_pos else 0)
                    pairs.append((distance, s, o))
            taken: set[frozenset[str]] = set()
            for _, s, o in sorted(pairs):
                if len(taken) >= _PER_CUE or kept >= _PER_SENTENCE:
                    break
                if frozenset((s, o)) in taken or (s, cue.predicate, o) in seen:
                    continue
                taken.add(frozenset((s, o)))
                seen.add((s, cue.predicate, o))
                kept += 1
                drafts.append(DraftStatement(s, cue.predicate, o, sent.index, quote, cue.word))
        for s, o in _adjacent_pairs(sent, reverse=lang.startswith("zh")):
            for key in ("held_in", "located_in"):
                pred = onto.predicates[key]
                if onto.accepts(s.type, pred.domain) and onto.accepts(o.type, pred.range) \
                        and (s.entity_id, key, o.entity_id) not in seen:
                    seen.add((s.entity_id, key, o.entity_id))
                    drafts.append(DraftStatement(s.entity_id, key, o.entity_id, sent.index, quote,
                                                 sent.text[s.start - sent.start:o.end - sent.start]))
    return drafts


def _adjacent_pairs(sent: Sentence, reverse: bool) -> list[tuple[Mention, Mention]]:
    """Names next to each other, the contained one first."""
    ms = sorted(sent.mentions, key=lambda m: m.start)
    pairs = []
    for a, b in zip(ms, ms[1:]):
        gap = sent.text[a.end - sent.start:b.start - sent.start]
        if gap.strip(" \t\n,،、()（）").lower() in _GAPS:
            pairs.append((b, a) if reverse else (a, b))
    return pairs

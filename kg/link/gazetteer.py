"""The gazetteer: every label and alias of every entity, normalised, in one Aho–Corasick automaton.

Names of all languages go into one automaton, keyed by their normalised form
(:func:`kg.text.normalize_key`), so one pass over a text finds every name the graph
holds, whatever its script. Besides the names themselves, the gazetteer adds:

- **Arabic proclitic variants**: each Arabic name also with و ف (and) and ب ل ك (in, for, as)
  attached, alone or combined (وب، فل، …), and ل before the article written لل (للصين). A match
  of a variant reports the name without the proclitic.
- **Case-ending variants of Arabic group names**: a sound masculine plural in ـون also as ـين
  (مسؤولون أميركيون كبار / مسؤولين أميركيين كبار), for the descriptive names of groups.
- **Short forms** of events and decisions, without the year or bracketed qualifier the graph
  adds (2025年台北國際電腦展 → 台北國際電腦展, "Busan summit (2025)" → "Busan summit").
- **Surnames** of people whose names are written given name first (Marco Rubio → Rubio, روبيو;
  马可·鲁比奥 → 鲁比奥), marked so the matcher links them only when the full name came earlier or
  the surname is unique in the graph.

Chosen library: ``pyahocorasick`` (a C implementation of Aho–Corasick, maintained, wheels for
CPython): one linear pass over the text for thousands of patterns, where a regular expression
alternation of the same names is several times slower (see benchmarks/README.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from kg.text import Normalized, is_arabic, is_han, is_latin, is_word_char, normalize_key

__all__ = ["EntityInfo", "Entry", "Candidate", "Gazetteer"]

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_MIDDLE_DOTS = "·•・‧･∙⋅"


@dataclass(frozen=True)
class EntityInfo:
    """What the linker needs to know about one entity of the graph.

    Parameters
    ----------
    id : str
        The entity id (``marco-rubio``).
    type : str
        Its entity type (``Person``, ``Country``, …).
    label_en : str
        Its English label.
    names : tuple of (text, lang)
        Every label and alias, with its language tag.
    government : str, optional
        For a country: the GovernmentAgency that acts for it.
    capital : str, optional
        For a country: its capital (a Place).
    country : str, optional
        The country an organisation is in, or a place is part of.
    related : frozenset of str
        Entities it is tied to (country, parent organisation, employer, maker, …), used to
        choose between entities that share a name.
    """

    id: str
    type: str
    label_en: str
    names: tuple[tuple[str, str], ...]
    government: str | None = None
    capital: str | None = None
    country: str | None = None
    related: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Entry:
    """One reading of a matched key: which entity, how it was derived.

    ``kind`` is ``name`` (a label or alias) or ``surname`` (derived from a person's full name);
    ``clitic`` is the length of the Arabic proclitic at the start of the key; ``case`` is what
    the original text must look like for a Latin name (0: anything, 1: initial capital,
    2: all capitals, as for acronyms such as US or FT); ``words`` is the number of words of the
    name (a full name has two or more).
    """

    entity: str
    kind: str = "name"
    clitic: int = 0
    case: int = 0
    words: int = 1


@dataclass(frozen=True)
class Candidate:
    """A key found in the normalised text, with the readings that survived the checks."""

    start: int
    end: int
    key: str
    entries: tuple[Entry, ...]


def _case_level(name: str) -> int:
    """How a Latin name must be written in a text: 2 all capitals, 1 capitalised, 0 any case.

    A name is capitalised when its first letter and those of its longer words are capitals
    ("Trump", "Bureau of Industry and Security"); "Small yard, high fence" is a phrase, and
    matches in any case.

    Examples
    --------
    >>> _case_level("US"), _case_level("Nvidia"), _case_level("Entity List"), _case_level("Small yard, high fence")
    (2, 1, 1, 0)
    """
    letters = [c for c in name if is_latin(c)]
    if not letters:
        return 0
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return 2
    first = next(c for c in name if c.isalpha())
    if not (is_latin(first) and first.isupper()):
        return 0
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha() and len(w) >= 4]
    return 1 if all(w[0].isupper() for w in words) else 0


def _case_ok(level: int, original: str) -> bool:
    if level == 0:
        return True
    letters = [c for c in original if is_latin(c)]
    if not letters:
        return True
    if level == 2:
        return all(c.isupper() for c in letters)
    return letters[0].isupper()


def _words(key: str) -> int:
    return len(key.split())


def _native_chinese_name(info: EntityInfo) -> bool:
    """A person whose Chinese name is written without a middle dot is named family name first."""
    zh = [text for text, lang in info.names if lang.lower().startswith("zh") and any(is_han(c) for c in text)]
    return bool(zh) and not any(any(d in text for d in _MIDDLE_DOTS) for text in zh)


def _surname(name: str) -> str | None:
    """The surname key of a full name written given name first, if it has one."""
    if any(is_han(c) for c in name):
        for dot in _MIDDLE_DOTS:
            if dot in name:
                last = normalize_key(name.rsplit(dot, 1)[1])
                return last if len(last) >= 2 else None
        return None
    if any(is_latin(c) for c in name) and not all(w[0].isupper() for w in name.split() if w[0].isalpha()):
        return None  # "White House AI czar" is a description, not a name
    words = [w for w in normalize_key(name).split() if w not in _NAME_SUFFIXES]
    if len(words) < 2:
        return None
    last = words[-1]
    letters = [c for c in last if c.isalpha()]
    return last if len(letters) >= 3 else None


_QUALIFIER = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_YEAR = re.compile(r"^(?:19|20)\d\d\s*年?\s*|\s+(?:19|20)\d\d$")


def _short_forms(name: str) -> set[str]:
    """An event's or decision's name without its year or bracketed qualifier.

    Texts name recurring events without the year the graph adds to tell them apart.

    Examples
    --------
    >>> sorted(_short_forms("2025年台北國際電腦展"))
    ['台北國際電腦展']
    >>> sorted(_short_forms("Trump–Xi meeting in Busan (2025)"))
    ['Trump–Xi meeting in Busan']
    """
    forms = set()
    bare = _QUALIFIER.sub("", name)
    if bare != name:
        forms.add(bare)
    for form in list(forms) + [name]:
        short = _YEAR.sub("", form)
        if short != form:
            forms.add(short)
    return {f for f in forms if len(f) >= 4}


def _arabic_variants(key: str) -> Iterator[tuple[str, int]]:
    """Keys with proclitics attached, and the proclitic's length.

    Examples
    --------
    >>> sorted(v for v, n in _arabic_variants("الصين"))[:4]
    ['بالصين', 'فالصين', 'فبالصين', 'فكالصين']
    >>> dict(_arabic_variants("الصين"))["للصين"]
    1
    """
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            if not conj and not prep:
                continue
            if prep == "ل" and key.startswith("ال"):
                yield conj + "ل" + key[1:], len(conj) + 1
            else:
                yield conj + prep + key, len(conj) + len(prep)


def _plural_variant(key: str) -> str | None:
    """A group name with its sound masculine plurals in the accusative/genitive (ـين)."""
    words = key.split()
    changed = [w[:-2] + "ين" if len(w) >= 4 and w.endswith("ون") and is_arabic(w[0]) else w for w in words]
    return " ".join(changed) if changed != words else None


def _after_arabic_proclitic(text: str, start: int, key: str) -> bool:
    """Whether a Latin name follows Arabic proclitics alone (وH20, لـNvidia): a word boundary.

    Examples
    --------
    >>> _after_arabic_proclitic("رقائق وh20", 7, "h20"), _after_arabic_proclitic("مh20", 1, "h20")
    (True, False)
    """
    if not (is_latin(key[0]) or key[0].isdigit()):
        return False
    i = start
    while i > 0 and start - i < 3 and text[i - 1] in "وفبلك":
        i -= 1
    return i < start and (i == 0 or not is_word_char(text[i - 1]))


@dataclass(repr=False)
class Gazetteer:
    """All names of the graph's entities, compiled for matching.

    Build it with :meth:`from_entities` (or :func:`kg.link.graph.load_gazetteer` from a store).

    Examples
    --------
    >>> gaz = Gazetteer.from_entities([
    ...     EntityInfo("china", "Country", "China", (("China", "en"), ("الصين", "ar"), ("中国", "zh"))),
    ... ])
    >>> from kg.text import normalize
    >>> text = "وللصين و中國"
    >>> [(c.start, c.end, c.key, c.entries[0].clitic) for c in gaz.find(normalize(text), text)]
    [(0, 6, 'وللصين', 2), (8, 10, '中国', 0)]
    """

    entities: dict[str, EntityInfo]
    keys: dict[str, list[Entry]] = field(default_factory=dict)
    keys_of: dict[str, set[str]] = field(default_factory=dict)
    capital_government: dict[str, str] = field(default_factory=dict)
    related: dict[str, set[str]] = field(default_factory=dict)
    _automaton: object = None

    @classmethod
    def from_entities(cls, entities: Iterable[EntityInfo]) -> "Gazetteer":
        """Compile the names of ``entities``."""
        gaz = cls(entities={e.id: e for e in entities})
        merged: dict[str, dict[tuple[str, str, int], Entry]] = defaultdict(dict)

        def add(key: str, entry: Entry) -> None:
            if len(key) < 2 or key.replace(" ", "").isdigit():
                return
            slot = (entry.entity, entry.kind, entry.clitic)
            old = merged[key].get(slot)
            if old is not None:
                entry = Entry(entry.entity, entry.kind, entry.clitic, min(old.case, entry.case),
                              max(old.words, entry.words))
            merged[key][slot] = entry

        related: dict[str, set[str]] = defaultdict(set)
        for info in gaz.entities.values():
            for other in info.related | {x for x in (info.government, info.capital, info.country) if x}:
                related[info.id].add(other)
                related[other].add(info.id)
            if info.government and info.capital:
                gaz.capital_government[info.capital] = info.government
            western_order = info.type == "Person" and not _native_chinese_name(info)
            for name, _lang in info.names:
                key = normalize_key(name)
                if not key:
                    continue
                words = 2 if any(d in name for d in _MIDDLE_DOTS) else _words(key)
                forms = [(key, Entry(info.id, "name", 0, _case_level(name), words))]
                if info.type in ("Event", "Decision"):
                    forms += [(normalize_key(f), Entry(info.id, "name", 0, _case_level(f), words))
                              for f in _short_forms(name)]
                if info.type == "Group" and is_arabic(key[0]):
                    plural = _plural_variant(key)
                    if plural:
                        forms.append((plural, Entry(info.id, "name", 0, 0, words)))
                if western_order:
                    surname = _surname(name)
                    if surname and surname != key:
                        forms.append((surname, Entry(info.id, "surname", 0, _case_level(name.split()[-1]), 1)))
                for form_key, entry in forms:
                    add(form_key, entry)
                    gaz.keys_of.setdefault(info.id, set()).add(form_key)
        # A single-word alias of a person that is also one of their derived surnames is a surname.
        for key, slots in merged.items():
            for (entity, kind, clitic), entry in list(slots.items()):
                if kind == "name" and (entity, "surname", clitic) in slots:
                    del slots[(entity, "name", clitic)]
        for key, slots in list(merged.items()):
            if key and is_arabic(key[0]):
                for variant, length in _arabic_variants(key):
                    for entry in list(slots.values()):
                        add(variant, Entry(entry.entity, entry.kind, length, 0, entry.words))
        gaz.keys = {k: list(v.values()) for k, v in merged.items()}
        gaz.related = dict(related)
        gaz._compile()
        return gaz

    def _compile(self) -> None:
        import ahocorasick  # heavy: imported when a gazetteer is built

        automaton = ahocorasick.Automaton()
        for key, entries in self.keys.items():
            automaton.add_word(key, (key, tuple(entries)))
        automaton.make_automaton()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self.keys)

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self.keys)} keys for {len(self.entities)} entities>"

    def find(self, norm: Normalized, original: str) -> list[Candidate]:
        """Every key occurring in the normalised text at word boundaries, with the readings whose case fits.

        Parameters
        ----------
        norm : Normalized
            The normalisation of ``original``.
        original : str
            The text as given (to check the capitals of Latin names).

        Returns
        -------
        list of Candidate
            Overlapping candidates, in normalised offsets; the matcher chooses among them.
        """
        out = []
        norm_text = norm.text
        n = len(norm_text)
        for last, (key, entries) in self._automaton.iter(norm_text):  # type: ignore[attr-defined]
            start, end = last - len(key) + 1, last + 1
            if is_word_char(key[0]) and start > 0 and is_word_char(norm_text[start - 1]) \
                    and not _after_arabic_proclitic(norm_text, start, key):
                continue
            if is_word_char(key[-1]) and end < n:
                nxt = norm_text[end]
                if is_word_char(nxt):
                    continue
                if nxt == "'" and is_latin(key[-1]) and end + 1 < n and norm_text[end + 1].isalpha():
                    after_s = end + 2
                    if norm_text[end + 1] != "s" or (after_s < n and is_word_char(norm_text[after_s])):
                        continue  # Xi'an is not Xi; Nvidia's is Nvidia
            kept = []
            for entry in entries:
                if entry.case:
                    s = start + entry.clitic
                    a, b = norm.original_span(s, end)
                    if not _case_ok(entry.case, original[a:b]):
                        continue
                kept.append(entry)
            if kept:
                least = min(e.clitic for e in kept)
                out.append(Candidate(start, end, key, tuple(e for e in kept if e.clitic == least)))
        return out

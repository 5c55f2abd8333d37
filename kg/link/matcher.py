"""Find the entity mentions in a text: choose among the gazetteer's matches and resolve them.

1. The gazetteer finds every name at word boundaries (none in Chinese), after normalisation.
2. **Longest match wins**: overlapping matches are chosen longest first (then leftmost), so
   "Trump administration" is the US government and "U.S. Department of Commerce" one agency.
3. Each chosen match is **resolved** in text order:

   - a surname alone (Rubio, روبيو, 鲁比奥) links to the person whose full name appeared earlier
     in the text, else to the one person of the graph with that surname, else to nothing;
   - a name several entities share (商务部: the US and the Chinese commerce ministries) links to
     the one mentioned earlier, else, in Chinese text, to China's (Chinese media name China's
     ministries without the country), else to the one most tied to the other entities of the
     text (its country, parent, people), else to nothing;
   - an agency's name that is part of a title is no mention ("Treasury Secretary", 商务部长);
   - a **capital used as an actor** (Washington, بكين, 北京 doing or receiving something) links to
     its country's government; after a locative word (in, في, بـ, 在, visit, زيارة, …) it stays the
     city; in English, when a capitalised word follows ("Washington Post"), and in Chinese,
     before 邮报, 时间, 大学, …, it is part of another name and is dropped.

Offsets are character (code point) offsets into the text as given, without an attached Arabic
proclitic, and without a leading descriptor (English "the", Arabic صحيفة "newspaper", شركة
"company", رقاقة "chip", …) when the name without it is also in the graph.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from kg.rdf.vocab import ENTITY
from kg.link.gazetteer import Candidate, Entry, Gazetteer
from kg.text import Normalized, normalize, normalize_key

__all__ = ["Mention", "link_text"]

_EN_LOCATIVE = frozenset("in at near inside outside around across throughout via".split())
_EN_PLACE_VERBS = frozenset("""visit visits visited visiting trip trips travel travels traveled travelled
traveling travelling flew fly flies arrive arrived arrives arriving landed return returned returning
headed went capital""".split())
_AR_LOCATIVE = frozenset("في داخل قرب بالقرب خارج انحاء".split())
_AR_PLACE_VERBS = frozenset("""زياره زيارته زيارتها زيارتهم زار زارت يزور تزور وصل وصلت وصوله يصل توجه
توجهت سافر سافرت رحله رحلته عاد عادت عودته العاصمه سيزور ستزور يزورها""".split())
_ZH_PLACE_BEFORE = ("在", "于", "赴", "抵", "抵达", "到", "访问", "到访", "前往", "飞往", "来到", "访", "返回", "飞回")
_ZH_PLACE_AFTER = ("市", "特区")
_DIRECTIONS = frozenset(["to", "into", "الي"])
_ZH_OTHER_NAME_AFTER = ("邮报", "日报", "晚报", "时报", "商报", "青年报", "时间", "大学", "冬奥", "奥运")
_EN_NOT_NAMES = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
April May June July August September October November December""".split())
_WORD = re.compile(r"[^\W_]+")
#: Words that may precede a name in an alias without being part of the name (normalised): the
#: article, titles, and Arabic newspaper, company, agency, chip(s), platform, website, programme,
#: network. A span drops them when the rest is also a name of the same entity.
_DESCRIPTORS = tuple(sorted({normalize_key(w) + " " for w in [
    "the", "president", "vice president", "secretary", "under secretary", "sen.", "senator", "rep.",
    "representative", "premier", "dr.", "صحيفة", "شركة", "وكالة", "رقاقة", "رقائق", "منصة", "موقع",
    "برنامج", "شبكة"]}, key=len, reverse=True))
#: Words after an agency's name that make it part of a title ("Treasury Secretary"); in Chinese,
#: 长 after a ministry, bureau or office (商务部长, 工业与安全局局长 is not 局长 of 局局).
_TITLE_AFTER = re.compile(r" (?:secretary|minister)\b")
_ZH_TITLE_HEADS = "部局署厅处"
#: The country whose ministries a language's press names without the country (商务部 is China's).
_HOME_COUNTRY = {"zh": "china"}


@dataclass(frozen=True)
class Mention:
    """An entity mention: where it is in the text, and which entity it names.

    Examples
    --------
    >>> m = Mention(0, 5, "Trump", "donald-trump", "Donald Trump", "Person")
    >>> m.as_json()["entity"]
    'https://w3id.org/chip-policy-kg/entity/donald-trump'
    """

    start: int
    end: int
    text: str
    entity_id: str
    label_en: str
    type: str

    @property
    def iri(self) -> str:
        """The entity's IRI."""
        return str(ENTITY) + self.entity_id

    def as_json(self) -> dict:
        """The mention as ``kg link --format json`` prints it."""
        data = asdict(self)
        del data["entity_id"]
        data["entity"] = self.iri
        return {k: data[k] for k in ("start", "end", "text", "entity", "label_en", "type")}


def _longest_first(cands: list[Candidate]) -> list[Candidate]:
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start - min(e.clitic for e in c.entries)), c.start)):
        s = c.start + min(e.clitic for e in c.entries)
        if any(s < b and a < c.end for a, b in taken):
            continue
        chosen.append(c)
        taken.append((s, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _tokens_before(text: str, pos: int, n: int) -> list[str]:
    return _WORD.findall(text[max(0, pos - 80):pos])[-n:]


def _strip_conjunction(token: str) -> str:
    """An Arabic word without an attached و or ف (وفي → في)."""
    return token[1:] if len(token) > 2 and token[0] in "وف" and token[1:] in _AR_LOCATIVE | _DIRECTIONS else token


def _capital_use(norm: Normalized, original: str, start: int, end: int, clitic: str) -> str:
    """How a capital's name is used here: ``actor``, ``place`` or ``other`` (part of another name)."""
    text = norm.text
    if "ب" in clitic:
        return "place"  # بواشنطن: in Washington
    before = [_strip_conjunction(t) for t in _tokens_before(text, start, 8)]
    if before and (before[-1] in _EN_LOCATIVE or before[-1] in _AR_LOCATIVE):
        return "place"  # in Washington, وفي بكين
    # a verb of travel just before, or a few words before "to" (arrived ... in/to Washington)
    near = before[-2:] if not (before and before[-1] in _DIRECTIONS or "ل" in clitic) else before
    if any(t in _EN_PLACE_VERBS or t in _AR_PLACE_VERBS for t in near):
        return "place"
    head = text[max(0, start - 2):start]
    if any(head.endswith(w) for w in _ZH_PLACE_BEFORE):
        return "place"
    tail = text[end:end + 3]
    if tail.startswith(_ZH_OTHER_NAME_AFTER):
        return "other"
    if tail.startswith(_ZH_PLACE_AFTER):
        return "place"
    orig_end = norm.ends[end - 1]
    m = re.match(r"[ \t]+([A-Z][A-Za-z]+)", original[orig_end:orig_end + 40])
    if m and m.group(1) not in _EN_NOT_NAMES:
        return "other"  # Washington Post, Beijing Daily
    if re.match(r"[ \t-]*based\b", original[orig_end:orig_end + 12]):
        return "place"
    return "actor"


class _Resolver:
    """Resolves chosen matches in text order, remembering which entities were named in full."""

    def __init__(self, gaz: Gazetteer, chosen: list[Candidate], lang: str):
        self.gaz = gaz
        self.home = _HOME_COUNTRY.get(lang)
        self.named: dict[str, int] = {}  # entity -> position of its latest non-surname mention
        # entities that are certain anywhere in the text: context for names that several share
        self.context: set[str] = set()
        for c in chosen:
            ids = {e.entity for e in c.entries}
            if len(ids) == 1:
                self.context |= ids

    def resolve(self, c: Candidate) -> tuple[str, Entry] | None:
        names = [e for e in c.entries if e.kind == "name"]
        surnames = [e for e in c.entries if e.kind == "surname"]
        introduced = [e for e in surnames if e.entity in self.named]
        if introduced:
            best = max(introduced, key=lambda e: self.named[e.entity])
            return best.entity, best
        name_ids = sorted({e.entity for e in names})
        if len(name_ids) == 1:
            return name_ids[0], names[0]
        if len(name_ids) > 1:
            pick = self._choose(name_ids)
            return (pick, next(e for e in names if e.entity == pick)) if pick else None
        surname_ids = sorted({e.entity for e in surnames})
        if len(surname_ids) == 1:
            return surname_ids[0], surnames[0]
        return None

    def _choose(self, ids: list[str]) -> str | None:
        earlier = [i for i in ids if i in self.named]
        if earlier:
            return max(earlier, key=lambda i: self.named[i])
        local = [i for i in ids if self.home and self.gaz.entities[i].country == self.home]
        if len(local) == 1:
            return local[0]
        scores = {i: len(self.gaz.related.get(i, set()) & self.context) for i in ids}
        top = max(scores.values())
        best = [i for i, s in scores.items() if s == top]
        return best[0] if top > 0 and len(best) == 1 else None


def _drop_descriptors(key: str, start: int, keys: set[str]) -> int:
    """Move ``start`` past leading descriptors and titles while the rest is still a name.

    Examples
    --------
    >>> _drop_descriptors("president xi jinping", 10, {"xi jinping", "xi"})
    20
    >>> _drop_descriptors("the information", 0, {"the information"})
    0
    """
    changed = True
    while changed:
        changed = False
        for word in _DESCRIPTORS:
            if key.startswith(word) and key[len(word):] in keys:
                key, start, changed = key[len(word):], start + len(word), True
                break
    return start


def _merge_same_entity(chosen: list[Candidate], found: list[Candidate], norm_text: str) -> list[Candidate]:
    """Join overlapping names of one entity into one span: "President Xi" + "Xi Jinping"."""
    out = []
    for c in chosen:
        ids = {e.entity for e in c.entries}
        start, end = c.start, c.end
        for other in found:
            if other.start < end and start < other.end and {e.entity for e in other.entries} == ids \
                    and all(e.clitic == 0 for e in other.entries + c.entries):
                start, end = min(start, other.start), max(end, other.end)
        out.append(c if (start, end) == (c.start, c.end) else Candidate(start, end, norm_text[start:end], c.entries))
    return [c for c in out if not any(o is not c and o.start <= c.start and c.end <= o.end for o in out)]


def _is_title(c: Candidate, gaz: Gazetteer, norm_text: str) -> bool:
    """An agency's name that is part of a person's title: "Treasury Secretary", 商务部长."""
    if not any(gaz.entities[e.entity].type in ("GovernmentAgency", "Organization") for e in c.entries):
        return False
    if c.key[-1] in _ZH_TITLE_HEADS and norm_text[c.end:c.end + 1] == "长":
        return True  # 商务部长: the minister, not the ministry (美国国会长期 is Congress)
    return bool(_TITLE_AFTER.match(norm_text, c.end))


def link_text(text: str, gazetteer: Gazetteer, lang: str = "auto") -> list[Mention]:
    """Find the mentions of the gazetteer's entities in ``text``.

    Parameters
    ----------
    text : str
        The text, in Arabic, Chinese, English or a mix (the rules of each script apply to it).
    gazetteer : Gazetteer
        The names to look for (see :func:`kg.link.graph.load_gazetteer`).
    lang : str
        ``ar``, ``zh``, ``en`` or ``auto`` (told from the script). It decides little: each
        script's rules apply wherever that script occurs; in Chinese, a ministry's bare name
        (商务部) that several countries share is taken to be China's.

    Returns
    -------
    list of Mention
        In text order, with offsets into ``text``.

    Examples
    --------
    >>> from kg.link.gazetteer import EntityInfo
    >>> gaz = Gazetteer.from_entities([
    ...     EntityInfo("china", "Country", "China", (("China", "en"), ("الصين", "ar"), ("中国", "zh")),
    ...                government="chinese-government", capital="beijing"),
    ...     EntityInfo("chinese-government", "GovernmentAgency", "Government of China", (("Chinese government", "en"),)),
    ...     EntityInfo("beijing", "Place", "Beijing", (("Beijing", "en"), ("بكين", "ar"))),
    ...     EntityInfo("marco-rubio", "Person", "Marco Rubio", (("Marco Rubio", "en"), ("ماركو روبيو", "ar"))),
    ... ])
    >>> [(m.text, m.entity_id) for m in link_text("Beijing told Rubio; Marco Rubio flew to Beijing.", gaz)]
    [('Beijing', 'chinese-government'), ('Rubio', 'marco-rubio'), ('Marco Rubio', 'marco-rubio'), ('Beijing', 'beijing')]
    >>> [(m.start, m.end, m.text, m.entity_id) for m in link_text("قال روبيو للصين وبكين", gaz)]
    [(4, 9, 'روبيو', 'marco-rubio'), (11, 15, 'لصين', 'china'), (17, 21, 'بكين', 'chinese-government')]
    """
    from kg.link.textio import check_language, detect_language

    lang = check_language(lang)
    if lang == "auto":
        lang = detect_language(text)
    norm = normalize(text)
    found = [c for c in gazetteer.find(norm, text) if not _is_title(c, gazetteer, norm.text)]
    chosen = _merge_same_entity(_longest_first(found), found, norm.text)
    resolver = _Resolver(gazetteer, chosen, lang)
    mentions: list[Mention] = []
    for c in chosen:
        got = resolver.resolve(c)
        if got is None:
            continue
        entity, entry = got
        start = c.start + entry.clitic
        key = c.key[entry.clitic:]
        start = _drop_descriptors(key, start, gazetteer.keys_of.get(entity, set()))
        government = gazetteer.capital_government.get(entity)
        if government and " " not in key and "," not in key:
            use = _capital_use(norm, text, start, c.end, c.key[:entry.clitic])
            if use == "other":
                continue
            if use == "actor":
                entity = government
        if entry.kind == "name":
            resolver.named[entity] = c.start
        info = gazetteer.entities[entity]
        a, b = norm.original_span(start, c.end)
        mentions.append(Mention(a, b, text[a:b], entity, info.label_en, info.type))
    return mentions

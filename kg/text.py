"""Language-aware normalisation of text for matching, keeping a map back to the original offsets.

One function, :func:`normalize`, serves Arabic, Chinese and English (and text that mixes them,
such as Chinese with Latin chip names), because each rule only touches its own script:

- **Arabic**: diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) and tatweel
  are removed; alef and hamza forms (أ إ آ ٱ) become ا, ؤ becomes و, ئ and ى become ي, ة
  becomes ه; Persian/Urdu letter forms (ک ی ھ ڤ پ) fold to the Arabic ones; Arabic-Indic digits
  become 0–9. Proclitics (و ف ب ل ك, and لل) are handled by the gazetteer, which adds prefixed
  variants of Arabic names (:mod:`kg.link.gazetteer`).
- **Chinese**: Traditional characters become Simplified with OpenCC (``t2s``), so 英偉達 and
  英伟达, 華盛頓 and 华盛顿 compare equal; full-width forms become ASCII (NFKC); the middle dots
  of transliterated names (唐纳德·特朗普, 唐納德・川普) are dropped.
- **English**: case is folded (the matcher checks capitals against the original text); dotted
  acronyms lose their dots (U.S. → us, J.D. → jd); hyphens and dashes become spaces; curly quotes
  become straight ones.

Everywhere, invisible characters (zero-width, bidi marks, soft hyphen, BOM) are removed and
runs of white space become one space. Each normalised character remembers the span of the
original text it came from, so a match in the normalised text maps back to exact offsets in the
input as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "normalize", "normalize_key", "is_arabic", "is_han", "is_latin", "is_word_char"]

_DROP = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]  # Arabic honorific signs
    + [chr(c) for c in range(0x064B, 0x0660)]  # harakat, tanwin, shadda, sukun, …
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06DD)] + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]  # Quranic annotation marks
    + [chr(c) for c in range(0x200B, 0x2010)]  # zero-width space/joiners, LRM, RLM
    + [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x206A)] + ["\u061C", "\uFEFF", "\u00AD"]
    + ["\u00B7", "\u2022", "\u30FB", "\u2027", "\uFF65", "\u2219", "\u22C5", "\u0387"]  # middle dots
)
_FOLD = {
    # Arabic letters
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0672": "\u0627",
    "\u0673": "\u0627", "\u0649": "\u064A", "\u06CC": "\u064A", "\u0626": "\u064A", "\u0624": "\u0648",
    "\u0629": "\u0647", "\u06C0": "\u0647", "\u06BE": "\u0647", "\u06C1": "\u0647", "\u06A9": "\u0643",
    "\u06AA": "\u0643", "\u06A4": "\u0641", "\u067E": "\u0628",
    # punctuation
    "\u060C": ",", "\u061B": ";", "\u061F": "?", "\u066A": "%", "\u066B": ".", "\u066C": ",",
    "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u00AB": '"', "\u00BB": '"', "\u300C": '"', "\u300D": '"',
    "\u2018": "'", "\u2019": "'", "\u201B": "'", "\u2032": "'", "\u02BC": "'",
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ", "\u2015": " ",
    "\u2212": " ", "\uFE58": " ", "\uFE63": " ",
}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})
_ACRONYM = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}")


def is_arabic(ch: str) -> bool:
    """Whether ``ch`` is a letter of the Arabic script.

    Examples
    --------
    >>> is_arabic("ب"), is_arabic("b")
    (True, False)
    """
    o = ord(ch)
    return (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF) and ch.isalpha()


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Chinese (Han) character.

    Examples
    --------
    >>> is_han("中"), is_han("A")
    (True, False)
    """
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


def is_latin(ch: str) -> bool:
    """Whether ``ch`` is a Latin letter.

    Examples
    --------
    >>> is_latin("é"), is_latin("ب")
    (True, False)
    """
    return ch.isalpha() and ord(ch) < 0x0250


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` belongs to a word of a script that separates words with spaces.

    Han characters do not (Chinese has no word boundaries), so they never block a match.

    Examples
    --------
    >>> is_word_char("a"), is_word_char("ب"), is_word_char("7"), is_word_char("中"), is_word_char("'")
    (True, True, True, False, False)
    """
    return ch.isalnum() and not is_han(ch)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # heavy: imported only when Chinese text is normalised

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC, keeping one character for one character."""
    if not any(is_han(c) for c in text):
        return text
    converter = _t2s()
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    # A phrase conversion changed the length: convert character by character instead (one call,
    # each character on its own line, so no phrase spans two characters).
    chars = list(text)
    singles = converter.convert("\n".join(c if c != "\n" else " " for c in chars)).split("\n")
    if len(singles) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        return text
    return "".join(s if len(s) == 1 else c for s, c in zip(singles, chars))


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the span of the original it came from.

    Examples
    --------
    >>> n = normalize("U.S. Nvidia’s")
    >>> n.text
    "us nvidia's"
    >>> n.original_span(0, 2), n.original_span(3, 9)
    ((0, 4), (5, 11))
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised characters ``start:end`` came from."""
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, with a map back to original offsets.

    Parameters
    ----------
    text : str
        Text in any mix of Arabic, Chinese and English.

    Returns
    -------
    Normalized
        The normalised text and its offset map.

    Examples
    --------
    >>> n = normalize("وَالصِّينُ")
    >>> n.text, n.original_span(0, len(n.text))
    ('والصين', (0, 10))
    >>> normalize("إنفيديا ـ أميركا").text
    'انفيديا اميركا'
    >>> normalize("英偉達與川普").text
    '英伟达与川普'
    >>> normalize("唐納德・川普 met Xi-Jinping").text
    '唐纳德川普 met xi jinping'
    >>> normalize("H２０ ٢٠٢٥").text
    'h20 2025'
    """
    source = _to_simplified(text)
    drop_dots = {m.start() + i for m in _ACRONYM.finditer(source) for i in range(1, m.end() - m.start(), 2)}
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(source):
        if ch in _DROP or i in drop_dots:
            if ends and ends[-1] == i and (i in drop_dots or unicodedata.combining(ch)):
                ends[-1] = i + 1  # a diacritic belongs to its letter, a dot to its acronym (U.S.)
            continue
        pieces = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
        for piece in pieces:
            if piece in _DROP:
                continue
            piece = _FOLD.get(piece, piece)
            if piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            for folded in piece.casefold():
                out.append(folded)
                starts.append(i)
                ends.append(i + 1)
    while out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return Normalized("".join(out), tuple(starts), tuple(ends))


def normalize_key(name: str) -> str:
    """The matching key of a name: its normalised text.

    Examples
    --------
    >>> normalize_key("  The Wall-Street  Journal ")
    'the wall street journal'
    >>> normalize_key("إنفيديا") == normalize_key("انفيديا")
    True
    >>> normalize_key("مُكتَب") == normalize_key("مكتب")
    True
    """
    return normalize(name).text.strip()

"""Split a text into sentences, as character spans of the text as given.

A small rule-based splitter: a sentence ends at a line break, at Chinese full stops (。！？),
and at . ! ? ؟ followed by white space, except after abbreviations (Mr., Sen., Corp.,
U.S., single initials) or when the next word starts in lower case. Closing quotes and brackets
stay with their sentence. Libraries were considered: pysbd (the multilingual rule-based
splitter) has had no release since 2021 and its span mode is slow; the rules needed for news
text in three languages fit in this module.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sen rep gov gen lt col maj capt sgt st jr sr inc corp co ltd llc plc no nos vs etc al
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
dept univ est approx fig vol pp ed eds rev hon amb pres
""".split())
_CLOSERS = "\"'”’»)]）】」』》"
_END = re.compile(r"[。！？!?؟]+[" + re.escape(_CLOSERS) + r"]*|\.+[" + re.escape(_CLOSERS) + r"]*|\n\s*")


def _abbreviation_before(text: str, dot: int) -> bool:
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not m:
        return False
    word = m.group(1)
    if "." in word or len(word) == 1:  # U.S. / J. (initials, dotted acronyms)
        return True
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` spans, trimmed of surrounding white space.

    Examples
    --------
    >>> t = "Sen. Tom Cotton met U.S. officials. Nvidia's H20 was discussed!\\n第二句。第三句"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Sen. Tom Cotton met U.S. officials.', "Nvidia's H20 was discussed!", '第二句。', '第三句']
    >>> s = "قال ترمب. هل وافقت بكين؟ نعم"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['قال ترمب.', 'هل وافقت بكين؟', 'نعم']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        mark = m.group(0)
        if mark[0] in ".!?؟":
            rest = text[end:]
            if rest and not rest[0].isspace():
                continue  # 3.5, example.com, "U.S.-China"
            if mark[0] == ".":
                nxt = rest.lstrip(" \t")
                if nxt and (nxt[0].islower() or nxt[0].isdigit()):
                    continue
                if len(mark.rstrip(_CLOSERS)) == 1 and _abbreviation_before(text, m.start()):
                    continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    a = start + (len(piece) - len(piece.lstrip()))
    spans.append((a, a + len(stripped)))

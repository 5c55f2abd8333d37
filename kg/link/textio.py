"""Reading the text to link, and telling its language: with clear errors for bad input.

Bad input never reaches the matcher: an empty file, a binary file, text that is not UTF-8 and
an unknown language code each raise :class:`InputError` with a message that says how to fix it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import KGError
from kg.text import is_arabic, is_han, is_latin

__all__ = ["InputError", "LANGUAGES", "read_text", "decode_text", "check_language", "detect_language"]

#: The languages the linker knows; ``auto`` tells them apart by script.
LANGUAGES = ("ar", "zh", "en")


class InputError(KGError):
    """The text to link, or an argument about it, cannot be used."""


_ENCODING_GUESSES = (
    ("windows-1256", "Windows-1256 (Arabic)", is_arabic, True),
    ("gb18030", "GB18030 (Chinese)", is_han, False),
    ("big5", "Big5 (Traditional Chinese)", is_han, False),
)


def _guess_encoding(raw: bytes) -> str:
    for codec, name, test, spaced in _ENCODING_GUESSES:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text if c.isalpha()]
        spaces = text.count(" ")
        if spaced and ((not spaces and len(letters) >= 3) or len(letters) > 12 * (spaces + 1)):
            continue  # Arabic separates words with spaces; most bytes decode as Arabic letters
        if letters and sum(1 for c in letters if test(c)) / len(letters) > 0.5:
            return f" It looks like {name}: convert it with 'iconv -f {codec.upper()} -t UTF-8'."
    return " Save it as UTF-8 (or convert it with iconv)."


def decode_text(raw: bytes, name: str = "the input") -> str:
    """Decode the bytes of a text to link, refusing empty, binary and non-UTF-8 input.

    A UTF-8 byte-order mark is kept as the character U+FEFF, so offsets count every character
    of the input as given.

    Raises
    ------
    InputError
        If the input is empty, binary or not UTF-8.

    Examples
    --------
    >>> decode_text("Nvidia".encode())
    'Nvidia'
    >>> decode_text(b"")
    Traceback (most recent call last):
    ...
    kg.link.textio.InputError: the input is empty: there is no text to link
    >>> decode_text("إنفيديا والصين".encode("windows-1256"), "a.txt")
    Traceback (most recent call last):
    ...
    kg.link.textio.InputError: a.txt is not UTF-8 text (byte 0xC5 at offset 0 cannot be decoded). It looks like Windows-1256 (Arabic): convert it with 'iconv -f WINDOWS-1256 -t UTF-8'.
    """
    if not raw.strip():
        raise InputError(f"{name} is empty: there is no text to link")
    sample = raw[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) // 20:
        raise InputError(f"{name} looks like a binary file, not text: give the article as plain UTF-8 text "
                         "(copy it out of the PDF, Word or HTML file first)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
        raise InputError(f"{name} is not UTF-8 text (byte 0x{bad:02X} at offset {exc.start} cannot be decoded)."
                         + _guess_encoding(raw)) from None
    if not text.replace("\ufeff", "").strip():
        raise InputError(f"{name} is empty: there is no text to link")
    return text


def read_text(path: str | Path) -> str:
    """Read the text to link from a file, or from standard input when ``path`` is ``-``.

    Raises
    ------
    InputError
        If the file cannot be read, or is empty, binary or not UTF-8.

    Examples
    --------
    >>> read_text("data/texts/seed-ar-wsj-blackwell-2025.txt")[1:30]
    'ذكرت صحيفة "وول ستريت جورنال"'
    """
    if str(path) == "-":
        return decode_text(sys.stdin.buffer.read(), "standard input")
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {p}") from None
    except IsADirectoryError:
        raise InputError(f"{p} is a directory: give the text file to link") from None
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}") from None
    return decode_text(raw, str(p))


def check_language(code: str | None, *, allow_auto: bool = True) -> str:
    """The linker's language for ``code``: ``ar``, ``zh``, ``en`` (or ``auto``).

    Region and script subtags are accepted (``zh-Hant``, ``en-GB``).

    Raises
    ------
    InputError
        If the code is not one of these languages.

    Examples
    --------
    >>> check_language("zh-Hant"), check_language("AR"), check_language(None)
    ('zh', 'ar', 'auto')
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    kg.link.textio.InputError: unknown language code 'fr': use ar (Arabic), zh (Chinese), en (English) or auto
    """
    if code is None or code.strip().lower() == "auto":
        if allow_auto:
            return "auto"
        raise InputError("give the language of the text: ar (Arabic), zh (Chinese) or en (English)")
    primary = code.strip().split("-")[0].split("_")[0].lower()
    if primary in LANGUAGES:
        return primary
    choices = "ar (Arabic), zh (Chinese), en (English)" + (" or auto" if allow_auto else "")
    raise InputError(f"unknown language code {code!r}: use {choices}")


def detect_language(text: str) -> str:
    """The language of ``text`` from the script of its letters (Arabic, Han, Latin).

    Raises
    ------
    InputError
        If the text has no Arabic, Chinese or Latin letters.

    Examples
    --------
    >>> detect_language("英伟达H20芯片"), detect_language("رقاقة H20"), detect_language("Nvidia's H20")
    ('zh', 'ar', 'en')
    """
    counts = {"ar": 0, "zh": 0, "en": 0}
    for c in text:
        if is_arabic(c):
            counts["ar"] += 1
        elif is_han(c):
            counts["zh"] += 2  # a Han character carries about as much as a word of letters
        elif is_latin(c):
            counts["en"] += 1
    best = max(counts, key=lambda k: counts[k])
    if not counts[best]:
        raise InputError("cannot tell the language of the text (it has no Arabic, Chinese or Latin letters): "
                         "pass --lang ar, zh or en")
    return best

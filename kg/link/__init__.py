"""Entity linking and article ingest: find the graph's entities in Arabic, Chinese and English text.

The pieces, one module each:

- :mod:`~kg.text`: language-aware normalisation with a map back to original offsets;
- :mod:`~kg.link.gazetteer`: every label and alias, with Arabic proclitic variants and
  surnames, in one Aho–Corasick automaton;
- :mod:`~kg.link.graph`: the gazetteer's input, read from a built store;
- :mod:`~kg.link.matcher`: longest match, surnames, shared names, capitals as actors;
- :mod:`~kg.link.textio`: reading input (with clear errors) and telling its language;
- :mod:`~kg.link.sentences`: sentence spans;
- :mod:`~kg.link.cues` and :mod:`~kg.link.drafts`: candidate statements from cue words;
- :mod:`~kg.link.ingest`: the source record, stored text and draft statements ``kg ingest`` writes.

Examples
--------
>>> from kg.link import Gazetteer, EntityInfo, link_text
>>> gaz = Gazetteer.from_entities([EntityInfo("nvidia", "Company", "Nvidia",
...                                            (("Nvidia", "en"), ("إنفيديا", "ar"), ("英伟达", "zh")))])
>>> [(m.start, m.end, m.text) for m in link_text("رقائق لإنفيديا و英偉達", gaz)]
[(7, 14, 'إنفيديا'), (16, 19, '英偉達')]
"""

from __future__ import annotations

from kg.link.gazetteer import EntityInfo, Gazetteer
from kg.link.graph import load_gazetteer, read_entities
from kg.link.matcher import Mention, link_text
from kg.link.textio import InputError, check_language, decode_text, detect_language, read_text

__all__ = [
    "EntityInfo", "Gazetteer", "Mention", "InputError", "load_gazetteer", "read_entities", "link_text",
    "read_text", "decode_text", "check_language", "detect_language",
]

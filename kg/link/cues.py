"""Cue words: words that suggest a controlled predicate, in Arabic, Chinese and English.

A cue only proposes; the curator decides. English cues match at the start of a word (so
"oppos" finds oppose, opposed, opposition); Arabic cues match at the start of a word after
its proclitics, article and verb prefix (يعارض، المعارضين، ومعارضة); Chinese cues match anywhere.
Where things are (held in, located in) is proposed from adjacent names instead
(:mod:`kg.link.drafts`). All are
compared after :func:`kg.text.normalize`, so spelling variants of hamza, ta marbuta
and Traditional characters are covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text import normalize_key

__all__ = ["CUES", "Cue", "find_cues"]

#: predicate → language → cue words (as written; normalised when compiled).
CUES: dict[str, dict[str, list[str]]] = {
    "opposes": {"en": ["oppos", "against", "object", "resist"],
                "ar": ["عارض", "معارض", "رفض", "يرفض"], "zh": ["反对", "抵制"]},
    "supports": {"en": ["support", "back", "favor", "favour", "endors"],
                 "ar": ["يدعم", "دعم", "أيد", "يؤيد"], "zh": ["支持", "赞成"]},
    "warned": {"en": ["warn", "caution"], "ar": ["حذر", "محذر", "يحذر", "أبلغ"], "zh": ["警告", "提醒"]},
    "urged": {"en": ["urg", "lobb", "press", "call on", "called on"],
              "ar": ["حث", "دعا", "إقناع", "يسعى"], "zh": ["敦促", "游说", "呼吁"]},
    "criticized": {"en": ["critici", "slam", "condemn", "blast"], "ar": ["انتقد", "ندد"], "zh": ["批评", "谴责"]},
    "met_with": {"en": ["met", "meet", "talks with"], "ar": ["اجتماع", "التقى", "لقاء", "يلتقي"],
                 "zh": ["会晤", "会见", "会谈", "见面"]},
    "participated_in": {"en": ["attend", "met", "meet", "summit"], "ar": ["اجتماع", "قمة", "شارك"],
                        "zh": ["出席", "参加", "会晤"]},
    "negotiated": {"en": ["negotiat", "deal"], "ar": ["تفاوض", "مفاوضات", "صفقة"], "zh": ["谈判", "磋商", "协议"]},
    "requested": {"en": ["request", "ask", "sought", "seek"], "ar": ["طلب", "يطلب"], "zh": ["请求", "要求", "申请"]},
    "decided": {"en": ["decid", "decision"], "ar": ["قرر", "قرار"], "zh": ["决定"]},
    "announced": {"en": ["announc", "unveil", "launch"], "ar": ["أعلن", "طرح", "كشف"], "zh": ["宣布", "发布", "推出"]},
    "issued": {"en": ["issu", "publish", "impos"], "ar": ["أصدر", "فرض", "فرضت"], "zh": ["发布", "出台", "实施"]},
    "restricts": {"en": ["restrict", "ban", "bar", "curb", "control", "block"],
                  "ar": ["قيود", "حظر", "ضوابط", "تقييد"], "zh": ["限制", "禁止", "管制"]},
    "permits": {"en": ["allow", "permit", "licens", "approv"], "ar": ["سماح", "يسمح", "السماح", "ترخيص", "موافقة"],
                "zh": ["允许", "批准", "许可"]},
    "investigates": {"en": ["investigat", "probe"], "ar": ["تحقيق", "يحقق"], "zh": ["调查"]},
    "holds_role": {"en": ["secretary", "ceo", "chief executive", "spokes", "minister", "president", "chair"],
                   "ar": ["وزير", "المتحدث باسم", "الرئيس التنفيذي", "ممثل", "رئيس"],
                   "zh": ["部长", "发言人", "首席执行官", "总裁", "主席", "主任", "国务卿"]},
    "manufactures": {"en": ["make", "made by", "maker", "manufactur", "produc"], "ar": ["من طراز", "تصنع", "إنتاج"],
                     "zh": ["生产", "制造", "推出"]},
    "uses": {"en": ["use", "using", "relies on", "rely on"], "ar": ["تستخدم", "استخدام", "معتمدة على", "تعتمد"],
             "zh": ["使用", "采用", "依赖"]},
}


@dataclass(frozen=True)
class Cue:
    """A cue found in a sentence: the predicate it suggests and where the cue word is."""

    predicate: str
    word: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, str, re.Pattern]]:
    out = []
    for predicate, by_lang in CUES.items():
        for lang, words in by_lang.items():
            for word in words:
                key = normalize_key(word)
                if lang == "en":
                    pattern = rf"\b{re.escape(key)}"
                elif lang == "ar":  # at the start of a word, after proclitics, article, verb prefix
                    pattern = rf"(?<!\w)[وف]?[بلكس]?(?:ال)?[يتنا]?{re.escape(key)}"
                else:
                    pattern = re.escape(key)
                out.append((predicate, word, re.compile(pattern)))
    return out


def find_cues(norm_sentence: str) -> list[Cue]:
    """The cues in a normalised sentence (see :func:`kg.text.normalize`).

    Examples
    --------
    >>> from kg.text import normalize
    >>> sorted({c.predicate for c in find_cues(normalize("Rubio opposed the sale").text)})
    ['opposes']
    >>> sorted({c.predicate for c in find_cues(normalize("من بين المعارضين للقرار").text)})
    ['opposes']
    >>> [c.predicate for c in find_cues(normalize("鲁比奥反對出售").text)]
    ['opposes']
    """
    found = []
    for predicate, word, pattern in _compiled():
        for m in pattern.finditer(norm_sentence):
            found.append(Cue(predicate, word, m.start(), m.end()))
    return sorted(found, key=lambda c: (c.start, c.predicate))

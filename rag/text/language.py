"""Language detection for questions and answers, cheap enough to run on every request.

Script decides first (Han, kana, hangul, Cyrillic, Arabic); for Latin script, counts of very common
function words (from the lexicons) decide. Short questions ("Siapa CEO Meta?") are exactly where
generic n-gram detectors fail, and function words are what such questions are made of.
"""

from __future__ import annotations

import re
from collections import Counter

from rag.text.cjk import is_han, is_hangul, is_kana
from rag.text.lexicons import LEXICONS

SCRIPT_LANGUAGES = {"ja": "Japanese", "ko": "Korean", "ru": "Russian", "uk": "Ukrainian",
                    "ar": "Arabic"}
"""Languages recognised by their script alone, for which there is no lexicon."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch in text:
        o = ord(ch)
        if is_kana(ch):
            counts["kana"] += 1
        elif is_han(ch):
            counts["han"] += 1
        elif is_hangul(ch):
            counts["hangul"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["cyrillic"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["arabic"] += 1
        elif ch.isalpha():
            counts["latin"] += 1
    return counts


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of `text`; `default` when nothing is recognisable (digits, emoji, empty)."""
    scripts = _script_counts(text)
    if not scripts:
        return default
    if scripts["kana"]:
        return "ja"
    if scripts["hangul"] >= max(scripts["han"], 1):
        return "ko"
    # A CJK question usually embeds Latin names ("Meta", "Avocado"): two Han characters per Latin
    # letter-run is plenty to call it Chinese.
    if scripts["han"] and scripts["han"] * 3 >= scripts["latin"] * 0.5:
        return "zh"
    if scripts["cyrillic"] > scripts["latin"]:
        return "uk" if re.search(r"[іїєґ]", text.lower()) else "ru"
    if scripts["arabic"] > scripts["latin"]:
        return "ar"
    words = [w.lower() for w in _WORD.findall(text)]
    lowered = text.lower()
    scores = {code: sum(w in lex.function_words for w in words)
              + (1 if lex.letters and any(ch in lex.letters for ch in lowered) else 0)
              for code, lex in LEXICONS.items() if lex.function_words}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return default
    return best


def language_name(code: str) -> str:
    """The language's English name, as a prompt names it ("Write in Indonesian")."""
    lex = LEXICONS.get(code)
    return lex.english_name if lex else SCRIPT_LANGUAGES.get(code, "the language of the question")

"""Language detection for questions and answers, cheap enough to run on every request.

Script decides first (Han, kana, hangul, Cyrillic, Arabic); for Latin script, counts of very common
function words (from the lexicons) decide. Short questions ("Siapa CEO Meta?") are exactly where
generic n-gram detectors fail, and function words are what such questions are made of.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from rag.text.cjk import HAN, HAN_RUN, HANGUL, KANA
from rag.text.lexicons import LEXICONS
from rag.text.vocabulary import untranslated_words

SCRIPT_LANGUAGES = {"ja": "Japanese", "ko": "Korean", "ru": "Russian", "uk": "Ukrainian",
                    "ar": "Arabic"}
"""Languages recognised by their script alone, for which there is no lexicon."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


_SCRIPTS = {"kana": re.compile(f"[{KANA}]"), "han": re.compile(f"[{HAN}]"),
            "hangul": re.compile(f"[{HANGUL}]"), "cyrillic": re.compile("[\u0400-\u04ff]"),
            "arabic": re.compile("[\u0600-\u06ff]")}
_ANY_SCRIPT = re.compile(f"[{KANA}{HAN}{HANGUL}\u0400-\u04ff\u0600-\u06ff]")


def _script_counts(text: str) -> Counter[str]:
    """Characters of each script; "latin" is any other letter. One regex pass per script instead
    of a Python loop over characters: this runs on every chunk indexed and every answer checked."""
    counts = Counter({name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()})
    counts["latin"] = sum(map(str.isalpha, _ANY_SCRIPT.sub("", text)))
    return +counts  # only the scripts present


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


MIN_FOREIGN_WORD = 3
"""Shorter words ("a", "on", "de", "di") are written by too many languages to tell anything."""


def _closed_words(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """A language's (function words, month and scale words), lower case."""
    lex = LEXICONS[code]
    return (frozenset(lex.function_words | lex.stopwords),
            frozenset(w.lower() for w in (*lex.months, *lex.scale_words)))


@cache
def _foreign(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The (function words, month and scale words) that other served languages write and
    `language` does not; built once a language, since every answer is checked against it."""
    own = frozenset().union(*_closed_words(language)) if language in LEXICONS else frozenset()
    others = [_closed_words(code) for code in LEXICONS if code != language and LEXICONS[code].months]
    closed = frozenset().union(*(c for _, c in others)) - own
    function = frozenset().union(*(f for f, _ in others)) - own
    return function, closed


@cache
def _number_words(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`language`'s words for indefinite amounts ("billions", "miliaran", "数十"), and every other
    language's: another's amount word is as foreign as its month ("set aside miliaran dolar").
    A side without any matches nothing, as rag.text.lexicons.pattern does."""
    def joined(mine: bool) -> re.Pattern[str]:
        fragments = [p for code, lex in LEXICONS.items() if (code == language) == mine
                     for p in lex.number_words]
        return re.compile("|".join(fragments) or r"(?!)", re.IGNORECASE)

    return joined(True), joined(False)


def foreign_words(text: str, language: str) -> tuple[list[str], list[str]]:
    """The words of `text` that another served language writes and `language` does not: its
    function words, and its month, scale and amount words ("Januari", "miliar", "miliaran" in a
    French sentence). Returned as (function words, month, scale and amount words), each once."""
    their_function, their_closed = _foreign(language)
    own_numbers, their_numbers = _number_words(language)
    function: dict[str, None] = {}
    closed: dict[str, None] = {}
    for word in (w.lower() for w in _WORD.findall(text)):
        if len(word) < MIN_FOREIGN_WORD:
            continue
        if word in their_closed or (their_numbers.search(word) and not own_numbers.search(word)):
            closed[word] = None
        if word in their_function:
            function[word] = None
    return list(function), list(closed)


def mixes_languages(text: str, language: str) -> bool:
    """Whether `text`, meant to be in `language`, carries words left in another language: one
    month or scale word of another language, two of its function words ("en utilisant des
    perjanjian dari …"), or one content word that only another served language writes ("les
    kacamata", see rag.text.vocabulary), or, in a language not written in Han characters, any
    run of them ("Several知情人士 said"). A Latin name or term is none of these, so it never
    counts."""
    if language != "zh" and HAN_RUN.search(text):
        return True
    function, closed = foreign_words(text, language)
    return bool(closed) or len(function) >= 2 or bool(untranslated_words(text, language))

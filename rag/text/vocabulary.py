"""Which words a language writes, from word-frequency lists: for finding a content word left
untranslated in an answer ("les kacamata augmented reality", "en utilisant des perjanjian").

Function words (rag.text.language) catch a phrase left in another language, but a small model's
translations and wordings mostly leave single content words: a noun it did not know. Such a word is
one the answer's language does not write (rarer than `RARE`) while another served language writes
it commonly (`COMMON` or more). English is the usual language of loanwords and terms in every
language here ("benchmark", "footprint", "open-source"), so a word English writes is never counted;
neither is a name (a name is about as frequent in every language, or rare in all). The bounds are
points of the Zipf scale (log10 of occurrences per billion words: 1 is once in a hundred million
words, 3 once in a million), chosen from the meaning of the scale, not from any corpus.

The lists come from the `wordfreq` package (wordlists in the wheel, no download); each language's
list is loaded on first use (about 10 MB of memory each for English, French and Indonesian).
"""

from __future__ import annotations

import re
from functools import cache

from rag.text.lexicons import LEXICONS

RARE = 1.0
"""Zipf frequency under which a language does not write a word."""
COMMON = 3.0
"""Zipf frequency from which a language writes a word commonly."""
MIN_LENGTH = 4
"""Shorter words are shared by too many languages, or are abbreviations."""

_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
"""A word in Latin script, accents included (Han characters are not looked up)."""
_LOANWORD_LANGUAGE = "en"


@cache
def _checked_languages() -> tuple[str, ...]:
    """Served languages with a full lexicon written in Latin script (Chinese words are not looked
    up: wordfreq would need a segmenter for them)."""
    return tuple(code for code, lex in LEXICONS.items() if lex.months and code != "zh")


def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def untranslated_words(text: str, language: str) -> list[str]:
    """Latin-script words of `text` that `language` (the text's intended language) and English do
    not write and another served language writes commonly, lower case, each once. Empty for a
    language without a frequency list."""
    checked = _checked_languages()
    others = [code for code in checked if code not in (language, _LOANWORD_LANGUAGE)]
    if language not in (*checked, "zh") or not others:
        return []
    own = () if language == "zh" else (language,)
    found: dict[str, None] = {}
    for word in dict.fromkeys(w.lower() for w in _LATIN_WORD.findall(text)):
        if len(word) < MIN_LENGTH:
            continue
        if any(_zipf(word, code) >= RARE for code in (*own, _LOANWORD_LANGUAGE)):
            continue
        if any(_zipf(word, code) >= COMMON for code in others):
            found[word] = None
    return list(found)

"""Which words a language writes, from word-frequency lists: for finding a content word left
untranslated in an answer ("les kacamata augmented reality", "en utilisant des perjanjian").

Function words (rag.text.language) catch a phrase left in another language, but a small model's
translations and wordings mostly leave single content words: a noun it did not know. Such a word is
one another served language writes commonly (at least once in a million words: Zipf 3, the floor
of wordfreq's "small" lists) while the answer's language does not (it is not on that language's
small list) and English does not write it at all (under once in a hundred million words on its
full list). English is the language of loanwords, names in the news and technical terms in every
language here ("benchmark", "config", "Alibaba"), hence its full list; a name that is in none of
the lists is in no language, so it never counts. English's full list holds a little of every
language, though ("kepala", Indonesian for head, once in thirty million English words; "feuilles"
too), so a word written in lower case, which is no name, also counts when English writes it a
hundred times less often than the other language does (two points lower on the Zipf scale); a
capitalised word may be a name, and names of places are that much rarer in English than at home
("Surabaya"), so it counts only when English does not write it at all. The bounds are points of the
Zipf scale read off its meaning, not tuned on any corpus: a rare word of the answer's language that
is common in another and rare in English would count, which costs a quote instead of a wording,
never a wrong answer.

The lists come from the `wordfreq` package (in its wheel, no download), each loaded on first use:
about 55 MB with English's full list and the small lists of French and Indonesian (the full lists
of all three would take 30 MB more and decided the same on every answer replayed, README).
"""

from __future__ import annotations

import re
from functools import cache

from rag.text.lexicons import LEXICONS

COMMON = 3.0
"""Zipf frequency from which a language writes a word commonly (the small lists hold no rarer word)."""
IN_ENGLISH = 1.0
"""Zipf frequency from which English writes a word at all: a loanword, a term or a name."""
LOANWORD_GAP = 2.0
"""How much rarer (Zipf points: 2 is a hundred times) English may write a lower-case word than the
language that writes it commonly, for the word to be a loanword or a term English uses too."""
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


def _zipf(word: str, language: str, wordlist: str = "small") -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language, wordlist=wordlist)


def untranslated_words(text: str, language: str) -> list[str]:
    """Latin-script words of `text` that another served language writes commonly, `language` (the
    text's intended language) does not, and English does not, or, written in lower case, hardly
    does; lower case, each once.
    Empty for a language without a frequency list."""
    checked = _checked_languages()
    others = [code for code in checked if code not in (language, _LOANWORD_LANGUAGE)]
    if language not in (*checked, "zh") or not others:
        return []
    own = () if language == "zh" else (language,)
    found: dict[str, None] = {}
    words = _LATIN_WORD.findall(text)
    lower = {w for w in words if w.islower()}
    for word in dict.fromkeys(w.lower() for w in words):
        if len(word) < MIN_LENGTH or any(_zipf(word, code) >= COMMON for code in own):
            continue
        english = _zipf(word, _LOANWORD_LANGUAGE, "best")
        floor = max(COMMON, english + LOANWORD_GAP) if word in lower else \
            COMMON if english < IN_ENGLISH else None
        if floor is not None and any(_zipf(word, code) >= floor for code in others):
            found[word] = None
    return list(found)

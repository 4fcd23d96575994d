"""What the assistant knows about each language, one module per language, all of the same shape.

Everything language-specific that the text rules use lives here: the function words that identify
a language, the stop words BM25 ignores, the words that make a question ask for a figure, a date or
a name, scale words after a figure, the sentences the assistant says itself (abstentions, quote
notes). The rules in `rag.text` are written once and read every lexicon, so adding a language is
one new module here (registered in `LEXICONS`) plus its tests; nothing else changes.

Patterns are regular-expression fragments, complete in themselves (Latin-script ones carry their
own word boundaries, Chinese ones have none to carry); a rule joins every lexicon's fragments with
`|` and only ever asks whether one of them matches, so their order does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from rag.text.lexicons import de, en, es, fr, id, pt, vi, zh
from rag.text.lexicons.shape import Lexicon, Phrases, Variant

__all__ = ["LEXICONS", "Lexicon", "Phrases", "Variant", "lexicon", "pattern", "union", "words_pattern"]

LEXICONS: dict[str, Lexicon] = {lex.code: lex for lex in (
    en.LEXICON, id.LEXICON, fr.LEXICON, zh.LEXICON, es.LEXICON, de.LEXICON, pt.LEXICON,
    vi.LEXICON)}
"""Every known language; in this order a tie between function-word counts goes to the first."""


def lexicon(code: str) -> Lexicon | None:
    return LEXICONS.get(code)


def union(attribute: str) -> tuple[str, ...]:
    """One attribute's entries over every lexicon."""
    return tuple(entry for lex in LEXICONS.values() for entry in getattr(lex, attribute))


@cache
def pattern(attribute: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Every lexicon's fragments of one attribute, as one pattern."""
    return re.compile("|".join(union(attribute)) or r"(?!)", flags)


def words_pattern(words: Iterable[str]) -> str:
    """A bounded alternation of literal words, longest first."""
    return r"\b(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) \
        + r")\b"

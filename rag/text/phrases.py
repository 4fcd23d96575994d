"""The fixed sentences the assistant says in the asker's language (abstentions, quote notes), taken
from the lexicons; Chinese answers follow the question's script."""

from __future__ import annotations

from rag.text.language import language_name
from rag.text.lexicons import LEXICONS, Phrases

ENGLISH = LEXICONS["en"].phrases


def variant(language: str, question: str) -> str:
    """The written variant to answer in: the one whose marker characters the question uses most
    ("zh-hant" for Traditional Chinese), the language itself on a tie or when it has none."""
    lex = LEXICONS.get(language)
    if lex is None or not lex.variants:
        return language
    best, count = language, sum(ch in lex.markers for ch in question)
    for v in lex.variants:
        mine = sum(ch in v.markers for ch in question)
        if mine > count:
            best, count = v.code, mine
    return best


def phrases(language: str, question: str = "") -> Phrases | None:
    """The phrases of the language's variant for this question, None for an unknown language."""
    lex = LEXICONS.get(language)
    if lex is None:
        return None
    code = variant(language, question)
    return next((v.phrases for v in lex.variants if v.code == code), lex.phrases)


def abstain_sentence(language: str, question: str = "") -> str:
    mine = phrases(language, question)
    return (mine.abstain if mine and mine.abstain else None) or str(ENGLISH.abstain)


def notes_quotes_in(language: str) -> bool:
    """Whether a quote in another language can be introduced in this one (see quote_note)."""
    mine = phrases(language)
    return bool(mine and mine.quote_note)


def quote_note(answer_language: str, quoted: list[str], question: str = "") -> str:
    """The note in front of quotes that are not in the answer's language, naming their languages."""
    mine = phrases(answer_language, question)
    if mine is None or not mine.quote_note:
        mine = ENGLISH
    names = mine.language_names
    # A language the note cannot name (a guess on a short technical quote) is left out, and named
    # in English only when no other is left: never a bare code such as "pt".
    named = [names[q] for q in quoted if q in names] or [language_name(q) for q in quoted]
    return str(mine.quote_note).format(lang=mine.conjunction.join(named))

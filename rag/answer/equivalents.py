"""The judge's favourite sentence as the asker's language writes it, when the documents hold both.

Manuals come translated: the same option line is in the English and the Chinese man page, the
same file table in every language's PDF. The judge may well prefer the English line to a Chinese
question; then the answer is a quote behind a note, or a translation the model may get wrong,
while the documents say it in Chinese a few passages down. A candidate counts as the same
statement when it is written in the asker's language and writes every path, option and figure the
favourite writes (at least one): what a translation must keep, and what two unrelated sentences
rarely share. It replaces the favourite only when the judge accepts it as well.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.candidates import Candidate
from rag.answer.sources import Source, quote_language
from rag.text.figures import FIGURE
from rag.text.terms import paths_and_options, writes_every_term

MAX_EQUIVALENTS = 2
"""Candidates in the asker's language the judge reads at most (about a second each)."""


def equivalents(favourite: Candidate, candidates: Sequence[Candidate], sources: Sequence[Source],
                language: str) -> list[Candidate]:
    """Candidates in `language` stating what `favourite` states, best-ranked first; none when
    the favourite is in `language` already or has nothing a translation must keep."""
    by_number = {s.number: s for s in sources}

    def language_of(candidate: Candidate) -> str | None:
        source = by_number.get(candidate.evidence.source)
        return None if source is None else quote_language(candidate.evidence.text, source)

    if language_of(favourite) in (language, None):
        return []
    # What a translation writes as it is: the paths, options and figures.
    terms = paths_and_options(favourite.evidence.text)
    figures = set(FIGURE.findall(favourite.evidence.text))
    if not terms and not figures:
        return []
    out = []
    for candidate in candidates:
        text = candidate.evidence.text
        if candidate is not favourite and writes_every_term(terms, text) \
                and figures <= set(FIGURE.findall(text)) \
                and language_of(candidate) == language:
            out.append(candidate)
            if len(out) == MAX_EQUIVALENTS:
                break
    return out

"""Retrieved passages as an answer sees them: numbered, so a generator can cite `[n]`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.schema import Citation, Passage
from rag.search.retrieval import Hit
from rag.text.cjk import CJK_CHAR
from rag.text.instructions import without_instructions
from rag.text.language import detect_language
from rag.text.layout import Layout


@dataclass(frozen=True)
class Source:
    number: int
    passage: Passage
    excerpt: str | None = None
    """What an LLM is shown of the passage: its most relevant sentences, to keep prompts short."""
    layout: Layout = field(default_factory=Layout)
    """The passage's soft line breaks, table and code lines, pages and sections."""

    @property
    def prompt_text(self) -> str:
        """What a model reads: without the sentences that address it (injected instructions)."""
        return without_instructions(self.excerpt if self.excerpt is not None
                                    else self.passage.text)


def sources_of(hits: Sequence[Hit]) -> list[Source]:
    """Retrieved hits numbered from 1, each with its layout."""
    return [Source(n, h.passage(), layout=Layout.from_json(h.chunk.layout))
            for n, h in enumerate(hits, 1)]


def passage_language(source: Source) -> str:
    """The language of a source's passage."""
    return detect_language(source.passage.text)


TELLING_WORDS = 8
"""Words a quote needs for its own language to be read from it: the detector counts function
words, and a short technical line has none ("-R, --recursive daftar subdirektori secara
rekursif", "%T = titre"). Not tuned: a sentence of eight words has a few."""


def quote_language(quote: str, source: Source | None) -> str:
    """The language a quote is in: its own when it is Chinese or long enough to tell, else its
    passage's. The passage alone is not enough: a translated manual's passage often mixes
    translated sentences with untranslated ones."""
    if source is None or CJK_CHAR.search(quote) or len(quote.split()) >= TELLING_WORDS:
        return detect_language(quote)
    return passage_language(source)


def quoted_languages(citations: Sequence[Citation], sources: Sequence[Source]) -> set[str]:
    """The languages of the citations' quotes (see quote_language)."""
    return {quote_language(c.quote, next((s for s in sources if s.passage.file == c.file
                                          and s.passage.start_char <= c.start_char
                                          and c.end_char <= s.passage.end_char), None))
            for c in citations}

"""Retrieved passages as an answer sees them: numbered, so a generator can cite `[n]`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.schema import Citation, Passage
from rag.search.retrieval import Hit
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
    """The language of a source's passage: a short technical line ("-R, --recursive daftar
    subdirektori secara rekursif", "%T = titre") is too little to tell its language by, the
    passage around it is not."""
    return detect_language(source.passage.text)


def quoted_languages(citations: Sequence[Citation], sources: Sequence[Source]) -> set[str]:
    """The languages of the passages the citations quote (of the quote itself when no source
    holds it)."""
    out = set()
    for c in citations:
        source = next((s for s in sources if s.passage.file == c.file
                       and s.passage.start_char <= c.start_char
                       and c.end_char <= s.passage.end_char), None)
        out.add(detect_language(c.quote) if source is None else passage_language(source))
    return out

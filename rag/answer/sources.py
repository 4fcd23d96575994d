"""Retrieved passages as an answer sees them: numbered, so a generator can cite `[n]`."""

from __future__ import annotations

from dataclasses import dataclass

from rag.schema import Passage


@dataclass(frozen=True)
class Source:
    number: int
    passage: Passage
    excerpt: str | None = None
    """What an LLM is shown of the passage: its most relevant sentences, to keep prompts short."""

    @property
    def prompt_text(self) -> str:
        return self.excerpt if self.excerpt is not None else self.passage.text

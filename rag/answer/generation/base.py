"""The generator seam: every backend streams text with `[n]` markers that refer to numbered sources.

What a generator writes is never trusted: the citation checker verifies every marker afterwards, so a
backend only has to be good at language, not at bookkeeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rag.schema import Message, Passage

if TYPE_CHECKING:
    from rag.answer.evidence import Evidence


@dataclass(frozen=True)
class Source:
    number: int
    passage: Passage
    excerpt: str | None = None
    """What an LLM is shown of the passage: its most relevant sentences, to keep prompts short."""

    @property
    def prompt_text(self) -> str:
        return self.excerpt if self.excerpt is not None else self.passage.text


@dataclass
class GenerationRequest:
    question: str
    language: str
    sources: list[Source]
    history: list[Message] = field(default_factory=list)
    answers: list[Evidence] | None = None
    """Sentences the answer judge accepted as stating the answer, best first; when set, a
    generator answers from these alone."""


class Generator(Protocol):
    name: str

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield pieces of the answer text as they are produced; raise GeneratorError on failure."""
        ...


def generate(generator: Generator, request: GenerationRequest) -> str:
    return "".join(generator.stream(request))

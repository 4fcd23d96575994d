"""The generator seam: every backend streams text with `[n]` markers that refer to numbered sources.

What a generator writes is never trusted: the citation checker verifies every marker afterwards, so a
backend only has to be good at language, not at bookkeeping. A backend declares what it does
(`Capabilities`) and the pipeline asks that, never its name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from rag import prompts
from rag.answer.evidence import Evidence
from rag.answer.sources import Source
from rag.schema import Message
from rag.text.language import language_name
from rag.text.question_types import FROM_QUESTION


@dataclass(frozen=True)
class Capabilities:
    quotes_verbatim: bool = False
    """Its answers are source sentences word for word (so they need no rewording checks, keep the
    sources' language behind a note, and rank sentences by the retrieval query)."""
    wants_excerpts: bool = True
    """It reads each source cut to its most relevant sentences (a model pays for every token)."""
    local_model: bool = False
    """It runs on the shared local model, so the answer judge and query translation, which run on
    that model too, come at no extra load (Settings judge/query_translation `auto`)."""


@dataclass
class GenerationRequest:
    question: str
    language: str
    sources: list[Source]
    history: list[Message] = field(default_factory=list)
    answers: list[Evidence] | None = None
    """Sentences the answer judge accepted as stating the answer, best first; when set, a
    generator answers from these alone."""
    asked: str = ""
    """The latest message as the user wrote it (`question` may be a condensed conversation)."""
    kind: str | None = FROM_QUESTION
    """The answer type the user asks for (rag.text.question_types)."""


class Generator(Protocol):
    name: str
    capabilities: Capabilities

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield pieces of the answer text as they are produced; raise GeneratorError on failure."""
        ...


def generate(generator: Generator, request: GenerationRequest) -> str:
    return "".join(generator.stream(request))


def build_messages(request: GenerationRequest) -> list[dict[str, str]]:
    """The chat an LLM backend is sent: strict instructions, the worked answers of the answer's
    language, numbered sources, few tokens."""
    sources = "\n\n".join(_numbered(s.number, s.prompt_text) for s in request.sources)
    user = prompts.ANSWER_USER.format(sources=sources, question=request.question)
    system = prompts.ANSWER_SYSTEM.format(language=language_name(request.language))
    shown: list[dict[str, str]] = []
    for source, question, answer in prompts.ANSWER_EXAMPLES.get(request.language, ()):
        asked = prompts.ANSWER_USER.format(sources=_numbered(1, source), question=question)
        shown += [{"role": "user", "content": asked}, {"role": "assistant", "content": answer}]
    return [{"role": "system", "content": system}, *shown, {"role": "user", "content": user}]


def _numbered(number: int, text: str) -> str:
    """One source as the model reads it, a worked example's as a real one's."""
    return f"[{number}] {text[:prompts.MAX_SOURCE_CHARS].strip()}"

"""The chat prompt sent to LLM generators: numbered sources, strict instructions, few tokens.

Small local models read about 90 prompt tokens a second here, so sources are trimmed to what the
retriever found relevant and the instructions are short.
"""

from __future__ import annotations

from rag.answer.generation.base import GenerationRequest
from rag.text.language import language_name

NOT_FOUND = "NOT_FOUND"

SYSTEM_PROMPT = (
    "You answer questions using only the numbered sources. Write in {language}. "
    "Answer in one to three short sentences. After each sentence put the number of the source "
    "that supports it in square brackets, like [1]. If the sources do not contain the answer, "
    f"reply with exactly {NOT_FOUND} and nothing else."
)


def build_messages(request: GenerationRequest, max_source_chars: int = 700) -> list[dict[str, str]]:
    sources = "\n\n".join(
        f"[{s.number}] {s.prompt_text[:max_source_chars].strip()}" for s in request.sources
    )
    user = f"Sources:\n{sources}\n\nQuestion: {request.question}"
    system = SYSTEM_PROMPT.format(language=language_name(request.language))
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]

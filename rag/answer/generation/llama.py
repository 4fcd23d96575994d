"""Answers written by the shared local model (rag.models.llama) through llama.cpp's chat API.

Generation holds the model's lock for the whole stream, so the judge or another answer waits for
it instead of corrupting the model's cache; greedy decoding, so the same sources give the same text.
"""

from __future__ import annotations

from collections.abc import Iterator

from rag import prompts
from rag.answer.generation.base import Capabilities, GenerationRequest, build_messages
from rag.errors import GeneratorError
from rag.models.llama import LocalModel, shared_model, short
from rag.settings import Settings


class LlamaGenerator:
    name = "llama"
    capabilities = Capabilities(local_model=True)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def load(self) -> LocalModel:
        """Load the model now (e.g. at server start) so the first question doesn't pay for it."""
        return shared_model(self.settings.models)

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield content deltas; the model lock is held until the stream ends or is closed."""
        model = self.load()
        if not model.lock.acquire(timeout=self.settings.answer.generation_timeout):
            raise GeneratorError("llama model is busy with another request; try again")
        try:
            messages = build_messages(request)
            keep_instructions(model, messages)
            chunks = model.llama.create_chat_completion(
                messages=messages, stream=True, temperature=0.0,
                max_tokens=self.settings.answer.max_new_tokens)
            for chunk in chunks:
                choices = chunk.get("choices") or [{}]
                content = (choices[0].get("delta") or {}).get("content")
                if content:
                    yield content
        except GeneratorError:
            raise
        except Exception as exc:
            raise GeneratorError(f"llama generation failed: {short(exc)}") from exc
        finally:
            model.lock.release()


def keep_instructions(model: LocalModel, messages: list[dict[str, str]]) -> None:
    """Leave the prompt's fixed part evaluated: the instructions (they vary only with the answer's
    language) up to where the sources start, from the model's cache or the data dir. llama.cpp's
    chat API reuses the longest evaluated prefix of a prompt, so only the sources and the question
    then cost prompt tokens (the judge's prompt, evaluated in between, displaced them). The caller
    holds the lock."""
    prompt = model.chat_prompt(messages)
    user = messages[-1]["content"]
    lead = prompts.ANSWER_USER.split("{sources}", 1)[0]
    if prompt is None or not user.startswith(lead):
        return
    at = prompt.rfind(user)
    if at > 0:
        model.evaluate(prompt[:at + len(lead)])

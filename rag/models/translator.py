"""Questions translated into English by the shared local model, for searching (see
rag.search.translation). It costs the model about a second a question, so by default it runs
only when an answer is judged by the same model anyway, and only for the languages in
Settings.retrieval.query_translation_languages.
"""

from __future__ import annotations

from collections.abc import Iterable

from rag import prompts
from rag.models.llama import shared_model
from rag.models.memo import Memo
from rag.settings import ModelSettings
from rag.text.language import detect_language

MAX_GROWTH = 3
"""A translation this many times longer than the question is a runaway, not a translation."""


class LlamaTranslator:
    def __init__(self, settings: ModelSettings, languages: Iterable[str],
                 cache_size: int = 512) -> None:
        self.settings = settings
        self.languages = frozenset(languages) - {"en"}
        self._done: Memo[str, str | None] = Memo(cache_size)

    def to_english(self, question: str) -> str | None:
        question = " ".join(question.split())
        if not question or detect_language(question) not in self.languages:
            return None
        if question in self._done:
            return self._done.get(question)
        model = shared_model(self.settings)
        prompt = prompts.TRANSLATE_HEAD + prompts.TRANSLATE_REQUEST.format(question=question)
        with model.lock:
            # The worked examples come from the data dir when the judge or the generator has
            # displaced them from the model's cache; the completion then reads only the question.
            head = model.tokens(prompts.TRANSLATE_HEAD, bos=True)
            if model.tokens(prompt, bos=True)[:len(head)] == head:
                model.evaluate(prompts.TRANSLATE_HEAD)
            out = model.llama.create_completion(prompt, max_tokens=96, temperature=0.0, stop=["\n"])
        text = str(out["choices"][0]["text"]).strip()
        english = text if text and len(text) <= MAX_GROWTH * len(question) + 20 else None
        self._done.put(question, english)
        return english

"""Translation by the shared local model: questions into English, for searching (see
rag.search.translation), and quoted sentences into the asker's language, for answers (see
rag.answer.translation).

A question costs the model about a second, so by default it is translated only when an answer is
judged by the same model anyway, and only for the languages in
Settings.retrieval.query_translation_languages. A sentence is translated only when the written
answer could not be shown and the answer would otherwise be a quote in another language.
"""

from __future__ import annotations

from collections.abc import Iterable

from rag import prompts
from rag.models.llama import shared_model
from rag.models.memo import Memo
from rag.settings import ModelSettings
from rag.text.language import detect_language
from rag.text.lexicons import lexicon

MAX_GROWTH = 3
"""A translation this many times longer than its text is a runaway, not a translation."""
MAX_SENTENCE_TOKENS = 160
"""A quoted sentence's translation is cut here (a long sentence's quote stays the answer)."""


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
        return self._complete(question, question, prompts.TRANSLATE_HEAD,
                              prompts.TRANSLATE_REQUEST.format(question=question), 96)

    def translate(self, sentence: str, language: str) -> str | None:
        """`sentence` in `language` (a served language's code), or None when the model gives
        nothing usable; whether it is faithful is for the caller to check."""
        lex = lexicon(language.split("-")[0])
        sentence = " ".join(sentence.split())
        if lex is None or lex.code not in prompts.SENTENCE_TRANSLATIONS or not sentence:
            return None
        budget = min(MAX_SENTENCE_TOKENS,
                     2 * len(shared_model(self.settings).tokens(sentence)) + 16)
        return self._complete(f"{lex.code}\n{sentence}", sentence,
                              prompts.sentence_head(lex.code, lex.english_name),
                              prompts.SENTENCE_REQUEST.format(sentence=sentence,
                                                              name=lex.english_name), budget)

    def _complete(self, key: str, text: str, head: str, request: str,
                  max_tokens: int) -> str | None:
        """The model's one-line continuation of the worked examples `head` and `request`, a
        translation of `text`; None when empty or a runaway. Remembered under `key`."""
        if key in self._done:
            return self._done.get(key)
        model = shared_model(self.settings)
        prompt = head + request
        with model.lock:
            # The worked examples come from the data dir when the judge or the generator has
            # displaced them from the model's cache; the completion then reads only the request.
            head_tokens = model.tokens(head, bos=True)
            if model.tokens(prompt, bos=True)[:len(head_tokens)] == head_tokens:
                model.evaluate(head)
            out = model.llama.create_completion(prompt, max_tokens=max_tokens, temperature=0.0,
                                                stop=["\n"])
        answer = str(out["choices"][0]["text"]).strip()
        translated = answer if answer and len(answer) <= MAX_GROWTH * len(text) + 20 else None
        self._done.put(key, translated)
        return translated

"""Query translation: a Chinese question is also searched in English (RAG_QUERY_TRANSLATION).

multilingual-e5-small matches a Chinese question against an Indonesian passage much worse than an
English one (MRR 0.642 for Chinese questions against 0.846 for English on the gold set), and BM25
cannot match across scripts at all. Searching with the question and its English translation
together lifted Chinese to recall@5 1.00 / MRR 0.781. Asked in a chat to translate, the bundled
1.5B model answers the question instead; as a plain completion continuing worked examples (none
about the corpus) it translates. It costs the model about a second per question, so by default it
runs only when an answer is judged by the same model anyway, and only for Chinese questions
(Indonesian ones lost MRR 0.912 to 0.863 when translated, French gained 0.867 to 0.900).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

from rag.models.prompt_cache import SUBDIR, ensure_prefix
from rag.settings import Settings
from rag.text.language import detect_language

EXAMPLES = (
    ("台北市去年的觀光收入是多少?", "What was Taipei's tourism revenue last year?"),
    ("Pourquoi la banque centrale a-t-elle relevé ses taux en mars ?",
     "Why did the central bank raise its rates in March?"),
    ("Siapa yang memimpin tim peneliti di universitas itu?",
     "Who leads the research team at that university?"),
    ("哪家公司收购了这家初创企业?", "Which company acquired the startup?"),
)
PROMPT_HEAD = ("Translate each question into English. Keep names, numbers and quoted terms as they "
               "are. Do not answer the question.\n\n"
               + "".join(f"Question: {q}\nEnglish: {a}\n\n" for q, a in EXAMPLES))
MAX_GROWTH = 3
"""A translation this many times longer than the question is a runaway, not a translation."""


class QueryTranslator(Protocol):
    def to_english(self, question: str) -> str | None:
        """The question in English, or None when it already is, is in a language not translated
        (Settings.query_translation_languages) or cannot be translated."""
        ...


class LlamaTranslator:
    def __init__(self, settings: Settings, cache_size: int = 512) -> None:
        self.settings = settings
        self.languages = frozenset(settings.retrieval.query_translation_languages) - {"en"}
        self._cache: OrderedDict[str, str | None] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def to_english(self, question: str) -> str | None:
        question = " ".join(question.split())
        if not question or detect_language(question) not in self.languages:
            return None
        with self._lock:
            if question in self._cache:
                self._cache.move_to_end(question)
                return self._cache[question]
        from rag.answer.generation.llama import shared_model

        model, lock = shared_model(self.settings)
        prompt = f"{PROMPT_HEAD}Question: {question}\nEnglish:"
        with lock:
            # The worked examples come from the data dir when the judge or the generator has
            # displaced them from the model's cache; the completion then reads only the question.
            head = model.tokenize(PROMPT_HEAD.encode(), special=True)
            if model.tokenize(prompt.encode(), special=True)[:len(head)] == head:
                ensure_prefix(model, head, self.settings.models.data_dir / SUBDIR)
            out = model.create_completion(prompt, max_tokens=96, temperature=0.0, stop=["\n"])
        text = str(out["choices"][0]["text"]).strip()
        english = text if text and len(text) <= MAX_GROWTH * len(question) + 20 else None
        with self._lock:
            self._cache[question] = english
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return english

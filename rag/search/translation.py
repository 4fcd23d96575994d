"""The query-translation seam: a question also searched in English (RAG_QUERY_TRANSLATION).

multilingual-e5-small matches a Chinese question against a Latin-script passage much worse than an
English one, and BM25 cannot match across scripts at all; searching with the question and its
English translation together closes much of that gap. The translator is a model
(rag.models.translator); the retriever only needs this interface.
"""

from __future__ import annotations

from typing import Protocol


class QueryTranslator(Protocol):
    def to_english(self, question: str) -> str | None:
        """The question in English, or None when it already is, is in a language not translated
        (Settings.retrieval.query_translation_languages) or cannot be translated."""
        ...

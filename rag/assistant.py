"""The assistant as one object: settings in, index/search/answer out.

Everything expensive (embedder, store client, LLM) is created lazily and once, so the CLI's
`rag search` on a warm index never builds what it does not use, and a server shares one of each
across requests. The HTTP API and the Slack bot hold one Assistant; they never reach past it.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from rag.answer.citations import CitationChecker
from rag.answer.generation.registry import Generators
from rag.answer.pipeline import Pipeline, Result
from rag.answer.reranking import JudgeReranker
from rag.answer.support import SupportScorer
from rag.ingest.indexing import IndexReport, Progress, index_corpus
from rag.models.embedder import Embedder, load_embedder
from rag.schema import Answer, Message, Passage
from rag.search.retrieval import Hit, Retriever
from rag.search.store import FileRecord, VectorStore, open_store
from rag.search.translation import LlamaTranslator, QueryTranslator
from rag.settings import Settings


class Assistant:
    def __init__(self, settings: Settings, store: VectorStore | None = None,
                 embedder: Embedder | None = None,
                 translator: QueryTranslator | None = None) -> None:
        self.settings = settings
        self._store = store
        self._embedder = embedder
        self._lock = threading.Lock()
        self._translator = translator

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = load_embedder(self.settings)
        return self._embedder

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.store, self.embedder, candidates=self.settings.retrieval.candidates,
                         translator=self.translator)

    def translator(self) -> QueryTranslator | None:
        if self.settings.retrieval.query_translation == "none":
            return None
        with self._lock:
            if self._translator is None:
                self._translator = LlamaTranslator(self.settings)
            return self._translator

    @cached_property
    def scorer(self) -> SupportScorer:
        return SupportScorer(self.embedder())

    @cached_property
    def generators(self) -> Generators:
        return Generators(self.settings, lambda: self.scorer)

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline(self.settings, self.retriever, CitationChecker(self.scorer),
                        self.generators)

    def run(self, messages: list[Message], top_k: int | None = None,
            generator: str | None = None, mode: str = "hybrid") -> Result:
        return self.pipeline.run(messages, top_k, generator, mode)

    def ask(self, question: str | list[Message], top_k: int | None = None,
            generator: str | None = None) -> Answer:
        messages = [Message(role="user", content=question)] if isinstance(question, str) \
            else question
        return self.run(messages, top_k, generator).answer

    def index(self, path: Path | None = None, progress: Progress | None = None) -> IndexReport:
        report = index_corpus(path or self.settings.index.corpus_path, self.store, self.embedder,
                              progress)
        if "retriever" in self.__dict__:
            self.retriever.refresh()
        return report

    def search_hits(self, query: str, top_k: int | None = None, mode: str = "hybrid") -> list[Hit]:
        hits = self.retriever.search(query, top_k or self.settings.retrieval.top_k, mode=mode,
                                     translate=self.settings.retrieval.query_translation == "llama")
        if self.settings.retrieval.rerank != "llama" or mode == "lexical" or not hits:
            return hits
        s = self.settings
        return JudgeReranker(self.scorer, self.generators.judge(), s.answer.judge_threshold,
                             s.answer.judge_candidates).rerank(query, hits)

    def search(self, query: str, top_k: int | None = None) -> list[Passage]:
        return [h.passage() for h in self.search_hits(query, top_k)]

    def documents(self) -> list[FileRecord]:
        return sorted(self.retriever.files.values(), key=lambda r: r.path)

    def stats(self) -> tuple[int, int]:
        """(documents, chunks) currently searchable."""
        r = self.retriever
        return len(r.files), len(r.chunks)

    def warm_up(self, generator: str | None = None) -> None:
        """Load the index and models now rather than on the first request."""
        self.embedder()
        _ = self.pipeline
        backend = self.generators.get(generator)
        load = getattr(backend, "load", None)
        if callable(load):
            load()
        judge = self.generators.judge_for(backend.name)
        if judge is not None:  # evaluates and caches the judge's instructions and examples
            judge.judge("Is this a warm-up?", ["This is a warm-up."])
            judge.name_in("What is the name of this?", "This is a warm-up.")  # and the name reader's

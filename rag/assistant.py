"""The assistant as one object: settings in; index, search and answer out.

Every front end (the CLI, the HTTP API, the Slack bot, the evaluation) holds an Assistant and never
reaches past it. Everything expensive (embedder, store client, local model) is created lazily and
once, so `rag search` on a warm index never builds what it does not use, and a server shares one
of each across requests. Components can be passed in (a store, an embedder, a translator, an answer
judge): that is how tests and the evaluation swap them, never by patching.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, cached_property
from pathlib import Path

from rag.answer.citations import CitationChecker
from rag.answer.generation.registry import Generators
from rag.answer.judging import AnswerJudge, JudgeStep
from rag.answer.pipeline import Pipeline, Result
from rag.answer.reranking import JudgeReranker
from rag.answer.support import SupportScorer
from rag.answer.translation import SentenceTranslator
from rag.errors import DocumentNotFound, UserError
from rag.ingest.indexing import IndexReport, Progress, index_corpus, remove_document
from rag.ingest.writer_lock import writing
from rag.models.embedder import (
    Embedder,
    indexes_in_bf16,
    load_embedder,
    release_indexing_embedder,
)
from rag.models.vector_cache import cached
from rag.schema import Answer, DocumentText, Message, Passage
from rag.search.keyword_index import KeywordIndex, keyword_index_path
from rag.search.retrieval import Hit, Retriever
from rag.search.store import Collections, FileRecord, VectorStore, collection_name, open_store
from rag.search.translation import QueryTranslator
from rag.settings import Settings


class Assistant:
    def __init__(self, settings: Settings, store: VectorStore | None = None,
                 embedder: Embedder | None = None, translator: QueryTranslator | None = None,
                 judge: AnswerJudge | None = None) -> None:
        self.settings = settings
        self._store = store
        self._embedder = embedder
        self._translator = translator
        self._judge = judge
        self._sentences: SentenceTranslator | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            self._store = open_store(self.settings.index, self.settings.models.embedder_id)
        return self._store

    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = self._made_embedder()
        return self._embedder

    def _made_embedder(self, indexing: bool = False) -> Embedder:
        """The configured embedder behind the vector cache when it is on; the model itself is
        loaded on the first text the cache lacks."""
        models = self.settings.models
        if not models.vector_cache:
            return load_embedder(models, indexing)
        return cached(lambda: load_embedder(models, indexing), models.embedder_id,
                      models.effective_passage_prefix, models.data_dir)

    def _indexing_embedder(self) -> Callable[[], Embedder]:
        """The embedder of an index run: one this process already holds (a server indexing an
        upload has ONNX Runtime's loaded for questions: a second model would only add memory),
        else the one fastest for many passages (rag.models.embedder.load_embedder), made when
        the run first needs a vector and kept for the run."""
        if self._embedder is not None or not indexes_in_bf16(self.settings.models):
            return self.embedder
        return cache(lambda: self._made_embedder(indexing=True))

    def translator(self) -> QueryTranslator | None:
        if self.settings.retrieval.query_translation == "none":
            return None
        with self._lock:
            if self._translator is None:
                from rag.models.translator import LlamaTranslator

                self._translator = LlamaTranslator(
                    self.settings.models, self.settings.retrieval.query_translation_languages)
            return self._translator

    @cached_property
    def retriever(self) -> Retriever:
        r = self.settings.retrieval
        keywords = KeywordIndex(self.store, keyword_index_path(
            self.settings.index, self.settings.models,
            collection_name(self.settings.index.collection, self.settings.models.embedder_id)))
        return Retriever(self.store, self.embedder, candidates=r.candidates,
                         translator=self.translator, mode=r.retrieval_mode, keywords=keywords,
                         refresh_every=self.settings.index.refresh_every,
                         dense_pool=r.dense_pool, sentence_pool=r.sentence_pool)

    @cached_property
    def scorer(self) -> SupportScorer:
        return SupportScorer(self.embedder())

    @cached_property
    def generators(self) -> Generators:
        return Generators(self.settings, lambda: self.scorer, self._judge)

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline(self.settings, self.retriever, CitationChecker(self.scorer), self.generators,
                        self.sentence_translator)

    def sentence_translator(self) -> SentenceTranslator | None:
        """The local model, putting quotes into the asker's language (Settings.answer
        .translate_quotes); built on first use, so an extractive answer never loads it."""
        if self.settings.answer.translate_quotes == "none":
            return None
        with self._lock:
            if self._sentences is None:
                from rag.models.translator import LlamaTranslator

                self._sentences = LlamaTranslator(self.settings.models, ())
            return self._sentences

    def run(self, messages: list[Message], top_k: int | None = None,
            generator: str | None = None, collections: Collections = None) -> Result:
        """The answer to the conversation's last turn, with what was retrieved for it, from the
        documents of `collections` only (None: all; see rag.search.store.collection_of)."""
        return self.pipeline.run(messages, top_k, generator, collections)

    def ask(self, question: str | list[Message], top_k: int | None = None,
            generator: str | None = None, collections: Collections = None) -> Answer:
        messages = [Message(role="user", content=question)] if isinstance(question, str) \
            else question
        return self.run(messages, top_k, generator, collections).answer

    def index(self, path: Path | None = None, progress: Progress | None = None) -> IndexReport:
        """Bring the index in line with the corpus folder (or `path`). Holds the embedded index's
        write lock throughout, waiting while another process writes it (or raising IndexBusy after
        RAG_INDEX_LOCK_TIMEOUT): two writers at once would corrupt it (rag.ingest.writer_lock)."""
        with writing(self.settings.index, "indexing"):
            try:
                report = index_corpus(path or self.settings.index.corpus_path, self.store,
                                      self._indexing_embedder(), progress)
            finally:
                # Its model and tokenizer (half a gigabyte) would stay for the process's life: a
                # server or an evaluation goes on to answer with the question-time embedder.
                release_indexing_embedder(self.settings.models)
            # Even when nothing changed: an index written before this was done is saved now.
            self.store.save_graph()
            # The keyword index is brought in line (and saved) now, not by the next process to
            # search: after a large run that would be its start-up paying for the whole build.
            built = "retriever" in self.__dict__
            retriever = self.retriever  # made now if it was not: its constructor syncs already
            if built:
                retriever.refresh()
        return report

    def needs_index(self) -> bool:
        """Whether nothing is indexed yet."""
        return not self.store.files()

    def ensure_indexed(self, progress: Progress | None = None) -> IndexReport | None:
        """Index the configured corpus when nothing is indexed yet (so `rag ask` and `rag serve`
        work from a fresh clone); None when there was an index already."""
        return self.index(progress=progress) if self.needs_index() else None

    def search_hits(self, query: str, top_k: int | None = None,
                    collections: Collections = None) -> list[Hit]:
        hits = self.retriever.search(query, top_k or self.settings.retrieval.top_k,
                                     translate=self.settings.retrieval.query_translation == "llama",
                                     collections=collections)
        if self.settings.retrieval.rerank != "llama" or not self.retriever.scores_similarity \
                or not hits:
            return hits
        step = JudgeStep.configured(self.generators.judge(), self.scorer, self.settings.answer)
        return JudgeReranker(step).rerank(query, hits)

    def search(self, query: str, top_k: int | None = None,
               collections: Collections = None) -> list[Passage]:
        return [h.passage() for h in self.search_hits(query, top_k, collections)]

    def document_text(self, path: str, start: int | None = None, end: int | None = None,
                      collections: Collections = None) -> DocumentText:
        """The stored text of an indexed document, or its span [start, end). A document outside
        `collections` is not found, exactly as one that does not exist (its name is no answer)."""
        record = self._record(path, collections)
        text = self.store.text(record.sha256) if record else None
        if record is None or text is None:
            raise DocumentNotFound(f"no indexed document {path!r} (see `rag documents` or "
                                   f"GET /documents)")
        s, e = 0 if start is None else start, len(text) if end is None else end
        if not 0 <= s <= e <= len(text):
            raise UserError(f"the span {s}..{e} is not within the text (0..{len(text)})")
        return DocumentText(file=path, sha256=record.sha256, format=record.format,
                            length=len(text), start_char=s, end_char=e,
                            start_line=text.count("\n", 0, s) + 1,
                            end_line=text.count("\n", 0, max(s, e - 1)) + 1, text=text[s:e])

    def delete_document(self, path: str, collections: Collections = None) -> None:
        """Remove an indexed document for good: its file from the corpus folder (else the next
        index run would add it back) and its record, chunks and text from the index (so no answer
        can cite it). Only a path that is indexed and lies inside the corpus folder, once links
        are resolved, is touched; a link is removed, never the file it points to. Holds the write
        lock, as `index` does. Outside `collections` a document is not found."""
        with writing(self.settings.index, "deleting a document"):
            if self._record(path, collections) is None:
                raise DocumentNotFound(f"no indexed document {path!r} (see `rag documents` or "
                                       f"GET /documents)")
            file = self._corpus_entry(path)
            if file is None:
                raise DocumentNotFound(f"{path!r} does not lie inside the corpus folder; "
                                       f"not deleted")
            file.unlink(missing_ok=True)
            remove_document(self.store, path)
        if "retriever" in self.__dict__:
            self.retriever.refresh()

    def _corpus_entry(self, path: str) -> Path | None:
        """Where the indexed `path` lies in the corpus folder, or None when it would be outside."""
        root = self.settings.index.corpus_path.resolve()
        if root.is_file():  # a one-file corpus: its only document is the root itself
            return root if path == root.name else None
        relative = Path(path)
        if relative.is_absolute() or ".." in relative.parts:
            return None
        entry = root / relative
        resolved = entry.resolve()
        return entry if resolved != root and resolved.is_relative_to(root) else None

    def documents(self, collections: Collections = None) -> list[FileRecord]:
        return sorted((r for r in self.retriever.files.values()
                       if collections is None or r.collection in collections),
                      key=lambda r: r.path)

    def _record(self, path: str, collections: Collections) -> FileRecord | None:
        record = self.store.files().get(path)
        return record if record and (collections is None or record.collection in collections) \
            else None

    def stats(self) -> tuple[int, int]:
        """(documents, chunks) currently searchable."""
        r = self.retriever
        return len(r.files), r.chunk_count()

    def warm_up(self, generator: str | None = None) -> None:
        """Load the index and models now rather than on the first request."""
        self.embedder()
        _ = self.pipeline
        backend = self.generators.get(generator)
        load = getattr(backend, "load", None)
        if callable(load):
            load()
        judge = self.generators.judge_for(backend)
        if judge is not None:  # evaluates and caches the judge's instructions and examples
            judge.judge("Is this a warm-up?", ["This is a warm-up."])
            judge.name_in("What is the name of this?", "This is a warm-up.")  # and the name reader's

"""Hybrid retrieval: dense similarity (each chunk scored by its own vector and its best sentence's)
fused with BM25 by weighted scores, corrected for same-language bias, duplicates collapsed.

Score fusion rather than reciprocal-rank fusion: with RRF a cross-language BM25 list (which matches
only names and figures) pushed good dense hits down (benchmarks/retrieval.py compares them).

A collapsed hit keeps its other copies, so a citation may point at any of them and an evaluation that
lists every copy as support counts either as correct.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from rag import tuning
from rag.models.embedder import Embedder
from rag.schema import Passage
from rag.search.bm25 import BM25
from rag.search.duplicates import near_duplicate, shingles
from rag.search.store import StoredChunk, VectorStore
from rag.search.translation import QueryTranslator
from rag.text.language import detect_language

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass
class Hit:
    chunk: StoredChunk
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    copies: list[StoredChunk] = field(default_factory=list)

    def passage(self) -> Passage:
        c = self.chunk
        return Passage(file=c.file, start_line=c.start_line, end_line=c.end_line,
                       start_char=c.start_char, end_char=c.end_char, text=c.text,
                       score=round(self.score, 4), page=c.page or None,
                       page_end=c.page_end if c.page_end and c.page_end != c.page else None,
                       section=c.section or None)


@dataclass(frozen=True)
class FusionWeights:
    lexical: float = tuning.LEXICAL_WEIGHT
    """Weight of the BM25 score (scaled to 0..1 by the best one) added to the dense similarity."""
    same_language: float = tuning.SAME_LANGUAGE_PENALTY
    """Subtracted from passages in the query's own language (see rag.tuning)."""


class Retriever:
    """Searches the live chunks: those whose file record names their version."""

    def __init__(self, store: VectorStore, embedder: Callable[[], Embedder],
                 candidates: int = 30, weights: FusionWeights | None = None,
                 translator: Callable[[], QueryTranslator | None] | None = None,
                 mode: Mode = "hybrid") -> None:
        self.store = store
        self.mode: Mode = mode
        self._translator = translator
        self._embedder = embedder
        self.candidates = candidates
        self.weights = weights or FusionWeights()
        self._lock = threading.Lock()
        self.refresh()

    def refresh(self) -> None:
        """Reload the chunk table after indexing; cheap, and keeps BM25 in step with the store."""
        files = self.store.files()
        live = [c for c in self.store.all_chunks()
                if c.file in files and files[c.file].sha256 == c.file_sha]
        live.sort(key=lambda c: (c.file, c.start_char))
        with self._lock:
            self.files = files
            self.chunks = live
            self.by_id = {c.id: c for c in live}
            self.bm25 = BM25([c.text for c in live])
            self._shingles: dict[str, frozenset[str]] = {}

    @property
    def scores_similarity(self) -> bool:
        """Whether hits carry a dense similarity to judge retrieval by (not BM25 alone)."""
        return self.mode != "lexical"

    @property
    def embedder(self) -> Embedder:
        return self._embedder()

    def dense(self, query: str, n: int) -> dict[str, float]:
        """Chunk id → similarity: the mean of the chunk's own vector and its best sentence's."""
        if not self.chunks:
            return {}
        vector = self.embedder.embed_queries([query])[0]
        # Ask for extra: stale chunks of a half-finished re-index may occupy some places.
        slack = len(self.by_id) // 10 + 5
        whole = {i: s for i, s in self.store.query(vector, n + slack) if i in self.by_id}
        best_sentence: dict[str, float] = {}
        for i, s in self.store.query_sentences(vector, 4 * n + slack):
            if i in self.by_id and s > best_sentence.get(i, -1.0):
                best_sentence[i] = s
        if not whole:
            return {}
        floor_whole = min(whole.values())
        floor_sentence = min(best_sentence.values(), default=floor_whole)
        ids = list(dict.fromkeys([*whole, *best_sentence]))
        return {i: (whole.get(i, floor_whole) + best_sentence.get(i, floor_sentence)) / 2
                for i in ids}

    def lexical(self, query: str, n: int) -> dict[str, float]:
        """Chunk id → BM25 score scaled so the best match is 1."""
        top = self.bm25.top(query, n)
        best = top[0][1] if top else 1.0
        return {self.chunks[i].id: s / best for i, s in top}

    def search(self, query: str, top_k: int = 5, mode: Mode | None = None,
               translate: bool = False, timings: dict[str, int] | None = None) -> list[Hit]:
        """Best `top_k` distinct passages; `mode` overrides the retriever's own (hybrid, dense or
        lexical); `translate` also searches with the query's English translation, if there is one
        (its time goes into `timings["translate"]`)."""
        mode = mode or self.mode
        query = query.strip()
        if not query or top_k <= 0:
            return []
        w = self.weights
        started = time.perf_counter()
        variants = [query, *(self._translations(query, mode) if translate else [])]
        if translate and timings is not None:
            timings["translate"] = round((time.perf_counter() - started) * 1000)
        dense: dict[str, float] = {}
        """Similarity, the mean over wordings: what weak retrieval is judged by."""
        corrected: dict[str, float] = {}
        """The same with each wording's same-language bias taken off: what ranks."""
        lexical: dict[str, float] = {}
        scored = [(detect_language(text), self.dense(text, self.candidates))
                  for text in variants] if mode in ("hybrid", "dense") else []
        floors = [min(mine.values(), default=0.0) for _, mine in scored]
        for i in dict.fromkeys(i for _, mine in scored for i in mine):
            for (language, mine), floor_of_mine in zip(scored, floors, strict=True):
                own = mine.get(i, floor_of_mine)
                bias = w.same_language if self.by_id[i].lang == language else 0.0
                dense[i] = dense.get(i, 0.0) + own / len(scored)
                corrected[i] = corrected.get(i, 0.0) + (own - bias) / len(scored)
        if mode in ("hybrid", "lexical"):
            for text in variants:
                for i, score in self.lexical(text, self.candidates).items():
                    lexical[i] = max(lexical.get(i, 0.0), score)
        floor = min(corrected.values(), default=0.0)
        hits = []
        for i in dict.fromkeys([*dense, *lexical]):
            hit = Hit(self.by_id[i], 0.0, dense=dense.get(i, 0.0), lexical=lexical.get(i, 0.0))
            hit.score = hit.lexical if mode == "lexical" else \
                corrected.get(i, floor) + w.lexical * hit.lexical
            hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.chunk.file, h.chunk.start_char))
        return self._collapse(hits, top_k)

    def _translations(self, query: str, mode: str) -> list[str]:
        translator = self._translator() if self._translator and mode != "lexical" else None
        if translator is None:
            return []
        try:
            english = translator.to_english(query)
        except Exception as exc:  # a missing or broken model must not break search
            log.warning("query translation failed (%s); searching with the question only", exc)
            return []
        return [english] if english and english != query else []

    def _shingles_of(self, chunk: StoredChunk) -> frozenset[str]:
        if chunk.id not in self._shingles:
            self._shingles[chunk.id] = shingles(chunk.text)
        return self._shingles[chunk.id]

    def _collapse(self, ranked: list[Hit], top_k: int) -> list[Hit]:
        kept: list[Hit] = []
        for hit in ranked:
            twin = next((k for k in kept if k.chunk.text_hash == hit.chunk.text_hash
                         or near_duplicate(self._shingles_of(k.chunk), self._shingles_of(hit.chunk))),
                        None)
            if twin is not None:
                twin.copies.append(hit.chunk)
                twin.dense = max(twin.dense, hit.dense)
                continue
            if len(kept) < top_k:
                kept.append(hit)
        return kept

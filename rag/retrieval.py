"""Hybrid retrieval: dense similarity (each chunk scored by its own vector and its best sentence's)
fused with BM25 by weighted scores, corrected for same-language bias, duplicates collapsed.

Score fusion rather than reciprocal-rank fusion: on the gold set RRF let a cross-language BM25 list
(which matches only names and figures) push good dense hits down; see benchmarks/retrieval.py.

A collapsed hit keeps its other copies, so a citation may point at any of them and an evaluation that
lists every copy as support counts either as correct.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from rag.bm25 import BM25
from rag.duplicates import near_duplicate, shingles
from rag.embedding import Embedder
from rag.language import detect_language
from rag.schema import Passage
from rag.store import StoredChunk, VectorStore


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
                       score=round(self.score, 4))


@dataclass(frozen=True)
class FusionWeights:
    lexical: float = 0.03
    """Weight of the BM25 score (scaled to 0..1 by the best one) added to the dense similarity."""
    same_language: float = 0.04
    """Subtracted from passages in the query's own language: multilingual encoders rate any
    same-language pair higher, which otherwise buries the answer when it is in another language."""


class Retriever:
    """Searches the live chunks: those whose file record names their version."""

    def __init__(self, store: VectorStore, embedder: Callable[[], Embedder],
                 candidates: int = 30, weights: FusionWeights | None = None) -> None:
        self.store = store
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

    def search(self, query: str, top_k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """Best `top_k` distinct passages; `mode` is hybrid, dense or lexical (for baselines)."""
        query = query.strip()
        if not query or top_k <= 0:
            return []
        w = self.weights
        dense = self.dense(query, self.candidates) if mode in ("hybrid", "dense") else {}
        lexical = self.lexical(query, self.candidates) if mode in ("hybrid", "lexical") else {}
        language = detect_language(query)
        floor = min(dense.values()) if dense else 0.0
        hits = []
        for i in dict.fromkeys([*dense, *lexical]):
            chunk = self.by_id[i]
            hit = Hit(chunk, 0.0, dense=dense.get(i, 0.0), lexical=lexical.get(i, 0.0))
            if mode == "lexical":
                hit.score = hit.lexical
            else:
                penalty = w.same_language if chunk.lang == language else 0.0
                hit.score = dense.get(i, floor) - penalty + w.lexical * hit.lexical
            hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.chunk.file, h.chunk.start_char))
        return self._collapse(hits, top_k)

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

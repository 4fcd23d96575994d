"""Hybrid retrieval: dense (embeddings in the vector store) and lexical (BM25) lists fused by
weighted reciprocal rank fusion, with duplicate passages collapsed into one hit.

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
    dense: float = 1.0
    lexical: float = 0.5
    k: int = 60


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

    def dense(self, query: str, n: int) -> list[tuple[StoredChunk, float]]:
        if not self.chunks:
            return []
        vector = self.embedder.embed_queries([query])[0]
        # Ask for extra: stale chunks of a half-finished re-index may occupy some places.
        found = self.store.query(vector, n + 2 * len(self.by_id) // 10 + 5)
        return [(self.by_id[i], s) for i, s in found if i in self.by_id][:n]

    def lexical(self, query: str, n: int) -> list[tuple[StoredChunk, float]]:
        return [(self.chunks[i], s) for i, s in self.bm25.top(query, n)]

    def search(self, query: str, top_k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """Best `top_k` distinct passages; `mode` is hybrid, dense or lexical (for baselines)."""
        query = query.strip()
        if not query or top_k <= 0:
            return []
        w = self.weights
        dense = self.dense(query, self.candidates) if mode in ("hybrid", "dense") else []
        lexical = self.lexical(query, self.candidates) if mode in ("hybrid", "lexical") else []
        hits: dict[str, Hit] = {}
        for rank, (chunk, sim) in enumerate(dense):
            hit = hits.setdefault(chunk.id, Hit(chunk, 0.0))
            hit.score += w.dense / (w.k + rank + 1)
            hit.dense = sim
        for rank, (chunk, score) in enumerate(lexical):
            hit = hits.setdefault(chunk.id, Hit(chunk, 0.0))
            hit.score += w.lexical / (w.k + rank + 1)
            hit.lexical = score
        best = (w.dense if dense else 0.0) + (w.lexical if lexical else 0.0)
        ranked = sorted(hits.values(), key=lambda h: (-h.score, h.chunk.file, h.chunk.start_char))
        for hit in ranked:
            hit.score = hit.score * (w.k + 1) / best if best else 0.0
        return self._collapse(ranked, top_k)

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

"""Okapi BM25 over the live chunks, rebuilt in memory whenever the index changes.

It is cheap to rebuild (a few milliseconds per thousand chunks) and avoids a second persistent index
that could drift from the vector store, which stays the single source of truth.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from rag.search.lexical import tokenize


class BM25:
    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.term_freqs = [Counter(tokenize(t)) for t in texts]
        self.lengths = [sum(tf.values()) for tf in self.term_freqs]
        self.avg_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        doc_freq: Counter[str] = Counter()
        for tf in self.term_freqs:
            doc_freq.update(tf.keys())
        n = len(self.term_freqs)
        self.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in doc_freq.items()}

    def __len__(self) -> int:
        return len(self.term_freqs)

    def scores(self, query: str) -> list[float]:
        terms = [t for t in dict.fromkeys(tokenize(query)) if t in self.idf]
        out = []
        for tf, length in zip(self.term_freqs, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / (self.avg_length or 1.0))
            out.append(sum(
                self.idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm) for t in terms if t in tf
            ))
        return out

    def top(self, query: str, n: int) -> list[tuple[int, float]]:
        """Best `n` (index, score) pairs with a positive score, best first."""
        scored = [(i, s) for i, s in enumerate(self.scores(query)) if s > 0]
        scored.sort(key=lambda p: -p[1])
        return scored[:n]

"""Does a sentence of a source support a claim? Scored across languages.

Two signals: e5 similarity between the claim and the source sentence (both embedded as queries,
e5's symmetric mode, which is what makes an English claim comparable to an Indonesian sentence), and
figures (rag.text.figures): every number the claim states must appear in the evidence, because a
small model's most common invention is a plausible figure next to a real citation.
"""

from __future__ import annotations

import numpy as np

from rag.models.embedder import Embedder
from rag.models.memo import Memo


class SupportScorer:
    """e5 similarities, with the vectors of recent texts remembered (one answer embeds the same
    question and sentences several times: ranking, judging, checking)."""

    def __init__(self, embedder: Embedder, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._vectors_of: Memo[tuple[str, str], np.ndarray] = Memo(cache_size)

    def _vectors(self, texts: list[str], kind: str) -> np.ndarray:
        found = {t: v for (_, t), v in self._vectors_of.found((kind, t) for t in texts).items()}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            embed = self.embedder.embed_queries if kind == "q" else self.embedder.embed_passages
            found.update(zip(missing, embed(missing), strict=True))
        self._vectors_of.update({(kind, t): found[t] for t in dict.fromkeys(texts)})
        return np.stack([found[t] for t in texts])

    def similarity(self, claims: list[str], evidence: list[str]) -> np.ndarray:
        """Symmetric similarity matrix (claims × evidence)."""
        if not claims or not evidence:
            return np.zeros((len(claims), len(evidence)), dtype=np.float32)
        return self._vectors(claims, "q") @ self._vectors(evidence, "q").T

    def relevance(self, question: str, sentences: list[str]) -> np.ndarray:
        """Asymmetric question → sentence relevance, as e5 was trained for retrieval."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        return self._vectors(sentences, "p") @ self._vectors([question], "q")[0]

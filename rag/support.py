"""Does a sentence of a source support a claim? Scored across languages.

Two signals: e5 similarity between the claim and the source sentence (both embedded as queries,
e5's symmetric mode, which is what makes an English claim comparable to an Indonesian sentence), and
figures: every number the claim states must appear in the evidence, because a small model's most
common invention is a plausible figure next to a real citation.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import numpy as np

from rag.embedding import Embedder

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

SUPPORTS = 0.86
"""Similarity at which a cited sentence counts as supporting its claim."""
CLEARLY_SUPPORTS = 0.89
"""Higher bar for giving an unmarked sentence a citation the model did not write."""


def numbers(text: str) -> set[str]:
    """Figures in `text`, with decimal commas read as points and trailing zeros dropped."""
    found = set()
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", ".")
        if value.count(".") > 1:  # 1.000.000 style thousands separators
            value = value.replace(".", "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.add(value.lstrip("0") or "0")
    return found


def figures_agree(claim: str, evidence: str) -> bool:
    return numbers(claim) <= numbers(evidence)


class SupportScorer:
    def __init__(self, embedder: Embedder, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def _vectors(self, texts: list[str], kind: str) -> np.ndarray:
        with self._lock:
            found = {t: self._cache[(kind, t)] for t in texts if (kind, t) in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            embed = self.embedder.embed_queries if kind == "q" else self.embedder.embed_passages
            found.update(zip(missing, embed(missing), strict=True))
        with self._lock:
            for t in dict.fromkeys(texts):
                self._cache[(kind, t)] = found[t]
                self._cache.move_to_end((kind, t))
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
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

"""Does a sentence of a source support a claim? Scored across languages.

Two signals: e5 similarity between the claim and the source sentence (both embedded as queries,
e5's symmetric mode, which is what makes an English claim comparable to an Indonesian sentence), and
figures: every number the claim states must appear in the evidence, because a small model's most
common invention is a plausible figure next to a real citation.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict

import numpy as np

from rag.models.embedder import Embedder

FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
"""A figure in digits, with its decimal or thousands separators ("14,3", "1.000.000")."""

SUPPORTS = 0.86
"""Similarity at which a cited sentence counts as supporting its claim."""
CLEARLY_SUPPORTS = 0.89
"""Higher bar for giving an unmarked sentence a citation the model did not write."""


_SCALE = re.compile(
    r"\s*(?:(?P<latin>thousand|ribu|millions?|juta|billions?|milliards?|miliar|trillions?|triliun)"
    r"(?![^\W\d_])|(?P<han>千萬|千万|百萬|百万|十萬|十万|萬|万|千億|千亿|百億|百亿|十億|十亿|億|亿|兆))",
    re.IGNORECASE)
_SCALES = {"thousand": 1e3, "ribu": 1e3, "million": 1e6, "juta": 1e6, "billion": 1e9,
           "milliard": 1e9, "miliar": 1e9, "trillion": 1e12, "triliun": 1e12,
           "千萬": 1e7, "千万": 1e7, "百萬": 1e6, "百万": 1e6, "十萬": 1e5, "十万": 1e5, "萬": 1e4,
           "万": 1e4, "千億": 1e11, "千亿": 1e11, "百億": 1e10, "百亿": 1e10, "十億": 1e9, "十亿": 1e9,
           "億": 1e8, "亿": 1e8, "兆": 1e12}
"""Scale words after a figure. A model that turns "$600 milliards" into "600亿美元" (sixty billion)
keeps the digits and changes the amount tenfold; comparing digits alone would let it keep its
citation. (French "billion" means 10^12, but French writes "milliard"; English 10^9 is assumed.)"""


def _value(raw: str) -> float:
    """A figure's value, with decimal commas read as points and 1.000.000 style separators."""
    value = raw.replace(",", ".")
    if value.count(".") > 1:
        value = value.replace(".", "")
    return float(value)


def amounts(text: str) -> list[tuple[float, float | None]]:
    """Each figure in `text`: its digits' value, and that times the scale word after it (None
    when no scale word follows)."""
    found: list[tuple[float, float | None]] = []
    for match in FIGURE.finditer(text):
        digits = _value(match.group())
        scale = _SCALE.match(text, match.end())
        if scale is None:
            found.append((digits, None))
            continue
        word = scale.group("latin").lower().removesuffix("s") if scale.group("latin") \
            else scale.group("han")
        found.append((digits, digits * _SCALES[word]))
    return found


def figures_agree(claim: str, evidence: str) -> bool:
    """Every figure of the claim is in the evidence: a bare figure by its digits (so "14.3" may
    stand for "14,3 miliar"), a scaled one by its amount ("143億" and "14.3 billion" for "14,3
    miliar" too, "14,3 juta" not)."""
    stated = amounts(evidence)
    digits = [d for d, _ in stated]
    values = [v for d, scaled in stated for v in (d, scaled) if v is not None]
    for figure, scaled in amounts(claim):
        wanted, known = (figure, digits) if scaled is None else (scaled, values)
        if not any(math.isclose(wanted, v, rel_tol=1e-9) for v in known):
            return False
    return True


def keeps_a_figure(sentence: str, text: str) -> bool:
    """Whether `text` states at least one of the sentence's figures (true when it has none): a
    rewording that drops every figure has usually dropped the answer ("launched in spring 2026"
    became "launched soon"), while one that drops only some ("in June 2025, $14.3 billion" →
    "$14.3 billion") has usually kept it."""
    figures = list(FIGURE.finditer(sentence))
    if not figures:
        return True
    for m in figures:
        scale = _SCALE.match(sentence, m.end())
        if figures_agree(sentence[m.start():scale.end() if scale else m.end()], text):
            return True
    return False


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

"""Scoring functions, pure and small, so they can be tested on hand-made cases and reused by anyone
re-scoring the raw JSON the harness writes.

A passage or citation is on a gold line when its line range contains one of the item's support
lines for that file (duplicated passages list every copy in the gold set, so either copy counts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Protocol


class Span(Protocol):
    file: str
    start_line: int
    end_line: int


def on_support(span: Span, support: dict[str, list[int]]) -> bool:
    return any(span.start_line <= line <= span.end_line for line in support.get(span.file, ()))


def first_hit_rank(retrieved: Sequence[Span], support: dict[str, list[int]]) -> int | None:
    """1-based rank of the first retrieved passage on a support line, None when none is."""
    for rank, passage in enumerate(retrieved, 1):
        if on_support(passage, support):
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None) -> float:
    return 1.0 / rank if rank else 0.0


def support_recall(retrieved: Sequence[Span], support: dict[str, list[int]], k: int) -> float:
    """Share of the gold files whose support some passage in the top k covers.

    Counted per file rather than per line, because duplicated copies and restatements of a fact
    within one file are alternatives, not separate things to find.
    """
    if not support:
        return 0.0
    found = sum(any(on_support(p, {f: lines}) for p in retrieved[:k]) for f, lines in
                support.items())
    return found / len(support)


def citation_precision(citations: Sequence[Span], support: dict[str, list[int]]) -> float | None:
    """Share of citations on gold lines; None when there are no citations to judge."""
    if not citations:
        return None
    return sum(on_support(c, support) for c in citations) / len(citations)


def mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[index]


def citations_on_support(citations: Sequence[Span], support: dict[str, list[int]]) -> int:
    """How many citations sit on a gold line: the numerator of pooled citation precision."""
    return sum(on_support(c, support) for c in citations)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, None when there is nothing to divide (no cases is not 0 %).

    Pooled shares (citation precision over all citations, quote validity over all quotes) are
    summed first and divided once, so an item with ten citations weighs ten times one with one.
    """
    return numerator / denominator if denominator else None

"""Near-duplicate detection between passages, by overlap of character shingles.

Containment (shared shingles over the smaller set) rather than Jaccard, so a copy that gained a
heading or lost a trailing sentence still counts as the same passage.
"""

from __future__ import annotations

import re

SHINGLE = 5
THRESHOLD = 0.8


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    norm = re.sub(r"\s+", " ", text.lower()).strip()
    if len(norm) <= size:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i:i + size] for i in range(len(norm) - size + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def near_duplicate(a: frozenset[str], b: frozenset[str], threshold: float = THRESHOLD) -> bool:
    return containment(a, b) >= threshold

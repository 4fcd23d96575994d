"""What the quality gates share: one figure of a summary, refusing to pass on a figure that could
not be measured (a gate that compares None would pass or fail for the wrong reason)."""

from __future__ import annotations

from typing import Any


def overall(summary: dict[str, Any], key: str, lang: str | None = None) -> float:
    scores = summary["overall"] if lang is None else summary["by_language"][lang]
    assert scores[key] is not None, f"{key} could not be measured"
    return float(scores[key])

"""The systems one evaluation run compares, and which gold items each of them is asked.

Baselines answer "is the hybrid pipeline worth it?": (a) BM25-only and (b) dense-only retrieval
through the assistant's own pipeline (same chunks, generator, citation checking), and (c) a stock
llama-index CitationQueryEngine on the same corpus and models (`llamaindex_baseline`). All run in
the same process on the same gold items and embedder, so their figures sit side by side.

The llama-index baseline costs an LLM call per question (tens of seconds on a small CPU), so runs
can be narrowed: `RAG_EVAL_BASELINES` picks baselines, `RAG_EVAL_LIMIT` limits every system's
items, `RAG_EVAL_LLAMA_INDEX_LIMIT` only the llama-index one's. Limits take items round-robin
across languages and item kinds, so a short run still has every language and kind in it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from rag.assistant import Assistant
from rag.evaluation.gold import GoldItem
from rag.evaluation.scoring import LANGUAGE_ORDER


@dataclass(frozen=True)
class System:
    name: str
    label: str
    mode: str | None
    """The pipeline's retrieval mode; None for a system that is not the assistant's pipeline."""


MAIN = System("main", "main", "hybrid")
BASELINES: tuple[System, ...] = (
    System("bm25", "BM25", "lexical"),
    System("dense", "dense", "dense"),
    System("llama_index", "llama-index", None),
)
BY_NAME = {s.name: s for s in (MAIN, *BASELINES)}


def with_retrieval(assistant: Assistant, mode: str) -> Assistant:
    """The same assistant (index, embedder) retrieving in another mode (RAG_RETRIEVAL_MODE)."""
    if assistant.settings.retrieval.retrieval_mode == mode:
        return assistant
    return Assistant(assistant.settings.replace(retrieval_mode=mode), store=assistant.store,
                     embedder=assistant.embedder())


def parse_baselines(spec: str | Sequence[str] | None) -> list[System]:
    """Baselines named in `spec` ("bm25,dense", a list, or None / "all" for every one).

    An unknown name is an error rather than silently ignored: a typo would otherwise make a run
    quietly compare nothing.
    """
    if spec is None or spec == "all":
        return list(BASELINES)
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    if names == ["none"]:
        return []
    unknown = [n for n in names if n not in BY_NAME or n == MAIN.name]
    if unknown:
        choices = ", ".join(s.name for s in BASELINES)
        raise ValueError(f"unknown baseline(s) {', '.join(unknown)}; choose from {choices}")
    return [s for s in BASELINES if s.name in names]


def env_limit(name: str) -> int | None:
    """A positive integer limit from the environment, None when unset or empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    limit = int(value)
    if limit <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return limit


def _kind(item: GoldItem) -> int:
    """0 single-turn answerable, 1 multi-turn, 2 unanswerable, 3 trap: the kinds a sample must mix."""
    if not item.answerable:
        return 3 if item.trap else 2
    return 1 if item.messages is not None else 0


def select_items(items: Sequence[GoldItem], limit: int | None) -> list[GoldItem]:
    """At most `limit` items, round-robin across (language, kind) strata, each in file order.

    A plain head of the file would be one language's easiest questions; this way even a dozen
    items hold every language, a follow-up and an unanswerable question. Deterministic, so two
    runs with the same limit score the same questions; the result keeps the gold file's order.
    """
    if limit is None or limit >= len(items):
        return list(items)
    strata: dict[tuple[int, int, str], list[GoldItem]] = {}
    for item in items:
        lang_rank = LANGUAGE_ORDER.index(item.lang) if item.lang in LANGUAGE_ORDER else 99
        strata.setdefault((lang_rank, _kind(item), item.lang), []).append(item)
    order = sorted(strata)
    chosen: set[str] = set()
    depth = 0
    while len(chosen) < limit:
        for key in order:
            if depth < len(strata[key]) and len(chosen) < limit:
                chosen.add(strata[key][depth].id)
        depth += 1
    return [item for item in items if item.id in chosen]

"""Reranking retrieved passages by the answer judge: a passage holding a sentence the judge says
answers the question comes first.

A small multilingual embedder ranks a passage in the question's language that is merely about the
topic (a summary) above the passage in another language that holds the answer; no fusion weight
fixed that without hurting another language. The judge reads candidate sentences, not passages, so reranking
costs nothing when an answer is judged anyway (its verdicts are reused) and about as much as a
judged answer (a few seconds here) for a plain search that asks for it (RAG_RERANK=llama).
Passages without an accepted sentence keep their retrieval order after the promoted ones, so
recall@k never changes, only the order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rag.answer.judging import JudgeStep, best_verdicts
from rag.answer.sources import sources_of
from rag.errors import GeneratorError
from rag.search.retrieval import Hit

log = logging.getLogger(__name__)


def promote(hits: list[Hit], best: dict[int, float]) -> list[Hit]:
    """`hits` (source n is hits[n - 1]) with the judged ones first, most confident first."""
    order = sorted(range(len(hits)), key=lambda i: (-best.get(i + 1, 0.0), i))
    return [hits[i] for i in order]


@dataclass(frozen=True)
class JudgeReranker:
    """Reranks a plain search's hits with the judge (the pipeline reuses its own verdicts)."""

    step: JudgeStep

    def rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        sources = sources_of(hits)
        try:
            ranked, verdicts = self.step.score(question, question, sources)
        except GeneratorError as exc:  # a missing or broken model must not break search
            log.warning("reranking failed (%s); keeping the retrieval order", exc)
            return hits
        return promote(hits, best_verdicts(ranked, verdicts, self.step.threshold))

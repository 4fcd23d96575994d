"""Reranking retrieved passages by the answer judge: a passage holding a sentence the judge says
answers the question comes first.

multilingual-e5-small ranks the corpus' one Chinese paragraph (a summary of the whole story) above
the Indonesian passage holding the answer for most Chinese questions; no fusion weight fixed that
without hurting another language. The judge reads candidate sentences, not passages, so reranking
costs nothing when an answer is judged anyway (its verdicts are reused) and about as much as a
judged answer (a few seconds here) for a plain search that asks for it (RAG_RERANK=llama).
Passages without an accepted sentence keep their retrieval order after the promoted ones, so
recall@k never changes, only the order.
"""

from __future__ import annotations

import logging

from rag.answer.candidates import rank_candidates
from rag.answer.judging import AnswerJudge, best_verdicts
from rag.answer.sources import Source
from rag.answer.support import SupportScorer
from rag.errors import GeneratorError
from rag.search.retrieval import Hit

log = logging.getLogger(__name__)


def promote(hits: list[Hit], best: dict[int, float]) -> list[Hit]:
    """`hits` (source n is hits[n - 1]) with the judged ones first, most confident first."""
    order = sorted(range(len(hits)), key=lambda i: (-best.get(i + 1, 0.0), i))
    return [hits[i] for i in order]


class JudgeReranker:
    """Reranks a plain search's hits with the judge (the pipeline reuses its own verdicts)."""

    def __init__(self, scorer: SupportScorer, judge: AnswerJudge, threshold: float,
                 candidates: int) -> None:
        self.scorer = scorer
        self.judge = judge
        self.threshold = threshold
        self.candidates = candidates

    def rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        sources = [Source(n, h.passage()) for n, h in enumerate(hits, 1)]
        ranked = rank_candidates(self.scorer, question, sources)[:self.candidates]
        if not ranked:
            return hits
        try:
            verdicts = self.judge.judge(question, [c.evidence.text for c in ranked])
        except GeneratorError as exc:  # a missing or broken model must not break search
            log.warning("reranking failed (%s); keeping the retrieval order", exc)
            return hits
        return promote(hits, best_verdicts(ranked, verdicts, self.threshold))

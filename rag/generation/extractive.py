"""The extractive generator: no model, it quotes the source sentences that answer the question.

Deterministic and fast, it is the fallback whenever an LLM backend is missing or fails, and the
generator the fast tests use. Sentences are ranked by e5 question→sentence relevance, lifted a
little by the fused retrieval score of their passage, and must fit the expected answer type (a
figure for "how much", a date for "when"); when the best one is not relevant enough it says
NOT_FOUND rather than quote something merely on topic.
"""

from __future__ import annotations

from collections.abc import Iterator

from rag.evidence import evidence_of
from rag.generation.base import GenerationRequest
from rag.generation.prompts import NOT_FOUND
from rag.question_type import expected_answer_type, fits_answer_type
from rag.support import SupportScorer

RELEVANT = 0.845
"""Question→sentence relevance below which no sentence is taken to answer."""
SECOND_WITHIN = 0.012
"""A second sentence is quoted when it is nearly as relevant as the best one."""
MAX_SENTENCES = 2
PASSAGE_WEIGHT = 0.1
"""How much the retrieval score of a sentence's passage adds to the sentence's own relevance."""


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, scorer: SupportScorer, relevant: float = RELEVANT) -> None:
        self.scorer = scorer
        self.relevant = relevant

    def select(self, request: GenerationRequest) -> list[tuple[float, int]]:
        """(score, index into evidence_of(sources)) of the sentences to quote, best first."""
        evidence = evidence_of(request.sources)
        candidates = [i for i, e in enumerate(evidence) if e.quotable]
        if not candidates:
            return []
        relevance = self.scorer.relevance(request.question, [evidence[i].text for i in candidates])
        kind = expected_answer_type(request.question)
        # Rank by relevance lifted by the passage's retrieval score; judge by relevance alone.
        ranked = sorted(
            ((float(r) + PASSAGE_WEIGHT * evidence[i].score, float(r), i)
             for i, r in zip(candidates, relevance, strict=True)
             if fits_answer_type(kind, evidence[i].text)), reverse=True)
        if not ranked or ranked[0][1] < self.relevant:
            return []
        best = ranked[0][0]
        chosen = [(ranked[0][0], ranked[0][2])]
        seen = {evidence[ranked[0][2]].text}
        for score, _, i in ranked[1:]:
            if len(chosen) == MAX_SENTENCES or score < best - SECOND_WITHIN:
                break
            if evidence[i].text not in seen:
                chosen.append((score, i))
                seen.add(evidence[i].text)
        return chosen

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        evidence = evidence_of(request.sources)
        chosen = self.select(request)
        if not chosen:
            yield NOT_FOUND
            return
        # Quote in document order, so two sentences of one passage read naturally.
        chosen.sort(key=lambda p: (evidence[p[1]].file, evidence[p[1]].start_char))
        for n, (_, i) in enumerate(chosen):
            ev = evidence[i]
            yield ("" if n == 0 else " ") + f"{ev.text} [{ev.source}]"

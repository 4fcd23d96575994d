"""Candidate answer sentences: the sentences of the retrieved passages, ranked for one question.

Ranked by e5 question→sentence relevance lifted a little by the fused retrieval score of their
passage, keeping only sentences that fit the expected answer type (a figure for "how much", a date
for "when") from passages that name every versioned name the question does ("Llama 3", see
rag.text.versions), and only sentences that write the path or option the question names when
some do. The extractive generator quotes from the top of this list; the answer judge reads the
first few of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag import tuning
from rag.answer.evidence import Evidence, evidence_of
from rag.answer.sources import Source
from rag.answer.support import SupportScorer
from rag.text.question_types import expected_answer_type, fits_answer_type
from rag.text.terms import names_every_term
from rag.text.versions import names_every_version


@dataclass(frozen=True)
class Candidate:
    evidence: Evidence
    relevance: float
    """e5 question→sentence similarity: what thresholds are judged on."""
    rank: float
    """Relevance lifted by the passage's retrieval score: what the order is decided by."""


def rank_candidates(scorer: SupportScorer, question: str, sources: list[Source],
                    passage_weight: float = tuning.PASSAGE_WEIGHT,
                    asked: str | None = None) -> list[Candidate]:
    """`asked` is the latest message as written (`question` may be a condensed conversation):
    when it names a path or an option and some candidates write it, only those are kept."""
    on_version = {s.number for s in sources if names_every_version(question, s.passage.text)}
    evidence = [e for e in evidence_of(sources) if e.quotable and e.source in on_version]
    if not evidence:
        return []
    relevance = scorer.relevance(question, [e.text for e in evidence])
    kind = expected_answer_type(question)
    ranked = [Candidate(e, float(r), float(r) + passage_weight * e.score)
              for e, r in zip(evidence, relevance, strict=True) if fits_answer_type(kind, e.text, question)]
    ranked = [c for c in ranked if names_every_term(asked or question, c.evidence.text)] or ranked
    # Ties (the same sentence in two copies of an article) keep reading order.
    ranked.sort(key=lambda c: (-c.rank, c.evidence.source, c.evidence.start_char))
    return ranked

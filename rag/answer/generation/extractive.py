"""The extractive generator: no model, it quotes the source sentences that answer the question.

Deterministic and fast, it is the fallback whenever an LLM backend is missing or fails, and the
generator the fast tests use. It quotes the best candidate sentence (rag.answer.candidates), and a
second one when it is nearly as good; when the best one is not relevant enough it says NOT_FOUND
rather than quote something merely on topic. When the answer judge has already chosen the sentences
that answer (request.answers), it quotes those instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from rag import tuning
from rag.answer.candidates import rank_candidates
from rag.answer.evidence import END, Evidence
from rag.answer.generation.base import Capabilities, GenerationRequest
from rag.answer.support import SupportScorer
from rag.prompts import NOT_FOUND

MAX_SENTENCES = 2


class ExtractiveGenerator:
    name = "extractive"
    capabilities = Capabilities(quotes_verbatim=True, wants_excerpts=False)

    def __init__(self, scorer: SupportScorer, relevant: float = tuning.RELEVANT,
                 second_within: float = tuning.SECOND_WITHIN) -> None:
        self.scorer = scorer
        self.relevant = relevant
        self.second_within = second_within

    def select(self, request: GenerationRequest) -> list[Evidence]:
        """The sentences to quote, best first."""
        if request.answers is not None:
            return _distinct(request.answers)[:MAX_SENTENCES]
        ranked = rank_candidates(self.scorer, request.question, request.sources,
                                 asked=request.asked or None, kind=request.kind)
        # The relevance floor decides which sentences may be quoted at all; the rank (relevance
        # lifted by the passage and the question's words) decides among those.
        ranked = [c for c in ranked if c.relevance >= self.relevant]
        if not ranked:
            return []
        best = ranked[0].rank
        return _distinct([c.evidence for c in ranked
                          if c.rank >= best - self.second_within])[:MAX_SENTENCES]

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        chosen = self.select(request)
        if not chosen:
            yield NOT_FOUND
            return
        # Quote in document order, so two sentences of one passage read naturally; a hard-wrapped
        # sentence reads as one line, a table row under its column names (the citation keeps the
        # exact text).
        chosen.sort(key=lambda e: (e.file, e.start_char))
        shown = [e.shown for e in chosen]
        for n, ev in enumerate(chosen):
            # After a quote without a full stop (a table row, a command), the next one starts a
            # line: run on, the two would read, and be checked, as one sentence.
            gap = "" if n == 0 else " " if END.search(shown[n - 1]) else "\n"
            yield gap + f"{shown[n]} [{ev.source}]"


def _distinct(sentences: list[Evidence]) -> list[Evidence]:
    seen: set[str] = set()
    out = []
    for e in sentences:
        if e.text not in seen:
            seen.add(e.text)
            out.append(e)
    return out

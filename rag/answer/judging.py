"""The answer judge's part in an answer: which candidate sentence, if any, states the answer.

The judge is a seam (`AnswerJudge`, implemented on the local model by rag.models.judge, scripted in
tests). It reads the best-ranked candidate sentences and gives each P(yes); the favourite must then,
for a question asking for a name, let the model copy a name the question lacks out of it. The
outcome is the accepted sentences (none: abstain) and each source's best verdict, to rerank by.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rag import tuning
from rag.answer.candidates import Candidate, rank_candidates
from rag.answer.evidence import Evidence, with_sequels
from rag.answer.sources import Source
from rag.answer.support import SupportScorer
from rag.errors import GeneratorError
from rag.settings import AnswerSettings
from rag.text.names import names_something_new
from rag.text.question_types import FROM_QUESTION, kind_for
from rag.text.sentences import reflowed

log = logging.getLogger(__name__)


class AnswerJudge(Protocol):
    def judge(self, question: str, sentences: Sequence[str],
              enough: float | None = None) -> list[float]:
        """For each sentence, the probability (0..1) that it states the answer to the question,
        read in order; with `enough`, reading stops after the first at or above it (the list is
        then shorter)."""
        ...

    def name_in(self, question: str, sentence: str) -> str | None:
        """The name `sentence` gives as the answer to `question`, copied from it; None if it
        gives none."""
        ...


@dataclass
class Verdicts:
    accepted: list[Evidence] | None
    """The sentences to answer from, best first; [] means none answers (abstain), None that the
    judge could not rule (it failed) and the generator decides."""
    best: dict[int, float] = field(default_factory=dict)
    """Source number → its best accepted P(yes), to rerank by."""


@dataclass(frozen=True)
class JudgeStep:
    judge: AnswerJudge
    scorer: SupportScorer
    threshold: float
    candidates: int
    enough: float | None = None
    """A P(yes) that ends the reading: the candidates after it are not judged."""
    answers: int = tuning.JUDGED_ANSWERS
    """Accepted sentences an answer is built from."""

    @classmethod
    def configured(cls, judge: AnswerJudge, scorer: SupportScorer,
                   settings: AnswerSettings) -> JudgeStep:
        return cls(judge, scorer, settings.judge_threshold, settings.judge_candidates,
                   settings.judge_enough)

    def score(self, query: str, question: str, sources: list[Source],
              asked: str | None = None,
              kind: str | None = FROM_QUESTION) -> tuple[list[Candidate], list[float]]:
        """The best-ranked candidates and the judge's P(yes) for each (GeneratorError when the
        judge fails). Candidates are ranked by the retrieval `query`; the judge reads `question`,
        the follow-up first (see rag.answer.condense)."""
        ranked = self.rank(query, sources, asked, kind)
        if not ranked:
            return [], []
        # A hard-wrapped sentence is read as one line, as it is quoted (rag.text.sentences).
        verdicts = self.judge.judge(question, [reflowed(c.evidence.text) for c in ranked],
                                    enough=self.enough)
        return ranked[:len(verdicts)], verdicts

    def rank(self, query: str, sources: list[Source], asked: str | None = None,
             kind: str | None = FROM_QUESTION) -> list[Candidate]:
        """The candidates the judge reads, best first."""
        # No word-overlap prior: with it the judge was shown other sentences and answered fewer
        # questions correctly (README, "the second corpus").
        return rank_candidates(self.scorer, query, sources, asked=asked,
                               words_weight=0.0, kind=kind)[:self.candidates]

    def rule(self, query: str, question: str, sources: list[Source],
             timings: dict[str, int], asked: str | None = None,
             kind: str | None = FROM_QUESTION) -> Verdicts:
        t = time.perf_counter()
        try:
            ranked, verdicts = self.score(query, question, sources, asked, kind)
        except GeneratorError as exc:
            log.warning("answer judge failed (%s); answering without it", exc)
            return Verdicts(None)
        finally:
            timings["judge"] = ms_since(t)
        accepted = sorted(((p, n) for n, p in enumerate(verdicts) if p >= self.threshold),
                          key=lambda pn: (-pn[0], pn[1]))
        if accepted and kind_for(kind, question) == "name" \
                and not self._gives_the_name(question, ranked[accepted[0][1]], timings):
            accepted = []
        chosen = [ranked[n].evidence for _, n in accepted[:self.answers]]
        return Verdicts(with_sequels(chosen, sources), best_verdicts(ranked, verdicts, self.threshold))

    def _gives_the_name(self, question: str, favourite: Candidate, timings: dict[str, int]) -> bool:
        """For a question asking for a name, whether the model can copy one the question lacks
        out of the judge's favourite sentence. When it cannot, the answer abstains rather than
        falls back on a runner-up (the runner-ups of such near misses were near misses too)."""
        t = time.perf_counter()
        try:
            name = self.judge.name_in(question, favourite.evidence.text)
        except GeneratorError as exc:
            log.warning("name reading failed (%s); keeping the judge's verdict", exc)
            return True
        finally:
            timings["read_name"] = ms_since(t)
        log.info("name read from the judged sentence: %r", name)
        return names_something_new(name, favourite.evidence.text, question)


def best_verdicts(ranked: Sequence[Candidate], verdicts: Sequence[float],
                  threshold: float) -> dict[int, float]:
    """Source number → the highest P(yes) of its accepted sentences (those at `threshold` or more)."""
    best: dict[int, float] = {}
    for candidate, p in zip(ranked, verdicts, strict=False):
        source = candidate.evidence.source
        if p >= threshold and p > best.get(source, 0.0):
            best[source] = p
    return best


def ms_since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)

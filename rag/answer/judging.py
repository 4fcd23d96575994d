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
from rag.answer.claims import ClaimJudge
from rag.answer.equivalents import equivalents
from rag.answer.evidence import Evidence, with_sequels
from rag.answer.sources import Source
from rag.answer.support import SupportScorer
from rag.errors import GeneratorError
from rag.settings import AnswerSettings
from rag.text.names import names_something_new
from rag.text.question_types import FROM_QUESTION, kind_for

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

    def claim_judge(self) -> ClaimJudge | None:
        """The judge of whether a quote states a claim (rag.answer.claims), on the same model;
        None when this judge offers none."""
        ...

    @property
    def can_compare(self) -> bool:
        """Whether `prefer` reads two sentences side by side."""
        ...

    def prefer(self, question: str, first: str, second: str) -> float:
        """The probability that `first` rather than `second` states the answer."""
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
    contrast: int = tuning.JUDGE_CONTRAST
    """Accepted favourites read side by side when none was a confident accept."""

    @classmethod
    def configured(cls, judge: AnswerJudge, scorer: SupportScorer,
                   settings: AnswerSettings) -> JudgeStep:
        return cls(judge, scorer, settings.judge_threshold, settings.judge_candidates,
                   settings.judge_enough, contrast=settings.judge_contrast)

    def score(self, query: str, question: str, sources: list[Source],
              asked: str | None = None,
              kind: str | None = FROM_QUESTION) -> tuple[list[Candidate], list[float]]:
        """The best-ranked candidates and the judge's P(yes) for each (GeneratorError when the
        judge fails). Candidates are ranked by the retrieval `query`; the judge reads `question`,
        the follow-up first (see rag.answer.condense)."""
        ranked, verdicts, _ = self._score(query, question, sources, asked, kind)
        return ranked, verdicts

    def _score(self, query: str, question: str, sources: list[Source], asked: str | None,
               kind: str | None) -> tuple[list[Candidate], list[float], list[Candidate]]:
        """score(), and every candidate ranked (not only those the judge reads)."""
        every = self._every(query, sources, asked, kind)
        ranked = every[:self.candidates]
        if not ranked:
            return [], [], every
        # A hard-wrapped sentence is read as one line, as it is quoted (rag.text.sentences).
        verdicts = self.judge.judge(question, [c.evidence.read_as for c in ranked],
                                    enough=self.enough)
        return ranked[:len(verdicts)], verdicts, every

    def rank(self, query: str, sources: list[Source], asked: str | None = None,
             kind: str | None = FROM_QUESTION) -> list[Candidate]:
        """The candidates the judge reads, best first."""
        return self._every(query, sources, asked, kind)[:self.candidates]

    def _every(self, query: str, sources: list[Source], asked: str | None,
               kind: str | None) -> list[Candidate]:
        # No word-overlap prior: with it the judge was shown other sentences and answered fewer
        # questions correctly (README, "the second corpus").
        return rank_candidates(self.scorer, query, sources, asked=asked, words_weight=0.0,
                               kind=kind)

    def rule(self, query: str, question: str, sources: list[Source],
             timings: dict[str, int], asked: str | None = None,
             kind: str | None = FROM_QUESTION, language: str | None = None) -> Verdicts:
        """With `language` (the asker's), a favourite in another language gives way to the same
        statement in that one when the judge accepts it too (rag.answer.equivalents)."""
        t = time.perf_counter()
        try:
            ranked, verdicts, every = self._score(query, question, sources, asked, kind)
        except GeneratorError as exc:
            log.warning("answer judge failed (%s); answering without it", exc)
            return Verdicts(None)
        finally:
            timings["judge"] = ms_since(t)
        accepted = sorted(((p, n) for n, p in enumerate(verdicts) if p >= self.threshold),
                          key=lambda pn: (-pn[0], pn[1]))
        accepted = self._contrasted(question, ranked, accepted, timings)
        if accepted and kind_for(kind, question) == "name" \
                and not self._gives_the_name(question, ranked[accepted[0][1]], timings):
            accepted = []
        chosen = [ranked[n].evidence for _, n in accepted[:self.answers]]
        if chosen and language is not None:
            chosen[0] = self._in_language(question, ranked[accepted[0][1]], every, sources,
                                          language, timings)
        return Verdicts(with_sequels(chosen, sources, question, kind_for(kind, question)),
                        best_verdicts(ranked, verdicts, self.threshold))

    def _contrasted(self, question: str, ranked: list[Candidate],
                    accepted: list[tuple[float, int]],
                    timings: dict[str, int]) -> list[tuple[float, int]]:
        """`accepted` ((P(yes), candidate number), best first) with its first `contrast` read side
        by side, the better of each pair against the next, when the favourite was no confident
        accept: read one at a time, a near miss sharing the question's words ("Unfill all zones"
        for "fill all zones") can outscore the answer by a few hundredths."""
        top = accepted[:self.contrast]
        if len(top) < 2 or not getattr(self.judge, "can_compare", False) \
                or (self.enough is not None and top[0][0] >= self.enough):
            return accepted
        t = time.perf_counter()
        best = top[0]
        try:
            for other in top[1:]:
                a, b = (ranked[n].evidence.read_as for n in (best[1], other[1]))
                if a != b and self.judge.prefer(question, a, b) < 0.5:
                    log.info("read side by side, %r preferred to %r", b, a)
                    best = other
        except GeneratorError as exc:
            log.warning("answer judge failed comparing (%s); keeping its favourite", exc)
            return accepted
        finally:
            timings["judge_contrast"] = ms_since(t)
        return [best, *(pn for pn in accepted if pn is not best)]

    def _in_language(self, question: str, favourite: Candidate, every: list[Candidate],
                     sources: list[Source], language: str, timings: dict[str, int]) -> Evidence:
        """The favourite's statement in `language` when a candidate in it states the same and
        the judge accepts it; else the favourite."""
        same = equivalents(favourite, every, sources, language)
        if not same:
            return favourite.evidence
        t = time.perf_counter()
        try:
            verdicts = self.judge.judge(question, [c.evidence.read_as for c in same])
        except GeneratorError as exc:
            log.warning("answer judge failed on a translation (%s); keeping its favourite", exc)
            return favourite.evidence
        finally:
            timings["judge_language"] = ms_since(t)
        for candidate, p in zip(same, verdicts, strict=False):
            if p >= self.threshold:
                log.info("the same statement in %s: %r", language, candidate.evidence.text)
                return candidate.evidence
        return favourite.evidence

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

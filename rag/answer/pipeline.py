"""The answer pipeline: condense → retrieve → generate → check citations → Answer.

The model is trusted for language, never for facts: abstention and citations are decided here, after
generation, from what the sources say. A backend that fails or runs past its deadline is replaced by
the extractive generator for that answer, and the Answer says so.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answer.candidates import rank_candidates
from rag.answer.citations import MARKER, CitationChecker
from rag.answer.condense import condense
from rag.answer.evidence import Evidence, evidence_of, with_sequels
from rag.answer.generation.base import GenerationRequest, Generator, Source
from rag.answer.generation.prompts import NOT_FOUND
from rag.answer.generation.registry import NAMES, Generators
from rag.answer.reranking import best_verdicts, promote
from rag.answer.support import keeps_a_figure
from rag.errors import GeneratorError, InvalidConversation
from rag.models.name_reader import names_something_new
from rag.schema import Answer, Message
from rag.search.retrieval import Hit, Retriever
from rag.settings import Settings
from rag.text.language import detect_language
from rag.text.phrases import abstain_sentence, notes_quotes_in, quote_note
from rag.text.question_types import expected_answer_type, keeps_a_name

if TYPE_CHECKING:
    from rag.models.judge import AnswerJudge

log = logging.getLogger(__name__)

EXCERPT_SENTENCES = 2
"""Sentences of each passage an LLM is shown."""
JUDGED_ANSWERS = 1
"""Accepted sentences an answer is built from when the answer judge is on."""
WEAK_RETRIEVAL = 0.78
"""Best dense similarity under which the documents are taken to be silent on the question."""

_REFUSAL = re.compile(
    r"not (contain|mention|specif|provide|state)|no information|does not say|cannot answer|"
    r"tidak (disebutkan|menyebutkan|ada informasi|terdapat)|ne (précise|mentionne|contient|"
    r"dit|fournit)|aucune information|沒有提到|没有提到|未提及|沒有提供|没有提供|無法回答|无法回答",
    re.IGNORECASE)


_WORD = re.compile(r"[\u3400-\u9fff]|[^\W\d_\u3400-\u9fff]+|\d+")
"""A word, a number, or one Han character (Chinese has no spaces to split words at)."""


@dataclass
class Result:
    answer: Answer
    hits: list[Hit]
    query: str


def validate(messages: list[Message]) -> None:
    if not messages:
        raise InvalidConversation("messages is empty: send at least one user message")
    if messages[-1].role != "user":
        raise InvalidConversation("the last message must come from the user")
    if not messages[-1].content.strip():
        raise InvalidConversation("the question is empty")


class Pipeline:
    def __init__(self, settings: Settings, retriever: Retriever, checker: CitationChecker,
                 generators: Generators) -> None:
        self.settings = settings
        self.retriever = retriever
        self.checker = checker
        self.generators = generators

    def run(self, messages: list[Message], top_k: int | None = None,
            generator: str | None = None, mode: str = "hybrid") -> Result:
        result: Result | None = None
        for item in self.stream(messages, top_k, generator, mode):
            if isinstance(item, Result):
                result = item
        assert result is not None
        return result

    def stream(self, messages: list[Message], top_k: int | None = None,
               generator: str | None = None, mode: str = "hybrid") -> Iterator[str | Result]:
        """Yield raw text as the generator produces it, then the checked Result.

        `mode` (hybrid, dense, lexical) exists for the evaluation's retrieval baselines."""
        validate(messages)
        started = time.perf_counter()
        question = messages[-1].content.strip()
        language = detect_language(question)
        query = condense(messages)
        unavailable = None
        try:
            backend = self.generators.get(generator)
        except GeneratorError as exc:
            if generator not in (None, "auto") and generator not in NAMES:
                raise  # a misspelt name is the caller's error, not a backend failure
            log.warning("generator %s unavailable (%s); answering extractively", generator, exc)
            backend = self.generators.get("extractive")
            unavailable = generator or self.settings.answer.generator
        name = backend.name if unavailable is None else f"extractive (fallback from {unavailable})"
        hits = self.retriever.search(query, top_k or self.settings.retrieval.top_k, mode=mode,
                                     translate=self._translates(backend.name))
        timings = {"retrieve": _ms(started)}
        # BM25 alone has no similarity to judge by (the lexical baseline): any hit counts.
        weak = mode != "lexical" and max((h.dense for h in hits), default=0.0) < WEAK_RETRIEVAL
        if not hits or weak:
            yield self._abstain(language, question, hits, query, "none", timings, started)
            return
        sources = [Source(n, h.passage()) for n, h in enumerate(hits, 1)]
        # A model reads the follow-up before the turn it follows, or it answers the earlier one
        # (the judge did, and so did the 1.5B writer); the extractive ranking wants the entities.
        read_as = condense(messages, question_first=True)
        answers, judged = self._judged_answers(backend.name, query, read_as, sources, timings)
        if judged and self.settings.retrieval.rerank != "none":
            hits = promote(hits, judged)  # the reported order only: sources keep their numbers
        if answers == []:
            yield self._abstain(language, question, hits, query, name, timings, started)
            return
        if answers:
            sources = judged_sources(sources, answers, excerpts=backend.name != "extractive")
        elif backend.name != "extractive":
            sources = self._with_excerpts(query, sources)
        request = GenerationRequest(question=query if backend.name == "extractive" else read_as,
                                    language=language, sources=sources,
                                    history=messages[:-1], answers=answers)
        t = time.perf_counter()
        draft = ""
        try:
            for piece in self._deadline(backend, request):
                draft += piece
                yield piece
        except GeneratorError as exc:
            log.warning("generator %s failed (%s); answering extractively", name, exc)
            backend = self.generators.get("extractive")
            name = f"extractive (fallback from {name})"
            draft = "".join(backend.stream(request))
        timings["generate"] = _ms(t)
        t = time.perf_counter()
        refused = NOT_FOUND in draft or bool(_REFUSAL.search(draft) and not MARKER.search(draft))
        checked = None if refused else self.checker.check(draft, sources)
        unverifiable = checked is not None and not checked.citations and bool(answers)
        written = detect_language(MARKER.sub("", checked.text), default=language) \
            if checked is not None and checked.citations else language
        foreign = notes_quotes_in(language) and written != language
        incomplete = checked is not None and bool(answers) \
            and not keeps_the_answer(checked.text, answers, read_as)
        echoed = checked is not None and says_nothing_new(checked.text, question)
        declined = refused and bool(answers)
        if backend.name != "extractive" and (declined or unverifiable or foreign or incomplete
                                             or echoed):
            # The judge found a sentence that answers, but the model's wording of it could not be
            # verified: quote the sentence rather than abstain. So too when the model, shown only
            # that sentence, says it does not answer: with the name reading in, its refusals on
            # the gold set were all of answerable questions (2 of 2), and every unanswerable one
            # it let through the judge let through as well. A verified answer in another language
            # than the question's (the 1.5B model sometimes keeps the passage's: 2 of 40 gold
            # answers) becomes the quote too, introduced in the asker's language, as the
            # extractive generator does, and so does one that leaves out every figure of the
            # sentence (see keeps_a_figure) or every name it adds to the question (keeps_a_name),
            # or only repeats the question (4 of 100 gold answers: "Quelles économies … [1]?"),
            # which the checker verifies, since the question shares the sentence's words.
            log.info("generator %s gave no verifiable answer in %s; quoting instead", name, language)
            backend = self.generators.get("extractive")
            name = f"extractive (fallback from {name})"
            checked = self.checker.check("".join(backend.stream(request)), sources)
        timings["verify"] = _ms(t)
        if checked is None or not checked.citations:
            yield self._abstain(language, question, hits, query, name, timings, started)
            return
        if checked.dropped:
            log.info("dropped unsupported sentences: %s", checked.dropped)
        text = checked.text
        quoted = {detect_language(c.quote) for c in checked.citations}
        if backend.name == "extractive" and quoted != {language}:
            note = quote_note(language, sorted(quoted - {language}) or sorted(quoted), question)
            text = f"{note}{'' if note.endswith('：') else ' '}{text}"
        answer_language = language if backend.name == "extractive" else written
        timings["total"] = _ms(started)
        yield Result(Answer(answer=text, abstained=False, language=answer_language,
                            citations=checked.citations, generator=name, timings_ms=timings),
                     hits, query)

    def _translates(self, backend: str) -> bool:
        """Whether to search with the question's translation too (see Settings.query_translation):
        with the judge on, the model that translates is loaded and the answer takes seconds anyway."""
        wanted = self.settings.retrieval.query_translation
        return wanted == "llama" or (wanted == "auto" and self.generators.judge_for(backend) is not None)

    def _judged_answers(self, backend: str, query: str, question: str, sources: list[Source],
                        timings: dict[str, int]) -> tuple[list[Evidence] | None, dict[int, float]]:
        """The candidate sentences the answer judge accepts, best first: [] means none answers
        (abstain), None means there is no judge (or it failed) and the generator decides; and
        each source's best accepted P(yes), to rerank by. Candidates are ranked by the retrieval
        `query`; the judge reads `question`, the follow-up first (see condense)."""
        judge = self.generators.judge_for(backend)
        if judge is None:
            return None, {}
        t = time.perf_counter()
        ranked = rank_candidates(self.checker.scorer, query, sources)[:self.settings.answer.judge_candidates]
        try:
            verdicts = judge.judge(question, [c.evidence.text for c in ranked])
        except GeneratorError as exc:
            log.warning("answer judge failed (%s); answering without it", exc)
            return None, {}
        finally:
            timings["judge"] = _ms(t)
        accepted = sorted(((p, n) for n, p in enumerate(verdicts)
                           if p >= self.settings.answer.judge_threshold), key=lambda pn: (-pn[0], pn[1]))
        if accepted and not self._gives_the_name(judge, question, ranked[accepted[0][1]].evidence,
                                                 timings):
            accepted = []
        # Only the judge's favourite: quoting an accepted runner-up too cost 0.13 of citation
        # precision on the gold set (0.784 to 0.649) for one more correct answer in eighty.
        best = best_verdicts(ranked, verdicts, self.settings.answer.judge_threshold)
        return with_sequels([ranked[n].evidence for _, n in accepted[:JUDGED_ANSWERS]], sources), best

    @staticmethod
    def _gives_the_name(judge: AnswerJudge, question: str, favourite: Evidence,
                        timings: dict[str, int]) -> bool:
        """For a question asking for a name, whether the model can copy one the question lacks
        out of the judge's favourite sentence (see rag.models.name_reader). When it cannot, the answer
        abstains rather than falls back on a runner-up: on the gold set the runner-ups of those
        three near misses were near misses too."""
        if expected_answer_type(question) != "name":
            return True
        t = time.perf_counter()
        try:
            name = judge.name_in(question, favourite.text)
        except GeneratorError as exc:
            log.warning("name reading failed (%s); keeping the judge's verdict", exc)
            return True
        finally:
            timings["read_name"] = _ms(t)
        log.info("name read from the judged sentence: %r", name)
        return names_something_new(name, favourite.text, question)

    def _with_excerpts(self, question: str, sources: list[Source]) -> list[Source]:
        """Each source cut to its most relevant sentences, in reading order: an LLM here reads
        about 90 prompt tokens a second, so every sentence left out saves a fraction of one."""
        evidence = [e for e in evidence_of(sources) if not e.heading]
        if not evidence:
            return sources
        relevance = self.checker.scorer.relevance(question, [e.text for e in evidence])
        out = []
        for source in sources:
            mine = sorted(((float(r), e) for r, e in zip(relevance, evidence, strict=True)
                           if e.source == source.number), key=lambda p: -p[0])[:EXCERPT_SENTENCES]
            kept = sorted((e for _, e in mine), key=lambda e: e.start_char)
            excerpt = " ".join(e.text for e in kept) if kept else source.passage.text
            out.append(Source(source.number, source.passage, excerpt))
        return out

    def _deadline(self, backend: Generator, request: GenerationRequest) -> Iterator[str]:
        limit = self.settings.answer.generation_timeout
        started = time.perf_counter()
        stream = backend.stream(request)
        try:
            for piece in stream:
                yield piece
                if time.perf_counter() - started > limit:
                    raise GeneratorError(f"no complete answer within {limit:.0f}s")
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()

    def _abstain(self, language: str, question: str, hits: list[Hit], query: str, name: str,
                 timings: dict[str, int], started: float) -> Result:
        timings["total"] = _ms(started)
        return Result(Answer(answer=abstain_sentence(language, question), abstained=True,
                             language=language, citations=[], generator=name, timings_ms=timings),
                      hits, query)


def judged_sources(sources: list[Source], answers: list[Evidence], excerpts: bool) -> list[Source]:
    """Only the sources holding an accepted sentence, numbered as before; for an LLM each is cut
    to its accepted sentences, so the model reads nothing the judge did not accept."""
    out = []
    for source in sources:
        mine = sorted((e for e in answers if e.source == source.number), key=lambda e: e.start_char)
        if mine:
            excerpt = " ".join(e.text for e in mine) if excerpts else None
            out.append(Source(source.number, source.passage, excerpt))
    return out


def keeps_the_answer(text: str, answers: list[Evidence], question: str) -> bool:
    """Whether a model's wording of the accepted sentences still states a figure of each, and
    one of the names each adds to the question (see keeps_a_name)."""
    said = MARKER.sub("", text)
    return all(keeps_a_figure(a.text, said) and keeps_a_name(a.text, said, question)
               for a in answers)


def says_nothing_new(text: str, question: str) -> bool:
    """Whether every word of `text` (every character, for Chinese) is already in the question."""
    said, asked = _words(MARKER.sub("", text)), set(_words(question))
    return bool(said) and all(w in asked for w in said)


def _words(text: str) -> list[str]:
    return [m.group().lower() for m in _WORD.finditer(text)]


def _ms(since: float) -> int:
    return round((time.perf_counter() - since) * 1000)

"""The answer pipeline: condense → retrieve → judge → generate → review → Answer.

The model is trusted for language, never for facts: abstention and citations are decided here, from
what the sources say. A backend that fails or runs past its deadline is replaced by the fallback
(extractive) generator for that answer, and the Answer says so. Each step is its own method or
module; the generator is asked what it can do (`Capabilities`), never what it is called.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from rag import tuning
from rag.answer.citations import Checked, CitationChecker
from rag.answer.condense import asked_kind, condense
from rag.answer.evidence import Evidence, evidence_of
from rag.answer.generation.base import GenerationRequest, Generator
from rag.answer.generation.registry import Generators
from rag.answer.judging import JudgeStep, Verdicts, ms_since
from rag.answer.reranking import promote
from rag.answer.review import review
from rag.answer.sources import Source, quoted_languages, sources_of
from rag.answer.translation import SentenceTranslator, translated_answer
from rag.errors import GeneratorError, InvalidConversation
from rag.schema import Answer, Message
from rag.search.retrieval import Hit, Retriever
from rag.search.store import Collections
from rag.settings import Settings
from rag.text.language import detect_language
from rag.text.phrases import abstain_sentence, quote_note

log = logging.getLogger(__name__)


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


@dataclass
class _Turn:
    """What one answer knows as it goes: the question, its readings, timings."""

    question: str
    language: str
    query: str
    """The standalone retrieval query (earlier turn first)."""
    read_as: str
    """How a model reads it: the follow-up first (see condense)."""
    kind: str | None
    """The answer type the user asks for (see asked_kind)."""
    started: float
    timings: dict[str, int]


class Pipeline:
    def __init__(self, settings: Settings, retriever: Retriever, checker: CitationChecker,
                 generators: Generators,
                 sentence_translator: Callable[[], SentenceTranslator | None] | None = None,
                 ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.checker = checker
        self.generators = generators
        self.sentence_translator = sentence_translator
        """Puts a quote into the asker's language when the local model's wording was refused."""

    def run(self, messages: list[Message], top_k: int | None = None,
            generator: str | None = None, collections: Collections = None) -> Result:
        result: Result | None = None
        for item in self.stream(messages, top_k, generator, collections):
            if isinstance(item, Result):
                result = item
        assert result is not None
        return result

    def stream(self, messages: list[Message], top_k: int | None = None,
               generator: str | None = None,
               collections: Collections = None) -> Iterator[str | Result]:
        """Yield raw text as the generator produces it, then the checked Result; only passages of
        `collections` (None: all) are searched, so no other reaches the model or the answer."""
        validate(messages)
        question = messages[-1].content.strip()
        turn = _Turn(question, detect_language(question), condense(messages),
                     condense(messages, question_first=True), asked_kind(messages),
                     time.perf_counter(), {})
        backend = self.generators.get(generator)
        name = backend.name
        hits = self.retriever.search(turn.query, top_k or self.settings.retrieval.top_k,
                                     translate=self._translates(backend), timings=turn.timings,
                                     collections=collections)
        turn.timings["retrieve"] = ms_since(turn.started)
        if not hits or self._weak(hits):
            yield self._abstain(turn, hits, "none")
            return
        sources = sources_of(hits)
        verdicts = self._judge(backend, turn, sources)
        if verdicts.best and self.settings.retrieval.rerank != "none":
            hits = promote(hits, verdicts.best)  # the reported order only: sources keep their numbers
        answers = verdicts.accepted
        if answers == []:
            yield self._abstain(turn, hits, name)
            return
        request = self._request(backend, turn, sources, answers, messages[:-1])
        t = time.perf_counter()
        draft = ""
        try:
            for piece in self._deadline(backend, request):
                draft += piece
                yield piece
        except GeneratorError as exc:
            log.warning("generator %s failed (%s); answering extractively", name, exc)
            backend, name = self.generators.fallback(), f"extractive (fallback from {name})"
            draft = "".join(backend.stream(request))
        turn.timings["generate"] = ms_since(t)
        t = time.perf_counter()
        verdict = review(draft, request.sources, self.checker, turn.language, question,
                         turn.read_as, answers, turn.kind)
        checked, written = verdict.checked, verdict.written
        translated = False
        writes = not backend.capabilities.quotes_verbatim
        faults = verdict.faults()
        quote = writes and verdict.wants_the_quote(bool(answers))
        if writes and not quote and checked is not None and checked.citations:
            checked = self._stated(backend, checked, turn)
            quote = bool(answers) and not checked.citations
            faults = "not stated by its quote"
        if quote:
            log.info("generator %s gave no answer fit to show in %s (%s); quoting", name,
                     turn.language, faults)
            writer = backend
            backend, name = self.generators.fallback(), f"extractive (fallback from {name})"
            draft = "".join(backend.stream(request))
            checked = self.checker.check(draft, request.sources)
            better = self._translated(writer, draft, checked, request.sources, turn)
            if better is not None:
                checked, translated, name = better, True, f"{writer.name} (translated quote)"
        turn.timings["verify"] = ms_since(t) - turn.timings.get("translate_answer", 0) \
            - turn.timings.get("claims", 0)
        if checked is None or not checked.citations:
            yield self._abstain(turn, hits, name)
            return
        if checked.dropped:
            log.info("dropped unsupported sentences: %s", checked.dropped)
        text, language = checked.text, written
        note: str | None = None
        if translated:
            language = turn.language
        elif backend.capabilities.quotes_verbatim:
            language = turn.language
            quoted = quoted_languages(checked.citations, request.sources)
            if quoted != {turn.language}:
                note = quote_note(turn.language, sorted(quoted - {turn.language}) or sorted(quoted),
                                  question)
                text = f"{note}{'' if note.endswith('：') else ' '}{text}"
        turn.timings["total"] = ms_since(turn.started)
        yield Result(Answer(answer=text, abstained=False, language=language,
                            citations=checked.citations, generator=name, timings_ms=turn.timings,
                            note=note),
                     hits, turn.query)

    def _stated(self, backend: Generator, checked: Checked, turn: _Turn) -> Checked:
        """`checked` (a model's verified wording) without the sentences their quotes do not state,
        when the claim check is on for this generator (rag.answer.claims); its time is the
        answer's "claims" stage."""
        check = self.generators.claim_check_for(backend)
        if check is None:
            return checked
        t = time.perf_counter()
        try:
            return check.stated(checked)
        except GeneratorError as exc:
            log.warning("the claim check failed (%s); keeping the checked wording", exc)
            return checked
        finally:
            turn.timings["claims"] = ms_since(t)

    def _translated(self, writer: Generator, draft: str, checked: Checked,
                    sources: list[Source], turn: _Turn) -> Checked | None:
        """The quote `checked` in the asker's language (see rag.answer.translation), when the
        model that wrote the refused wording is a local one and the quote is in another
        language; its time is the answer's "translate_answer" stage."""
        if not checked.citations or not writer.capabilities.local_model \
                or quoted_languages(checked.citations, sources) == {turn.language} \
                or self.sentence_translator is None:
            return None
        translator = self.sentence_translator()
        if translator is None:
            return None
        t = time.perf_counter()
        try:
            return translated_answer(draft, checked, sources, self.checker, translator,
                                     self.generators.judge_for(writer), turn.language,
                                     turn.question, turn.read_as, turn.kind)
        except GeneratorError as exc:
            log.warning("translating the quote failed (%s); quoting", exc)
            return None
        finally:
            turn.timings["translate_answer"] = ms_since(t)

    def _translates(self, backend: Generator) -> bool:
        """Whether to search with the question's translation too (Settings.retrieval
        .query_translation): with the judge on, the model that translates is loaded and the answer
        takes seconds anyway."""
        wanted = self.settings.retrieval.query_translation
        return wanted == "llama" or (wanted == "auto" and self.generators.judge_for(backend) is not None)

    def _weak(self, hits: list[Hit]) -> bool:
        """Whether the documents look silent: even the best passage is not similar enough. A
        retriever without similarity (BM25 alone) cannot tell, so any hit counts."""
        return self.retriever.scores_similarity \
            and max(h.dense for h in hits) < tuning.WEAK_RETRIEVAL

    def _judge(self, backend: Generator, turn: _Turn, sources: list[Source]) -> Verdicts:
        judge = self.generators.judge_for(backend)
        if judge is None:
            return Verdicts(None)
        step = JudgeStep.configured(judge, self.checker.scorer, self.settings.answer)
        return step.rule(turn.query, turn.read_as, sources, turn.timings, asked=turn.question,
                         kind=turn.kind, language=turn.language)

    def _request(self, backend: Generator, turn: _Turn, sources: list[Source],
                 answers: list[Evidence] | None, history: list[Message]) -> GenerationRequest:
        """What the generator reads: with accepted sentences, only their sources (cut to them for
        a model that wants excerpts); otherwise every source, cut to its most relevant sentences
        for such a model. A verbatim quoter ranks sentences by the retrieval query (the entities),
        a writer reads the follow-up first."""
        excerpts = backend.capabilities.wants_excerpts
        if answers:
            sources = judged_sources(sources, answers, excerpts)
        elif excerpts:
            sources = self._with_excerpts(turn.query, sources)
        question = turn.query if backend.capabilities.quotes_verbatim else turn.read_as
        return GenerationRequest(question=question, language=turn.language, sources=sources,
                                 history=history, answers=answers, asked=turn.question,
                                 kind=turn.kind)

    def _with_excerpts(self, question: str, sources: list[Source]) -> list[Source]:
        """Each source cut to its most relevant sentences, in reading order: an LLM here reads
        about 90 prompt tokens a second, so every sentence left out saves a fraction of one."""
        evidence = [e for e in evidence_of(sources) if not e.heading]
        if not evidence:
            return sources
        relevance = self.checker.scorer.relevance(question, [e.read_as for e in evidence])
        out = []
        for source in sources:
            mine = sorted(((float(r), e) for r, e in zip(relevance, evidence, strict=True)
                           if e.source == source.number),
                          key=lambda p: -p[0])[:tuning.EXCERPT_SENTENCES]
            kept = sorted((e for _, e in mine), key=lambda e: e.start_char)
            excerpt = " ".join(e.read_as for e in kept) if kept else source.passage.text
            out.append(replace(source, excerpt=excerpt))
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

    def _abstain(self, turn: _Turn, hits: list[Hit], name: str) -> Result:
        turn.timings["total"] = ms_since(turn.started)
        return Result(Answer(answer=abstain_sentence(turn.language, turn.question), abstained=True,
                             language=turn.language, citations=[], generator=name,
                             timings_ms=turn.timings), hits, turn.query)


def judged_sources(sources: list[Source], answers: list[Evidence], excerpts: bool) -> list[Source]:
    """Only the sources holding an accepted sentence, numbered as before; for an LLM each is cut
    to its accepted sentences, so the model reads nothing the judge did not accept."""
    out = []
    for source in sources:
        mine = sorted((e for e in answers if e.source == source.number), key=lambda e: e.start_char)
        if mine:
            excerpt = " ".join(e.read_as for e in mine) if excerpts else None
            out.append(replace(source, excerpt=excerpt))
    return out

"""Reranking by the answer judge: over the real index with a scripted judge (the judge seam)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer.candidates import rank_candidates
from rag.answer.reranking import promote
from rag.answer.sources import sources_of
from rag.assistant import Assistant
from rag.schema import Message
from tests.fakes.judge import ScriptedJudge

QUESTION = "How much did Meta invest in Scale AI?"


@pytest.fixture
def sharing(assistant: Assistant, embedder: Any):
    """An assistant over the session's index (nothing re-embedded) with other settings and a judge."""
    def make(scripted: ScriptedJudge, **overrides: object) -> Assistant:
        return Assistant(assistant.settings.replace(**overrides), store=assistant.store,
                         embedder=embedder, judge=scripted)
    return make


def last_passage_sentence(assistant: Assistant) -> tuple[list[str], str]:
    """The retrieval order (as file:line) and a candidate answer sentence of the last passage."""
    hits = assistant.search_hits(QUESTION, 5)
    assert len(hits) == 5
    sources = sources_of(hits)
    mine = [c.evidence.text for c in rank_candidates(assistant.scorer, QUESTION, sources)
            if c.evidence.source == 5]
    assert mine, "the last passage has no candidate sentence"
    return order(hits), mine[0]


def order(hits: list[Any]) -> list[str]:
    return [f"{h.chunk.file}:{h.chunk.start_line}" for h in hits]


def test_promote_puts_judged_sources_first_most_confident_first() -> None:
    hits: list[Any] = ["a", "b", "c", "d"]
    assert promote(hits, {3: 0.6, 4: 0.9}) == ["d", "c", "a", "b"]
    assert promote(hits, {}) == hits


def test_a_reranked_search_puts_the_judged_passage_first(assistant, sharing) -> None:
    plain, sentence = last_passage_sentence(assistant)
    judge = ScriptedJudge(sentence)
    reranked = order(sharing(judge, rerank="llama", judge_candidates=40).search_hits(QUESTION, 5))
    assert judge.calls, "the judge was not asked"
    assert reranked[0] == plain[-1]
    assert reranked[1:] == plain[:-1]  # the rest keep their order; nothing is lost


def test_a_plain_search_is_not_reranked_by_default(assistant, sharing) -> None:
    plain, sentence = last_passage_sentence(assistant)
    judge = ScriptedJudge(sentence)
    assert order(sharing(judge).search_hits(QUESTION, 5)) == plain
    assert judge.calls == []


def test_a_failing_judge_leaves_the_retrieval_order(assistant, sharing) -> None:
    plain, _ = last_passage_sentence(assistant)
    assert order(sharing(ScriptedJudge(fail=True), rerank="llama",
                         judge_candidates=40).search_hits(QUESTION, 5)) == plain


def test_a_judged_answer_reports_its_passages_in_the_judges_order(assistant, sharing) -> None:
    plain, sentence = last_passage_sentence(assistant)
    messages = [Message(role="user", content=QUESTION)]
    judged = sharing(ScriptedJudge(sentence), judge="llama", judge_candidates=40).run(messages)
    assert not judged.answer.abstained
    assert order(judged.hits)[0] == plain[-1]
    assert [c.quote for c in judged.answer.citations] == [sentence]
    kept = sharing(ScriptedJudge(sentence), judge="llama", judge_candidates=40,
                   rerank="none").run(messages)
    assert order(kept.hits) == plain
    assert [c.quote for c in kept.answer.citations] == [c.quote for c in judged.answer.citations]

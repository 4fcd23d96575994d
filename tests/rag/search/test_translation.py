"""Query translation: a Chinese question is also searched in English when it is answered with the
judge on. A scripted translator shows what the retriever and the pipeline do with a translation; the
real llama translator is exercised (slow)."""

from __future__ import annotations

import pytest

from rag.assistant import Assistant
from rag.models.translator import LlamaTranslator
from rag.schema import Message
from rag.search.retrieval import Retriever
from tests.conftest import needs_model
from tests.fakes.judge import ScriptedJudge

QUESTION = "Meta 在未來三年為美國 AI 基礎設施預留了多少資金?"
ENGLISH = "How much money has Meta set aside for AI infrastructure in the US over the next three years?"
ANSWER_FILE, ANSWER_LINE = "001_52f91c2df59d381d.txt", 14


class Scripted:
    def __init__(self, english: str | None = None, fail: bool = False) -> None:
        self.english, self.fail, self.calls = english, fail, 0

    def to_english(self, question: str) -> str | None:
        self.calls += 1
        if self.fail:
            raise RuntimeError("model file is corrupt")
        return self.english


def rank_of_answer(retriever: Retriever) -> int | None:
    hits = retriever.search(QUESTION, 10, translate=True)
    return next((n for n, h in enumerate(hits, 1) if h.chunk.file == ANSWER_FILE
                 and h.chunk.start_line <= ANSWER_LINE <= h.chunk.end_line), None)


def translator_for(settings) -> LlamaTranslator:
    return LlamaTranslator(settings.models, settings.retrieval.query_translation_languages)


def retriever_with(assistant, translator) -> Retriever:
    return Retriever(assistant.store, assistant.embedder, translator=lambda: translator)


def with_translator(base_settings, embedder, tmp_path, translator, scripted_judge=None,
                    **overrides) -> Assistant:
    settings = base_settings.replace(**{"index_path": tmp_path / "index", **overrides})
    return Assistant(settings, embedder=embedder, translator=translator, judge=scripted_judge)


def test_the_english_wording_lifts_the_passage_the_question_is_about(assistant) -> None:
    without = rank_of_answer(retriever_with(assistant, None))
    translator = Scripted(ENGLISH)
    with_english = rank_of_answer(retriever_with(assistant, translator))
    assert translator.calls == 1
    assert with_english is not None and (without is None or with_english < without)


def test_a_failing_translator_leaves_search_as_it_was(assistant) -> None:
    plain = [h.chunk.id for h in retriever_with(assistant, None).search(QUESTION, 5, translate=True)]
    broken = [h.chunk.id for h in
              retriever_with(assistant, Scripted(fail=True)).search(QUESTION, 5, translate=True)]
    nothing = [h.chunk.id for h in
               retriever_with(assistant, Scripted(None)).search(QUESTION, 5, translate=True)]
    assert plain == broken == nothing


def test_lexical_baseline_never_translates(assistant) -> None:
    translator = Scripted(ENGLISH)
    retriever_with(assistant, translator).search(QUESTION, 5, mode="lexical", translate=True)
    assert translator.calls == 0


def test_english_questions_are_not_sent_to_the_model(base_settings) -> None:
    # No model is loaded for this: an English question needs no translation.
    assert translator_for(base_settings).to_english("How much did Meta invest in Scale AI?") is None


@needs_model
@pytest.mark.slow
def test_real_translator_translates_rather_than_answers(base_settings) -> None:
    translator = translator_for(base_settings)
    english = translator.to_english("阿里巴巴的執行長是誰?")
    assert english is not None
    assert "Alibaba" in english and english.rstrip().endswith("?")
    assert translator.to_english("阿里巴巴的執行長是誰?") == english  # cached, deterministic


@needs_model
@pytest.mark.slow
def test_translation_is_the_same_when_its_examples_come_back_from_disk(base_settings) -> None:
    from rag.models.judge import LlamaJudge
    from rag.models.llama import shared_model

    question = "Meta 向 Scale AI 投資了多少錢?"
    first = translator_for(base_settings).to_english(question)
    # The judge displaces the translator's examples from the model's cache; a new translator
    # (no memory of the question) must read them back and translate exactly as before.
    LlamaJudge(base_settings.models).judge("Who leads Meta?", ["Mark Zuckerberg leads Meta."])
    model = shared_model(base_settings.models).llama
    assert "Translate each question" not in model.detokenize(list(model.input_ids[:model.n_tokens])).decode(
        "utf-8", "ignore")
    assert translator_for(base_settings).to_english(question) == first
    assert first is not None and "Scale AI" in first


def test_answers_with_the_judge_on_search_with_the_translation_too(base_settings, embedder, tmp_path,
                                                                   corpus_dir) -> None:
    # query_translation is "auto" by default: on when the judge is.
    translator = Scripted(ENGLISH)
    assistant = with_translator(base_settings, embedder, tmp_path, translator,
                                ScriptedJudge("600 milliards"), judge="llama")
    assistant.index(corpus_dir)
    assert assistant.search(QUESTION) and translator.calls == 0  # a plain search stays fast
    answer = assistant.run([Message(role="user", content=QUESTION)]).answer
    assert translator.calls == 1
    assert not answer.abstained and "600 milliards" in answer.citations[0].quote


def test_without_the_judge_answers_are_not_translated(base_settings, embedder, tmp_path,
                                                      corpus_dir) -> None:
    translator = Scripted(ENGLISH)
    assistant = with_translator(base_settings, embedder, tmp_path, translator, judge="none")
    assistant.index(corpus_dir)
    assistant.run([Message(role="user", content=QUESTION)])
    assert translator.calls == 0


def test_only_the_configured_languages_are_translated(base_settings) -> None:
    # A French question is left alone when only Chinese is configured: no model is loaded for it.
    settings = base_settings.replace(query_translation_languages=["zh"])
    translator = translator_for(settings)
    assert translator.to_english("Combien Meta a-t-il investi dans Scale AI ?") is None


@needs_model
@pytest.mark.slow
def test_by_default_an_indonesian_question_is_searched_in_english_too(base_settings) -> None:
    english = translator_for(base_settings).to_english(
        "Berapa banyak uang yang diinvestasikan Meta di Scale AI?")
    assert english is not None and "Scale AI" in english
    assert {"how", "much"} <= set(english.lower().replace("?", " ").split())

"""Versioned names: a question about "Llama 3" is not answered by a passage about "Llama"."""

from __future__ import annotations

import pytest

from rag.answer.candidates import rank_candidates
from rag.answer.sources import Source, sources_of
from rag.text.versions import names_every_version, versioned_names


@pytest.mark.parametrize(("text", "names"), [
    ("When was Llama 3 released?", {"llama 3"}),
    ("Llama 4 是在哪個月發布的?", {"llama 4"}),
    ("to beat OpenAI's GPT-4 model while developing Llama 3.", {"gpt 4", "llama 3"}),
    ("Qwen2.5-Max beats LLAMA-3.1 and GPT-4o.", {"qwen 2.5", "llama 3.1", "gpt 4o"}),
    ("Pada Juni 2025, Meta merilis model AI seri Llama.", set()),  # a year, not a version
    ("On June 5, in Q3 and in the Top 10 of AI 2027.", set()),  # dates and ranks
])
def test_versioned_names_are_found_in_any_language(text: str, names: set[str]) -> None:
    assert versioned_names(text) == names


def test_a_passage_must_name_the_version_the_question_asks_about() -> None:
    question = "Quelle est la date de sortie de Llama 3 ?"
    assert not names_every_version(question, "Meta pada Februari 2023 merilis model AI seri Llama.")
    assert not names_every_version(question, "Llama 4 dirilis pada April.")
    assert names_every_version(question, "Saat mengembangkan Llama-3, Meta ingin mengalahkan GPT-4.")
    assert names_every_version("When was Llama released?", "Llama 4 dirilis pada April.")


def candidates(assistant, question: str) -> tuple[list[Source], list[str]]:
    hits = assistant.search_hits(question, 5)
    sources = sources_of(hits)
    return sources, [c.evidence.text for c in rank_candidates(assistant.scorer, question, sources)]


def test_candidates_come_only_from_passages_naming_the_version(assistant) -> None:
    # The Llama series' release date (February 2023) is in the corpus, Llama 3's is not.
    sources, ranked = candidates(assistant, "Quelle est la date de sortie de Llama 3 ?")
    assert any("Februari 2023" in s.passage.text for s in sources)
    assert not any("Februari 2023" in text for text in ranked)
    unversioned = rank_candidates(assistant.scorer, "Quelle est la date de sortie de la série Llama ?",
                                  sources)
    assert any("Februari 2023" in c.evidence.text for c in unversioned)


def test_the_sentence_naming_the_version_stays_a_candidate(assistant) -> None:
    _, ranked = candidates(assistant, "Model GPT mana yang ingin dikalahkan Meta saat mengembangkan "
                                      "Llama 3?")
    assert any("GPT-4" in text and "Llama 3" in text for text in ranked)

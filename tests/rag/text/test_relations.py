"""A question naming a relation (a chief executive, a founder, a price) is answered only by a
sentence naming the same relation of the same holder."""

from __future__ import annotations

import re

import pytest

from rag.text.lexicons import LEXICONS
from rag.text.relations import asked_relations, holder_names, names_the_holder, states_relations

SERVED = ("en", "id", "fr", "zh")


def test_every_served_language_names_the_same_relations() -> None:
    names = {code: set(LEXICONS[code].relations) for code in SERVED}
    assert len({frozenset(n) for n in names.values()}) == 1, names
    for code in SERVED:
        for fragments in LEXICONS[code].relations.values():
            for fragment in fragments:
                re.compile(fragment)


@pytest.mark.parametrize(("question", "relations"), [
    ("Who is the CEO of Example Corp?", {"chief_executive"}),
    ("Siapa pendiri Contoh Labs?", {"founder"}),
    ("Combien coûte la licence Pro ?", {"price"}),
    ("示例公司的董事长是谁？", {"chair"}),
    ("Who heads the lab?", {"head"}),
    ("What did the spokesperson say about open models?", set()),
    ("Which key starts routing a track?", set()),
])
def test_questions_name_relations_in_each_language(question: str, relations: set[str]) -> None:
    assert asked_relations(question) == relations


def test_a_narrower_role_states_a_head_but_not_the_other_way_round() -> None:
    assert states_relations(frozenset({"head"}), "Example Corp's CEO, Ann Lee, said so.")
    assert not states_relations(frozenset({"chief_executive"}), "Ann Lee heads the lab.")


def test_a_relation_is_stated_in_any_language() -> None:
    """A French question is often answered by an English or Indonesian sentence."""
    founder = asked_relations("Qui a fondé Contoh Labs ?")
    assert states_relations(founder, "Contoh Labs didirikan oleh Budi pada 2019.")
    assert states_relations(founder, "Contoh Labs was founded by Budi in 2019.")
    assert not states_relations(founder, "Contoh Labs raised $5 million in 2019.")


def test_the_holder_is_the_questions_names_without_the_relation_and_question_words() -> None:
    assert holder_names("Siapa CEO Hugging Face?") == ["Hugging", "Face"]
    assert holder_names("Qui est le PDG d'Alibaba ?") == ["Alibaba"]
    assert holder_names("And who founded it?") == []
    assert names_the_holder(["Alibaba"], "Alibaba's CEO is Wu Yongming.")
    assert not names_the_holder(["Hugging", "Face"], "Its CEO, Wu Yongming, made a promise.")

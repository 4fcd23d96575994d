"""A question asking for a name is answered only by a sentence the model can copy a new name from:
the rule on its own, its place in the pipeline (scripted judge, real index) and the real model."""

from __future__ import annotations

import pytest

from rag.models.judge import LlamaJudge
from rag.schema import Message
from rag.text.names import names_something_new
from tests.conftest import needs_model
from tests.fakes.judge import ScriptedJudge

CASE = "What is the name of the court case accusing Meta of training Llama on copyrighted works?"
KADREY = "Gugatan Kadrey v. Meta"


def ask(assistant, question: str):
    return assistant.run([Message(role="user", content=question)]).answer


@pytest.mark.parametrize(("name", "sentence", "question", "new"), [
    ("Gugatan Kadrey v. Meta", "Gugatan Kadrey v. Meta menuduh bahwa…", CASE, True),
    ("AWS, Nvidia, Google Cloud", "termasuk AWS, Nvidia, dan Google Cloud.",
     "Which companies host Llama?", True),
    # Names the question already gives are no answer, whatever else the sentence says.
    ("Scale AI", "Meta menginvestasikan $14,3 miliar di Scale AI dan merekrut pendirinya.",
     "What is the name of the Scale AI founder?", False),
    ("Kadrey", "Gugatan Kadrey v. Meta menuduh…", "Who sued in Kadrey v. Meta?", False),
    (None, "祖克柏明確表示,Meta 必須優先追求「超級智慧」。", "Siapa nama juru bicara Meta?", False),
    # A name the model made up, not in the sentence.
    ("Alexandr Wang", "Meta merekrut pendiri dan CEO Scale.", "What is the founder's name?", False),
    # Chinese names have no capitals: new Han characters count, those of the question do not.
    ("吳泳銘", "阿里巴巴執行長吳泳銘承諾繼續開源。", "阿里巴巴的執行長叫什麼名字?", True),
    ("祖克柏", "祖克柏在播客中談到開源。", "祖克柏是在哪一個播客節目中談到的?", False),
    # "哪个" (which) asks for a name or for a value: a port, a file; a value the question has not.
    ("7350", "管理界面默认监听 7350 端口。", "管理界面默认监听哪个端口？", True),
    ("agent.yaml", "配置保存在 agent.yaml 文件中。", "配置保存在哪个文件中？", True),
    ("7350", "管理界面默认监听 7350 端口。", "7350 是哪个服务的端口？", False),
    ("8080", "管理界面默认监听 7350 端口。", "管理界面默认监听哪个端口？", False),
])
def test_a_copied_name_must_be_new_to_the_question_and_in_the_sentence(name, sentence, question,
                                                                      new) -> None:
    assert names_something_new(name, sentence, question) is new


def test_a_name_question_is_answered_when_the_name_can_be_copied(judged) -> None:
    judge = ScriptedJudge(KADREY)
    answer = ask(judged(judge), CASE)
    assert not answer.abstained
    assert any("Kadrey" in c.quote for c in answer.citations)
    assert judge.name_calls and KADREY in judge.name_calls[0][1]
    assert "read_name" in answer.timings_ms


def test_a_name_question_abstains_when_the_judged_sentence_gives_no_new_name(judged) -> None:
    # The same accepted sentence, but the name read from it is one the question already gives.
    judge = ScriptedJudge(KADREY, names=["Meta"])
    answer = ask(judged(judge), CASE)
    assert answer.abstained and answer.citations == []
    assert answer.answer == "The documents do not answer this question."


def test_other_questions_are_not_read_for_a_name(judged) -> None:
    judge = ScriptedJudge(KADREY, names=[])
    answer = ask(judged(judge), "What does the Kadrey v. Meta lawsuit allege?")
    assert not answer.abstained and judge.name_calls == []
    assert "read_name" not in answer.timings_ms


@needs_model
@pytest.mark.slow
def test_the_model_copies_a_name_only_where_the_sentence_gives_it(base_settings) -> None:
    judge = LlamaJudge(base_settings.models)
    question = "What is the name of the bakery's founder?"
    named = "La boulangerie a été fondée en 1998 par Hélène Marchand à Lyon."
    unnamed = "Pendiri toko roti itu membuka cabang kedua di Lyon pada 2005."
    copied = judge.name_in(question, named)
    assert copied is not None and "Marchand" in copied
    assert names_something_new(copied, named, question)
    assert not names_something_new(judge.name_in(question, unnamed), unnamed, question)
    # Deterministic: the same reading again, with the instructions now read from the cache.
    assert judge.name_in(question, named) == copied


@needs_model
@pytest.mark.slow
def test_the_real_judge_abstains_on_a_name_the_documents_never_give(make_assistant) -> None:
    a = make_assistant(judge="llama")
    a.index()
    founder = ask(a, "What is the name of the Scale AI founder and CEO that Meta brought in?")
    assert founder.abstained and founder.citations == []
    case = ask(a, CASE)
    assert not case.abstained and any("Kadrey" in c.quote for c in case.citations)

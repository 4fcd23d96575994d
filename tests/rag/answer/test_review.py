"""The review of a model's wording: an answer the sources do not hold is taken for a sign that the
documents are silent (it is not replaced by a quote)."""

from __future__ import annotations

from rag.answer.review import Review, invents
from rag.text.figures import month_numbers
from tests.conftest import source_of

BACKUPS = source_of("Maximum total backup size: when a new backup is made, the oldest backups are "
                    "deleted to keep the folder below this limit.")


def test_a_figure_no_source_writes_is_invented() -> None:
    question = "What is the default maximum total backup size?"
    assert invents(["The default maximum total backup size is 100 MB."], [BACKUPS], question)
    # The same wording without a figure of its own only fails to answer.
    assert not invents(["The maximum total backup size keeps the folder below a limit."],
                       [BACKUPS], question)


def test_a_figure_moved_to_another_scale_or_given_for_one_in_words_is_not_invented() -> None:
    # Slips of a rewording, not answers from elsewhere: the same digits at another scale, and
    # digits for a figure the source writes in words.
    budget = source_of("La somme phare : $600 milliards réservés à l'infrastructure.")
    assert not invents(["Meta 预留了 600亿美元。"], [budget], "Meta 预留了多少资金？")
    assert invents(["Meta 预留了 700亿美元。"], [budget], "Meta 预留了多少资金？")
    team = source_of("Après avoir investi des dizaines de milliards pour réunir l'équipe.")
    assert not invents(["祖克柏投入了约100億美元。"], [team], "祖克柏投入了多少资金？")


def test_a_figure_the_question_writes_is_not_invented() -> None:
    question = "Is the maximum total backup size 100 MB?"
    assert not invents(["The maximum total backup size is 100 MB."], [BACKUPS], question)


def test_a_name_or_an_option_from_nowhere_is_invented() -> None:
    question = "Which text editor opens project files?"
    editor = source_of("Text editor: choose a text editor to use when opening text files.")
    assert invents(["It opens them in Notepad."], [editor], question)
    assert invents(["Use the --editor option."], [editor], question)
    assert not invents(["It opens them in a text editor you choose."], [editor], question)


def test_a_month_written_as_a_number_is_the_month_its_source_names() -> None:
    launch = source_of("The model was released in June 2025.")
    assert set(month_numbers("released in June 2025, juillet, Mei").split()) == {"5", "6", "7"}
    assert not invents(["该模型于 2025 年 6 月发布。"], [launch], "该模型是什么时候发布的？")
    assert invents(["该模型于 2025 年 7 月发布。"], [launch], "该模型是什么时候发布的？")


def test_an_invented_answer_is_not_replaced_by_the_quote() -> None:
    assert Review(None, "en", refused=False, unverifiable=True).wants_the_quote(True)
    assert not Review(None, "en", refused=False, unverifiable=True,
                      invented=True).wants_the_quote(True)
    assert "invented" in Review(None, "en", refused=False, unverifiable=True,
                                invented=True).faults()


def test_a_latin_name_rendering_a_chinese_source_is_not_taken_for_invented() -> None:
    # Chinese writes Nokia as 诺基亚: a wording in Latin letters cannot copy that name, it renders
    # it. The same name against a Latin-script source that lacks it is still from nowhere.
    chinese = source_of("诺基亚于 1865 年在芬兰成立。")
    french = source_of("L'entreprise a été fondée en 1865 en Finlande.")
    question = "When was the company founded, and where?"
    claim = ["Nokia was founded in 1865 in Finland."]
    assert not invents(claim, [chinese], question)
    assert invents(claim, [french], question)
    # Figures are still checked against a Chinese source.
    assert invents(["It was founded in 1871 in Finland."], [chinese], question)

"""A quote put into the asker's language is kept only when faithful, and verified again."""

from __future__ import annotations

from rag.answer.citations import CitationChecker
from rag.answer.sources import sources_of
from rag.answer.translation import faithful, keeps_every_figure, translated

QUOTE = ("Pada Juni 2025, Meta memulai sprint AGI publiknya dengan serius dengan menginvestasikan "
         "$14,3 miliar di Scale AI, mengakuisisi pendiri dan CEO Scale, dan merestrukturisasi "
         "upaya AI-nya di bawah unit baru bernama Meta Superintelligence Labs.")
GOOD = ("In June 2025, Meta began its public AGI sprint in earnest by investing $14.3 billion in "
        "Scale AI, acquiring the founder and CEO of Scale, and restructuring its AI efforts under "
        "a new unit called Meta Superintelligence Labs.")
QUESTION = "How much did Meta invest in Scale AI?"


class Scripted:
    """A translator that answers from a table (the model's place in these tests)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.asked: list[tuple[str, str]] = []

    def translate(self, sentence: str, language: str) -> str | None:
        self.asked.append((sentence, language))
        return self.table.get(sentence)


def test_a_translation_must_keep_every_figure_a_name_the_language_and_the_relations() -> None:
    assert faithful(QUOTE, GOOD, "en", QUESTION)
    assert not keeps_every_figure(QUOTE, GOOD.replace("$14.3 billion", "billions"))
    assert not faithful(QUOTE, GOOD.replace("$14.3 billion", "billions"), "en", QUESTION)
    assert not faithful(QUOTE, GOOD.replace("$14.3 billion", "$14,3 miliar"), "en", QUESTION)
    assert not faithful(QUOTE, "Meta a investi 14,3 milliards de dollars dans Scale AI en 2025.",
                        "en", QUESTION)
    analyst = "Kepala analis Omdia, Su Lianjie, menunjukkan bahwa hasil Meta tidak memuaskan."
    assert faithful(analyst, "Omdia's chief analyst, Su Lianjie, said Meta's results disappoint.",
                    "en", "Who is Omdia's chief analyst?")
    assert not faithful(analyst, "Omdia's CEO, Su Lianjie, said Meta's results disappoint.", "en",
                        "Who is Omdia's chief analyst?")
    # Chinese writes the month as a number, the other languages as a word.
    opened = "该公司于2021年3月开设了新工厂。"
    assert keeps_every_figure(opened, "The company opened a plant in March 2021.")
    assert not keeps_every_figure(opened, "The company opened a plant in May 2021.")


def test_translated_quote_is_checked_against_the_original(assistant) -> None:
    hits = assistant.search_hits(QUESTION, 5)
    sources = sources_of(hits)
    number = next(s.number for s in sources if QUOTE in s.passage.text)
    checker = CitationChecker(assistant.scorer)
    draft = f"{QUOTE[:-1]} [{number}]."
    checked = translated(draft, sources, checker, Scripted({QUOTE: GOOD}), "en", QUESTION)
    assert checked is not None and checked.citations
    assert checked.citations[0].quote == QUOTE  # the citation keeps the original
    assert "$14.3 billion" in checked.text and "[1]" in checked.text
    unfaithful = Scripted({QUOTE: GOOD.replace("$14.3 billion", "a large sum")})
    assert translated(draft, sources, checker, unfaithful, "en", QUESTION) is None
    assert translated(draft, sources, checker, Scripted({}), "en", QUESTION) is None


def test_a_translation_that_loses_the_answer_in_words_is_refused() -> None:
    french = ("Après avoir investi des dizaines de milliards pour assembler l'équipe, le PDG de "
              "Meta, Mark Zuckerberg, dirige l'IA de l'entreprise.")
    question = "祖克柏為了組建團隊投入了多少資金?"
    assert faithful(french, "在投入了数百亿美元组建团队之后，Meta 的 PDG Mark Zuckerberg 领导公司的 AI。",
                    "zh", question)
    assert not faithful(french, "Meta 的 PDG Mark Zuckerberg 现在领导公司的 AI 部门。", "zh", question)


def test_the_judge_must_rate_the_translation_as_well_as_the_quote(assistant) -> None:
    """Keeping every figure and name is not enough: a translation that loses the words that
    answered is refused when the judge rates it lower than the quote."""
    from rag.answer.translation import translated_answer
    from tests.fakes.judge import ScriptedJudge

    hits = assistant.search_hits(QUESTION, 5)
    sources = sources_of(hits)
    number = next(s.number for s in sources if QUOTE in s.passage.text)
    checker = CitationChecker(assistant.scorer)
    draft = f"{QUOTE[:-1]} [{number}]."
    quoted = checker.check(draft, sources)
    translator = Scripted({QUOTE: GOOD})
    keeps = ScriptedJudge("$14,3 miliar", "$14.3 billion")
    kept = translated_answer(draft, quoted, sources, checker, translator, keeps, "en", QUESTION,
                             QUESTION)
    assert kept is not None and "$14.3 billion" in kept.text
    assert keeps.calls and keeps.calls[-1][1][1] == QUOTE  # translation and quote, side by side
    loses = ScriptedJudge("$14,3 miliar")  # rates the quote yes, the translation no
    assert translated_answer(draft, quoted, sources, checker, translator, loses, "en", QUESTION,
                             QUESTION) is None
    assert translated_answer(draft, quoted, sources, checker, translator, None, "en", QUESTION,
                             QUESTION) is not None


def test_a_latin_name_written_against_chinese_characters_is_kept() -> None:
    sentence = "The tablet is made by Nordvik Systems in Oslo."
    question = "哪家公司生产了这款平板电脑?"
    assert faithful(sentence, "这款平板电脑由Nordvik公司生产。", "zh", question)
    assert not faithful(sentence, "这款平板电脑由北维克公司在奥斯陆生产。", "zh", question)


def test_a_date_translated_into_chinese_needs_no_latin_name() -> None:
    sentence = "The Orion tablet went on sale in March 2024 in Oslo."
    question = "这款平板电脑是什么时候开始销售的?"
    assert faithful(sentence, "这款平板电脑于2024年3月在奥斯陆开始销售。", "zh", question)
    assert not faithful(sentence, "这款平板电脑在奥斯陆开始销售。", "zh", question)


def test_an_amount_is_kept_by_its_value_whatever_the_scale_words() -> None:
    sentence = "Le fonds réserve 600 milliards de dollars pour les réseaux."
    assert keeps_every_figure(sentence, "该基金为网络预留了6000亿美元。")
    assert keeps_every_figure(sentence, "The fund sets aside $600 billion for networks.")
    assert not keeps_every_figure(sentence, "该基金为网络预留了600美元。")
    assert not keeps_every_figure(sentence, "The fund sets aside $600 million for networks.")


def test_chinese_words_a_translation_kept_are_translated_alone() -> None:
    from rag.answer.translation import mended

    kept = "据说 Several知情人士 have said that the plant (新工厂) opened in 2021."
    translator = Scripted({"据说": "Reportedly,", "知情人士": "people familiar with the matter",
                           "新工厂": "new plant."})
    assert mended(kept, translator, "en") == ("Reportedly, Several people familiar with the matter "
                                              "have said that the plant (new plant) opened in 2021.")
    # A run the model cannot put in other letters stays, so the translation is refused as mixed.
    assert mended(kept, Scripted({"据说": "据说"}), "en") == kept
    # Chinese is written in them.
    assert mended(kept, translator, "zh") == kept


def test_a_translation_with_a_chinese_phrase_left_in_it_is_mended_and_checked(assistant) -> None:
    quote = ("據多位知情人士透露,Meta 開發的下一代大型語言模型(內部代號「Avocado」),"
             "正以阿里巴巴旗下通義千問(Qwen)系列開源模型作為基礎微調。")
    question = "Which model is Meta's Avocado built on?"
    sources = sources_of(assistant.search_hits(question, 5))
    number = next(s.number for s in sources if quote in s.passage.text)
    checker = CitationChecker(assistant.scorer)
    draft = f"{quote[:-1]} [{number}]。"
    english = ("According to several知情人士, Meta's next-generation large language model (internal "
               "code name \"Avocado\") is being fine-tuned on Alibaba's Qwen series of open-source "
               "models.")
    table = {quote: english, "知情人士": "people familiar with the matter"}
    checked = translated(draft, sources, checker, Scripted(table), "en", question)
    assert checked is not None and "several people familiar with the matter," in checked.text
    assert checked.citations[0].quote.rstrip("。") == quote[:-1]  # the original, untranslated
    del table["知情人士"]
    assert translated(draft, sources, checker, Scripted(table), "en", question) is None

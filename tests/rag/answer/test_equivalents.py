"""A favourite sentence in another language than the asker's gives way to the same statement in the
asker's language (rag.answer.equivalents): with the real index and embedder, a scripted judge."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from rag.schema import Message
from tests.conftest import source_of
from tests.rag.answer.test_judged_answers import MANUAL
from tests.rag.ingest.test_chunking import INDONESIAN_MANUAL

MANUAL_ZH = """\
TARP(1)                            用户命令                            TARP(1)

名称
       tarp - 打包和解包项目树的磁带归档

描述
       把项目树中的文件打包成一个归档，或者把归档解包到当前目录。选项从左到右读取，
       两个互相冲突的选项以后一个为准。

       -k, --keep-old
              把归档解包到当前目录时，从不覆盖已有的文件。

       -z, --squeeze
              用安装程序时找到的最快的压缩程序压缩归档
"""

QUESTION = "tarp 解包时用哪个选项可以不覆盖已有的文件？"


class RatingJudge:
    """Rates each sentence by the first of `ratings` (text → P(yes)) it contains, 0.1 if none."""

    def __init__(self, ratings: dict[str, float]) -> None:
        self.ratings = ratings
        self.calls: list[list[str]] = []

    def judge(self, question: str, sentences: Sequence[str],
              enough: float | None = None) -> list[float]:
        self.calls.append(list(sentences))
        return [next((p for text, p in self.ratings.items() if text in s), 0.1) for s in sentences]

    def name_in(self, question: str, sentence: str) -> str | None:
        return None

    def claim_judge(self) -> None:
        return None


def answer_with(make_assistant, tmp_path: Path, judge: RatingJudge, chinese: str):
    corpus = tmp_path / "manuals"
    corpus.mkdir()
    (corpus / "tarp.txt").write_text(MANUAL, encoding="utf-8")
    (corpus / "tarp.zh.txt").write_text(chinese, encoding="utf-8")
    assistant = make_assistant(judge, generator="extractive", judge="llama", corpus_path=corpus)
    assistant.index(corpus)
    # Every passage of the two small files is retrieved: what is chosen is the judge's doing.
    return assistant.run([Message(role="user", content=QUESTION)], top_k=8).answer


def test_the_same_option_line_in_the_askers_language_is_quoted(make_assistant, tmp_path) -> None:
    # The judge prefers the English line, and accepts the Chinese one as well.
    judge = RatingJudge({"never overwrite": 0.95, "从不覆盖": 0.6})
    answer = answer_with(make_assistant, tmp_path, judge, MANUAL_ZH)
    [citation] = answer.citations
    assert citation.file == "tarp.zh.txt" and citation.quote.startswith("-k, --keep-old")
    assert "从不覆盖" in answer.answer and answer.note is None
    assert "judge_language" in answer.timings_ms or any(
        "从不覆盖" in s for call in judge.calls for s in call)


@pytest.mark.parametrize(("ratings", "chinese"), [
    # The judge does not accept the Chinese line.
    ({"never overwrite": 0.95, "从不覆盖": 0.2}, MANUAL_ZH),
    # The Chinese line writes another option: not the same statement, whatever the judge says.
    ({"never overwrite": 0.95, "从不覆盖": 0.9},
     MANUAL_ZH.replace("-k, --keep-old", "-n, --no-clobber").replace("-z, --squeeze", "-q"))])
def test_the_favourite_stays_unless_the_same_statement_is_accepted(make_assistant, tmp_path,
                                                                    ratings, chinese) -> None:
    answer = answer_with(make_assistant, tmp_path, RatingJudge(ratings), chinese)
    [citation] = answer.citations
    assert citation.file == "tarp.txt" and citation.quote.startswith("-k, --keep-old")
    assert answer.note is not None


# An option with a long description first, so that the short one shares its Indonesian passage.
MANUAL_ID = INDONESIAN_MANUAL.replace("\n       -R, --recursive", """
       -a, --all
              jangan abaikan entri yang diawali dengan titik, termasuk berkas yang
              tersembunyi di dalam direktori saat ini.

       -R, --recursive""")


def test_a_quote_note_names_the_language_of_the_quoted_passage(make_assistant, tmp_path) -> None:
    # The option line alone reads as English to the detector; its passage is Indonesian.
    corpus = tmp_path / "manuals"
    corpus.mkdir()
    (corpus / "tarp.id.txt").write_text(MANUAL_ID, encoding="utf-8")
    judge = RatingJudge({"subdirektori": 0.9})
    assistant = make_assistant(judge, generator="extractive", judge="llama", corpus_path=corpus)
    assistant.index(corpus)
    answer = assistant.run([Message(role="user", content=(
        "Which tarp option also lists what is inside subfolders?"))], top_k=8).answer
    [citation] = answer.citations
    assert citation.quote.startswith("-R, --recursive")
    assert answer.note is not None and "Indonesian" in answer.note


def test_a_quotes_language_is_its_own_when_it_can_tell() -> None:
    from rag.answer.sources import quote_language
    indonesian = "Berkas ini dibuat oleh KiCad untuk setiap proyek yang dibuka dari pengelola."
    mostly_english = ("The project manager opens the schematic editor and the board editor. "
                      "It is the first window you see, and it lists the files of the project. "
                      + indonesian)
    assert quote_language(indonesian, source_of(mostly_english)) == "id"
    assert quote_language("-R, --recursive daftar subdirektori secara rekursif",
                          source_of(MANUAL_ID)) == "id"
    assert quote_language("单击所需的单元格方块可以更改规则", source_of(mostly_english)) == "zh"

"""Which sentences of a passage may be quoted as an answer: statements, not titles or links."""

from __future__ import annotations

from pathlib import Path

from rag.answer.evidence import evidence_of, with_sequels
from tests.conftest import source_of

CORPUS = Path(__file__).parents[3] / "corpus"


def evidence(text: str) -> dict[str, bool]:
    """Sentence → whether it is quotable, for a passage made of `text`."""
    return {e.text: e.quotable for e in evidence_of([source_of(text)])}


def test_a_short_line_without_a_full_stop_is_a_title() -> None:
    found = evidence("Three Keys to Qwen's Lead over Llama\nQwen kept improving all year long.")
    assert found == {"Three Keys to Qwen's Lead over Llama": False,
                     "Qwen kept improving all year long.": True}


def test_a_short_definition_line_holding_a_format_symbol_or_option_is_evidence() -> None:
    # Written for this test: a manual's list of format symbols and an option line.
    found = evidence("Symbols:\n%D = date\n%R = revision\n-q, --quiet\nShare\n")
    assert found.get("%D = date") is True and found.get("%R = revision") is True
    assert found.get("-q, --quiet") is True
    assert "Share" not in found  # a short fragment holding none is still no evidence


def test_a_title_ending_in_a_quoted_word_is_a_title_and_a_quoted_statement_is_not() -> None:
    title = "Zuckerberg: Meta Will Not Open Every 'Superintelligence' Model 'Yet'"
    said = "He said: \"We will stay open.\""
    assert evidence(f"{title}\n{said}") == {title: False, said: True}


def test_a_long_labelled_bullet_without_a_full_stop_is_a_statement() -> None:
    bullet = ("Global recognition from developers: Qwen and DeepSeek alone accounted for 14% of all "
              "open-source software downloads over the past year")
    assert evidence(f"Why Qwen won\n{bullet}") == {"Why Qwen won": False, bullet: True}


def test_a_long_chinese_line_without_a_full_stop_is_a_statement() -> None:
    # Written for this test: a Chinese manual's option description, unstopped as man pages are,
    # 40 characters (weighing as many as 120 Latin ones); its 4-character title stays a title.
    line = "以长格式列出文件的权限、链接数、所有者、所属组、大小和最后修改时间等详细信息供用户查看"
    assert len(line) < 100
    assert evidence(f"显示选项\n{line}") == {"显示选项": False, line: True}


def test_a_bare_link_and_a_lead_in_ending_in_a_colon_are_not_statements() -> None:
    link = ("[1] https://example.com/2025/03/21/a-long-article-address-that-runs-well-past-a-hundred-"
            "characters-in-all/")
    found = evidence(f"{link}\nThe company listed its partners:\nAWS, Nvidia and Google Cloud host it.")
    assert found[link] is False
    assert found["The company listed its partners:"] is False
    assert found["AWS, Nvidia and Google Cloud host it."] is True


def test_the_seed_corpus_bullets_and_qa_answers_are_quotable() -> None:
    # Gold answers that were unquotable before: a bullet in 000, a Q&A answer in 003 (whose line
    # ends in the next question's "Q", which the quote leaves out).
    for name, start, quote_end in (
            ("000_1711ad7f7b3f2517.txt", "Pengakuan global dari pengembang:", "setahun terakhir"),
            ("003_b2ec8ce9afd9f467.txt", "Gugatan Kadrey v. Meta menuduh", "model Llama.")):
        text = (CORPUS / name).read_text(encoding="utf-8")
        s = text.index(start)
        line = text[s:text.index("\n", s)]
        quotable = [t for t, ok in evidence(line + "\n").items() if ok]
        assert len(quotable) == 1 and quotable[0].startswith(start), line
        assert quotable[0].endswith(quote_end)


def test_a_short_lead_in_is_quoted_with_the_next_sentence_of_its_paragraph() -> None:
    reason = "Closed models give a company more control to monetise its products."
    text = (f"There is a reason why Meta's rivals keep their models closed. {reason} Was it wise?\n"
            "A new paragraph starts here, on the next line of the file.\n"
            "This sentence is long enough to stand on its own, with a subject, a verb, an object and a "
            "point to make. "
            "It is followed by another one.")
    every = {e.text: e for e in evidence_of([source_of(text)])}
    lead_in = every["There is a reason why Meta's rivals keep their models closed."]
    assert [e.text for e in with_sequels([lead_in], [source_of(text)])] == [lead_in.text, reason]
    followed = with_sequels([every[reason]], [source_of(text)])  # its sequel is a question: not quoted
    assert [e.text for e in followed] == [reason]
    long = next(e for t, e in every.items() if t.startswith("This sentence is long"))
    assert with_sequels([long], [source_of(text)]) == [long]


def test_the_share_of_the_questions_words_weighs_rare_words_most() -> None:
    from rag.answer.candidates import lexical_overlap

    sentences = ["The editor display stays sharp at any zoom.",
                 "In the editor, 1920x1080 or higher resolution is recommended.",
                 "The editor opens large boards quickly."]
    share = lexical_overlap("Which editor display resolution is recommended?", sentences)
    assert share[1] > share[0] > share[2] > 0  # "editor" is in all three: it weighs least
    assert max(lexical_overlap("推荐什么分辨率？", sentences)) == 0  # no shared words, no lift
    assert lexical_overlap("Which hotkeys?", ["Custom hotkey files"]) == [1.0]  # "hotkeys" ~ "hotkey"


def test_a_short_sentence_holding_the_path_asked_for_is_quoted_alone() -> None:
    path = "The agent reads its settings from /etc/tidewater/agent.yaml."
    other = "Passwords for the database are kept in the vault, never in that file."
    text = f"{path} {other}\n"
    answer = evidence_of([source_of(text)])[0]
    assert answer.text == path
    asked = "Where is the agent's configuration file?"
    assert [e.text for e in with_sequels([answer], [source_of(text)], asked, "path")] == [path]
    # asked for something the sentence does not write, it is a lead-in as before
    assert [e.text for e in with_sequels([answer], [source_of(text)], "Why?", None)] == [path, other]
    assert [e.text for e in with_sequels([answer], [source_of(text)], "How many?", "number")] \
        == [path, other]

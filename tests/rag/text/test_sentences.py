from __future__ import annotations

import pytest

from rag.text.sentences import reflowed, sentence_spans, weighted_length


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text", ["1. Copy (Ctrl+C) | 2. Select cells | 3. Paste (Ctrl+V)",
                                  "- 2. Select the cells.", "3. Paste the value."])
def test_an_enumerator_does_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(("text", "expected"), [
    ("Use version 2. Then restart.", ["Use version 2.", "Then restart."]),
    ("Prices rose 3.5. They fell later.", ["Prices rose 3.5.", "They fell later."]),
    ("Save it. 2. Close the file.", ["Save it.", "2. Close the file."]),
])
def test_a_number_at_the_end_of_a_sentence_still_ends_it(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_reflowed_joins_wrapped_lines_and_words_hyphenated_at_the_wrap() -> None:
    wrapped = "preserves set-user-ID  bits  un\u2010\n       less you ask,\n  in a set-\n  group"
    assert reflowed(wrapped) == "preserves set-user-ID bits unless you ask, in a set- group"


@pytest.mark.parametrize(("text", "expected"), [
    ("", 0), ("abc def", 7), ("价格上涨", 12), ("Llama模型", 11), ("カナ and 한글", 17),
    ("ｆｕｌｌ　width", 10),  # fullwidth Latin is not CJK script
])
def test_weighted_length_counts_a_cjk_character_as_three(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


def test_a_line_of_chinese_is_short_by_its_words_not_its_spaces() -> None:
    from rag.text.boilerplate import is_short

    assert not is_short("把归档解包到当前目录时从不覆盖已有的文件")
    assert is_short("选项") and is_short("用户命令")
    assert is_short("Share this") and not is_short("Pack the files of a project tree into one")

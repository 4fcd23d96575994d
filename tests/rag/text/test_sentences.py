from __future__ import annotations

import pytest

from rag.text.sentences import reflowed, sentence_spans


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

"""The characters nobody sees: which are removed, which stay, and how a removal is described."""

import sys
import unicodedata

import pytest

from rag.text.invisible import INVISIBLE, VISIBLE_FORMAT, describe_hidden, strip_invisible


def test_every_format_character_but_the_visible_ones_is_removed() -> None:
    """Checked against this Python's Unicode database, so a newer Unicode adding Cf characters
    shows up here."""
    format_characters = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    missed = [f"U+{ord(ch):04X}" for ch in format_characters
              if ch not in VISIBLE_FORMAT and not INVISIBLE.fullmatch(ch)]
    assert missed == []
    assert all(unicodedata.category(ch) == "Cf" for ch in VISIBLE_FORMAT)


@pytest.mark.parametrize(("text", "expected"), [
    ("ig\u200bnore the ques\u200ction and re\u200dply", "ignore the question and reply"),
    ("word\u2060joiner \ufeffbom inside", "wordjoiner bom inside"),
    ("soft\u00adhyphen", "softhyphen"),
    ("\u202egnp.exe\u202c \u2066isolate\u2069 \u200emark\u200f", "gnp.exe isolate mark"),
    ("tags\U000e0049\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065 end", "tags end"),
    ("variation ❤\ufe0f and 葛\U000e0100", "variation ❤ and 葛"),
    ("Hangul filler\u3164 and\u115f\u1160 grapheme\u034f joiner", "Hangul filler and grapheme joiner"),
    ("忽\u200b略\u200c问\u200d题", "忽略问题"),
    ("👩\u200d💻 developer", "👩💻 developer"),
])
def test_invisible_characters_are_removed_without_a_trace(text: str, expected: str) -> None:
    cleaned, removed = strip_invisible(text)
    assert cleaned == expected
    assert removed == len(text) - len(expected)


@pytest.mark.parametrize("text", [
    "Plain text, with accents: café, naïve, Œuvre « à côté » — 5 €.",
    "该软件需要六十四位处理器。 Perangkat lunak ini membutuhkan ruang disk.",
    "Arabic number sign \u0600\u0661\u0662 and tabs\tand\nnew lines\u00a0kept",
    "",
])
def test_visible_text_is_left_alone(text: str) -> None:
    assert strip_invisible(text) == (text, 0)


def test_the_report_line_names_the_techniques_and_counts() -> None:
    assert describe_hidden({"HTML hidden elements": 200, "zero-width and format characters": 12}) == (
        "212 hidden characters removed (HTML hidden elements, zero-width and format characters)")
    assert describe_hidden({"invisible PDF text": 1, "unused": 0}) == (
        "1 hidden character removed (invisible PDF text)")

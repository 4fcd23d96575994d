"""Markdown and plain answers become valid Slack mrkdwn, split under the section limit."""

from __future__ import annotations

import pytest

from api.slack.mrkdwn import SECTION_LIMIT, split_text, to_mrkdwn, truncate


@pytest.mark.parametrize(("markdown", "mrkdwn"), [
    ("**Avocado** is *new* [1].", "*Avocado* is _new_ [1]."),
    ("__bold__ and ~~old~~", "*bold* and ~old~"),
    ("# Title\n## **Bold head**\n- one\n* two\n+ three", "*Title*\n*Bold head*\n• one\n• two\n• three"),
    ("See [docs](https://x.test/a?b=1&c=2).", "See <https://x.test/a?b=1&amp;c=2|docs>."),
    ("AT&T <b> > 3", "AT&amp;T &lt;b&gt; &gt; 3"),
    ("2 * 3 * 4 = 24, snake_case, a*b", "2 * 3 * 4 = 24, snake_case, a*b"),
    ("Costs $600 [1][2].", "Costs $600 [1][2]."),
])
def test_markdown_is_converted(markdown: str, mrkdwn: str) -> None:
    assert to_mrkdwn(markdown) == mrkdwn


def test_code_is_left_alone_apart_from_escaping() -> None:
    text = "Use `a**b**` then\n```\n**x** <y>\n```"
    assert to_mrkdwn(text) == "Use `a**b**` then\n```\n**x** &lt;y&gt;\n```"


@pytest.mark.parametrize("text", [
    "A sentence that goes on for a while. " * 400,
    "字" * 7000,  # no spaces at all
    "line\n" * 2000,
    ("x" * 2990) + " &amp; " + ("y" * 3000),
])
def test_long_text_is_split_under_the_limit_without_losing_anything(text: str) -> None:
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(0 < len(p) <= SECTION_LIMIT for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
    assert not any(p.endswith("&") or p.startswith("amp;") for p in pieces), "entities stay whole"


def test_a_link_is_never_cut_in_half() -> None:
    text = "x" * 2980 + "<https://example.test/a/very/long/path|label>" + " tail"
    pieces = split_text(text)
    assert any("<https://example.test/a/very/long/path|label>" in p for p in pieces)


def test_truncate_cuts_at_a_word_or_anywhere_in_cjk() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("word " * 100, 30)
    assert len(cut) <= 30 and cut.endswith("word…")
    assert truncate("字" * 100, 10) == "字" * 9 + "…"

"""The extractive generator on the shapes of real manuals: hard-wrapped man-page prose and numbered
table rows, indexed from files with the real embedder."""

from __future__ import annotations

import re
from pathlib import Path

MAN_PAGE = """FROB(1)                       User Commands                      FROB(1)

NAME
       frob - tidy the widget cache

DESCRIPTION
       The frob command removes stale entries from the widget cache and re\u2010
       builds the index of every widget that is still in use by an open pro\u2010
       ject, unless the --keep option is given.

       Widgets are kept in the cache for seven days after their project is
       closed.
"""

STEPS = """# Copying fields

To copy a value to several cells of the table:

| Step | Action |
|---|---|
| 1. Copy (Ctrl+C) | 2. Select the target cells | 3. Paste (Ctrl+V) |
"""


def indexed(make_assistant, tmp_path: Path, files: dict[str, str]):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    assistant = make_assistant(corpus_path=corpus)
    assistant.index(corpus)
    return assistant, corpus


def answer_for(make_assistant, tmp_path: Path, files: dict[str, str], question: str):
    assistant, corpus = indexed(make_assistant, tmp_path, files)
    return assistant.ask(question), corpus


def test_a_hard_wrapped_sentence_is_answered_inline_and_cited_exactly(make_assistant,
                                                                      tmp_path: Path) -> None:
    answer, corpus = answer_for(make_assistant, tmp_path, {"frob.txt": MAN_PAGE},
                                "What does the frob command do with stale entries in the cache?")
    assert "removes stale entries from the widget cache and rebuilds the index" in answer.answer
    assert "\n" not in answer.answer and "\u2010" not in answer.answer
    # One marker per quoted sentence, after it: none at the places where its lines were wrapped.
    assert re.findall(r"\[\d+\]", answer.answer) == [f"[{c.ref}]" for c in answer.citations]
    quote = answer.citations[0].quote
    assert "\n" in quote and quote.endswith("unless the --keep option is given.")
    text = (corpus / "frob.txt").read_text(encoding="utf-8")
    assert text[answer.citations[0].start_char:answer.citations[0].end_char] == quote


def test_numbered_steps_in_a_table_row_are_one_claim(make_assistant, tmp_path: Path) -> None:
    answer, _ = answer_for(make_assistant, tmp_path, {"fields.md": STEPS},
                           "How do I copy a value to several cells of the table?")
    assert not answer.abstained
    assert "1. Copy (Ctrl+C) | 2. Select the target cells | 3. Paste (Ctrl+V)" in answer.answer
    assert answer.answer.count("[1]") == 1


SYMBOLS = """# Title block format symbols

Text in the title block may hold format symbols, replaced when the sheet is plotted:

- %S is replaced by the number of the current sheet.
- %N is replaced by the total number of sheets.
- %T is replaced by the title of the sheet.
- %D is replaced by the date of the sheet.
"""


def test_a_follow_up_naming_a_symbol_is_answered_with_that_symbol(make_assistant,
                                                                  tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "symbols.md").write_text(SYMBOLS, encoding="utf-8")
    assistant = make_assistant(corpus_path=corpus)
    assistant.index(corpus)
    from rag.schema import Message

    asked = "In a title block, what is %S replaced by?"
    follow = assistant.ask([Message(role="user", content=asked),
                            Message(role="assistant",
                                    content="%S is replaced by the number of the current sheet [1]."),
                            Message(role="user", content="And %T?")])
    # The condensed query still names %S (the earlier turn), and e5 hardly tells the two lines
    # apart: the symbol the follow-up names decides.
    assert "%T is replaced by the title of the sheet" in follow.answer
    assert "%S" not in follow.answer



SETTINGS = """# Where frob keeps its settings

frob stores its settings in a folder of the user's home, one subfolder per frob version.

- Linux: ~/.config/frob/2.1/settings.toml
- macOS: ~/Library/Application Support/frob/2.1/settings.toml
- Windows: %APPDATA%\\frob\\2.1\\settings.toml
"""


def test_a_follow_up_is_not_answered_by_the_path_the_earlier_answer_gave(make_assistant,
                                                                         tmp_path: Path) -> None:
    from rag.schema import Message

    assistant, _ = indexed(make_assistant, tmp_path, {"settings.md": SETTINGS})
    messages = [Message(role="user", content="Where does frob store its settings on Linux?"),
                Message(role="assistant", content="In ~/.config/frob, one subfolder per version [1]."),
                Message(role="user", content="And on a Mac?")]
    answer = assistant.run(messages, generator="extractive").answer
    assert not answer.abstained
    quotes = " ".join(c.quote for c in answer.citations)
    assert "~/Library/Application Support/frob" in quotes and "~/.config/frob" not in quotes

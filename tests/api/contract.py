"""Assertions for the fixed Answer and Passage contracts of DESIGN.md, checked against the corpus
files themselves rather than against anything the server computed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rag.schema import Answer, Passage

MARKER = re.compile(r"\[(\d+)\]")


def corpus_text(corpus: Path, file: str) -> str:
    return (corpus / file).read_text(encoding="utf-8")


def assert_answer_contract(data: dict[str, Any], corpus: Path) -> Answer:
    answer = Answer.model_validate(data)
    refs = {int(n) for n in MARKER.findall(answer.answer)}
    cited = [c.ref for c in answer.citations]
    assert len(cited) == len(set(cited)), f"duplicate citation refs: {cited}"
    assert refs == set(cited), f"markers {sorted(refs)} vs citations {sorted(cited)}"
    for c in answer.citations:
        text = corpus_text(corpus, c.file)
        assert text[c.start_char:c.end_char] == c.quote
        assert text.count("\n", 0, c.start_char) + 1 == c.start_line
        assert text.count("\n", 0, c.end_char - 1) + 1 == c.end_line
    if answer.abstained:
        assert answer.citations == []
    return answer


def assert_passage_contract(data: dict[str, Any], corpus: Path) -> Passage:
    passage = Passage.model_validate(data)
    text = corpus_text(corpus, passage.file)
    assert text[passage.start_char:passage.end_char] == passage.text
    assert text.count("\n", 0, passage.start_char) + 1 == passage.start_line
    return passage

"""Sentence spans for Chinese, Indonesian, French and English text, as exact character offsets.

Both the chunker and the citation checker cut text here, so a quote is always a whole sentence (or a
run of them) whose offsets index straight into the file.
"""

from __future__ import annotations

import re
from collections.abc import Container
from itertools import groupby

from rag.text.cjk import CJK_CHAR
from rag.text.lexicons import union


def _not_after_abbreviations() -> str:
    """Lookbehinds for every lexicon's abbreviations (one per length: lookbehinds are fixed-width)."""
    words = sorted(set(union("abbreviations")), key=len)
    return "".join(rf"(?<!\b(?:{'|'.join(map(re.escape, group))}))"
                   for _, group in groupby(words, key=len))


# A sentence ends at a CJK terminator (closing quotes/brackets stay with it), at a Latin terminator
# followed by whitespace, or at a line break. Not after an initial or a common abbreviation
# ("Kadrey v. Meta" is a court case, not two sentences; the abbreviations are the lexicons').
_CJK_END = r"[。！？!?；]+[」』”’）)】]*"
_LATIN_END = rf"(?<![A-Z]){_not_after_abbreviations()}[.!?…]+[\"'”’»)\]]*(?=\s)"
_GLUED_END = r"(?<=[a-z0-9)])[.!?…](?=[A-Z][ \t]*(?:\n|$))"
"""A full stop glued to a lone capital that ends the line: scraped Q&A lists run "…model Llama.Q"
into the next question, and the Q is not part of the answer."""
_BOUNDARY = re.compile(rf"{_CJK_END}|{_LATIN_END}|{_GLUED_END}|\n")
_ENUMERATOR = re.compile(r"[-–—*+•]?\s*\(?[0-9]{1,3}(?:\.[0-9]{1,3})*")
_ENUMERATOR_AFTER = re.compile(r"(?:[|•·]|\s[-–—*+])\s*\(?[0-9]{1,3}(?:\.[0-9]{1,3})*$")
"""A list or table enumerator ("1. Copy | 2. Select"): a number alone, or after a column separator
or bullet. Its full stop numbers an item, it ends nothing."""
_WRAPPED_HYPHEN = re.compile(r"[\u2010\u00ad][ \t]*\n\s*(?=[a-zà-ÿ])")
_SPACES = re.compile(r"\s+")


def sentence_spans(text: str, start: int = 0, end: int | None = None,
                   soft: Container[int] = ()) -> list[tuple[int, int]]:
    """Spans `(s, e)` of the sentences in `text[start:end]`, stripped of surrounding whitespace.
    Line breaks at the offsets in `soft` continue the sentence (a hard-wrapped paragraph)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group() == "\n" and match.start() in soft:
            continue
        if match.group().startswith(".") and _enumerates(text, pos, match.start()):
            continue
        cut = match.end() if match.group() != "\n" else match.start()
        _append_stripped(text, pos, cut, spans)
        pos = match.end()
    _append_stripped(text, pos, end, spans)
    return spans


def _enumerates(text: str, pos: int, stop: int) -> bool:
    return bool(_ENUMERATOR.fullmatch(text[pos:stop].strip())
                or _ENUMERATOR_AFTER.search(text[max(pos, stop - 24):stop]))


def reflowed(text: str) -> str:
    """`text` as one line: a hard-wrapped quote read inline. Words hyphenated at a wrap (a man
    page's "un\u2010" / "less", or a soft hyphen) are joined; other line breaks, and the padding of
    justified or column-aligned text, become one space."""
    return _SPACES.sub(" ", _WRAPPED_HYPHEN.sub("", text)).strip()


def _append_stripped(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def weighted_length(text: str) -> int:
    """Length in 'Latin-character equivalents': a CJK character carries about as much as three."""
    return len(text) + 2 * len(CJK_CHAR.findall(text))

"""Recognising page furniture (share buttons, language menus, rulers, link lists) line by line.

Scraped articles end in dozens of one-word lines; indexed as passages they would match every short
query and crowd out the article. A line is furniture when it is a ruler or a bare link, a bulleted
one- or two-word item, or part of a run of three or more short lines that carry no sentence.
"""

from __future__ import annotations

import re

from rag import tuning
from rag.text.cjk import CJK_CHAR
from rag.text.sentences import weighted_length

_RULER = re.compile(r"^[\s\-=_*~·•.]{3,}$")
_BARE_LINK = re.compile(r"^\s*(?:\[\d+\]\s*)?https?://\S+\s*$")
_BULLET = re.compile(r"^\s*[•·▪●◦‣\-*]\s*")
_SENTENCE_END = re.compile(r"[.!?。！？:：]\s*[\"'”’」』)]*\s*$")


TITLE_LENGTH = tuning.TITLE_LENGTH
"""Shorter lines without a closing full stop read as titles (see rag.tuning.TITLE_LENGTH)."""


def is_bare_link(line: str) -> bool:
    return bool(_BARE_LINK.match(line))


def _words(line: str) -> int:
    """Words separated by spaces, and Chinese ones, which nothing separates: about two
    characters a word ("从不覆盖已有的文件" is five words, not one)."""
    return len(CJK_CHAR.sub(" ", line).split()) + (len(CJK_CHAR.findall(line)) + 1) // 2


def is_short(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (_words(stripped) <= 3 or weighted_length(stripped) <= 24) \
        and not _SENTENCE_END.search(stripped)


def boilerplate_lines(lines: list[str]) -> set[int]:
    """0-based indices of lines that are page furniture rather than content."""
    marked: set[int] = set()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        bullet_item = _BULLET.match(line) and _words(_BULLET.sub("", line)) <= 2
        if _RULER.match(stripped) or _BARE_LINK.match(stripped) or bullet_item:
            marked.add(i)
    # Runs of short lines (blank lines do not break a run: menus are often spaced out).
    run: list[int] = []
    for i, line in enumerate([*lines, "a full sentence that ends the last run."]):
        if not line.strip():
            continue
        if is_short(line) or i in marked:
            run.append(i)
            continue
        if len(run) >= 3:
            marked.update(run)
        run = []
    return marked

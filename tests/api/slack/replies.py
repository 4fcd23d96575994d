"""Reading the bot's replies back: the sources it lists, checked against the corpus itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SOURCE = re.compile(r"^\*\[(\d+)\]\* `([^`]+)` · \S+ (\d+)(?:–(\d+))?[^\n]*\n>(.*)$", re.DOTALL)


@dataclass
class Source:
    ref: int
    file: str
    start_line: int
    end_line: int
    quote: str

    def covers(self, line: int) -> bool:
        return self.start_line <= line <= self.end_line


def section_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b.get("type") == "section"]


def sources(blocks: list[dict[str, Any]]) -> list[Source]:
    found = []
    for text in section_texts(blocks):
        m = _SOURCE.match(text)
        if m:
            start = int(m.group(3))
            found.append(Source(int(m.group(1)), m.group(2), start, int(m.group(4) or start),
                                m.group(5)))
    return found


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def quote_is_in_corpus(source: Source, corpus: Path) -> bool:
    """The quote (ellipsis dropped, whitespace collapsed) appears in the cited lines of the file."""
    lines = (corpus / source.file).read_text(encoding="utf-8").splitlines()
    cited = " ".join(" ".join(lines[source.start_line - 1:source.end_line]).split())
    quote = " ".join(unescape(source.quote).removesuffix("…").split())
    return bool(quote) and quote in cited


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b.get("type") == "actions" for e in b["elements"]]

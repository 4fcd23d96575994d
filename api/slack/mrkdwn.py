"""Converting answer text (plain text or Markdown from an LLM) into Slack's mrkdwn, and splitting it.

Slack does not render Markdown: `**bold**` shows its asterisks, `[text](url)` is not a link, `#`
headings are literal, and a bare `<` or `&` can be taken for the start of a Slack link or entity.
So the text is escaped first and then the common Markdown forms are rewritten; code spans and
fenced blocks pass through untouched (their content is literal in both dialects). Citation
markers such as `[1]` are left as they are: they are not links.

Section blocks hold at most 3000 characters, so long answers are split, at a paragraph, line or
sentence end where possible, never inside an escaped entity or a link.
"""

from __future__ import annotations

import re

SECTION_LIMIT = 3000
"""Slack's limit on a section block's text."""

_CODE = re.compile(r"(```.*?```|`[^`\n]+`)", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)
_ITALIC_STAR = re.compile(r"(?<![*\w])\*(?![*\s])(.+?)(?<![*\s])\*(?![*\w])")
_BOLD = re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*|__(?!\s)(.+?)(?<!\s)__")
_STRIKE = re.compile(r"~~(?!\s)(.+?)(?<!\s)~~")


def escape(text: str) -> str:
    """Escape the three characters Slack reserves for its own markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _convert_prose(text: str) -> str:
    text = escape(text)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    # Single-star italics first: once bold (or a heading) has become `*x*` it looks like italics.
    text = _ITALIC_STAR.sub(lambda m: f"_{m.group(1)}_", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)
    text = _HEADING.sub(lambda m: f"*{m.group(1).strip('*')}*", text)
    return _STRIKE.sub(lambda m: f"~{m.group(1)}~", text)


def to_mrkdwn(markdown: str) -> str:
    """Slack mrkdwn for `markdown`; plain text comes out unchanged apart from escaping."""
    parts = _CODE.split(markdown.strip())
    # re.split with one capturing group alternates prose (even) and code (odd).
    return "".join(escape(p) if i % 2 else _convert_prose(p) for i, p in enumerate(parts))


_BREAKS = ("\n\n", "\n", ". ", "。", "! ", "? ", "！", "？", "; ", " ")


def _cut_point(text: str, limit: int) -> int:
    """Where to end a piece of at most `limit` characters: after the best break found late enough."""
    window = text[:limit]
    for sep in _BREAKS:
        at = window.rfind(sep)
        if at >= limit // 2:
            return at + len(sep)
    cut = limit
    # Never cut through an entity (&amp;) or a link (<url|text>).
    amp, lt = window.rfind("&"), window.rfind("<")
    if amp > window.rfind(";"):
        cut = amp
    if lt > window.rfind(">"):
        cut = min(cut, lt)
    return cut if cut > 0 else limit


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of `text`, each at most `limit` characters; only whitespace at the cuts is lost."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, at a word boundary when one is near."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    cut = text.rfind(" ", 0, room + 1)
    if cut < room * 2 // 3:  # no space near the end (CJK text, or one long word)
        cut = room
    return text[:cut].rstrip(" ,;:") + ellipsis

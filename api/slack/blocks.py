"""Block Kit messages for answers, abstentions and apologies.

An answer is the text (Slack mrkdwn, split into sections under Slack's 3000-character limit), then
its sources (file, line range and the quoted passage, so a reader can check the claim without
leaving Slack), then feedback buttons. An abstention is only the plain statement that the documents
do not cover the question: listing "sources" under it would suggest they do. Every message also
carries `text`, which Slack shows in notifications and where blocks cannot be rendered, and which
the bot reads back as its own turn when a thread continues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.slack.labels import label, line_range
from api.slack.mrkdwn import SECTION_LIMIT, escape, split_text, to_mrkdwn, truncate
from rag import Answer, Citation

Block = dict[str, Any]

MAX_BLOCKS = 50
"""Slack rejects a message with more blocks than this."""
MAX_SOURCES = 15
QUOTE_CHARS = 300
FALLBACK_CHARS = 3000
FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_NOT_HELPFUL = "feedback_not_helpful"
FEEDBACK_BLOCK_ID = "feedback"


@dataclass(frozen=True)
class SlackMessage:
    """What chat.postMessage needs: the notification/fallback text and the blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def citation_block(citation: Citation, language: str, answer_text: str) -> Block:
    lines = line_range(language, citation.start_line, citation.end_line, answer_text)
    quote = escape(truncate(citation.quote, QUOTE_CHARS))
    file = escape(truncate(citation.file, 500))
    # A table row's column names follow where it is: "10 ans | 4" means something under them.
    header = f" · {escape(truncate(citation.header, QUOTE_CHARS))}" if citation.header else ""
    return section(f"*[{citation.ref}]* `{file}` · {lines}{header}\n>{quote}")


def source_blocks(answer: Answer) -> list[Block]:
    """Divider, header, one section per citation (at most MAX_SOURCES) and a "more" note."""
    if answer.abstained or not answer.citations:
        return []
    shown = answer.citations[:MAX_SOURCES]
    blocks = [{"type": "divider"}, section(f"*{label('sources', answer.language, answer.answer)}*")]
    blocks += [citation_block(c, answer.language, answer.answer) for c in shown]
    hidden = len(answer.citations) - len(shown)
    if hidden:
        more = label("more", answer.language, answer.answer, n=hidden)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return blocks


def feedback_block(language: str, text: str = "") -> Block:
    def button(action_id: str, key: str, emoji: str) -> Block:
        return {"type": "button", "action_id": action_id, "value": key,
                "text": {"type": "plain_text", "emoji": True,
                         "text": f"{emoji} {label(key, language, text)}"}}

    return {"type": "actions", "block_id": FEEDBACK_BLOCK_ID,
            "elements": [button(FEEDBACK_HELPFUL, "helpful", ":thumbsup:"),
                         button(FEEDBACK_NOT_HELPFUL, "not_helpful", ":thumbsdown:")]}


def fallback_text(mrkdwn: str) -> str:
    return mrkdwn if len(mrkdwn) <= FALLBACK_CHARS else mrkdwn[:FALLBACK_CHARS - 1] + "…"


def answer_message(answer: Answer) -> SlackMessage:
    """The reply for an Answer: text sections, sources (unless it abstained), feedback buttons."""
    text = to_mrkdwn(answer.answer)
    if answer.abstained:
        text = f":grey_question: {text}"
    sources = source_blocks(answer)
    feedback = feedback_block(answer.language, answer.answer)
    room = MAX_BLOCKS - len(sources) - 1
    pieces = split_text(text) or [text]
    if len(pieces) > room:
        pieces = pieces[:room]
        pieces[-1] = pieces[-1][:SECTION_LIMIT - 1] + "…"
    return SlackMessage(text=fallback_text(text),
                        blocks=[section(p) for p in pieces] + sources + [feedback])


def notice_message(text: str, emoji: str = "") -> SlackMessage:
    """A one-section message (apology, hint) whose text is already plain."""
    body = escape(text)
    return SlackMessage(text=body, blocks=[section(f"{emoji} {body}" if emoji else body)])


def apology_message(language: str, question: str = "") -> SlackMessage:
    return notice_message(label("apology", language, question), ":warning:")

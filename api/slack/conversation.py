"""Turning Slack messages into the conversation the pipeline reads.

A follow-up in a thread ("over what period?") names nothing; the earlier turns do, and the pipeline
condenses them into a standalone query. So a thread becomes a list of `Message`s: the bot's own
replies are assistant turns, people's messages user turns, other bots are left out (their text is
neither a question to us nor our answer). Slack's markup is undone first: the `<@BOT>` mention is
dropped (it is an address, not part of the question), other mentions, channel references and links
become readable text, and `&amp;`-style entities are unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rag import Message

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
USER_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
"""Message subtypes that are still a person writing, so they count as turns in a thread."""


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is in this workspace (from auth.test): its user id and its bot id."""

    user_id: str | None
    bot_id: str | None

    def mentioned_in(self, text: str) -> bool:
        return bool(self.user_id) and f"<@{self.user_id}" in text

    def wrote(self, message: Mapping[str, Any]) -> bool:
        return bool((self.user_id and message.get("user") == self.user_id)
                    or (self.bot_id and message.get("bot_id") == self.bot_id))


def clean_text(text: str, bot_user_id: str | None) -> str:
    """Plain text of a Slack message, without the bot's own mention."""

    def user(m: re.Match[str]) -> str:
        if m.group(1) == bot_user_id:
            return ""
        return f"@{m.group(2) or m.group(1)}"

    text = _USER.sub(user, text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}", text)
    text = _SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def ts_key(ts: str) -> tuple[int, int]:
    """Slack timestamps ("1700000000.000100") compared exactly, not as floats."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


def thread_turns(replies: Iterable[Mapping[str, Any]], before_ts: str,
                 bot: BotIdentity) -> list[Message]:
    """The turns of a thread (conversations.replies `messages`) written before `before_ts`."""
    turns: list[tuple[tuple[int, int], Message]] = []
    for message in replies:
        ts = message.get("ts")
        if not ts or ts_key(ts) >= ts_key(before_ts):
            continue
        if bot.wrote(message):
            role = "assistant"
        elif message.get("bot_id") or message.get("subtype") not in USER_SUBTYPES:
            continue
        else:
            role = "user"
        text = clean_text(message.get("text") or "", bot.user_id)
        if text:
            turns.append((ts_key(ts), Message(role=role, content=text)))
    return [m for _, m in sorted(turns, key=lambda t: t[0])]


def conversation(history: list[Message], question: str, max_turns: int) -> list[Message]:
    """The earlier turns (the most recent, within `max_turns` in all) and the question last."""
    keep = max(0, max_turns - 1)
    earlier = history[-keep:] if keep else []
    return [*earlier, Message(role="user", content=question)]

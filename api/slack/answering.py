"""Answering one Slack question, after Slack has been acknowledged.

This runs in a worker thread (a bolt lazy listener), never in the request that delivered the event:
answering takes seconds and Slack wants its acknowledgement within three. The steps: read the
thread (for a follow-up, its earlier turns are the conversation), claim the message so no other
delivery of it is answered too, put an `eyes` reaction on it so the asker sees it is being worked on,
run the pipeline, reply in the question's thread, take the reaction off. If anything in the pipeline
fails the asker gets a short apology in the thread instead of silence.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from api.audit import AuditLog
from api.slack.blocks import SlackMessage, answer_message, apology_message, notice_message
from api.slack.conversation import BotIdentity, clean_text, conversation, thread_turns
from api.slack.dedupe import DeliveryMemory
from api.slack.labels import label
from rag import detect_language

if TYPE_CHECKING:
    from rag import Assistant

log = logging.getLogger(__name__)

REACTION = "eyes"
REPLIES_PAGE = 200
REPLIES_MAX_PAGES = 5


@dataclass(frozen=True)
class Question:
    """A message to answer: where it is, where the reply goes, and what it says (Slack markup)."""

    channel: str
    ts: str
    text: str
    thread_ts: str | None = None
    user: str | None = None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Question:
        thread_ts = event.get("thread_ts")
        return cls(channel=event["channel"], ts=event["ts"], text=event.get("text") or "",
                   thread_ts=thread_ts if thread_ts and thread_ts != event["ts"] else None,
                   user=event.get("user"))

    @property
    def reply_ts(self) -> str:
        """Replies go in the question's thread, or start one under a top-level question."""
        return self.thread_ts or self.ts


class Responder:
    """Answers questions from one Assistant; shared by all events of one bolt app."""

    def __init__(self, assistant: Assistant, seen: DeliveryMemory, concurrency: int = 2) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.seen = seen
        self.audit = AuditLog.from_settings(self.settings)
        """One line per answered question, as for the HTTP routes (RAG_AUDIT_LOG)."""
        # The pipeline is CPU- or LLM-bound; more simultaneous runs only make each one slower.
        self._slots = threading.BoundedSemaphore(max(1, concurrency))

    def answer(self, question: Question, client: WebClient, bot: BotIdentity,
               only_in_bot_threads: bool = False) -> bool:
        """Reply to `question` unless it was answered already; True when a reply was posted.

        `only_in_bot_threads` is for plain channel messages: they are follow-ups only in a thread
        the bot has already replied in; anywhere else people are talking to each other.
        """
        replies = self._thread(client, question) if question.thread_ts else []
        if only_in_bot_threads and not any(bot.wrote(m) for m in replies):
            return False
        if not self.seen.claim(f"message:{question.channel}:{question.ts}"):
            log.info("already answering %s/%s; not answering it again", question.channel, question.ts)
            return False
        self._react(client, "reactions_add", question)
        try:
            return self._post(client, question, self._reply_or_apology(question, replies, bot))
        finally:
            self._react(client, "reactions_remove", question)

    def _reply_or_apology(self, question: Question, replies: list[dict[str, Any]],
                          bot: BotIdentity) -> SlackMessage:
        try:
            return self._reply_for(question, replies, bot)
        except Exception:
            log.exception("could not answer %s/%s", question.channel, question.ts)
            text = clean_text(question.text, bot.user_id)
            return apology_message(detect_language(text) if text else "en", text)

    def _reply_for(self, question: Question, replies: list[dict[str, Any]],
                   bot: BotIdentity) -> SlackMessage:
        text = clean_text(question.text, bot.user_id)
        if not text:
            return notice_message(label("empty", "en"))
        language = detect_language(text)
        limit = self.settings.api.max_question_chars
        if len(text) > limit:
            return notice_message(label("too_long", language, text, n=limit))
        messages = conversation(thread_turns(replies, question.ts, bot), text, self.settings.api.max_turns)
        started = time.perf_counter()
        collections = self.settings.slack.collections_for(question.channel)
        with self._slots:
            answer = self.assistant.run(messages, collections=collections).answer
        if self.audit.enabled:
            self.audit.record_answer(key=f"slack:{question.user or 'unknown'}", route="slack",
                                     collections=collections, messages=messages, answer=answer,
                                     request_id=f"{question.channel}/{question.ts}")
        log.info("answered %s/%s in %.1fs (%d turns, abstained=%s, %d citations)",
                 question.channel, question.ts, time.perf_counter() - started, len(messages),
                 answer.abstained, len(answer.citations))
        return answer_message(answer)

    def _thread(self, client: WebClient, question: Question) -> list[dict[str, Any]]:
        """The thread's messages, oldest first; [] (and a warning) when they cannot be read."""
        messages: list[dict[str, Any]] = []
        cursor: str | None = None
        try:
            for _ in range(REPLIES_MAX_PAGES):
                page = client.conversations_replies(channel=question.channel, ts=question.thread_ts,
                                                    limit=REPLIES_PAGE, cursor=cursor)
                messages += page.get("messages") or []
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not page.get("has_more") or not cursor:
                    break
        except Exception as exc:
            log.warning("cannot read thread %s/%s (%s); answering without it", question.channel,
                        question.thread_ts, exc)
        return messages

    def _post(self, client: WebClient, question: Question, reply: SlackMessage) -> bool:
        try:
            client.chat_postMessage(channel=question.channel, thread_ts=question.reply_ts,
                                    text=reply.text, blocks=reply.blocks,
                                    unfurl_links=False, unfurl_media=False)
            return True
        except Exception:
            log.exception("could not post the reply to %s/%s", question.channel, question.ts)
            return False

    def _react(self, client: WebClient, method: str, question: Question) -> None:
        """Add or remove the working-on-it reaction; it is a courtesy, so failures only log."""
        try:
            getattr(client, method)(channel=question.channel, timestamp=question.ts, name=REACTION)
        except Exception as exc:
            log.warning("%s %s on %s/%s failed: %s", method, REACTION, question.channel,
                        question.ts, exc)

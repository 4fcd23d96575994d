"""Which Slack events get an answer, and wiring them to the Responder as bolt lazy listeners.

Answered: a mention in a channel (`app_mention`), any message in a direct message with the bot
(`message`, channel_type "im"), and a message in a channel thread the bot has already replied in (a
follow-up does not need to mention the bot again). Ignored: the bot's own messages, other bots
(`bot_id`; two bots answering each other never stop), edits, deletions and other message subtypes,
top-level channel chatter, and repeated deliveries of the same event.

The cheap checks run before the acknowledgement (a listener middleware that acks and stops), so an
ignored event costs no thread; everything slow runs in the lazy listener after the ack. A mention in
a thread arrives twice (as `app_mention` and as `message`): the message route leaves mentions to
the app_mention route, and the Responder's claim on channel+ts settles any remaining race.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from api.slack.answering import Question, Responder
from api.slack.conversation import USER_SUBTYPES, BotIdentity
from api.slack.dedupe import DeliveryMemory

log = logging.getLogger(__name__)

Next = Callable[[], Any]


def bot_of(context: BoltContext) -> BotIdentity:
    """The bot's ids, from the auth.test result bolt attached to this request."""
    return BotIdentity(user_id=context.bot_user_id, bot_id=context.bot_id)


def ignore_reason(event: Mapping[str, Any], bot: BotIdentity) -> str | None:
    """Why `event` must not be answered, or None when it is a person's message."""
    if event.get("bot_id") or event.get("subtype") == "bot_message":
        return "written by a bot"
    if event.get("subtype") not in USER_SUBTYPES:
        return f"a {event.get('subtype')} event, not a new message"
    if event.get("hidden"):
        return "hidden"
    if not event.get("user") or event.get("user") == bot.user_id:
        return "not written by a person"
    if not event.get("channel") or not event.get("ts"):
        return "no channel or ts"
    return None


def is_follow_up_candidate(event: Mapping[str, Any], bot: BotIdentity) -> bool:
    """A channel message worth checking: in a thread, and not a mention (app_mention has those)."""
    thread_ts = event.get("thread_ts")
    return bool(thread_ts) and thread_ts != event.get("ts") \
        and not bot.mentioned_in(event.get("text") or "")


def skip_unanswerable(event: dict[str, Any], context: BoltContext, next: Next) -> BoltResponse | None:
    reason = ignore_reason(event, bot_of(context))
    if reason:
        log.debug("ignoring %s event %s: %s", event.get("type"), event.get("ts"), reason)
        return BoltResponse(status=200, body="")  # acknowledged, and no listener runs
    return next()


def skip_channel_chatter(event: dict[str, Any], context: BoltContext, next: Next) -> BoltResponse | None:
    if event.get("channel_type") == "im" or is_follow_up_candidate(event, bot_of(context)):
        return next()
    return BoltResponse(status=200, body="")


def repeated_delivery_filter(seen: DeliveryMemory) -> Callable[..., BoltResponse | None]:
    """Global middleware: a second delivery of an event_id (a Slack retry) is acked and dropped."""

    def drop_repeated_deliveries(body: dict[str, Any], request: BoltRequest,
                                 next: Next) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not seen.claim(f"event:{event_id}"):
            retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
            log.info("dropping repeated delivery of %s (X-Slack-Retry-Num %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

    return drop_repeated_deliveries


def acknowledge(ack: Ack) -> None:
    ack()


def register_events(app: App, responder: Responder, seen: DeliveryMemory) -> None:
    """Add the retry filter and the app_mention and message listeners to `app`."""

    def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        responder.answer(Question.from_event(event), client, bot_of(context))

    def answer_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        in_dm = event.get("channel_type") == "im"
        responder.answer(Question.from_event(event), client, bot_of(context),
                         only_in_bot_threads=not in_dm)

    app.middleware(repeated_delivery_filter(seen))
    app.event("app_mention", middleware=[skip_unanswerable])(ack=acknowledge, lazy=[answer_mention])
    app.event("message", middleware=[skip_unanswerable, skip_channel_chatter])(
        ack=acknowledge, lazy=[answer_message])

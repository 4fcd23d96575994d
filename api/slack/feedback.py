"""The helpful / not helpful buttons under every answer.

A click is acknowledged at once (Slack shows an error on the button otherwise) and logged as one
structured line on the `api.slack.feedback` logger: who voted what on which answer, with the start
of the answer, so a reviewer can find the weak answers without a database. The clicker then gets
an ephemeral thank-you through the click's `response_url`, sent after the acknowledgement.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond

from api.slack.blocks import FEEDBACK_HELPFUL, FEEDBACK_NOT_HELPFUL

log = logging.getLogger(__name__)

ACTION_IDS = re.compile(f"^({FEEDBACK_HELPFUL}|{FEEDBACK_NOT_HELPFUL})$")
VOTES = {FEEDBACK_HELPFUL: "helpful", FEEDBACK_NOT_HELPFUL: "not_helpful"}
THANKS = "Thanks for the feedback!"
ANSWER_PREVIEW_CHARS = 200


def vote_of(action: dict[str, Any]) -> str:
    return VOTES.get(action.get("action_id", ""), "unknown")


def record_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
    ack()
    message = body.get("message") or {}
    container = body.get("container") or {}
    answer = " ".join((message.get("text") or "").split())[:ANSWER_PREVIEW_CHARS]
    log.info("slack feedback vote=%s user=%s channel=%s message_ts=%s thread_ts=%s answer=%r",
             vote_of(action), (body.get("user") or {}).get("id"),
             (body.get("channel") or {}).get("id") or container.get("channel_id"),
             container.get("message_ts") or message.get("ts"), message.get("thread_ts"), answer)


def thank_voter(body: dict[str, Any], respond: Respond) -> None:
    if not body.get("response_url"):
        return
    try:
        respond(text=THANKS, response_type="ephemeral", replace_original=False)
    except Exception as exc:
        log.warning("could not thank the voter: %s", exc)


def register_feedback(app: App) -> None:
    app.action(ACTION_IDS)(ack=record_feedback, lazy=[thank_voter])

"""Clicking the feedback buttons the bot posts: acknowledged, logged, thanked."""

from __future__ import annotations

import logging

import pytest

from api.slack.blocks import answer_message
from rag.schema import Answer, Citation
from tests.api.slack.fake_slack import BOT_ID, BOT_USER_ID, TEAM_ID, FakeSlack
from tests.api.slack.sender import SlackSender

pytestmark = pytest.mark.slow

CHANNEL = "CGENERAL01"


def click_payload(fake: FakeSlack, action_id: str, path_hook: str = "hook1") -> dict:
    """A block_actions payload for a click on the bot's own button, as Slack sends it."""
    answer = Answer(answer="Avocado is fine-tuned from Qwen [1].", abstained=False, language="en",
                    generator="extractive",
                    citations=[Citation(ref=1, file="a.txt", start_line=1, end_line=1, start_char=0,
                                        end_char=5, quote="Qwen.")])
    posted = answer_message(answer)
    button = next(e for b in posted.blocks if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == action_id)
    question_ts, answer_ts = fake.new_ts(), fake.new_ts()
    return {
        "type": "block_actions", "token": "unused", "api_app_id": "AFAKE0001", "trigger_id": "1.2.3",
        "user": {"id": "UALICE01", "username": "alice", "team_id": TEAM_ID},
        "team": {"id": TEAM_ID, "domain": "fake"}, "channel": {"id": CHANNEL, "name": "general"},
        "container": {"type": "message", "message_ts": answer_ts, "channel_id": CHANNEL},
        "message": {"type": "message", "ts": answer_ts, "thread_ts": question_ts, "user": BOT_USER_ID,
                    "bot_id": BOT_ID, "text": posted.text, "blocks": posted.blocks},
        "response_url": f"{fake.url}/respond/{path_hook}",
        "actions": [{**button, "block_id": "feedback", "action_ts": fake.new_ts()}],
    }


@pytest.mark.parametrize(("action_id", "vote", "path"), [
    ("feedback_helpful", "helpful", "/slack/events"),
    ("feedback_not_helpful", "not_helpful", "/slack/interactions"),
])
def test_a_feedback_click_is_acknowledged_logged_and_thanked(
        slack: SlackSender, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        action_id: str, vote: str, path: str) -> None:
    payload = click_payload(fake_slack, action_id)
    with caplog.at_level(logging.INFO, logger="api.slack.feedback"):
        response = slack.send_payload(payload, path=path)
        assert response.status_code == 200
        thanks = fake_slack.wait_for("response_url", timeout=30)[0].params

    lines = [r.getMessage() for r in caplog.records if r.name == "api.slack.feedback"]
    assert len(lines) == 1
    assert f"vote={vote} user=UALICE01 channel={CHANNEL}" in lines[0]
    assert f"message_ts={payload['message']['ts']}" in lines[0] and "Qwen" in lines[0]
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    assert fake_slack.calls_to("chat.postMessage") == []

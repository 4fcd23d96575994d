"""What must not be answered (again): retries, double deliveries, bots, edits, other people's talk.

Every ignored event here is a variant of one the bot does answer (a real question, in a DM or in a
thread), so a missing filter shows up as a reply or a reaction within the quiet period.
"""

from __future__ import annotations

import pytest

from tests.api.slack.fake_slack import BOT_USER_ID, FakeSlack
from tests.api.slack.sender import SlackSender, as_mention

pytestmark = pytest.mark.slow

DM = "DALICE0001"
CHANNEL = "CGENERAL01"
QUESTION = "When did Alibaba release the first generation of Qwen?"


def test_a_slack_retry_of_the_same_event_gets_no_second_reply(
        slack: SlackSender, fake_slack: FakeSlack) -> None:
    question = fake_slack.user_says(DM, QUESTION, channel_type="im")
    assert slack.send_event(question, event_id="EvRETRY0001").status_code == 200
    # Slack retries while the first delivery is still being answered, and again later.
    assert slack.send_event(question, event_id="EvRETRY0001", retry_num=1).status_code == 200
    fake_slack.wait_for("reactions.remove")
    assert slack.send_event(question, event_id="EvRETRY0001", retry_num=2).status_code == 200

    fake_slack.visible_actions_after()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert len(fake_slack.calls_to("reactions.add")) == 1


@pytest.mark.parametrize("where", ["dm", "bot-thread"])
def test_one_message_delivered_as_app_mention_and_as_message_gets_one_reply(
        slack: SlackSender, fake_slack: FakeSlack, where: str) -> None:
    if where == "dm":
        message = fake_slack.user_says(DM, f"<@{BOT_USER_ID}> {QUESTION}", channel_type="im")
    else:
        parent = fake_slack.user_says(CHANNEL, f"<@{BOT_USER_ID}> Tell me about Qwen.")
        fake_slack.bot_says(CHANNEL, "Qwen is Alibaba's open model family.", thread_ts=parent["ts"])
        message = fake_slack.user_says(CHANNEL, f"<@{BOT_USER_ID}> {QUESTION}", thread_ts=parent["ts"])
    assert slack.send_event(message).status_code == 200
    assert slack.send_event(as_mention(message)).status_code == 200

    fake_slack.wait_for("reactions.remove")
    fake_slack.visible_actions_after()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_the_bots_own_message_is_not_answered(slack: SlackSender, fake_slack: FakeSlack) -> None:
    own = fake_slack.bot_says(DM, QUESTION)
    assert slack.send_event({**own, "channel": DM, "channel_type": "im"}).status_code == 200
    assert fake_slack.visible_actions_after() == []


def test_another_bots_message_is_not_answered(slack: SlackSender, fake_slack: FakeSlack) -> None:
    other = fake_slack.store(DM, {"subtype": "bot_message", "bot_id": "BOTHER0001", "username": "echo",
                                  "text": f"<@{BOT_USER_ID}> {QUESTION}"})
    event = {**other, "channel": DM, "channel_type": "im"}
    assert slack.send_event(event).status_code == 200
    assert slack.send_event({**as_mention({**event, "user": "UOTHERBOT"}), "bot_id": "BOTHER0001"}
                            ).status_code == 200
    assert fake_slack.visible_actions_after() == []


def test_an_edit_is_not_answered(slack: SlackSender, fake_slack: FakeSlack) -> None:
    original = fake_slack.user_says(DM, "When did Alibaba release Qwen", channel_type="im")
    edited = {"type": "message", "subtype": "message_changed", "hidden": True, "channel": DM,
              "channel_type": "im", "ts": fake_slack.new_ts(),
              "message": {**original, "text": QUESTION, "edited": {"user": "UALICE01"}},
              "previous_message": original}
    assert slack.send_event(edited).status_code == 200
    assert fake_slack.visible_actions_after() == []


def test_channel_talk_without_the_bot_is_left_alone(slack: SlackSender, fake_slack: FakeSlack) -> None:
    top_level = fake_slack.user_says(CHANNEL, QUESTION)
    assert slack.send_event(top_level).status_code == 200
    in_thread = fake_slack.user_says(CHANNEL, QUESTION, user="UBOB0001", thread_ts=top_level["ts"])
    assert slack.send_event(in_thread).status_code == 200

    assert fake_slack.visible_actions_after() == []
    # The thread was read to see whether the bot is part of it, and it is not.
    assert [c.params["ts"] for c in fake_slack.ok_calls("conversations.replies")] == [top_level["ts"]]


def test_own_message_check_uses_the_ids_from_auth_test(slack: SlackSender, fake_slack: FakeSlack) -> None:
    """A message with the bot's user id but no bot_id (as some Slack events look) is still its own."""
    own = fake_slack.store(DM, {"user": BOT_USER_ID, "text": QUESTION})
    assert slack.send_event({**own, "channel": DM, "channel_type": "im"}).status_code == 200
    assert fake_slack.visible_actions_after() == []
    assert fake_slack.ok_calls("auth.test"), "bolt learned the bot's ids from the fake Web API"

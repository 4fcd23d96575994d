"""Rate limits are waited out and retried; a failing pipeline produces an apology, not silence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.assistant import Assistant
from rag.settings import Settings
from tests.api.slack.fake_slack import BOT_USER_ID, FakeSlack
from tests.api.slack.sender import SlackSender
from tests.conftest import free_port

pytestmark = pytest.mark.slow

DM = "DALICE0001"


def test_a_rate_limited_reply_is_retried_after_retry_after_and_posted_once(
        slack: SlackSender, fake_slack: FakeSlack) -> None:
    fake_slack.rate_limits["chat.postMessage"] = 1
    question = fake_slack.user_says(DM, "How much did Meta invest in Scale AI?", channel_type="im")
    slack.send_event(question)

    fake_slack.wait_for("chat.postMessage")
    attempts = fake_slack.calls_to("chat.postMessage")
    assert [a.status for a in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0, "the retry waited for Retry-After: 1"
    assert attempts[0].params["text"] == attempts[1].params["text"]
    thread = [m for m in fake_slack.messages[DM] if m.get("user") == BOT_USER_ID]
    assert len(thread) == 1, "one reply in the thread"


def test_a_failing_pipeline_posts_an_apology_in_the_thread(
        serve_slack: Callable[[Assistant, Settings], SlackSender], make_assistant, slack_settings: Settings,
        fake_slack: FakeSlack) -> None:
    # A real failure: the configured Chroma server is not there, so retrieval raises StoreError.
    broken: Assistant = make_assistant(chroma_url=f"http://127.0.0.1:{free_port()}")
    slack = serve_slack(broken, slack_settings)
    question = fake_slack.user_says(DM, "How much did Meta invest in Scale AI?", channel_type="im")
    slack.send_event(question)

    reply = fake_slack.wait_for("chat.postMessage")[0].params
    assert reply["thread_ts"] == question["ts"]
    assert reply["text"].startswith("Sorry, something went wrong")
    fake_slack.wait_for("reactions.remove")
    assert not fake_slack.reactions

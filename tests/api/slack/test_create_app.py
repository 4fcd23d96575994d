"""The Slack routes inside the real application from `api.app.create_app`."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app
from rag.assistant import Assistant
from rag.settings import Settings
from tests.api.servers import serving
from tests.api.slack.fake_slack import FakeSlack
from tests.api.slack.sender import SlackSender

pytestmark = pytest.mark.slow


def test_create_app_serves_slack_signed_requests_without_the_api_key(
        assistant: Assistant, slack_settings: Settings, fake_slack: FakeSlack) -> None:
    settings = slack_settings.replace(api_key="server-key")
    app = create_app(settings, assistant)
    with serving(app) as url:
        slack = SlackSender(url)
        try:
            # The API key guards the API; Slack cannot send it and is checked by signature instead.
            assert httpx.post(f"{url}/chat", json={"messages": [{"role": "user", "content": "hi"}]}
                              ).status_code == 401
            question = fake_slack.user_says("DALICE0001", "How much did Meta invest in Scale AI?",
                                            channel_type="im")
            assert slack.send_event(question).status_code == 200
            reply = fake_slack.wait_for("chat.postMessage")[0].params
            assert reply["thread_ts"] == question["ts"] and "14" in reply["text"]
            assert slack.send_event(question, secret="forged").status_code == 401
        finally:
            app.state.slack_app.listener_runner.listener_executor.shutdown(wait=True)
            slack.close()


def test_without_slack_tokens_create_app_has_no_slack_route(
        assistant: Assistant, base_settings: Settings) -> None:
    app = create_app(base_settings.replace(slack_bot_token=None), assistant)
    assert not hasattr(app.state, "slack_app")
    with serving(app) as url:
        assert httpx.post(f"{url}/slack/events", json={"type": "url_verification"}).status_code == 404

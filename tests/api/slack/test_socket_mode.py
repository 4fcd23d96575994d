"""Socket Mode: the same bot over a real WebSocket to the fake Slack, acknowledged per envelope."""

from __future__ import annotations

import json
import time

import pytest

from api.slack.socket import build_socket_handler
from rag.assistant import Assistant
from rag.settings import Settings
from tests.api.slack.fake_slack import APP_TOKEN, FakeSlack
from tests.api.slack.sender import event_callback

pytestmark = pytest.mark.slow


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_dm_over_socket_mode_is_acknowledged_and_answered(
        assistant: Assistant, slack_settings: Settings, fake_slack: FakeSlack) -> None:
    settings = slack_settings.replace(slack_signing_secret=None)  # not needed here
    handler = build_socket_handler(settings, assistant)
    handler.connect()
    try:
        opened = fake_slack.wait_for("apps.connections.open", timeout=30)
        assert opened, f"the WebSocket URL was requested with the app token {APP_TOKEN}"
        question = fake_slack.user_says("DALICE0001", "How much did Meta invest in Scale AI?",
                                        channel_type="im")
        envelope = {"envelope_id": "env-0001", "type": "events_api", "accepts_response_payload": False,
                    "retry_attempt": 0, "retry_reason": "", "payload": event_callback(question)}
        fake_slack.outbox.put(json.dumps(envelope))

        wait_until(lambda: any(m.get("envelope_id") == "env-0001" for m in fake_slack.socket_received))
        reply = fake_slack.wait_for("chat.postMessage")[0].params
        assert reply["channel"] == "DALICE0001" and reply["thread_ts"] == question["ts"]
        assert "14" in reply["text"]
    finally:
        handler.close()
        handler.app.listener_runner.listener_executor.shutdown(wait=True)

"""Only requests signed by Slack, recently, reach the bot; bolt does the verification for real."""

from __future__ import annotations

import json
import time

import pytest

from tests.api.slack.fake_slack import FakeSlack
from tests.api.slack.sender import SlackSender

pytestmark = pytest.mark.slow

DM = "DALICE0001"
QUESTION = "Who is the chief analyst at Omdia?"


def test_a_bad_signature_is_refused_with_401(slack: SlackSender, fake_slack: FakeSlack) -> None:
    question = fake_slack.user_says(DM, QUESTION, channel_type="im")
    response = slack.send_event(question, secret="not-the-signing-secret")
    assert response.status_code == 401
    assert fake_slack.visible_actions_after() == []
    assert fake_slack.calls == [], "a forged request makes the bot call nothing, not even auth.test"


def test_a_body_changed_after_signing_is_refused(slack: SlackSender, fake_slack: FakeSlack) -> None:
    question = fake_slack.user_says(DM, QUESTION, channel_type="im")
    body = json.dumps({"type": "event_callback", "event": question, "event_id": "EvTAMPER01"})
    headers = {"Content-Type": "application/json", **slack.signed_headers(body)}
    response = slack.http.post("/slack/events", content=body.replace(QUESTION, "Hi").encode(),
                               headers=headers)
    assert response.status_code == 401


def test_a_stale_timestamp_is_refused_even_when_correctly_signed(
        slack: SlackSender, fake_slack: FakeSlack) -> None:
    question = fake_slack.user_says(DM, QUESTION, channel_type="im")
    response = slack.send_event(question, timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    assert fake_slack.visible_actions_after() == []


def test_a_signed_url_verification_gets_its_challenge_back(slack: SlackSender) -> None:
    body = json.dumps({"token": "unused", "challenge": "c-123", "type": "url_verification"})
    response = slack.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "c-123"}

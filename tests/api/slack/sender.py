"""Sending Slack-signed requests to the bot, as Slack's Events API and interactivity do.

Each request carries `X-Slack-Request-Timestamp` and `X-Slack-Signature` = `v0=` + HMAC-SHA256 of
`v0:{timestamp}:{body}` with the signing secret (computed by slack_sdk's `SignatureVerifier`), so
bolt's real verification runs on every test request; a test can sign with the wrong secret or an
old timestamp to see it refuse.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from tests.api.slack.fake_slack import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "fake-signing-secret-0123456789"
_EVENT_IDS = itertools.count(1)


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """The Events API envelope Slack posts for `event`."""
    return {"token": "unused", "team_id": TEAM_ID, "api_app_id": "AFAKE0001", "type": "event_callback",
            "event": event, "event_id": event_id or f"Ev{next(_EVENT_IDS):08d}",
            "event_time": int(time.time()), "event_context": "EC1",
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}


def as_mention(message_event: dict[str, Any]) -> dict[str, Any]:
    """The app_mention event Slack sends for the same message (no channel_type, no subtype)."""
    keep = ("user", "text", "ts", "channel", "event_ts", "thread_ts")
    return {"type": "app_mention", **{k: message_event[k] for k in keep if k in message_event}}


class SlackSender:
    def __init__(self, base_url: str, signing_secret: str = SIGNING_SECRET) -> None:
        self.base_url = base_url
        self.signing_secret = signing_secret
        self.http = httpx.Client(base_url=base_url, timeout=30)

    def signed_headers(self, body: str, timestamp: int | None = None,
                       secret: str | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret or self.signing_secret).generate_signature(
            timestamp=ts, body=body)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}

    def post(self, body: str, content_type: str, path: str = "/slack/events",
             extra_headers: dict[str, str] | None = None, **signing: Any) -> httpx.Response:
        headers = {"Content-Type": content_type, **self.signed_headers(body, **signing),
                   **(extra_headers or {})}
        return self.http.post(path, content=body.encode(), headers=headers)

    def send_event(self, event: dict[str, Any], event_id: str | None = None,
                   retry_num: int | None = None, **signing: Any) -> httpx.Response:
        body = json.dumps(event_callback(event, event_id))
        extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry_num is not None else None
        return self.post(body, "application/json", extra_headers=extra, **signing)

    def send_payload(self, payload: dict[str, Any], path: str = "/slack/events") -> httpx.Response:
        """An interactivity request: form-encoded `payload=<json>`, as Slack sends clicks."""
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", path=path)

    def close(self) -> None:
        self.http.close()

"""Slack fixtures: the fake Slack Web API (one real server per session, emptied per test), the
real bolt app mounted in a real FastAPI app, served by uvicorn on 127.0.0.1 and pointed at it, and a
real redis-server for the memory that bot replicas share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi import FastAPI

from api.slack.http import mount_slack
from rag.assistant import Assistant
from rag.settings import Settings
from tests.api.servers import serving
from tests.api.slack.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.api.slack.redis_server import RedisServer, running_redis
from tests.api.slack.sender import SIGNING_SECRET, SlackSender


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    with serving(fake.app) as url:
        fake.url = url
        yield fake


@pytest.fixture
def fake_slack(fake_slack_server: FakeSlack) -> FakeSlack:
    fake_slack_server.reset()
    return fake_slack_server


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server of this test's own (tests that use it are marked `needs_redis`)."""
    with running_redis() as server:
        yield server


@pytest.fixture
def slack_settings(base_settings: Settings, fake_slack: FakeSlack) -> Settings:
    return base_settings.replace(**{
        "slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET,
        "slack_app_token": APP_TOKEN, "slack_api_url": fake_slack.api_url})


ServeSlack = Callable[[Assistant, Settings], SlackSender]


@pytest.fixture
def serve_slack() -> Iterator[ServeSlack]:
    """Start a FastAPI app with the Slack routes mounted; stops it (and drains its answers) after."""
    with ExitStack() as stack:

        def start(assistant: Assistant, settings: Settings) -> SlackSender:
            app = FastAPI()
            mount_slack(app, assistant, settings)
            url = stack.enter_context(serving(app))
            sender = SlackSender(url)
            stack.callback(sender.close)
            # Let answers still in flight finish before the next test resets the fake Slack.
            stack.callback(app.state.slack_app.listener_runner.listener_executor.shutdown, True)
            return sender

        yield start


@pytest.fixture
def slack(serve_slack: ServeSlack, assistant: Assistant, slack_settings: Settings) -> SlackSender:
    """The bot over the session's indexed seed corpus (extractive generator)."""
    return serve_slack(assistant, slack_settings)

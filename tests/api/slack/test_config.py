"""Missing or wrong Slack settings stop the bot at start-up with a message naming the variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI

from api.slack.app import build_slack_app
from api.slack.config import SlackConfigError
from api.slack.http import mount_slack
from api.slack.socket import build_socket_handler, run_socket_mode
from rag.assistant import Assistant
from rag.settings import Settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
NO_SLACK = {"slack_bot_token": None, "slack_signing_secret": None, "slack_app_token": None}


def settings(**overrides: object) -> Settings:
    return Settings(**{**NO_SLACK, "slack_api_url": "http://127.0.0.1:9/api/", **overrides})


def unused_assistant() -> Assistant:
    """An assistant that is never asked anything (construction loads nothing)."""
    return Assistant(settings())


def test_http_mode_names_both_missing_variables() -> None:
    with pytest.raises(SlackConfigError) as error:
        mount_slack(FastAPI(), unused_assistant(), settings())
    assert "RAG_SLACK_BOT_TOKEN" in str(error.value)
    assert "RAG_SLACK_SIGNING_SECRET" in str(error.value)
    assert "RAG_SLACK_APP_TOKEN" not in str(error.value), "HTTP mode does not need the app token"


def test_http_mode_names_only_what_is_missing() -> None:
    with pytest.raises(SlackConfigError, match="RAG_SLACK_SIGNING_SECRET") as error:
        build_slack_app(unused_assistant(), settings(slack_bot_token="xoxb-1"))
    assert "RAG_SLACK_BOT_TOKEN" not in str(error.value)


def test_socket_mode_needs_the_app_token_not_the_signing_secret() -> None:
    with pytest.raises(SlackConfigError) as error:
        run_socket_mode(settings(slack_bot_token="xoxb-1", slack_signing_secret="s"))
    assert "RAG_SLACK_APP_TOKEN" in str(error.value)
    assert "RAG_SLACK_SIGNING_SECRET" not in str(error.value)


def test_a_token_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(SlackConfigError, match="RAG_SLACK_BOT_TOKEN must be a bot token"):
        build_slack_app(unused_assistant(), settings(slack_bot_token="xoxp-user", slack_signing_secret="s"))
    with pytest.raises(SlackConfigError, match="RAG_SLACK_APP_TOKEN must be an app-level token"):
        build_socket_handler(settings(slack_bot_token="xoxb-1", slack_app_token="xoxb-2"),
                             unused_assistant())


def test_rag_slack_without_tokens_prints_one_line_naming_them() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_SLACK_")}
    done = subprocess.run([sys.executable, "-c", "import sys; from rag.cli import main; "
                           "sys.argv = ['rag', 'slack']; main()"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "RAG_SLACK_BOT_TOKEN" in done.stderr and "RAG_SLACK_APP_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_redis_stops_the_app_before_it_serves() -> None:
    unreachable = r"RAG_REDIS_URL=redis://127\.0\.0\.1:\d+/0: cannot reach Redis"
    with pytest.raises(SlackConfigError, match=unreachable):
        build_slack_app(unused_assistant(), settings(
            slack_bot_token="xoxb-1", slack_signing_secret="s",
            redis_url=f"redis://127.0.0.1:{free_port()}/0"))


def test_rag_slack_with_an_unreachable_redis_prints_one_line_before_loading_models() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_SLACK_")}
    env.update(RAG_SLACK_BOT_TOKEN="xoxb-1", RAG_SLACK_APP_TOKEN="xapp-1",
               RAG_SLACK_API_URL="http://127.0.0.1:9/api/",
               RAG_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    done = subprocess.run([sys.executable, "-c", "import sys; from rag.cli import main; "
                           "sys.argv = ['rag', 'slack']; main()"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "RAG_REDIS_URL" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr

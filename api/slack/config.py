"""Checking the Slack settings before anything starts, so a missing token is one clear message.

Without this, bolt fails later and vaguely (a 401 from Slack, or every request rejected as badly
signed). The error names the environment variables to set, since that is what the operator edits.
`SlackConfigError` is a `rag.errors.ConfigError`, so `rag slack` prints it as one line, not a traceback.
"""

from __future__ import annotations

from typing import Literal

from rag import ConfigError, Settings

Mode = Literal["http", "socket"]

_REQUIRED: dict[Mode, tuple[tuple[str, str], ...]] = {
    # HTTP mode verifies every request's signature, so it needs the signing secret;
    # Socket Mode is authenticated by the app-level token instead.
    "http": (("bot_token", "RAG_SLACK_BOT_TOKEN"), ("signing_secret", "RAG_SLACK_SIGNING_SECRET")),
    "socket": (("bot_token", "RAG_SLACK_BOT_TOKEN"), ("app_token", "RAG_SLACK_APP_TOKEN")),
}
_PREFIXES = {"bot_token": ("xoxb-", "a bot token"), "app_token": ("xapp-", "an app-level token")}


class SlackConfigError(ConfigError):
    """The Slack settings are missing or malformed; the message says which variable to fix."""


def check_slack_settings(settings: Settings, mode: Mode = "http") -> None:
    """Raise SlackConfigError naming every missing or malformed variable `mode` needs."""
    required = _REQUIRED[mode]
    missing = [env for field, env in required if not getattr(settings.slack, field)]
    if missing:
        raise SlackConfigError(
            f"the Slack bot ({'Socket Mode' if mode == 'socket' else 'Events API over HTTP'}) "
            f"is not configured: set {', '.join(missing)} (see api/slack/README.md)")
    for field, env in required:
        if field in _PREFIXES:
            prefix, kind = _PREFIXES[field]
            if not str(getattr(settings.slack, field)).startswith(prefix):
                # bolt only treats an xoxb- token as the bot's, which is how it recognises and
                # ignores the bot's own messages; any other token would make it answer itself.
                raise SlackConfigError(f"{env} must be {kind} starting with {prefix!r}")

"""The Slack Web API client: where it points and how it survives rate limits.

`base_url` comes from `RAG_SLACK_API_URL`, so tests (and private gateways) can point the bot at
another server; nothing in the bot hard-codes slack.com. Slack answers a burst with HTTP 429 and
`Retry-After`; slack_sdk's `RateLimitErrorRetryHandler` sleeps that long and sends the call again,
so an answer is delayed, not lost. Bolt copies these retry handlers into the client it builds for
each request, so every call a listener makes gets the same treatment.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from rag import Settings

RATE_LIMIT_RETRIES = 3
TIMEOUT_S = 30


def api_base_url(settings: Settings) -> str:
    """The Web API base URL with the trailing slash slack_sdk needs to append method names."""
    url = settings.slack.api_url.strip()
    return url if url.endswith("/") else url + "/"


def build_web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A WebClient for `settings` (bot token unless another is given) that retries 429s."""
    return WebClient(
        token=token if token is not None else settings.slack.bot_token,
        base_url=api_base_url(settings),
        timeout=TIMEOUT_S,
        retry_handlers=[ConnectionErrorRetryHandler(),
                        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )

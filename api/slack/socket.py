"""Running the Slack bot over Socket Mode: a WebSocket to Slack instead of a public HTTPS URL.

Handy on a laptop or behind a firewall. The app-level token (`xapp-…`, scope connections:write)
opens the connection; events arrive over it and are acknowledged over it, so no signing secret is
needed. The same bolt app as in HTTP mode answers them. The tokens (and Redis, when RAG_REDIS_URL is
set) are checked before anything heavy is loaded, so a missing one is reported at once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.adapter.socket_mode import SocketModeHandler

from api.slack.app import build_slack_app
from api.slack.client import build_web_client
from api.slack.config import check_slack_settings
from api.slack.dedupe import DeliveryMemory, open_delivery_memory
from rag import Settings

if TYPE_CHECKING:
    from rag import Assistant

log = logging.getLogger(__name__)


def build_socket_handler(settings: Settings, assistant: Assistant,
                         memory: DeliveryMemory | None = None) -> SocketModeHandler:
    """A Socket Mode handler (not yet connected) serving `assistant`."""
    check_slack_settings(settings, "socket")
    app = build_slack_app(assistant, settings, mode="socket", memory=memory)
    # apps.connections.open goes to the same configurable Web API as every other call.
    return SocketModeHandler(app, app_token=settings.slack.app_token,
                             web_client=build_web_client(settings, token=settings.slack.app_token))


def run_socket_mode(settings: Settings) -> None:
    """`rag slack`: check the tokens and Redis, index and load the assistant, then serve until
    interrupted."""
    check_slack_settings(settings, "socket")
    memory = open_delivery_memory(settings)  # before the models load: a bad RAG_REDIS_URL is instant
    from api.app import prepare
    from rag import Assistant

    assistant = Assistant(settings)
    prepare(assistant)  # an empty index is filled from the corpus, as `rag serve` does
    handler = build_socket_handler(settings, assistant, memory)
    log.info("connecting to Slack over Socket Mode")
    handler.start()

"""Building the bolt App: one per process, shared by the HTTP and Socket Mode front ends.

Choices that matter:
- The WebClient is ours (`api.slack.client`): its base URL is configurable and it retries rate
  limits. `token_verification_enabled=False` keeps construction offline; bolt calls auth.test on
  the first event instead (through the same client), which is also where it learns the bot's ids.
- `process_before_response=True`: the ack functions run inline, in the request, and the HTTP
  response goes back as soon as they return; the answering runs as lazy listeners on a separate
  thread pool. With bolt's default (False) the ack functions themselves are queued on that pool,
  so a button click could wait behind long answers and miss Slack's three seconds.
- The lazy pool is bigger than the number of simultaneous pipeline runs (the Responder's slots), so
  questions that wait for the pipeline already show their `eyes` reaction.
- The memory of deliveries already answered (`api.slack.dedupe`) is in this process, or in Redis
  when RAG_REDIS_URL is set so that several replicas answer each delivery once between them.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient

from api.slack.answering import Responder
from api.slack.client import build_web_client
from api.slack.config import Mode, check_slack_settings
from api.slack.dedupe import DeliveryMemory, open_delivery_memory
from api.slack.events import register_events
from api.slack.feedback import register_feedback
from rag import Settings

if TYPE_CHECKING:
    from rag import Assistant

log = logging.getLogger(__name__)

WORKERS_PER_SLOT = 4


def build_slack_app(assistant: Assistant, settings: Settings, client: WebClient | None = None,
                    *, mode: Mode = "http", memory: DeliveryMemory | None = None) -> App:
    """The bolt App answering from `assistant`; raises SlackConfigError when tokens are missing or
    RAG_REDIS_URL names a Redis that cannot be reached. `memory` is opened from the settings
    unless given (`rag slack` opens it before loading the models, to fail fast)."""
    check_slack_settings(settings, mode)
    seen = memory if memory is not None else open_delivery_memory(settings)
    slots = max(1, settings.api.max_concurrent_generations)
    app = App(
        client=client or build_web_client(settings),
        signing_secret=settings.slack.signing_secret or "",
        token_verification_enabled=False,
        # Socket Mode requests are not signed (the WebSocket is authenticated by the app token).
        request_verification_enabled=mode == "http",
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=slots * WORKERS_PER_SLOT,
                                             thread_name_prefix="slack-lazy"),
        name="rag-slack",
    )
    register_events(app, Responder(assistant, seen, concurrency=slots), seen)
    register_feedback(app)
    log.info("Slack app ready (%s mode, Web API at %s)", mode, app.client.base_url)
    return app

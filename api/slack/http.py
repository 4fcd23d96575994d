"""Serving the Slack app from the FastAPI app: Events API and interactivity over HTTPS.

bolt's `SlackRequestHandler` for FastAPI calls the (synchronous) bolt app straight from the event
loop, so one slow call in it, such as the auth.test bolt makes on the first event, would stall every
other request. `ThreadedSlackRequestHandler` runs the same dispatch in a worker thread instead. bolt
checks each request's signature (`X-Slack-Signature`, HMAC-SHA256 of the body with the signing
secret) and timestamp (at most five minutes old), and answers 401 otherwise; these routes therefore
take no API key: Slack cannot send one, and the signature is a stronger check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from api.slack.app import build_slack_app
from rag import Settings

if TYPE_CHECKING:
    from rag import Assistant

EVENTS_PATH = "/slack/events"
INTERACTIONS_PATH = "/slack/interactions"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    """bolt's FastAPI handler, with the app's dispatch moved off the event loop."""

    async def handle(self, req: Request, addition_context_properties: dict | None = None) -> Response:
        if req.method != "POST":
            return await super().handle(req, addition_context_properties)
        bolt_request = to_bolt_request(req, await req.body(), addition_context_properties)
        bolt_response = await run_in_threadpool(self.app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)


def mount_slack(app: FastAPI, assistant: Assistant, settings: Settings) -> None:
    """Add `POST /slack/events` (events and button clicks) and `/slack/interactions` (an alias)."""
    handler = ThreadedSlackRequestHandler(build_slack_app(assistant, settings))

    async def slack_endpoint(request: Request) -> Response:
        return await handler.handle(request)

    for path in (EVENTS_PATH, INTERACTIONS_PATH):
        app.add_api_route(path, slack_endpoint, methods=["POST"], include_in_schema=False,
                          name=f"slack{path.replace('/', '_')}")
    app.state.slack_app = handler.app

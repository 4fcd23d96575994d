"""`POST /feedback`: the helpful / not helpful buttons under an answer in the web page.

Logged as one structured line on the `api.feedback` logger, as the Slack buttons are
(`api.slack.feedback`): the vote, the reason given, and the start of the question and the answer,
so a reviewer can find the weak answers in the logs without a database. Nothing is stored.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response, status

from api.deps import Authenticated, RequestIdDep
from api.responses import ERRORS
from api.schemas import FeedbackRequest

log = logging.getLogger("api.feedback")
router = APIRouter(tags=["feedback"], dependencies=[Authenticated])

PREVIEW_CHARS = 200


def preview(text: str | None) -> str | None:
    """The start of a text on one line: enough to recognise it, short enough for a log line."""
    return None if text is None else " ".join(text.split())[:PREVIEW_CHARS]


@router.post("/feedback", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
             responses={401: ERRORS[401], 422: ERRORS[422]})
async def feedback(body: FeedbackRequest, request_id: RequestIdDep) -> Response:
    """Record a vote on an answer; `request_id` is the X-Request-ID the answer came with."""
    log.info("web feedback vote=%s answer_request_id=%s request_id=%s reason=%r question=%r "
             "answer=%r", body.vote, body.request_id, request_id,
             " ".join(body.reason.split()) if body.reason else None, preview(body.question),
             preview(body.answer))
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""The FastAPI application factory.

`create_app` wires one `Assistant` (built from the settings unless one is given, as the tests do)
to the routes, and loads the models and the index during start-up, in a worker thread: under
uvicorn the port only accepts connections once that is done, so a server that answers is a ready
one, and the first question does not pay for loading. An empty index is filled from
`settings.index.corpus_path` first, as `rag ask` does, so `rag serve` works from a fresh clone.
The keys, rate limits and audit log are read and checked here, before anything loads, so that a
mistake in them stops the server at once with one line (a ConfigError).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.audit import AuditLog
from api.concurrency import GenerationSlots
from api.errors import install_error_handlers
from api.indexing_jobs import IndexingJobs
from api.keys import Keyring
from api.limits import BodyLimit, BodyLimitMiddleware, body_limit
from api.middleware import HEADER, RequestContextMiddleware
from api.ratelimit import RateLimiter
from api.routes import chat, completions, documents, feedback, health, search, uploads
from api.upload_form import MAX_FILES, upload_body_limit
from api.web import mount_web
from rag import Assistant, CorpusError, Settings

log = logging.getLogger(__name__)


def prepare(assistant: Assistant) -> None:
    """Blocking start-up work: index an empty store, then load the embedder, index and generator."""
    try:
        report = assistant.ensure_indexed()
        if report is not None:
            log.info("indexed %s: %d files", assistant.settings.index.corpus_path, len(report.added))
    except CorpusError as exc:
        log.warning("the index is empty and the corpus could not be indexed: %s", exc)
    assistant.warm_up()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    assistant: Assistant = app.state.assistant
    await anyio.to_thread.run_sync(prepare, assistant)
    documents, chunks = assistant.stats()
    log.info("ready: %d documents, %d chunks", documents, chunks)
    yield
    log.info("shutting down")
    app.state.jobs.close()


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    keyring = Keyring.from_settings(settings)
    audit = AuditLog.from_settings(settings)
    assistant = assistant or Assistant(settings)
    app = FastAPI(title="rag-assistant", version="0.1.0", lifespan=lifespan,
                  description="Answers from a folder of documents, every statement cited.")
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.slots = GenerationSlots(settings.api.max_concurrent_generations)
    app.state.jobs = IndexingJobs(assistant)
    app.state.keyring = keyring
    app.state.limiter = RateLimiter()
    app.state.audit = audit
    install_error_handlers(app)
    for module in (chat, search, completions, documents, uploads, feedback, health):
        app.include_router(module.router)
    if settings.api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.api.cors_origins,
                           allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", HEADER],
                           expose_headers=[HEADER, "Retry-After"])
    uploads_bound = BodyLimit(upload_body_limit(settings.api.max_upload_bytes),
                              f"max_upload_bytes and {MAX_FILES} files per request")
    app.add_middleware(BodyLimitMiddleware, max_bytes=body_limit(settings),
                       routes={("POST", "/documents"): uploads_bound})
    app.add_middleware(RequestContextMiddleware)  # outermost: every response gets an id

    mount_web(app)

    if settings.slack.bot_token and settings.slack.signing_secret:
        from api.slack.http import mount_slack
        mount_slack(app, assistant, settings)
    return app

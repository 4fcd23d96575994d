"""`rag serve`: the app under uvicorn.

uvicorn handles SIGTERM and SIGINT gracefully: it stops accepting connections, lets requests in
flight finish, then runs the app's shutdown. Open streams are given `generation_timeout` plus a
margin to end, so a stuck client cannot hold a deployment's shutdown forever.

With `workers` above one, uvicorn starts that many processes, each building its app from the
environment (`worker_app`): the settings given on the command line are handed down as their `RAG_`
variables. They must share a Chroma server: an embedded index is one process's (its vectors are
held in that process's memory, and two writers corrupt it), so that combination is refused. The
corpus is indexed once, here, before the workers start, instead of by each of them at once.
"""

from __future__ import annotations

import os

import uvicorn

from api.app import create_app
from api.audit import AuditLog
from api.keys import Keyring
from rag import Assistant, ConfigError, Settings

SHUTDOWN_MARGIN_S = 5


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    grace = int(settings.answer.generation_timeout) + SHUTDOWN_MARGIN_S
    if workers <= 1:
        config = uvicorn.Config(create_app(settings), host=host, port=port, log_level="info",
                                lifespan="on", timeout_graceful_shutdown=grace)
        uvicorn.Server(config).run()
        return
    if not settings.index.chroma_url:
        raise ConfigError("several workers need a Chroma server (set RAG_CHROMA_URL, see `chroma "
                          "run`): an embedded index belongs to one process")
    Keyring.from_settings(settings)  # each worker checks them again; fail once, here, first
    AuditLog.from_settings(settings)
    os.environ.update({"RAG_CHROMA_URL": settings.index.chroma_url,
                       "RAG_INDEX_PATH": str(settings.index.index_path),
                       "RAG_EMBEDDING_MODEL": settings.models.embedding_model})
    Assistant(settings).ensure_indexed()
    uvicorn.run("api.server:worker_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", lifespan="on", timeout_graceful_shutdown=grace)


def worker_app() -> object:
    """One worker's app, from the environment `serve` prepared."""
    return create_app(Settings())

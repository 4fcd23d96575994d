"""`rag serve`: the app under uvicorn.

uvicorn handles SIGTERM and SIGINT gracefully: it stops accepting connections, lets requests in
flight finish, then runs the app's shutdown. Open streams are given `generation_timeout` plus a
margin to end, so a stuck client cannot hold a deployment's shutdown forever.
"""

from __future__ import annotations

import uvicorn

from api.app import create_app
from rag import Settings

SHUTDOWN_MARGIN_S = 5


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    app = create_app(settings)
    config = uvicorn.Config(app, host=host, port=port, log_level="info", lifespan="on",
                            timeout_graceful_shutdown=int(settings.answer.generation_timeout)
                            + SHUTDOWN_MARGIN_S)
    uvicorn.Server(config).run()

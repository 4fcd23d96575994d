"""`rag ask` through a running `rag serve`: a question asked in a new shell should not pay for
loading the embedder and the language model (seconds to tens of seconds) when a server in another
shell already holds them.

`RAG_ASK_VIA` decides: `auto` (the default) asks the server at DEFAULT_SERVER_URL when it answers
its health check at once and serves the very index this process would read; `local` never asks a
server; a URL always asks that server. The CLI says which answered.
"""

from __future__ import annotations

from typing import Any

from rag import Answer, Message, ServerError, Settings

DEFAULT_SERVER_URL = "http://127.0.0.1:8000"
PROBE_TIMEOUT_S = 0.5
"""A server that does not answer its health check this fast is not worth waiting for."""
ANSWER_TIMEOUT_S = 300.0
INDEX_HEADER = "X-Rag-Index"
"""Where `rag serve`'s health check names its index (api.routes.health)."""


def server_for(settings: Settings) -> str | None:
    """The URL of the server to ask, or None to answer in this process."""
    via = settings.api.ask_via.strip()
    if via in ("", "local"):
        return None
    if via != "auto":
        return via.rstrip("/")
    return DEFAULT_SERVER_URL if serves_same_index(DEFAULT_SERVER_URL, settings) else None


def serves_same_index(url: str, settings: Settings) -> bool:
    """Whether a server is up at `url` and reads the index `settings` point at (one serving
    another folder would answer from other documents)."""
    import httpx

    try:
        health = httpx.get(f"{url}/healthz", timeout=PROBE_TIMEOUT_S)
        return health.status_code == 200 and \
            health.headers.get(INDEX_HEADER) == settings.index.identity
    except httpx.HTTPError:
        return False


def ask_server(url: str, settings: Settings, messages: list[Message], top_k: int | None,
               generator: str | None) -> Answer:
    import httpx

    body: dict[str, Any] = {"messages": [m.model_dump() for m in messages]}
    if top_k is not None:
        body["top_k"] = top_k
    if generator is not None:
        body["generator"] = generator
    headers = {"Authorization": f"Bearer {settings.api.api_key}"} if settings.api.api_key else {}
    try:
        response = httpx.post(f"{url}/chat", json=body, headers=headers, timeout=ANSWER_TIMEOUT_S)
    except httpx.HTTPError as exc:
        raise ServerError(f"cannot reach the server at {url} ({exc}); set RAG_ASK_VIA=local "
                          "to answer in this process") from None
    if response.status_code == 401:
        raise ServerError(f"the server at {url} refused the API key: set RAG_API_KEY to its key")
    if response.status_code == 429:
        raise ServerError(f"the server at {url} limits this key's questions: retry in "
                          f"{response.headers.get('Retry-After', 'a few')} s")
    if response.status_code != 200:
        raise ServerError(f"the server at {url} answered {response.status_code}: "
                          f"{_detail(response)}")
    return Answer.model_validate_json(response.content)


def _detail(response: Any) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail) if detail else response.text[:200]

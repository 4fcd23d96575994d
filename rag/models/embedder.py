"""The embedder seam: a model behind a two-method interface, loaded once per process.

The bundled e5 runs on ONNX Runtime in fp32 by default (rag.models.onnx_embedder; the same
vectors as torch, without torch at run time); an index run on a CPU with bfloat16 tiles computes
the same vectors faster on torch (rag.models.bf16_embedder), unless RAG_EMBEDDING_RUNTIME=onnx.
=onnx-int8 indexes twice as fast with nearly the same ranking (large folders), =torch runs the
sentence-transformers model; any other model is a sentence-transformers model.

The model is loaded once per process (keyed by model and device) because loading costs seconds and a
server answers many questions. Hub access is off unless `RAG_ALLOW_NETWORK` is set, so a typo in a
model name fails fast with a clear message instead of hanging on a download.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.errors import EmbedderError
from rag.settings import ModelSettings

log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str
    """Names the vectors: stores keep those of different embedders apart."""

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """Unit-length float32 vectors, with the query/passage prefixes e5-style models need."""

    def __init__(self, model: Any, name: str, query_prefix: str, passage_prefix: str,
                 batch_size: int = 16) -> None:
        self.model = model
        self.name = name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(texts, batch_size=self.batch_size,
                                        normalize_embeddings=True, show_progress_bar=False,
                                        convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


_cache: dict[tuple[str, str], Embedder] = {}
_cache_lock = threading.Lock()


def resolve_model_path(settings: ModelSettings) -> str:
    if settings.uses_bundled_embedder:
        from rag.models.e5_convert import ensure_e5_model

        return str(ensure_e5_model(settings.data_dir))
    return settings.embedding_model


def indexes_in_bf16(settings: ModelSettings) -> bool:
    """Whether an index run embeds with the bfloat16 model (rag.models.bf16_embedder): the default
    runtime, the bundled model, a CPU that multiplies bfloat16 in hardware."""
    if not (settings.uses_bundled_embedder and settings.embedding_runtime == "auto"
            and settings.embedding_device == "cpu"):
        return False
    from rag.models.bf16_embedder import native_bf16

    return native_bf16()


def load_embedder(settings: ModelSettings, indexing: bool = False) -> Embedder:
    """The configured embedder; with `indexing`, the one an index run should use (the same vectors,
    maybe computed faster: `indexes_in_bf16`)."""
    bf16 = indexing and indexes_in_bf16(settings)
    key = (settings.embedder_id, settings.embedding_device + ("-bf16" if bf16 else ""))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
        if bf16:
            _cache[key] = _bf16(settings)
            return _cache[key]
        if settings.uses_bundled_embedder and settings.embedding_runtime != "torch":
            _cache[key] = _onnx(settings)
            return _cache[key]
        if not settings.allow_network:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        target = resolve_model_path(settings)
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar in CLI output
            model = SentenceTransformer(target, device=settings.embedding_device)
        except Exception as exc:  # the library raises many types; all mean "cannot load"
            hint = "" if Path(target).exists() or settings.allow_network else (
                " (not a local folder, and hub downloads are off: set RAG_ALLOW_NETWORK=1)")
            raise EmbedderError(f"cannot load embedding model {target!r}: {exc}{hint}") from exc
        embedder = SentenceTransformerEmbedder(
            model, settings.embedder_id, settings.effective_query_prefix,
            settings.effective_passage_prefix, settings.embedding_batch_size)
        _cache[key] = embedder
        log.info("loaded embedder %s", target)
        return embedder


def release_indexing_embedder(settings: ModelSettings) -> None:
    """Forget the index runs' own model, if one was loaded: the next run loads it again (under a
    second), and in between its memory goes back to the system."""
    key = (settings.embedder_id, settings.embedding_device + "-bf16")
    with _cache_lock:
        released = _cache.pop(key, None)
    if released is not None:
        del released
        gc.collect()
        from rag.models.bf16_embedder import release_memory

        release_memory()


def _bf16(settings: ModelSettings) -> Embedder:
    from rag.models.bf16_embedder import Bf16Embedder

    folder = Path(resolve_model_path(settings))
    try:
        embedder = Bf16Embedder(folder, settings.embedder_id, settings.effective_query_prefix,
                                settings.effective_passage_prefix)
    except Exception as exc:  # torch and transformers raise many types; all mean "cannot load"
        log.warning("indexing with the ONNX embedder: cannot load the bfloat16 one (%s)", exc)
        return _onnx(settings)
    log.info("loaded embedder %s in bfloat16 for indexing", folder)
    return embedder


def _onnx(settings: ModelSettings) -> Embedder:
    from rag.models.onnx_embedder import OnnxEmbedder, ensure_onnx_model

    folder = Path(resolve_model_path(settings))
    try:
        path = ensure_onnx_model(folder, quantized=settings.embedding_runtime == "onnx-int8",
                                 passage_prefix=settings.effective_passage_prefix)
        embedder = OnnxEmbedder(path, folder / "tokenizer.json", settings.embedder_id,
                                settings.effective_query_prefix, settings.effective_passage_prefix,
                                settings.embedding_batch_size)
    except EmbedderError:
        raise
    except Exception as exc:  # onnxruntime raises its own types; all mean "cannot load"
        raise EmbedderError(f"cannot load the ONNX embedder {folder}: {exc}") from exc
    log.info("loaded embedder %s", path)
    return embedder

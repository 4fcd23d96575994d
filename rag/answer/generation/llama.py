"""Local generation with llama.cpp and the bundled Qwen2.5-Coder-1.5B-Instruct GGUF.

The model takes seconds and ~1-2 GB to load, so one `Llama` object per (path, context, threads) is
kept for the whole process and shared by every `LlamaGenerator`. A `Llama` object is not
thread-safe (one KV cache, one sampler), so each cached model carries its own lock and generation
holds it for the whole stream; concurrent requests queue instead of corrupting each other.
`llama_cpp` is imported lazily so that the rest of the package works without the `llama` extra.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.answer.generation.base import GenerationRequest
from rag.answer.generation.prompts import build_messages
from rag.errors import GeneratorError
from rag.models.gguf import ensure_qwen_gguf, missing_parts
from rag.settings import Settings, get_settings

if TYPE_CHECKING:
    from llama_cpp import Llama

_MODELS: dict[tuple[str, int, int], tuple[Llama, threading.Lock]] = {}
_LOAD_LOCK = threading.Lock()


@atexit.register
def _close_models() -> None:
    """Free the models before interpreter teardown, when llama-cpp's own destructor would find
    its C bindings already gone and print a traceback."""
    for model, _ in _MODELS.values():
        with contextlib.suppress(Exception):  # best effort at exit
            model.close()
    _MODELS.clear()

_ERROR_CHARS = 300


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text if len(text) <= _ERROR_CHARS else text[: _ERROR_CHARS - 1] + "…"


def _import_llama_cpp() -> Any:
    import llama_cpp

    return llama_cpp


def llama_available(settings: Settings | None = None) -> bool:
    """Whether the llama backend can run here: used to pick the default generator.

    It checks that `llama_cpp` imports (its shared library loads) and that there is a model: an
    explicit `llama_model_path` that exists, or all 22 part packages. It does not load the model.
    """
    settings = settings or get_settings()
    try:
        _import_llama_cpp()
    except (ImportError, OSError, RuntimeError):
        return False
    if settings.models.llama_model_path is not None:
        return Path(settings.models.llama_model_path).expanduser().is_file()
    return not missing_parts()


def _load(path: Path, n_ctx: int, n_threads: int) -> tuple[Llama, threading.Lock]:
    """Load (once per process) the model for this key; the global lock avoids double loads."""
    key = (str(path.resolve()), n_ctx, n_threads)
    with _LOAD_LOCK:
        cached = _MODELS.get(key)
        if cached is not None:
            return cached
        if not path.is_file():
            raise GeneratorError(f"llama model file not found: {path}")
        llama_cpp = _import_llama_cpp()
        model = llama_cpp.Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
        entry = (model, threading.Lock())
        _MODELS[key] = entry
        return entry


def model_path(settings: Settings) -> Path:
    """The configured GGUF, or the bundled one assembled (once) into the data dir."""
    if settings.models.llama_model_path is not None:
        return Path(settings.models.llama_model_path).expanduser()
    return ensure_qwen_gguf(settings.models.data_dir)


def shared_model(settings: Settings) -> tuple[Llama, threading.Lock]:
    """The process-wide model for these settings and its lock (the generator and the answer judge
    share one copy: two would double the memory and fight over the two cores)."""
    try:
        return _load(model_path(settings), settings.models.llama_context, settings.models.llama_threads)
    except GeneratorError:
        raise
    except Exception as exc:  # GgufError, llama.cpp's ValueError for a bad file, OSError...
        raise GeneratorError(f"could not load llama model: {_short(exc)}") from exc


class LlamaGenerator:
    """Streams answers from a local GGUF model through llama-cpp-python (greedy, deterministic)."""

    name = "llama"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    def model_path(self) -> Path:
        return model_path(self.settings)

    def _model(self) -> tuple[Llama, threading.Lock]:
        return shared_model(self.settings)

    def load(self) -> Llama:
        """Load the model now (e.g. at server start) so the first question doesn't pay for it."""
        return self._model()[0]

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield content deltas; the model lock is held until the stream ends or is closed."""
        model, lock = self._model()
        if not lock.acquire(timeout=self.settings.answer.generation_timeout):
            raise GeneratorError("llama model is busy with another request; try again")
        try:
            chunks = model.create_chat_completion(
                messages=build_messages(request),
                stream=True,
                temperature=0.0,
                max_tokens=self.settings.answer.max_new_tokens,
            )
            for chunk in chunks:
                choices = chunk.get("choices") or [{}]
                content = (choices[0].get("delta") or {}).get("content")
                if content:
                    yield content
        except GeneratorError:
            raise
        except Exception as exc:
            raise GeneratorError(f"llama generation failed: {_short(exc)}") from exc
        finally:
            lock.release()

"""The local llama.cpp model (the bundled Qwen2.5-Coder-1.5B-Instruct GGUF, or any other), shared.

The generator, the answer judge, the name reader and the query translator all run on one model: two
copies would double the memory and fight over the cores. It takes seconds and 1-2 GB to load, so
one `Llama` per (path, context, threads) is kept for the whole process. A `Llama` is not
thread-safe (one KV cache, one sampler), so each carries a lock that every user holds while it
works; concurrent requests queue instead of corrupting each other.

Few-shot prompts start with a fixed head (instructions and worked examples) that is the same for
every question: `LocalModel.evaluate` keeps it in the model's cache and on disk
(rag.models.prompt_cache), so only what follows the head costs prompt tokens.
`llama_cpp` is imported lazily so the rest of the package works without the `llama` extra.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.errors import GeneratorError
from rag.models.branches import logits_at
from rag.models.gguf import ensure_qwen_gguf, missing_parts
from rag.models.prompt_cache import ensure_prefix
from rag.settings import ModelSettings

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)

PROMPT_STATES = "prompt-state"
"""Where in the data dir evaluated prompt heads are kept."""
_ERROR_CHARS = 300


@dataclass
class LocalModel:
    """One loaded model, its lock, and the few-shot helpers its users share."""

    llama: Llama
    lock: threading.Lock
    state_dir: Path

    def tokens(self, text: str, bos: bool = False) -> list[int]:
        return list(self.llama.tokenize(text.encode(), add_bos=bos, special=True))

    def first_tokens(self, words: Sequence[str]) -> list[int]:
        """The first token of each word (how a reply starting with it begins)."""
        return sorted({self.llama.tokenize(w.encode(), add_bos=False, special=False)[0]
                       for w in words})

    def chat_prompt(self, messages: list[dict[str, str]]) -> str | None:
        """`messages` in the GGUF's own chat template, None when it has none."""
        formatter = self._chat_formatter
        return None if formatter is None else formatter(messages=messages).prompt

    @functools.cached_property
    def _chat_formatter(self) -> Any:
        """The template compiled once: compiling it took ~8 ms, and every llama answer renders
        its prompt (rag.answer.generation.llama.keep_instructions)."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        model = self.llama
        template = model.metadata.get("tokenizer.chat_template")
        if not template:
            return None
        eos = model.detokenize([model.token_eos()]).decode("utf-8", "ignore")
        bos = model.detokenize([model.token_bos()]).decode("utf-8", "ignore")
        return Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)

    def few_shot(self, system: str, turns: Sequence[tuple[str, str]], last: str) -> str:
        """A chat of worked examples (user, assistant) ending with the user turn `last`, in the
        model's template; without one, the turns as plain paragraphs."""
        messages = [{"role": "system", "content": system}]
        for user, reply in turns:
            messages += [{"role": "user", "content": user}, {"role": "assistant", "content": reply}]
        messages.append({"role": "user", "content": last})
        prompt = self.chat_prompt(messages)
        if prompt is None:
            prompt = "\n\n".join(m["content"] for m in messages) + "\n"
        return prompt

    def evaluate(self, head: str, rest: str = "") -> int:
        """Leave `head` (from the cache or disk when it is there) and then `rest` evaluated; the
        number of tokens of the head. The caller holds the lock."""
        head_tokens = self.tokens(head, bos=True)
        ensure_prefix(self.llama, head_tokens, self.state_dir)
        if rest:
            self.llama.eval(self.tokens(rest))
        return len(head_tokens)

    def last_logits(self) -> np.ndarray:
        return logits_at(self.llama, -1)


_MODELS: dict[tuple[str, int, int], LocalModel] = {}
_LOAD_LOCK = threading.Lock()


@atexit.register
def _close_models() -> None:
    """Free the models before interpreter teardown, when llama-cpp's own destructor would find
    its C bindings already gone and print a traceback."""
    for model in _MODELS.values():
        with contextlib.suppress(Exception):  # best effort at exit
            model.llama.close()
    _MODELS.clear()


def short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text if len(text) <= _ERROR_CHARS else text[: _ERROR_CHARS - 1] + "…"


def _import_llama_cpp() -> Any:
    import llama_cpp

    return llama_cpp


def llama_available(settings: ModelSettings) -> bool:
    """Whether the local model can run here: `llama_cpp` imports (its shared library loads) and
    there is a model, an explicit `llama_model_path` that exists or all 22 part packages. It does
    not load the model."""
    try:
        _import_llama_cpp()
    except (ImportError, OSError, RuntimeError):
        return False
    if settings.llama_model_path is not None:
        return Path(settings.llama_model_path).expanduser().is_file()
    return not missing_parts()


def model_path(settings: ModelSettings) -> Path:
    """The configured GGUF, or the bundled one assembled (once) into the data dir."""
    if settings.llama_model_path is not None:
        return Path(settings.llama_model_path).expanduser()
    return ensure_qwen_gguf(settings.data_dir)


def _load(path: Path, settings: ModelSettings) -> LocalModel:
    key = (str(path.resolve()), settings.llama_context, settings.llama_threads, settings.llama_mmap,
           settings.llama_sequences)
    with _LOAD_LOCK:  # no double loads
        cached = _MODELS.get(key)
        if cached is not None:
            return cached
        if not path.is_file():
            raise GeneratorError(f"llama model file not found: {path}")
        llama_cpp = _import_llama_cpp()
        with _sequences(llama_cpp, settings.llama_sequences), _without_amx(llama_cpp):
            llama = llama_cpp.Llama(model_path=str(path), n_ctx=settings.llama_context,
                                    n_threads=settings.llama_threads,
                                    use_mmap=settings.llama_mmap, verbose=False)
        model = LocalModel(llama, threading.Lock(), settings.data_dir / PROMPT_STATES)
        _MODELS[key] = model
        return model


@contextlib.contextmanager
def _amended_defaults(llama_cpp: Any, name: str, **fields: Any) -> Iterator[None]:
    """While inside, llama.cpp's default parameters `name` (as `Llama` reads them from the
    bindings: it takes no argument for these) come with `fields` set. Another build of the
    bindings without that function keeps its defaults."""
    bindings = getattr(llama_cpp, "llama_cpp", None)
    default = getattr(bindings, name, None)
    if default is None:
        yield
        return

    def amended() -> Any:
        params = default()
        for field, value in fields.items():
            setattr(params, field, value)
        return params

    setattr(bindings, name, amended)
    try:
        yield
    finally:
        setattr(bindings, name, default)


def _sequences(llama_cpp: Any, count: int) -> contextlib.AbstractContextManager[None]:
    """A `Llama` made inside holds `count` sequences in one KV cache of its context size (for
    rag.models.branches); the sequences share the prefix's cells. Without the bindings' defaults
    to amend: one sequence, candidates one by one."""
    return _amended_defaults(llama_cpp, "llama_context_default_params",
                             n_seq_max=max(1, count), kv_unified=True)


def uses_amx(system_info: str) -> bool:
    """Whether llama.cpp was compiled with its AMX int8 kernels (a native build on an Intel CPU
    with AMX, Sapphire Rapids and later): they crash the process in the first prompt with the
    bundled Q4_K_M model (llama.cpp issue 20824, open), so such a build must not be handed the
    weights."""
    return "AMX_INT8 = 1" in system_info


def _without_amx(llama_cpp: Any) -> contextlib.AbstractContextManager[None]:
    """A `Llama` made inside keeps its weights in plain CPU buffers when the build has AMX
    kernels: no AMX, and no repacking either (llama.cpp offers the two only together), so slower,
    but alive. `make install` builds without AMX (-mno-amx-int8)."""
    info = getattr(llama_cpp, "llama_print_system_info", None)
    if info is None or not uses_amx(info().decode("utf-8", "replace")):
        return contextlib.nullcontext()
    log.warning("llama.cpp was built with AMX kernels, which crash on this model; running without "
                "them (slower). Rebuild llama-cpp-python with CMAKE_ARGS containing "
                "-DCMAKE_C_FLAGS=-mno-amx-int8 -DCMAKE_CXX_FLAGS=-mno-amx-int8 (make install does)")
    return _amended_defaults(llama_cpp, "llama_model_default_params", use_extra_bufts=False)


def shared_model(settings: ModelSettings) -> LocalModel:
    """The process-wide model for these settings."""
    try:
        return _load(model_path(settings), settings)
    except GeneratorError:
        raise
    except Exception as exc:  # GgufError, llama.cpp's ValueError for a bad file, OSError...
        raise GeneratorError(f"could not load llama model: {short(exc)}") from exc

"""A fixed prompt prefix's evaluated state (the model's KV cache), kept on disk in the data dir.

The answer judge's instructions and worked examples are the same for every question: about 400
tokens, about six seconds on two cores, paid by every new process and again after every llama
answer (whose own prompt displaces them). Evaluated once, the state is written to the data dir and
read back in a fraction of a second.
The file is a dump of the same numbers, so a judge reading it rules exactly as one that evaluated
the prefix itself. It is keyed by everything that shapes those numbers (llama.cpp build, model
file, context and batch sizes, sequences, the tokens), so a change to any of them simply makes a
new file.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from rag.models.branches import sequences

log = logging.getLogger(__name__)

def state_path(model: Any, tokens: list[int], directory: Path) -> Path:
    import llama_cpp

    model_file = Path(model.model_path)
    stat = model_file.stat()
    # The CPU features the build uses are part of it: an AVX-512 build adds in another order.
    build = (llama_cpp.__version__, llama_cpp.llama_print_system_info())
    key = hashlib.sha256(repr((
        build, model_file.name, stat.st_size, int(stat.st_mtime),
        model.n_ctx(), model.n_batch, sequences(model),
        tokens)).encode()).hexdigest()[:32]
    return directory / f"{key}.kv"


def ensure_prefix(model: Any, tokens: list[int], directory: Path) -> str:
    """Leave exactly `tokens` evaluated in the model's cache; say where they came from
    ("memory", "disk" or "evaluated"). Any failure to read or write the file only costs time."""
    if list(model.input_ids[:model.n_tokens])[:len(tokens)] == tokens:
        model.n_tokens = len(tokens)  # the next eval() drops whatever followed
        return "memory"
    path = state_path(model, tokens, directory)
    if path.exists() and _load(model, tokens, path):
        return "disk"
    model.reset()
    model.eval(tokens)
    _save(model, tokens, path)
    return "evaluated"


def _load(model: Any, tokens: list[int], path: Path) -> bool:
    import llama_cpp

    buffer = (llama_cpp.llama_token * len(tokens))()
    count = ctypes.c_size_t(0)
    try:
        ok = llama_cpp.llama_state_load_file(model.ctx, str(path).encode(), buffer, len(tokens),
                                             ctypes.byref(count))
    except Exception as exc:  # a foreign or truncated file: evaluate instead
        log.warning("could not read the saved prompt state %s (%s)", path, exc)
        return False
    if not ok or list(buffer[:count.value]) != tokens:
        log.warning("saved prompt state %s does not match; evaluating the prompt", path)
        return False  # the caller resets the model and evaluates
    model.input_ids[:len(tokens)] = tokens
    model.n_tokens = len(tokens)
    return True


def _save(model: Any, tokens: list[int], path: Path) -> None:
    import llama_cpp

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        array = (llama_cpp.llama_token * len(tokens))(*tokens)
        if llama_cpp.llama_state_save_file(model.ctx, str(partial).encode(), array, len(tokens)):
            os.replace(partial, path)  # readers never see half a file
        else:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not save the prompt state to %s (%s)", path, exc)

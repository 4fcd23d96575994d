"""A prompt prefix's state saved to disk and read back, on the real bundled model (slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.models.prompt_cache import ensure_prefix, state_path
from tests.conftest import needs_model

pytestmark = [
    pytest.mark.slow,
    needs_model,
]

PREFIX = "You check facts. Question: who founded the company? Passage: "
CONTINUATION = "Nokia was founded by Fredrik Idestam in 1865."


@pytest.fixture
def model(base_settings):
    from rag.models.llama import shared_model

    shared = shared_model(base_settings.models)
    model, lock = shared.llama, shared.lock
    with lock:
        yield model


def _tokens(model, text: str, bos: bool = False) -> list[int]:
    return list(model.tokenize(text.encode(), add_bos=bos, special=False))


def _next_logits(model, prefix: list[int]) -> np.ndarray:
    """Logits after the continuation: what a judge reads off the state the prefix left."""
    import llama_cpp

    model.n_tokens = len(prefix)
    model.eval(_tokens(model, CONTINUATION))
    pointer = llama_cpp.llama_get_logits_ith(model.ctx, -1)
    return np.ctypeslib.as_array(pointer, shape=(model.n_vocab(),)).copy()


def test_a_saved_prefix_is_read_back_and_gives_the_same_numbers(model, tmp_path: Path) -> None:
    prefix = _tokens(model, PREFIX, bos=True)
    model.reset()
    assert ensure_prefix(model, prefix, tmp_path) == "evaluated"
    assert state_path(model, prefix, tmp_path).exists()
    evaluated = _next_logits(model, prefix)

    assert ensure_prefix(model, prefix, tmp_path) == "memory"
    assert np.array_equal(_next_logits(model, prefix), evaluated)

    model.reset()  # as after a generation with another prompt, or in a new process
    assert ensure_prefix(model, prefix, tmp_path) == "disk"
    assert list(model.input_ids[:model.n_tokens]) == prefix
    assert np.array_equal(_next_logits(model, prefix), evaluated)


def test_another_prefix_gets_its_own_file(model, tmp_path: Path) -> None:
    first = _tokens(model, PREFIX, bos=True)
    second = _tokens(model, PREFIX.replace("founded", "leads"), bos=True)
    assert state_path(model, first, tmp_path) != state_path(model, second, tmp_path)
    model.reset()
    ensure_prefix(model, first, tmp_path)
    model.reset()
    assert ensure_prefix(model, second, tmp_path) == "evaluated"
    assert len(list(tmp_path.iterdir())) == 2


def test_another_build_of_llama_cpp_gets_its_own_file(model, tmp_path: Path, monkeypatch) -> None:
    import llama_cpp

    prefix = _tokens(model, PREFIX, bos=True)
    portable = state_path(model, prefix, tmp_path)
    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: b"CPU : AVX2 = 1 | ")
    assert state_path(model, prefix, tmp_path) != portable


def test_a_damaged_file_is_replaced_not_trusted(model, tmp_path: Path) -> None:
    prefix = _tokens(model, PREFIX, bos=True)
    model.reset()
    ensure_prefix(model, prefix, tmp_path)
    reference = _next_logits(model, prefix)
    path = state_path(model, prefix, tmp_path)
    path.write_bytes(path.read_bytes()[:1000])  # a copy cut short
    model.reset()
    assert ensure_prefix(model, prefix, tmp_path) == "evaluated"
    assert np.array_equal(_next_logits(model, prefix), reference)
    model.reset()
    assert ensure_prefix(model, prefix, tmp_path) == "disk"  # rewritten whole


def test_an_unwritable_directory_only_costs_time(model, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the state directory should be")
    prefix = _tokens(model, PREFIX, bos=True)
    model.reset()
    assert ensure_prefix(model, prefix, blocked) == "evaluated"
    assert list(model.input_ids[:model.n_tokens]) == prefix

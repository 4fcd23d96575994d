"""Shared fixtures: the real default embedder (built once per machine), real embedded Chroma
indexes in temporary folders, and the real seed corpus."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.answer.judging import AnswerJudge
from rag.answer.sources import Source
from rag.assistant import Assistant
from rag.models.embedder import Embedder, load_embedder
from rag.models.gguf import missing_parts
from rag.schema import Passage
from rag.settings import Settings
from tests.documents import print_test_pdfs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

needs_model = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None or bool(missing_parts()),
    reason="llama extra not installed")
"""For tests that run the bundled llama model: llama-cpp-python and the GGUF's part packages."""


def source_of(text: str) -> Source:
    """Source 1: a passage that is the whole of a file holding `text`."""
    return Source(1, Passage(file="a.txt", start_line=1, end_line=text.count("\n") + 1,
                             start_char=0, end_char=len(text), text=text))


def data_dir() -> Path:
    """Converted models are cached per machine, not per test run."""
    configured = os.environ.get("RAG_DATA_DIR")
    return Path(configured) if configured else Settings().models.data_dir


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def base_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(corpus_path=CORPUS, index_path=tmp_path_factory.mktemp("index"),
                    data_dir=data_dir(), generator="extractive", chroma_url=None, api_key=None)


@pytest.fixture(scope="session")
def embedder(base_settings: Settings) -> Embedder:
    return load_embedder(base_settings.models)


@pytest.fixture(scope="session")
def assistant(base_settings: Settings, embedder: Embedder) -> Assistant:
    """The seed corpus indexed once with the real embedder into a real embedded Chroma."""
    a = Assistant(base_settings, embedder=embedder)
    a.index(CORPUS)
    return a


@pytest.fixture
def make_assistant(base_settings: Settings, embedder: Embedder, tmp_path: Path):
    """A fresh assistant over its own index folder, for tests that change what is indexed."""

    def make(scripted_judge: AnswerJudge | None = None, **overrides: object) -> Assistant:
        settings = base_settings.replace(**{"index_path": tmp_path / "index", **overrides})
        return Assistant(settings, embedder=embedder, judge=scripted_judge)

    return make


@pytest.fixture
def judged(make_assistant):
    """A fresh indexed assistant whose extractive answers go through `judge` (RAG_JUDGE=llama):
    tests script the judge seam to decide what answers."""
    def make(judge: AnswerJudge) -> Assistant:
        a = make_assistant(judge, judge="llama")
        a.index()
        return a
    return make


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    yield target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Real PDFs printed by headless Chromium (skips where there is none)."""
    return print_test_pdfs(tmp_path_factory)

"""Client/server mode: a real `chroma run` on 127.0.0.1 serves the same results as embedded."""

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag.errors import StoreError
from rag.search.store import open_store
from tests.conftest import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The venv's bin folder is not on PATH when the tests run as `.venv/bin/python -m pytest`.
    beside = Path(sys.executable).parent / "chroma"
    binary = str(beside) if beside.exists() else shutil.which("chroma")
    assert binary, "the chromadb package provides the `chroma` command"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([binary, "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


QUERIES = ["How much did Meta invest in Scale AI?", "Avocado 是以哪個模型為基礎微調的？",
           "lunettes équipées d'IA", "Kadrey v. Meta hak cipta", "Omdia Su Lianjie"]


def test_server_store_serves_the_same_results_as_embedded(chroma_server, assistant,
                                                          make_assistant, corpus_dir: Path) -> None:
    remote = make_assistant(chroma_url=chroma_server)
    report = remote.index(corpus_dir)
    assert len(report.added) == 4
    for query in QUERIES:
        here = assistant.search(query, 5)
        there = remote.search(query, 5)
        assert [(p.file, p.start_char, p.end_char) for p in there] == \
               [(p.file, p.start_char, p.end_char) for p in here], query
        assert [p.score for p in there] == pytest.approx([p.score for p in here], abs=1e-3)
    assert remote.stats() == assistant.stats()
    # A second client sees the index the first one wrote: the point of a shared server.
    again = make_assistant(chroma_url=chroma_server, index_path=Path("/nonexistent"))
    assert again.index(corpus_dir).embedded == 0


def test_unreachable_server_is_a_store_error(base_settings) -> None:
    settings = base_settings.replace(**{"chroma_url": f"http://127.0.0.1:{free_port()}"})
    with pytest.raises(StoreError, match="cannot open the Chroma store"):
        open_store(settings.index, settings.models.embedding_model)

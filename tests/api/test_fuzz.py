"""Schema-driven fuzzing: schemathesis generates valid and invalid requests for every operation of
the app's own `/openapi.json`, and no response may be a 5xx.

Generators that would reach beyond this machine are configured to fail fast (a closed local port, a
missing model file), which also exercises the fallback to extractive answers. The app serves its
own copy of the seed corpus and index, since uploads and deletions change both. Each operation and
generation mode is its own test, with a bounded, derandomized number of examples.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.app import create_app
from rag.assistant import Assistant
from rag.settings import Settings
from tests.conftest import CORPUS, free_port

EXAMPLES = 25
OPERATIONS = [("/chat", "POST"), ("/search", "POST"), ("/v1/chat/completions", "POST"),
              ("/healthz", "GET"), ("/documents", "GET"), ("/documents/{path}/text", "GET"),
              ("/documents", "POST"), ("/documents/jobs/{job}", "GET"), ("/documents/{path}", "DELETE"),
              ("/feedback", "POST")]


@pytest.fixture(scope="module")
def api_schema(base_settings: Settings, embedder,
               tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    root = tmp_path_factory.mktemp("fuzzed")
    shutil.copytree(CORPUS, root / "corpus")
    config = base_settings.replace(**{
        "openai_base_url": f"http://127.0.0.1:{free_port()}/v1", "openai_timeout": 2.0,
        "llama_model_path": Path("/nonexistent/model.gguf"), "corpus_path": root / "corpus",
        "index_path": root / "index"})
    fuzzed = Assistant(config, embedder=embedder)
    fuzzed.index()
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(config, fuzzed))


def test_the_schema_covers_every_route(api_schema: schemathesis.BaseSchema) -> None:
    assert {(path, method.upper()) for path in api_schema for method in api_schema[path]} == \
        set(OPERATIONS)


CASES = [pytest.param(path, method, mode, id=f"{method} {path} {mode.value}")
         for path, method in OPERATIONS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if not (path == "/healthz" and mode is GenerationMode.NEGATIVE)]  # nothing there to break


@pytest.mark.slow
@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_no_input_makes_the_server_fail(api_schema: schemathesis.BaseSchema, path: str,
                                        method: str, mode: GenerationMode) -> None:
    seen: list[int] = []

    @given(case=api_schema[path][method].as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        response = case.call_and_validate(checks=[not_a_server_error])
        seen.append(response.status_code)

    run()
    assert seen and max(seen) < 500

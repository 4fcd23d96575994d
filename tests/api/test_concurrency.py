"""The generation cap, over real sockets: uvicorn serving the app, whose generator is a slow
OpenAI-compatible server also served by uvicorn. Beyond the cap a request is refused at once with
503 and Retry-After, and the cheap routes keep answering while a generation runs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.app import create_app
from api.concurrency import Busy, GenerationSlots
from tests.api.conftest import LLM_QUESTION, ask
from tests.api.servers import serving

pytestmark = pytest.mark.slow  # real servers on real sockets

QUICK_S = 2.0


@pytest.fixture
def capped(slow_llm, llm_assistant) -> Iterator[str]:
    """An app allowed one generation at a time, its LLM taking ~5 s per answer."""
    slow_llm.pieces = 10
    backed = llm_assistant(slow_llm, max_concurrent_generations=1)
    with serving(create_app(backed.settings, backed)) as url:
        yield url


def timed(call, *args, **kwargs) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = call(*args, timeout=30, **kwargs)
    return response, time.perf_counter() - started


def test_second_generation_is_refused_while_cheap_routes_answer(capped: str, slow_llm) -> None:
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(httpx.post, f"{capped}/chat", json=ask(LLM_QUESTION), timeout=60)
        assert slow_llm.started.wait(30), "the first generation never reached the LLM"
        refused, refused_s = timed(httpx.post, f"{capped}/chat", json=ask(generator="extractive"))
        openai_refused, _ = timed(httpx.post, f"{capped}/v1/chat/completions",
                                  json={"model": "rag", **ask()})
        health, health_s = timed(httpx.get, f"{capped}/healthz")
        search, search_s = timed(httpx.post, f"{capped}/search", json={"query": "Scale AI"})
        assert not first.done(), "the first generation should still be running"
        answered = first.result()
    assert refused.status_code == 503 and refused_s < QUICK_S
    assert refused.headers["retry-after"] == "1"
    assert "max_concurrent_generations" in refused.json()["detail"]
    assert openai_refused.status_code == 503 and openai_refused.headers["retry-after"]
    assert health.status_code == 200 and health_s < QUICK_S
    assert search.status_code == 200 and search.json()["results"] and search_s < QUICK_S
    assert answered.status_code == 200 and answered.json()["generator"] == "openai"
    assert slow_llm.requests == 1 and slow_llm.completed == 1
    # The slot was given back: the next question is answered.
    assert httpx.post(f"{capped}/chat", json=ask(generator="extractive"),
                      timeout=60).status_code == 200


def test_a_stream_holds_its_slot_and_a_departed_client_frees_it(capped: str, slow_llm) -> None:
    with httpx.Client(timeout=60) as client, \
            client.stream("POST", f"{capped}/chat", json=ask(stream=True)) as stream:
        assert stream.status_code == 200
        first_event = next(stream.iter_lines())
        assert first_event == "event: delta"
        busy = httpx.post(f"{capped}/chat", json=ask(generator="extractive"), timeout=30)
        assert busy.status_code == 503
    # The client left after one delta; the server stops that generation and frees the slot.
    deadline = time.monotonic() + 15
    while True:
        again = httpx.post(f"{capped}/chat", json=ask(generator="extractive"), timeout=60)
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status_code == 200
    assert slow_llm.completed == 0, "the abandoned LLM stream should have been closed early"


def test_slots_refuse_instead_of_waiting() -> None:
    slots = GenerationSlots(2)
    a, b = slots.acquire(), slots.acquire()
    with pytest.raises(Busy):
        slots.acquire()
    a.release()
    a.release()  # idempotent: a second release must not free someone else's slot
    c = slots.acquire()
    with pytest.raises(Busy):
        slots.acquire()
    b.release()
    c.release()
    assert slots.in_use == 0

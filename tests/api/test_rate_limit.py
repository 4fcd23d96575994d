"""Per-key rate limits: exactly the allowed requests pass, the rest get 429 with Retry-After, and
after waiting that long they pass again; against a real uvicorn server, requests sent at once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.ratelimit import RateLimited, RateLimiter, parse_rate
from rag.assistant import Assistant
from tests.api.access import HR_QUESTION, bearer, keys_json, scoped_library
from tests.api.conftest import ask
from tests.api.servers import serving

RATE = "4/5s"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_sliding_window_allows_count_requests_in_any_period() -> None:
    clock, rate = Clock(), parse_rate("3/10s")
    limiter = RateLimiter(clock)
    for step in (0, 1, 2):
        clock.now = 1000.0 + step
        assert limiter.wait("k", rate) == 0
    clock.now = 1003.0
    assert limiter.wait("k", rate) == pytest.approx(7.0)  # until the first leaves the window
    assert limiter.wait("other", rate) == 0  # each key its own window
    clock.now = 1009.5
    with pytest.raises(RateLimited) as caught:  # refused requests do not count
        limiter.check("k", rate)
    assert caught.value.retry_after == 1  # 0.5 s rounded up: never 0
    assert "'k'" in str(caught.value) and "3/10s" in str(caught.value)
    clock.now = 1010.0
    assert limiter.wait("k", rate) == 0 and limiter.wait("k", rate) == pytest.approx(1.0)
    limiter.check("k", None)  # no rate: no limit


@pytest.fixture(scope="module")
def url(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    library = scoped_library(base_settings, embedder, tmp_path_factory.mktemp("limited"))
    settings = library.settings.replace(api_keys=keys_json(**{"hr-bot": RATE, "reader": "1/minute"}))
    with serving(create_app(settings, library)) as served:
        yield served


def burst(url: str, n: int, who: str = "hr") -> list[httpx.Response]:
    """`n` searches sent at once."""
    with httpx.Client(base_url=url, timeout=60) as http, ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: http.post("/search", json={"query": "annual leave"},
                                                 headers=bearer(who)), range(n)))


def test_exactly_the_allowed_requests_pass_and_pass_again_after_waiting(url: str) -> None:
    first = burst(url, 9)
    assert sorted(r.status_code for r in first) == [200] * 4 + [429] * 5
    limited = [r for r in first if r.status_code == 429]
    waits = {int(r.headers["retry-after"]) for r in limited}
    assert all(1 <= w <= 5 for w in waits), waits
    assert all("'hr-bot'" in r.json()["detail"] and RATE in r.json()["detail"] for r in limited)
    with httpx.Client(base_url=url, timeout=60) as http:
        for path, body in (("/chat", ask(HR_QUESTION)), ("/v1/chat/completions",
                                                          {"model": "rag", **ask(HR_QUESTION)})):
            assert http.post(path, json=body, headers=bearer("hr")).status_code == 429
        assert http.get("/documents", headers=bearer("hr")).status_code == 200  # not limited
        assert http.get("/healthz").status_code == 200
    time.sleep(max(waits) + 0.2)
    again = burst(url, 6)
    assert sorted(r.status_code for r in again) == [200] * 4 + [429] * 2


def test_each_key_has_its_own_limit(url: str) -> None:
    assert [r.status_code for r in burst(url, 1, "reader")] == [200]
    refused = burst(url, 1, "reader")[0]
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
    assert [r.status_code for r in burst(url, 2, "admin")] == [200, 200]  # no rate: no limit


def test_the_default_limit_covers_an_open_server(assistant: Assistant) -> None:
    settings = assistant.settings.replace(rate_limit="2/minute")
    with TestClient(create_app(settings, assistant)) as client:
        codes = [client.post("/search", json={"query": "Avocado"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert client.post("/search", json={"query": "x"}).headers["retry-after"].isdigit()


def test_the_limit_is_checked_after_the_key(url: str) -> None:
    with httpx.Client(base_url=url, timeout=60) as http:
        for _ in range(6):
            assert http.post("/search", json={"query": "x"}).status_code == 401

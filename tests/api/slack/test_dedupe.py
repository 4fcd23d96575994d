"""Claims on already-seen deliveries: once only, expiring, bounded, and safe across threads, in this
process or in a real Redis shared by replicas (and what happens when Redis is not there)."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from api.slack.config import SlackConfigError
from api.slack.dedupe import REDIS_PREFIX, RedisSeenKeys, SeenKeys, connect_redis, open_delivery_memory
from rag.settings import Settings
from tests.api.slack.redis_server import RedisServer, needs_redis
from tests.conftest import free_port


def test_a_key_is_claimed_once_until_it_expires() -> None:
    now = [1000.0]
    seen = SeenKeys(ttl_s=60, clock=lambda: now[0])
    assert seen.claim("C1:1.0") and not seen.claim("C1:1.0")
    now[0] += 59
    assert not seen.claim("C1:1.0")
    now[0] += 2
    assert seen.claim("C1:1.0"), "Slack stopped retrying long ago; the key may be reused"


def test_the_set_is_bounded() -> None:
    seen = SeenKeys(max_keys=3)
    for key in "abcd":
        assert seen.claim(key)
    assert len(seen) == 3
    assert seen.claim("a"), "the oldest key was forgotten first"
    assert not seen.claim("d")


def test_of_many_racing_claims_exactly_one_wins() -> None:
    seen = SeenKeys()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: seen.claim("C1:42.0"), range(200)))
    assert results.count(True) == 1


# ---- shared by replicas: a real redis-server ---------------------------------------------------


def redis_memory(server: RedisServer, **options: object) -> RedisSeenKeys:
    return RedisSeenKeys(connect_redis(server.url), **options)  # type: ignore[arg-type]


@needs_redis
def test_redis_claims_a_key_once_until_its_ttl_runs_out(redis_server: RedisServer) -> None:
    seen = redis_memory(redis_server, ttl_s=1)
    assert seen.claim("event:Ev1") and not seen.claim("event:Ev1")
    assert 0 < seen.client.pttl(f"{REDIS_PREFIX}event:Ev1") <= 1000
    time.sleep(1.2)
    assert seen.claim("event:Ev1"), "Redis expired the key, and so did the local copy"

    default = redis_memory(redis_server)
    assert default.claim("event:Ev2")
    assert 3590 <= default.client.ttl(f"{REDIS_PREFIX}event:Ev2") <= 3600, \
        "the same hour as the in-process memory"


@needs_redis
def test_two_replicas_racing_for_one_key_let_exactly_one_win(redis_server: RedisServer) -> None:
    replicas = [redis_memory(redis_server), redis_memory(redis_server)]  # two clients, two pools
    with ThreadPoolExecutor(max_workers=16) as pool:
        for n in range(5):
            key = f"message:C1:{n}.0"
            results = list(pool.map(lambda i, k: replicas[i % 2].claim(k), range(64), [key] * 64))
            assert results.count(True) == 1, key
    assert not replicas[1].claim("message:C1:0.0") and not replicas[0].claim("message:C1:4.0")


@needs_redis
def test_redis_going_away_falls_back_to_this_process_and_comes_back(
        redis_server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    seen = redis_memory(redis_server)
    assert seen.claim("before")
    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="api.slack.dedupe")

    started = time.monotonic()
    assert seen.claim("during"), "answered twice at worst, never not at all"
    assert time.monotonic() - started < 2.0, "well inside Slack's three seconds"
    assert not seen.claim("during") and not seen.claim("before"), "this process still remembers"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "unreachable" in warnings[0], "one warning per outage"

    redis_server.start()  # same port, empty
    assert seen.claim("after") and not redis_memory(redis_server).claim("after")
    assert not seen.claim("during"), "claimed during the outage: still refused here"
    assert "reachable again" in caplog.records[-1].getMessage()


@needs_redis
def test_the_settings_choose_the_memory(redis_server: RedisServer) -> None:
    assert isinstance(open_delivery_memory(Settings(redis_url=None)), SeenKeys)
    shared = open_delivery_memory(Settings(redis_url=redis_server.url))
    assert isinstance(shared, RedisSeenKeys) and shared.claim("k") and not shared.claim("k")


def test_an_unreachable_redis_stops_start_up_naming_the_variable() -> None:
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    with pytest.raises(SlackConfigError, match="RAG_REDIS_URL") as error:
        open_delivery_memory(Settings(redis_url=url))
    assert "hunter2" not in str(error.value) and "127.0.0.1" in str(error.value)
    with pytest.raises(SlackConfigError, match="RAG_REDIS_URL=http://"):
        open_delivery_memory(Settings(redis_url="http://127.0.0.1:1/"))

"""Per-key rate limits on the routes that search and answer (`/chat`, `/v1/chat/completions`,
`/search`): past its limit a key gets 429 with `Retry-After`, before any work is done.

A limit is `count/period` ("60/minute", "5/10s"): at most `count` requests in any window of
`period` (a sliding-window log, exact, rather than a token bucket, which lets a request more
through whenever a burst outlasts `period / count`). Each request that reaches a limited route
counts, whatever its outcome. The windows are kept in this process's memory, keyed by the key's
id: with several workers (`rag serve --workers N`) each keeps its own, so a key may make up to N
times its rate in all. Memory is `count` timestamps per key at most.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from rag import ConfigError

_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0,
          "h": 3600.0, "hour": 3600.0, "d": 86400.0, "day": 86400.0}
"""No bare `m`: "5/ms" must not read as five a minute."""
_RATE = re.compile(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)?\s*([a-z]+)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    count: int
    period: float
    """Seconds."""
    text: str
    """As configured, for messages."""


def parse_rate(text: str) -> Rate:
    """`"60/minute"`, `"1000/day"`, `"5/10s"`, `"30/2min"` → Rate; ValueError saying what is
    accepted otherwise."""
    match = _RATE.fullmatch(text)
    name = match.group(3).lower() if match else ""
    unit = _UNITS.get(name, _UNITS.get(name.removesuffix("s")) if len(name) > 2 else None)
    if match is None or unit is None:
        raise ValueError(f"the rate {text!r} is not of the form N/second, N/minute, N/hour, N/day "
                         f"or N/<number>s (e.g. 60/minute, 5/10s)")
    count, period = int(match.group(1)), float(match.group(2) or 1) * unit
    if count < 1 or period <= 0:
        raise ValueError(f"the rate {text!r} must allow at least one request in a positive period")
    return Rate(count, period, text.strip())


def default_rate(text: str | None) -> Rate | None:
    """RAG_RATE_LIMIT, checked: a bad value stops the server at start-up with one line."""
    if not text or not text.strip():
        return None
    try:
        return parse_rate(text)
    except ValueError as exc:
        raise ConfigError(f"RAG_RATE_LIMIT: {exc}") from None


class RateLimited(Exception):
    """A key made more requests than its rate allows; answered 429 with Retry-After."""

    def __init__(self, key_id: str, rate: Rate, wait: float) -> None:
        self.retry_after = max(1, math.ceil(wait))
        super().__init__(f"rate limit reached for key {key_id!r} ({rate.text}); retry in "
                         f"{self.retry_after} s")


class RateLimiter:
    """The request times of each key within its window; thread-safe, so that the Slack bot or a
    test may share it with the event loop."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key_id: str, rate: Rate) -> float:
        """Count a request by `key_id` and return 0 when it is allowed, else the seconds until one
        would be (a refused request does not count)."""
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault(key_id, deque())
            while seen and seen[0] <= now - rate.period:
                seen.popleft()
            if len(seen) < rate.count:
                seen.append(now)
                return 0.0
            return seen[len(seen) - rate.count] + rate.period - now

    def check(self, key_id: str, rate: Rate | None) -> None:
        """Raise RateLimited when `key_id` is over `rate` (None: no limit)."""
        if rate is None:
            return
        wait = self.wait(key_id, rate)
        if wait > 0:
            raise RateLimited(key_id, rate, wait)

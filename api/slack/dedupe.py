"""Remembering what was already answered, so nothing is answered twice.

Slack delivers the same question more than once: an Events API retry (`X-Slack-Retry-Num`, same
`event_id`) when it did not see our acknowledgement in time, and, for a mention the bot can also
read, an `app_mention` and a `message` event for one message (different event ids, same channel
and `ts`). Claiming a key is atomic, so of two deliveries racing in different threads exactly one
wins. Keys expire (Slack retries for about five minutes) and the set is bounded, so memory stays
flat. The memory is per process: run one bot process per Slack app.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class SeenKeys:
    def __init__(self, ttl_s: float = 3600.0, max_keys: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_keys = max_keys
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        """True the first time `key` is claimed (within the TTL); False for every repeat."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self.max_keys:
                self._seen.popitem(last=False)
            return True

    def _expire(self, now: float) -> None:
        while self._seen:
            key, at = next(iter(self._seen.items()))
            if now - at < self.ttl_s:
                break
            del self._seen[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)

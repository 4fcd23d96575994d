"""Remembering what was already answered, so nothing is answered twice, even across replicas.

Slack delivers the same question more than once: an Events API retry (`X-Slack-Retry-Num`, same
`event_id`) when it did not see our acknowledgement in time, and, for a mention the bot can also
read, an `app_mention` and a `message` event for one message (different event ids, same channel
and `ts`). Whoever handles a delivery first claims its key; claiming is atomic, so of two deliveries
racing exactly one wins. Keys expire after an hour (Slack retries for about five minutes).

Where the memory lives (`DeliveryMemory`, chosen by `open_delivery_memory`):
- `SeenKeys`, in this process: enough for one bot process. Behind a load balancer, a retry or the
  second event of a mention may reach another replica, which would answer it again.
- `RedisSeenKeys`, when `RAG_REDIS_URL` is set: `SET key token NX EX ttl` on a Redis server all
  replicas share, atomic across processes, so every delivery is answered by exactly one of them.

Redis failing is handled on the side of answering: unreachable at start-up, the bot does not start
(a replica that silently kept its own memory would answer duplicates with nobody knowing why);
unreachable later, a claim falls back to this process's memory and a warning is logged. A delivery
answered twice by two replicas during an outage is better than one answered by none.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit, urlunsplit

from api.slack.config import SlackConfigError

if TYPE_CHECKING:
    import redis

    from rag import Settings

log = logging.getLogger(__name__)

DEFAULT_TTL_S = 3600.0
REDIS_PREFIX = "rag:slack:seen:"
REDIS_TIMEOUT_S = 0.5
"""Per Redis call. The event_id claim runs before Slack's acknowledgement (due in 3 s), so a Redis
that hangs must cost well under that before the claim falls back to this process's memory."""


class DeliveryMemory(Protocol):
    """Where claims on deliveries are kept; shared by the retry filter and the Responder."""

    def claim(self, key: str) -> bool:
        """True for the first claim of `key` within the TTL, False for every repeat."""
        ...


class SeenKeys:
    """Claims kept in this process: an insertion-ordered dict, expired and bounded as it goes."""

    def __init__(self, ttl_s: float = DEFAULT_TTL_S, max_keys: int = 50_000,
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


class RedisSeenKeys:
    """Claims kept in Redis, shared by every process using the same server and database.

    Each claim writes a fresh token, so a command that was applied but whose reply was lost (the
    client then retries it once) is still recognised as ours instead of refused. Every key won is
    also kept in a local `SeenKeys`: while Redis is down claims go there, and it still knows what
    this process answered before the outage; a key claimed locally during an outage is refused
    locally later too, even though Redis never heard of it.
    """

    def __init__(self, client: redis.Redis, ttl_s: float = DEFAULT_TTL_S,
                 prefix: str = REDIS_PREFIX, where: str = "Redis") -> None:
        import redis

        self._errors = redis.RedisError
        self.client = client
        self.ttl_s = ttl_s
        self.prefix = prefix
        self.where = where
        self.local = SeenKeys(ttl_s=ttl_s)
        self._down = False

    def claim(self, key: str) -> bool:
        name, token = self.prefix + key, uuid.uuid4().hex
        try:
            won = bool(self.client.set(name, token, nx=True, ex=max(1, math.ceil(self.ttl_s)))) \
                or self.client.get(name) in (token, token.encode())
        except self._errors as exc:
            if not self._down:
                log.warning("%s is unreachable (%s): remembering Slack deliveries in this process "
                            "until it is back, so another replica may answer some twice",
                            self.where, exc)
            self._down = True
            return self.local.claim(key)
        if self._down:
            log.warning("%s is reachable again: Slack deliveries are shared again", self.where)
            self._down = False
        return won and self.local.claim(key)


def redacted(url: str) -> str:
    """`url` without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = f"{parts.username or ''}:***@{parts.netloc.rpartition('@')[2]}"
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "(unparsable URL)"


def connect_redis(url: str) -> redis.Redis:
    """A client for `url` that fails fast: short timeouts and one immediate retry, not redis-py's
    default of ten with backoff, which would outlast Slack's three seconds."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S,
                                socket_connect_timeout=REDIS_TIMEOUT_S,
                                retry=Retry(NoBackoff(), 1))


def open_delivery_memory(settings: Settings) -> DeliveryMemory:
    """The memory the settings ask for; raises SlackConfigError when RAG_REDIS_URL is set but
    Redis cannot be reached, so a misconfigured replica stops instead of answering duplicates."""
    url = settings.slack.redis_url
    if not url:
        return SeenKeys()
    try:
        import redis
    except ImportError as exc:  # a dependency of the package; only a broken install lacks it
        raise SlackConfigError(f"RAG_REDIS_URL is set but the redis package is missing ({exc}): "
                               "pip install 'redis>=5'") from None
    shown = redacted(url)
    try:
        client = connect_redis(url)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise SlackConfigError(
            f"RAG_REDIS_URL={shown}: cannot reach Redis ({exc}); start it, fix the URL, or unset "
            "RAG_REDIS_URL to remember Slack deliveries in this process only") from None
    log.info("remembering Slack deliveries in Redis at %s", shown)
    return RedisSeenKeys(client, where=f"Redis at {shown}")

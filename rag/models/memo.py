"""A small thread-safe LRU memo for model outputs (embedding vectors, translations).

Model calls cost milliseconds to seconds and the same texts come back often (the question's
vector in every check of one answer, a repeated question's translation), so each component keeps
its latest results. One class for all of them, so eviction and locking are written once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING = object()


class Memo(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            value = self._items.get(key, _MISSING)
            if value is _MISSING:
                return default
            self._items.move_to_end(key)
            return value  # type: ignore[return-value]

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._items

    def found(self, keys: Iterable[K]) -> dict[K, V]:
        """The remembered values among `keys` (each one refreshed)."""
        with self._lock:
            out = {k: self._items[k] for k in keys if k in self._items}
            for k in out:
                self._items.move_to_end(k)
            return out

    def put(self, key: K, value: V) -> None:
        self.update({key: value})

    def update(self, values: dict[K, V]) -> None:
        with self._lock:
            for k, v in values.items():
                self._items[k] = v
                self._items.move_to_end(k)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

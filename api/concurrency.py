"""A cap on simultaneous generations that refuses instead of queueing.

Generation is the expensive part of a request (an LLM call, or seconds of CPU for the extractive
scorer). Queueing excess requests would only turn overload into time-outs for everyone; answering
503 with `Retry-After` at once lets clients and load balancers back off or go elsewhere, while
cheap routes (`/healthz`, `/search`) keep answering. All acquisitions happen on the event loop, so a
plain counter is enough: no lock is needed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

RETRY_AFTER_SECONDS = 1


class Busy(Exception):
    """Every generation slot is taken; the caller should retry later."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the server is already answering {limit} question(s), its limit "
                         f"(max_concurrent_generations); retry in {RETRY_AFTER_SECONDS} s")
        self.retry_after = RETRY_AFTER_SECONDS


class GenerationSlots:
    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.in_use = 0

    def acquire(self) -> Slot:
        """Take a slot now or raise Busy; never waits."""
        if self.in_use >= self.limit:
            raise Busy(self.limit)
        self.in_use += 1
        return Slot(self)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[Slot]:
        slot = self.acquire()
        try:
            yield slot
        finally:
            slot.release()


class Slot:
    """One taken slot; `release` is idempotent so every exit path may call it."""

    def __init__(self, slots: GenerationSlots) -> None:
        self._slots: GenerationSlots | None = slots

    def release(self) -> None:
        if self._slots is not None:
            self._slots.in_use -= 1
            self._slots = None

"""When each credential was last used, for `specloom keys list` and `clients list`, without a
store write per request: requests only note the credential in memory; a write is made at most
once per `EVERY` seconds per credential and process (on the next request after that, in the
background), and what is noted is flushed when the app stops. So "last used" is exact to within
a minute. Kept in the store's runtime records (namespace `last_used`, one record per credential,
grouped by surface), so every process and the CLI read the same values."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Callable

from specloom.backends.base import Store, StoreError
from specloom.runtime.clock import now_iso

log = logging.getLogger("specloom.last_used")

NAMESPACE = "last_used"
EVERY = 60.0  # seconds: at most one write per credential and process in this time


class LastUsed:
    def __init__(self, store: Store, surface: str, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.surface = surface
        self.clock = clock
        self._written: dict[str, float] = {}  # credential -> when this process last wrote it
        self._noted: dict[str, str] = {}  # credential -> last use not yet written
        self._tasks: set[asyncio.Task] = set()

    def note(self, key_id: str) -> None:
        """A request used `key_id` now: written at once if it was not written within EVERY
        seconds, else remembered for the next write (or the flush at shutdown)."""
        at = now_iso()
        now = self.clock()
        if now - self._written.get(key_id, float("-inf")) < EVERY:
            self._noted[key_id] = at
            return
        self._written[key_id] = now
        self._noted.pop(key_id, None)
        task = asyncio.get_running_loop().create_task(self._write({key_id: at}))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        """Write what is noted (at shutdown), after the writes in flight."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        noted, self._noted = self._noted, {}
        await self._write(noted)

    async def _write(self, uses: dict[str, str]) -> None:
        for key_id, at in uses.items():
            try:
                await self.store.kv_put(NAMESPACE, f"{self.surface}:{key_id}", {"key_id": key_id, "at": at},
                                        group=self.surface)
            except (StoreError, RuntimeError) as exc:  # busy, read-only or closed: the next use tries again
                self._written.pop(key_id, None)
                log.debug("last use of %s not recorded: %s", key_id, exc)


async def last_used(store: Store, surface: str) -> dict[str, str]:
    """credential -> when it was last used (ISO 8601), for the listings."""
    return {value["key_id"]: value["at"] for value in await store.kv_list(NAMESPACE, surface, 0.0)}

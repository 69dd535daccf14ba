"""Credential epochs: a cheap token that changes whenever any process on the store changes a
credential (issues, revokes or re-plans a key), so a process may keep verified credentials in
memory and still see a `keys revoke` made anywhere at its next request.

- SQLite (`FileEpoch`): a file beside the store (`<file>-credentials`) to which every change
  appends one byte after its commit; the epoch is the file's (inode, size, mtime), one `stat`
  on the event loop, no query. `:memory:` stores (one process) count in memory.
- PostgreSQL (`NotifyEpoch`): every change runs `NOTIFY specloom_credentials` in its transaction
  (delivered at commit); each process LISTENs on a connection of its own and counts what it
  receives. Until it listens (or while that connection is down) the epoch is None: no caching,
  every request reads the store.

The epoch is read BEFORE a credential is read from the store and kept with it: a change committed
between the two moves the epoch on, so the next request reads again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Hashable

log = logging.getLogger("specloom.credentials")

CHANNEL = "specloom_credentials"


def epochs_path(store_path: str) -> str:
    return store_path + "-credentials"


class FileEpoch:
    def __init__(self, store_path: str | None):
        self.path = epochs_path(store_path) if store_path else None
        self._count = 0  # a store in memory: this process is the only one

    def current(self) -> Hashable | None:
        if self.path is None:
            return self._count
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return "none yet"  # made by the first change; its appearance moves the epoch on
        except OSError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns

    def bump(self) -> None:
        """After a credential change committed."""
        self._count += 1
        if self.path is None:
            return
        try:
            with open(self.path, "ab") as f:
                f.write(b".")
        except OSError:  # other processes keep their cached credentials until another change
            log.warning("could not mark a credential change in %s: processes caching credentials "
                        "see it only after their next change", self.path, exc_info=True)


class NotifyEpoch:
    RETRY_SECONDS = 1.0

    def __init__(self, url: str):
        self.url = url
        self._count = 0
        self._listening = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._failed_at = 0.0

    def current(self) -> Hashable | None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        if self._loop is not loop or self._task is None or self._task.done():
            self._listening = False
            if self._loop is loop and time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                return None
            self._loop = loop
            self._task = loop.create_task(self._listen(), name="specloom-credential-listener")
        return self._count if self._listening else None

    async def _listen(self) -> None:
        import psycopg

        try:
            async with await psycopg.AsyncConnection.connect(self.url, autocommit=True, connect_timeout=3) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                self._count += 1  # whatever was cached before is from before listening
                self._listening = True
                async for _ in conn.notifies():
                    self._count += 1
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - no cache until listening again; every request reads the store
            self._failed_at = time.monotonic()
            log.warning("credential change listener lost; reading credentials from the store", exc_info=True)
        finally:
            self._listening = False

    async def close(self) -> None:
        task, self._task = self._task, None
        self._listening = False
        if task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

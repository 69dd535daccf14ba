"""Blobs in a directory (beside a SQLite store): `<dir>/<2 hex>/<sha-256 of the key>`; a
writer fills `<dir>/.partial/<random>` and renames it into place on commit (atomic on one
filesystem), fsynced first, so a crash leaves either the old blob, the new one, or nothing —
never a torn file. Partial files a crash left behind are removed when the store opens."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
import uuid
from pathlib import Path
from typing import Any, AsyncIterator

from .base import CHUNK, BlobMissing

PARTIAL_MAX_AGE = 24 * 3600


class LocalWriter:
    def __init__(self, blobs: "LocalBlobs"):
        self.blobs = blobs
        self.path = blobs.root / ".partial" / uuid.uuid4().hex
        self._file = open(self.path, "wb")  # noqa: SIM115 - closed by commit/abort
        self._pending = bytearray()

    async def write(self, data: bytes) -> None:
        self._pending += data
        if len(self._pending) >= CHUNK:
            block, self._pending = bytes(self._pending), bytearray()
            await asyncio.to_thread(self._file.write, block)

    async def commit(self, key: str) -> None:
        block, self._pending = bytes(self._pending), bytearray()

        def finish() -> None:
            self._file.write(block)
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            target = self.blobs.path(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path, target)
        await asyncio.to_thread(finish)

    async def abort(self) -> None:
        def forget() -> None:
            self._file.close()
            self.path.unlink(missing_ok=True)
        self._pending = bytearray()
        await asyncio.to_thread(forget)


class LocalBlobs:
    def __init__(self, root: str | os.PathLike, owner: Any = None):
        self.root = Path(root)
        self.owner = owner
        (self.root / ".partial").mkdir(parents=True, exist_ok=True)
        cutoff = time.time() - PARTIAL_MAX_AGE
        for leftover in (self.root / ".partial").iterdir():  # a crashed writer's
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except OSError:
                pass

    def path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.root / digest[:2] / digest

    async def writer(self) -> LocalWriter:
        return await asyncio.to_thread(LocalWriter, self)

    async def size(self, key: str) -> int | None:
        try:
            return (await asyncio.to_thread(self.path(key).stat)).st_size
        except FileNotFoundError:
            return None

    async def read(self, key: str, start: int = 0) -> AsyncIterator[bytes]:
        try:
            handle = await asyncio.to_thread(open, self.path(key), "rb")
        except FileNotFoundError:
            raise BlobMissing(key) from None
        try:
            if start:
                await asyncio.to_thread(handle.seek, start)
            while True:
                block = await asyncio.to_thread(handle.read, CHUNK)
                if not block:
                    return
                yield block
        finally:
            handle.close()

    async def delete(self, key: str) -> bool:
        try:
            await asyncio.to_thread(self.path(key).unlink)
            return True
        except FileNotFoundError:
            return False

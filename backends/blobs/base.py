"""What every blob store offers (see the package docstring)."""

from __future__ import annotations

from typing import Any, AsyncIterator, Protocol

CHUNK = 1024 * 1024  # the unit blobs are written and read in


class BlobMissing(Exception):
    """No committed blob has that key."""


class BlobWriter(Protocol):
    async def write(self, data: bytes) -> None:
        """Append bytes (any size; they are stored in CHUNK pieces)."""
        ...

    async def commit(self, key: str) -> None:
        """Make what was written the blob `key` (replacing one of that key), whole, at once."""
        ...

    async def abort(self) -> None:
        """Forget what was written; nothing is kept."""
        ...


class BlobStore(Protocol):
    owner: Any

    async def writer(self) -> BlobWriter: ...

    async def size(self, key: str) -> int | None:
        """The blob's size in bytes, None when there is none."""
        ...

    def read(self, key: str, start: int = 0) -> AsyncIterator[bytes]:
        """The blob's bytes from `start`, CHUNK at a time (raises BlobMissing)."""
        ...

    async def delete(self, key: str) -> bool: ...

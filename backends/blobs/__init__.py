"""The blob store: the bytes of files (Alva's assets), kept beside the records that describe
them, behind one interface (`BlobStore`, base.py):

- `LocalBlobs` (local.py): a directory beside a SQLite store (`<file>.blobs/`, or
  SPECLOOM_BLOB_DIR); a blob is written to a temporary file and renamed into place when it is
  committed, so a blob is there whole or not at all.
- `PostgresBlobs` (postgres.py): the database itself, in 1 MiB chunk rows, so several machines
  on one PostgreSQL serve the same files; committed by one transaction that names the blob.

Both stream: a writer takes chunks as they arrive and a reader yields chunks, so no blob is
ever held whole in memory. `blob_store(store)` picks the one that goes with a store.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .base import CHUNK, BlobMissing, BlobStore, BlobWriter

__all__ = ["CHUNK", "BlobMissing", "BlobStore", "BlobWriter", "blob_store"]

_stores: dict[int, BlobStore] = {}


def blob_store(store, directory: str | os.PathLike | None = None) -> BlobStore:
    """The blob store that goes with `store` (one per store object): its PostgreSQL database,
    else `directory`, else a directory beside its SQLite file."""
    found = _stores.get(id(store))
    if found is not None and found.owner is store:
        return found
    from ..postgres import PostgresStore

    if isinstance(store, PostgresStore):
        from .postgres import PostgresBlobs
        made: BlobStore = PostgresBlobs(store)
    else:
        from .local import LocalBlobs
        if directory is None:
            path = getattr(store, "_path", ":memory:")
            directory = (Path(tempfile.gettempdir()) / f"specloom-blobs-{id(store):x}" if path == ":memory:"
                         else Path(path).expanduser().resolve().with_name(Path(path).name + ".blobs"))
        made = LocalBlobs(directory, owner=store)
    made.owner = store
    _stores[id(store)] = made
    return made

"""Blobs in the PostgreSQL database itself, so every machine on the database serves the same
files: `sl_blob_chunks (blob, seq, data)` holds 1 MiB pieces, `sl_blobs (key, blob, size)`
names the committed ones. A writer inserts the chunks of a new blob id as they arrive (each
its own short statement, outside any unit of work: an upload may take minutes); `commit`
points the key at it in one transaction (dropping the chunks it replaced), `abort` deletes
them. Chunks of a writer that died before either are removed when they are a day old. A reader
fetches one chunk per query: never the whole blob in memory, on either side."""

from __future__ import annotations

import time
import uuid
from typing import Any, AsyncIterator

import psycopg

from ..postgres_connections import atomic
from .base import CHUNK, BlobMissing

DDL = [
    "CREATE TABLE IF NOT EXISTS sl_blob_chunks (blob TEXT NOT NULL, seq INTEGER NOT NULL, data BYTEA NOT NULL, "
    "created_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (blob, seq))",
    "CREATE TABLE IF NOT EXISTS sl_blobs (key TEXT PRIMARY KEY, blob TEXT NOT NULL, size BIGINT NOT NULL, "
    "created_at DOUBLE PRECISION NOT NULL)",
]
_LOCK = 0x5EB10B5  # advisory lock of the blob tables' creation
PARTIAL_MAX_AGE = 24 * 3600


class PostgresWriter:
    def __init__(self, blobs: "PostgresBlobs"):
        self.blobs = blobs
        self.blob = uuid.uuid4().hex
        self.seq = 0
        self.size = 0
        self._pending = bytearray()

    async def _flush(self, block: bytes) -> None:
        seq, self.seq = self.seq, self.seq + 1

        async def work(conn: psycopg.AsyncConnection) -> None:
            await conn.execute("INSERT INTO sl_blob_chunks (blob, seq, data, created_at) VALUES (%s, %s, %s, %s) "
                               "ON CONFLICT (blob, seq) DO UPDATE SET data = excluded.data",
                               (self.blob, seq, block, time.time()))
        await self.blobs.run(work)

    async def write(self, data: bytes) -> None:
        self._pending += data
        self.size += len(data)
        while len(self._pending) >= CHUNK:
            block = bytes(self._pending[:CHUNK])
            del self._pending[:CHUNK]
            await self._flush(block)

    async def commit(self, key: str) -> None:
        if self._pending:
            block, self._pending = bytes(self._pending), bytearray()
            await self._flush(block)

        async def work(conn: psycopg.AsyncConnection) -> None:
            async with atomic(conn):
                old = await (await conn.execute("SELECT blob FROM sl_blobs WHERE key = %s FOR UPDATE",
                                                (key,))).fetchone()
                await conn.execute("INSERT INTO sl_blobs (key, blob, size, created_at) VALUES (%s, %s, %s, %s) "
                                   "ON CONFLICT (key) DO UPDATE SET blob = excluded.blob, size = excluded.size, "
                                   "created_at = excluded.created_at", (key, self.blob, self.size, time.time()))
                if old is not None and old[0] != self.blob:
                    await conn.execute("DELETE FROM sl_blob_chunks WHERE blob = %s", (old[0],))
        await self.blobs.run(work)

    async def abort(self) -> None:
        self._pending = bytearray()

        async def work(conn: psycopg.AsyncConnection) -> None:
            await conn.execute("DELETE FROM sl_blob_chunks WHERE blob = %s", (self.blob,))
        await self.blobs.run(work)


class PostgresBlobs:
    def __init__(self, store: Any):
        self.owner = store
        self._db = store._db  # the store's pooled connections (backends own their internals)
        self._ready = False

    async def run(self, work):
        await self._ensure_tables()
        return await self._db.run(work)

    async def _ensure_tables(self) -> None:
        if self._ready:
            return

        async def work(conn: psycopg.AsyncConnection) -> None:
            async with atomic(conn):
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                for statement in DDL:
                    await conn.execute(statement)
                # chunks of writers that died before committing or aborting
                await conn.execute("DELETE FROM sl_blob_chunks c WHERE created_at < %s AND NOT EXISTS "
                                   "(SELECT 1 FROM sl_blobs b WHERE b.blob = c.blob)",
                                   (time.time() - PARTIAL_MAX_AGE,))
        await self._db.run(work)
        self._ready = True

    async def writer(self) -> PostgresWriter:
        await self._ensure_tables()
        return PostgresWriter(self)

    async def _blob(self, key: str) -> tuple[str, int] | None:
        async def work(conn: psycopg.AsyncConnection):
            return await (await conn.execute("SELECT blob, size FROM sl_blobs WHERE key = %s", (key,))).fetchone()
        row = await self.run(work)
        return (row[0], int(row[1])) if row else None

    async def size(self, key: str) -> int | None:
        found = await self._blob(key)
        return found[1] if found else None

    async def read(self, key: str, start: int = 0) -> AsyncIterator[bytes]:
        found = await self._blob(key)
        if found is None:
            raise BlobMissing(key)
        blob, size = found
        seq, skip = divmod(start, CHUNK)
        while seq * CHUNK < size:
            async def work(conn: psycopg.AsyncConnection, seq=seq):
                return await (await conn.execute("SELECT data FROM sl_blob_chunks WHERE blob = %s AND seq = %s",
                                                 (blob, seq))).fetchone()
            row = await self.run(work)
            if row is None:  # replaced or deleted while it was read
                raise BlobMissing(key)
            data = bytes(row[0])
            yield data[skip:] if skip else data
            skip = 0
            seq += 1

    async def delete(self, key: str) -> bool:
        async def work(conn: psycopg.AsyncConnection) -> bool:
            async with atomic(conn):
                row = await (await conn.execute("DELETE FROM sl_blobs WHERE key = %s RETURNING blob",
                                                (key,))).fetchone()
                if row is None:
                    return False
                await conn.execute("DELETE FROM sl_blob_chunks WHERE blob = %s", (row[0],))
                return True
        return await self.run(work)

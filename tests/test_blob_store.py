"""The blob store behind Alva's files, on both stores: a directory beside SQLite, chunk rows
in PostgreSQL. A blob is there whole once committed or not at all, reads stream in chunks (from
any offset), an abort keeps nothing, a commit replaces an older blob of the key, and the
PostgreSQL blobs of one database are the same for every process."""

from __future__ import annotations

import asyncio
import hashlib
import os

import pytest

from specloom.backends import open_store
from specloom.backends.blobs import CHUNK, BlobMissing, blob_store

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    return request.getfixturevalue("pg_url") if request.param == "postgres" else f"sqlite:///{tmp_path / 'b.db'}"


def run(url, work):
    async def main():
        store = open_store(url)
        try:
            return await work(store, blob_store(store))
        finally:
            await store.close()
    return asyncio.run(main())


async def put(blobs, key, data, piece=65536):
    writer = await blobs.writer()
    for at in range(0, len(data), piece):
        await writer.write(data[at:at + piece])
    await writer.commit(key)


async def read_all(blobs, key, start=0):
    chunks = [c async for c in blobs.read(key, start)]
    assert all(len(c) <= CHUNK for c in chunks)
    return b"".join(chunks)


def test_a_blob_is_written_in_pieces_and_read_back_in_chunks(url):
    data = os.urandom(3 * CHUNK + 12345)

    async def work(store, blobs):
        await put(blobs, "alva/shop_a/ast_1", data)
        assert await blobs.size("alva/shop_a/ast_1") == len(data)
        assert await read_all(blobs, "alva/shop_a/ast_1") == data
        assert await read_all(blobs, "alva/shop_a/ast_1", CHUNK + 7) == data[CHUNK + 7:]
        chunks = [c async for c in blobs.read("alva/shop_a/ast_1")]
        assert len(chunks) == 4 and hashlib.sha256(b"".join(chunks)).digest() == hashlib.sha256(data).digest()
    run(url, work)


def test_an_aborted_or_unfinished_writer_keeps_nothing_and_a_commit_replaces(url):
    async def work(store, blobs):
        writer = await blobs.writer()
        await writer.write(os.urandom(2 * CHUNK))
        await writer.abort()
        assert await blobs.size("k") is None
        with pytest.raises(BlobMissing):
            await read_all(blobs, "k")
        unfinished = await blobs.writer()  # written, never committed: not visible
        await unfinished.write(b"half")
        assert await blobs.size("k") is None
        await put(blobs, "k", b"first version")
        await put(blobs, "k", b"second")
        assert await read_all(blobs, "k") == b"second"
        assert await blobs.delete("k") is True and await blobs.delete("k") is False
        assert await blobs.size("k") is None
        await put(blobs, "empty", b"")
        assert await blobs.size("empty") == 0 and await read_all(blobs, "empty") == b""
    run(url, work)


def test_another_store_on_the_same_url_reads_the_same_blobs(url):
    data = os.urandom(CHUNK + 1)
    run(url, lambda store, blobs: put(blobs, "shared", data))

    async def other(store, blobs):
        return await read_all(blobs, "shared")
    assert run(url, other) == data

"""Upload and download throughput of a large file through a real `specloom serve alva`, and the
serving process's peak memory meanwhile (VmHWM: it must not grow with the file's size).

    .venv/bin/python -m benchmarks.files_throughput [--mb 100] [--backend sqlite|postgres URL]

For each size it starts a fresh server (SQLite file in a temp dir, or the PostgreSQL URL
given), uploads a file of random bytes by direct upload (streamed from disk), completes it,
assigns it to an order (development mail: the link is read from the outbox), downloads it
through the link (streamed to disk, hashed), and prints MB/s both ways with the server's
resident memory before and its peak after.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

import httpx

from specloom.backends import open_store
from specloom.runtime.services.mail import Outbox
from tests.servers import Server, issue_key

CHUNK = 1024 * 1024
GID = "gid://shopify/Product/1"


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def make_file(path: Path, mb: int) -> str:
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for _ in range(mb):
            block = os.urandom(CHUNK)
            digest.update(block)
            f.write(block)
    return digest.hexdigest()


def run(mb: int, backend: str | None, work: Path) -> dict:
    state = work / f"state-{mb}"
    state.mkdir()
    url = backend or f"sqlite:///{work / f'alva-{mb}.db'}"
    data = work / f"file-{mb}.bin"
    sha = make_file(data, mb)

    async def approve():
        store = open_store(url)
        try:
            await store.put_tenant("alva", "shop_bench", True)
        finally:
            await store.close()
    token = issue_key("alva", state, url, "shop_bench")
    asyncio.run(approve())
    server = Server("alva", url, state, env={"SPECLOOM_RATE_LIMITS": "0", "SPECLOOM_BODY_TIMEOUT_SECONDS": "600",
                                             "SPECLOOM_ACCESS_LOG": "0"}).start().wait_ready()
    pid = server.process.pid
    headers = {"Authorization": f"Bearer {token}"}
    n = iter(range(10 ** 6))
    try:
        with httpx.Client(base_url=server.url, timeout=600, trust_env=False) as client:
            def write():
                return {**headers, "Idempotency-Key": f"bench-{next(n)}-{time.time_ns()}"}
            client.get("/api/v1/mappings", headers=headers)  # warm
            before, hwm_before = rss_kib(pid, "VmRSS"), rss_kib(pid, "VmHWM")
            r = client.post("/api/v1/uploads", headers=write(), json={
                "filename": "big.bin", "content_type": "application/octet-stream", "size_bytes": mb * CHUNK,
                "sha256": sha})
            r.raise_for_status()
            made = r.json()["data"]
            path = "/" + made["upload_url"].split("://", 1)[1].split("/", 1)[1]

            def body():
                with open(data, "rb") as f:
                    while block := f.read(CHUNK):
                        yield block
            started = time.perf_counter()
            put = client.put(path, content=body(), headers={"Content-Length": str(mb * CHUNK)})
            upload_s = time.perf_counter() - started
            put.raise_for_status()
            done = client.post(f"/api/v1/uploads/{made['id']}/complete", headers=write())
            done.raise_for_status()
            client.post("/api/v1/mappings", headers=write(),
                        json={"shopify_product_id": GID, "asset_ids": [made["asset_id"]]}).raise_for_status()
            client.post("/api/v1/orders/9001/assignments", headers=write(), json={
                "customer": {"email": "bench@example.com"}, "shopify_product_ids": [GID],
                "send_email": True}).raise_for_status()

            async def link():
                store = open_store(url)
                try:
                    text = (await Outbox(store, "alva").sent("shop_bench"))[-1]["text"]
                finally:
                    await store.close()
                return re.search(r"/_specloom/downloads/[A-Za-z0-9_-]+", text).group(0)
            link_path = asyncio.run(link())
            digest, size = hashlib.sha256(), 0
            started = time.perf_counter()
            with client.stream("GET", link_path) as response:
                response.raise_for_status()
                for block in response.iter_bytes(CHUNK):
                    digest.update(block)
                    size += len(block)
            download_s = time.perf_counter() - started
            assert size == mb * CHUNK and digest.hexdigest() == sha, "the download differs from the upload"
            peak = rss_kib(pid, "VmHWM")
    finally:
        server.stop()
        data.unlink(missing_ok=True)
    return {"mb": mb, "upload_mb_s": mb / upload_s, "download_mb_s": mb / download_s,
            "rss_before_mib": before / 1024, "peak_before_mib": hwm_before / 1024, "peak_rss_mib": peak / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--backend", default=None, help="a PostgreSQL URL (default: a SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            r = run(mb, args.backend, Path(tmp))
            print(f"{'postgres' if args.backend else 'sqlite'} {r['mb']:>4} MB: upload {r['upload_mb_s']:.0f} MB/s, "
                  f"download {r['download_mb_s']:.0f} MB/s; server RSS {r['rss_before_mib']:.0f} MiB before "
                  f"(peak so far {r['peak_before_mib']:.0f} MiB), peak after {r['peak_rss_mib']:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()

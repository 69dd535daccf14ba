"""Resident memory of one `specloom serve` process: after start, and after it has answered list,
get and create requests (the suite's three operations), as the side-by-side suite reports it
(VmHWM: the peak; VmRSS: now). For the memory target of issue 12 (< 150 MB).

    python -m benchmarks.bench_memory [--backend sqlite|postgres] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.suite import BIN, TENANT, Server, _env, _fresh_postgres, _seed, _specloom_flags


def _status(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_memory")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--port", type=int, default=18690)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="specloom-mem-"))
    url = (f"sqlite:///{work / 'mem.db'}" if args.backend == "sqlite"
           else _fresh_postgres(args.postgres, "specloom_bench_memory"))
    tokens, product = asyncio.run(_seed(url, args.products, 20))
    server = Server("specloom", [str(BIN / "specloom"), "serve", "shopvo", "--backend", url, "--port",
                                 str(args.port)] + _specloom_flags(), _env(), args.port, tokens, product)
    server.start()
    try:
        server.wait_ready()
        time.sleep(0.5)
        ready = _status(server.process.pid)
        keys = itertools.cycle(tokens)
        base = f"{server.base_url}/api/v1/{TENANT}/products"
        with httpx.Client(timeout=30) as client:
            for i in range(args.requests):
                headers = {"Authorization": f"Bearer {next(keys)}"}
                if i % 3 == 0:
                    r = client.get(base + "?limit=20&cursor=", headers=headers)
                elif i % 3 == 1:
                    r = client.get(f"{base}/{product}", headers=headers)
                else:
                    r = client.post(base, headers={**headers, "Idempotency-Key": f"mem-{i}"},
                                    json={"name": f"Mem {i}", "slug": f"mem-{i}", "price": 100})
                assert r.status_code in (200, 201), r.text[:300]
        loaded = _status(server.process.pid)
    finally:
        server.stop()
    print(f"specloom serve shopvo ({args.backend}): ready: {ready['VmRSS']:.0f} MB resident "
          f"(peak {ready['VmHWM']:.0f} MB); after {args.requests} requests: {loaded['VmRSS']:.0f} MB "
          f"(peak {loaded['VmHWM']:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

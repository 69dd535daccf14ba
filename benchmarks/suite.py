"""The side-by-side benchmark suite: specloom against a hand-written FastAPI peer, stock
Connexion 3.3 and bare Starlette, over real HTTP, plus scaling checks.

    .venv/bin/pip install -e '.[bench]'          # FastAPI for the peer; wrk from Debian's packages
    .venv/bin/python -m benchmarks.suite           # the full run (about 15 minutes)
    .venv/bin/python -m benchmarks.suite --smoke   # everything once, tiny (under a minute)

Every server runs in its own process on loopback with one uvicorn worker, over its own copy of
the same data (1,000 Shopvo products × 2 variants by default): specloom on SQLite and on
PostgreSQL, response validation on and off; the FastAPI peer (benchmarks/fastapi_peer.py);
stock Connexion 3.3 on the same spec in 3.0 form, response validation off and on; bare Starlette
answering a constant. A load generator (wrk, else an asyncio one) drives each server for a
phase; servers take turns within each round so that a busy moment of the machine falls on all
of them. Server CPU µs per request is the server process's own CPU time (user + system, all its
threads, from /proc) over the requests it answered — PostgreSQL's own CPU is not in it.

The suite then prints scaling checks: a keyset page at depth 1,000,000 against the first page on
both backends (and offset paging there), `generate --all`, `serve` cold start, resident memory,
SQLite read p99 beside a writer, and fuzz cases per second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs
import httpx

from benchmarks import load

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TENANT = "site_bench"
PEPPER = "benchmark-pepper-" + "0" * 32
LIST = f"/api/v1/{TENANT}/products?limit=20&cursor="
OPERATIONS = ("list 20 (keyset)", "get by id", "create (Idempotency-Key)")


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, SPECLOOM_PEPPER=PEPPER, PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


# -- data -----------------------------------------------------------------------------------------

async def _seed(backend: str, products: int, keys: int) -> tuple[list[str], str]:
    """Products × 2 variants and `keys` API keys; (tokens, id of a product in the middle)."""
    os.environ["SPECLOOM_PEPPER"] = PEPPER
    from specloom.backends import open_store
    from specloom.runtime.config import Settings
    from specloom.runtime.http.app import create_app
    from specloom.runtime.services.resources import TenantResources
    from specloom.runtime.surfaces import load_surface

    generated = load_surface("shopvo", spec=ROOT / "specs" / "shopvo" / "openapi.yaml",
                             out_dir=Path(tempfile.mkdtemp()) / "gen")
    store = open_store(backend)
    runtime = create_app(generated, store, settings=Settings()).specloom
    await runtime.ensure_ready()
    resources = TenantResources(runtime.surface, store, TENANT)
    middle = None
    for i in range(products):
        product = await resources.create("products", {
            "name": f"Product {i}", "slug": f"product-{i}", "price": 1000 + i, "sku": f"SKU-{i}",
            "description": "A benchmark product", "images": ["https://cdn.example.com/p.jpg"]})
        for size in ("S", "L"):
            await resources.create("variants", {"name": f"Size {size}", "sku": f"SKU-{i}-{size}",
                                                "inventoryCount": 10, "options": {"Size": size}}, parent=product)
        if i == products // 2:
            middle = product["id"]
    tokens = [(await runtime.api_keys.issue(TENANT, ("read:catalog", "write:catalog"))).token
              for _ in range(keys)]
    await store.close()
    return tokens, middle


def _fresh_postgres(url: str, database: str) -> str:
    """A new database for this run: named after the process, so two runs at once (the CI smoke
    test beside a full run) never drop each other's; dropped at exit."""
    import atexit

    import psycopg

    database = f"{database}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')

    def drop() -> None:
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        except psycopg.Error:
            pass

    atexit.register(drop)
    return url.rsplit("/", 1)[0] + "/" + database


def _checkpoint(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- servers --------------------------------------------------------------------------------------

@attrs.define
class Server:
    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    tokens: list[str]
    product: str
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.process = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, cwd=ROOT)
        return self

    def wait_ready(self, timeout: float = 90) -> float:
        started = time.perf_counter()
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                r = httpx.get(self.base_url + LIST, headers={"Authorization": f"Bearer {self.tokens[0]}"},
                              timeout=5)
                if r.status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready after {timeout} s")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _specloom_flags() -> list[str]:
    text = subprocess.run([str(BIN / "specloom"), "serve", "--help"], capture_output=True, text=True).stdout
    return ["--no-access-log"] if "--no-access-log" in text else []


def _uvicorn(target: str, port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "--factory", target, "--port", str(port), "--no-access-log",
            "--log-level", "warning"]


def _servers(work: Path, sqlite_master: Path, sqlite_seed, pg_url: str, pg_seed, ports) -> list[Server]:
    def copy(name: str) -> Path:
        path = work / f"{name}.db"
        shutil.copy(sqlite_master, path)
        return path

    flags = _specloom_flags()
    serve = [str(BIN / "specloom"), "serve", "shopvo"]
    tokens, product = sqlite_seed
    pg_tokens, pg_product = pg_seed
    servers = [
        Server("specloom · SQLite · resp. validation on",
               serve + ["--backend", f"sqlite:///{copy('s_on')}", "--port", str(next(ports))] + flags,
               _env(), 0, tokens, product),
        Server("specloom · SQLite · resp. validation off",
               serve + ["--backend", f"sqlite:///{copy('s_off')}", "--port", str(next(ports)),
                        "--no-validate-responses"] + flags, _env(), 0, tokens, product),
        Server("specloom · PostgreSQL · resp. validation on",
               serve + ["--backend", pg_url, "--port", str(next(ports))] + flags, _env(), 0, pg_tokens, pg_product),
        Server("specloom · PostgreSQL · resp. validation off",
               serve + ["--backend", pg_url, "--port", str(next(ports)), "--no-validate-responses"] + flags,
               _env(), 0, pg_tokens, pg_product),
    ]
    port = next(ports)
    servers.append(Server("FastAPI peer (hand-written) · SQLite", _uvicorn("benchmarks.fastapi_peer:create_app", port),
                          _env(SPECLOOM_BENCH_DB=str(copy("peer"))), port, tokens, product))
    for validate in ("0", "1"):
        port = next(ports)
        servers.append(Server(f"stock Connexion 3.3 · SQLite · resp. validation {'on' if validate == '1' else 'off'}",
                              _uvicorn("benchmarks.servers:stock_connexion", port),
                              _env(SPECLOOM_BENCH_DB=str(copy(f"stock{validate}")),
                                   SPECLOOM_BENCH_VALIDATE_RESPONSES=validate), port, tokens, product))
    port = next(ports)
    servers.append(Server("bare Starlette (constant answer)", _uvicorn("benchmarks.servers:starlette_ceiling", port),
                          _env(), port, tokens, product))
    for server in servers:
        if server.port == 0:
            server.port = int(server.argv[server.argv.index("--port") + 1])
    return servers


def _shape(operation: str, server: Server) -> load.Shape:
    tokens = tuple(server.tokens)
    if operation == OPERATIONS[0]:
        return load.Shape("GET", LIST, tokens)
    if operation == OPERATIONS[1]:
        return load.Shape("GET", f"/api/v1/{TENANT}/products/{server.product}", tokens)
    return load.Shape("POST", f"/api/v1/{TENANT}/products", tokens, create=True)


# -- the side-by-side table -------------------------------------------------------------------------

@attrs.define
class Cell:
    cpu_us: list[float] = attrs.Factory(list)
    per_second: list[float] = attrs.Factory(list)
    p50: list[float] = attrs.Factory(list)
    p99: list[float] = attrs.Factory(list)
    errors: int = 0
    generator: str = ""


def side_by_side(servers: list[Server], args) -> dict[tuple[str, str], Cell]:
    cells: dict[tuple[str, str], Cell] = {}
    for round_number in range(args.rounds):
        for operation in OPERATIONS:
            order = servers if round_number % 2 == 0 else list(reversed(servers))
            for server in order:
                if server.name.startswith("bare Starlette") and operation != OPERATIONS[0]:
                    continue
                shape = _shape(operation, server)
                before = server.cpu_seconds()
                outcome = load.run(server.base_url, shape, seconds=args.duration, connections=args.connections,
                                   tag=f"r{round_number}p{server.port}", prefer_wrk=not args.python_load)
                spent = server.cpu_seconds() - before
                cell = cells.setdefault((server.name, operation), Cell())
                cell.cpu_us.append(spent / max(outcome.requests, 1) * 1e6)
                cell.per_second.append(outcome.per_second)
                cell.p50.append(outcome.p50_ms)
                cell.p99.append(outcome.p99_ms)
                cell.errors += outcome.errors
                cell.generator = outcome.generator
                print(f"  round {round_number + 1} · {operation:<24} · {server.name:<46} "
                      f"{outcome.per_second:8.0f} req/s  {cell.cpu_us[-1]:7.0f} µs CPU/req  "
                      f"errors {outcome.errors}", flush=True)
    return cells


def print_table(cells: dict[tuple[str, str], Cell], servers: list[Server]) -> list[str]:
    lines = ["| operation | server | req/s | p50 ms | p99 ms | server CPU µs/request | errors |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for operation in OPERATIONS:
        for server in servers:
            cell = cells.get((server.name, operation))
            if cell is None:
                continue
            lines.append(f"| {operation} | {server.name} | {statistics.median(cell.per_second):,.0f} | "
                         f"{statistics.median(cell.p50):.2f} | {statistics.median(cell.p99):.2f} | "
                         f"{statistics.median(cell.cpu_us):,.0f} | {cell.errors} |")
    return lines


def ratios(cells: dict[tuple[str, str], Cell]) -> list[str]:
    def cpu(server: str, operation: str) -> float | None:
        cell = cells.get((server, operation))
        return statistics.median(cell.cpu_us) if cell else None

    pairs = [
        ("specloom SQLite, resp. validation off ÷ FastAPI peer (target ≤ 0.7)",
         "specloom · SQLite · resp. validation off", "FastAPI peer (hand-written) · SQLite"),
        ("specloom SQLite, resp. validation on ÷ FastAPI peer (target ≤ 0.85)",
         "specloom · SQLite · resp. validation on", "FastAPI peer (hand-written) · SQLite"),
        ("specloom PostgreSQL ÷ specloom SQLite, validation on (target ≤ 1.3)",
         "specloom · PostgreSQL · resp. validation on", "specloom · SQLite · resp. validation on"),
        ("stock Connexion ÷ specloom, validation on both (target ≥ 3)",
         "stock Connexion 3.3 · SQLite · resp. validation on", "specloom · SQLite · resp. validation on"),
        ("stock Connexion ÷ specloom, validation off both (target ≥ 3)",
         "stock Connexion 3.3 · SQLite · resp. validation off", "specloom · SQLite · resp. validation off"),
    ]
    lines = ["| ratio of server CPU per request | " + " | ".join(OPERATIONS) + " |",
             "|---|" + "---:|" * len(OPERATIONS)]
    for label, a, b in pairs:
        values = []
        for operation in OPERATIONS:
            x, y = cpu(a, operation), cpu(b, operation)
            values.append(f"{x / y:.2f}" if x and y else "–")
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    return lines


# -- scaling checks -------------------------------------------------------------------------------

def _bulk_sqlite(path: Path, rows: int) -> None:
    with sqlite3.connect(path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(shopvo__products)")}
        extra = {c: v for c, v in (("f_status", "CASE WHEN i % 100 = 0 THEN 'DRAFT' ELSE 'ACTIVE' END"),
                                   ("f_slug", "'p-' || i"), ("f_featured", "0")) if c in columns}
        conn.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {int(rows)}) "
            f"INSERT INTO shopvo__products (id, tenant, doc{''.join(', ' + c for c in extra)}) "
            "SELECT printf('prd_%020d', i), ?, json_object('id', printf('prd_%020d', i), 'name', 'P' || i, "
            "'slug', 'p-' || i, 'price', 1000, 'status', CASE WHEN i % 100 = 0 THEN 'DRAFT' ELSE 'ACTIVE' END, "
            "'featured', json('false'), 'images', json('[]'), 'categoryIds', json('[]'), 'description', NULL, "
            "'sku', NULL, 'compareAtPrice', NULL, 'brandId', NULL, "
            "'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-01T00:00:00.000Z')"
            f"{''.join(', ' + v for v in extra.values())} FROM n", (TENANT,))
        # loaded behind the store's back: its maintained totals are counted again (the migration's
        # backfill, backends/counts.py) when the server starts
        conn.execute("DELETE FROM sl_meta WHERE key = 'totals:shopvo__products'")
        conn.execute("ANALYZE")


def _bulk_postgres(url: str, rows: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        columns = {r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'shopvo__products'")}
        extra = {c: v for c, v in (("f_status", "CASE WHEN i %% 100 = 0 THEN 'DRAFT' ELSE 'ACTIVE' END"),
                                   ("f_slug", "'p-' || i"), ("f_featured", "false")) if c in columns}
        conn.execute(
            f"INSERT INTO shopvo__products (id, tenant, doc{''.join(', ' + c for c in extra)}) "
            "SELECT 'prd_' || lpad(i::text, 20, '0'), %s, jsonb_build_object('id', 'prd_' || lpad(i::text, 20, '0'), "
            "'name', 'P' || i, 'slug', 'p-' || i, 'price', 1000, "
            "'status', CASE WHEN i %% 100 = 0 THEN 'DRAFT' ELSE 'ACTIVE' END, 'featured', false, "
            "'images', '[]'::jsonb, 'categoryIds', '[]'::jsonb, 'description', NULL, 'sku', NULL, "
            "'compareAtPrice', NULL, 'brandId', NULL, "
            "'createdAt', '2026-01-01T00:00:00.000Z', 'updatedAt', '2026-01-01T00:00:00.000Z')"
            f"{''.join(', ' + v for v in extra.values())} FROM generate_series(1, %s) AS i", (TENANT, rows))
        conn.execute("DELETE FROM sl_meta WHERE key = 'totals:shopvo__products'")  # counted again on start
        conn.execute("ANALYZE shopvo__products")


def _median_ms(client: httpx.Client, url: str, token: str, n: int) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(n):
        started = time.perf_counter()
        r = client.get(url, headers={"Authorization": f"Bearer {token}"})
        times.append((time.perf_counter() - started) * 1e3)
        status = r.status_code
    return statistics.median(times), status


def deep_pages(work: Path, pg_admin: str, args, ports) -> list[str]:
    rows = args.deep_rows
    lines = [f"| a page of 20 of {rows:,} products | backend | median ms | × the first keyset page |",
             "|---|---|---:|---:|"]
    for backend in ("SQLite", "PostgreSQL"):
        if backend == "SQLite":
            url = f"sqlite:///{work / 'deep.db'}"
        else:
            url = _fresh_postgres(pg_admin, "specloom_bench_deep")
        tokens, _ = asyncio.run(_seed(url, 0, 1))
        started = time.perf_counter()
        if backend == "SQLite":
            _bulk_sqlite(work / "deep.db", rows)
        else:
            _bulk_postgres(url, rows)
        print(f"  loaded {rows:,} products on {backend} in {time.perf_counter() - started:.1f} s", flush=True)
        port = next(ports)
        server = Server(f"deep {backend}", [str(BIN / "specloom"), "serve", "shopvo", "--backend", url,
                                            "--port", str(port)] + _specloom_flags(), _env(), port, tokens, "")
        server.start()
        try:
            server.wait_ready(timeout=180)
            base = server.base_url + f"/api/v1/{TENANT}/products?limit=20"
            token = tokens[0]
            with httpx.Client(timeout=60) as client:
                first = client.get(base + "&cursor=", headers={"Authorization": f"Bearer {token}"}).json()
                id_cursors = first.get("cursor") == (first.get("items") or [{}])[-1].get("id")
                checks = [("keyset, the first page", base + "&cursor="),
                          (f"keyset, the page after row {rows - 20:,}", base + f"&cursor=prd_{rows - 20:020d}"),
                          (f"keyset, status=DRAFT (1 in 100 rows) after row {(rows // 200) * 100:,}",
                           base + f"&status=DRAFT&cursor=prd_{(rows // 200) * 100:020d}"),
                          (f"offset, page {rows // 20:,}", base + f"&page={rows // 20}"),
                          ("the default list (`?limit=20`: offset page 1 with its total)", base)]
                first_ms = None
                for label, url in checks:
                    if "cursor=prd_" in url and not id_cursors:
                        lines.append(f"| {label} | {backend} | n/a: this build's cursors are opaque | – |")
                        continue
                    ms, status = _median_ms(client, url, token, args.deep_samples)
                    first_ms = first_ms or ms
                    lines.append(f"| {label} | {backend} | {ms:.1f}{'' if status == 200 else f' (HTTP {status})'} | "
                                 f"{ms / first_ms:.2f} |")
        finally:
            server.stop()
    return lines


def startup_and_tools(work: Path, sqlite_master: Path, sqlite_seed, args, ports) -> list[str]:
    lines = ["| check | value |", "|---|---:|"]
    times = []
    for _ in range(args.generate_runs):
        out = Path(tempfile.mkdtemp())
        started = time.perf_counter()
        subprocess.run([str(BIN / "specloom"), "generate", "--all", "--out", str(out)], check=True,
                       capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
        shutil.rmtree(out, ignore_errors=True)
    lines.append(f"| `specloom generate --all` (median of {len(times)}) | {statistics.median(times):.2f} s |")
    tokens, _ = sqlite_seed
    path = work / "cold.db"
    shutil.copy(sqlite_master, path)
    port = next(ports)
    server = Server("cold", [str(BIN / "specloom"), "serve", "shopvo", "--backend", f"sqlite:///{path}",
                             "--port", str(port)] + _specloom_flags(), _env(), port, tokens, "")
    started = time.perf_counter()
    server.start()
    try:
        server.wait_ready()
        lines.append(f"| `specloom serve` cold start to the first 200 | {time.perf_counter() - started:.2f} s |")
        load.run(server.base_url, load.Shape("GET", LIST, tuple(tokens)), seconds=args.duration,
                 connections=args.connections, tag="rss", prefer_wrk=not args.python_load)
        lines.append(f"| resident memory of one serving process after load (peak) | {server.peak_rss_mb():.0f} MB |")
    finally:
        server.stop()
    return lines


def sqlite_beside_writer(work: Path, sqlite_master: Path, sqlite_seed, args, ports) -> list[str]:
    """Read p99 of one process while a second process on the same file serves creates."""
    tokens, product = sqlite_seed
    path = work / "shared.db"
    shutil.copy(sqlite_master, path)
    reader_port, writer_port = next(ports), next(ports)
    reader = Server("reader", [str(BIN / "specloom"), "serve", "shopvo", "--backend", f"sqlite:///{path}",
                               "--port", str(reader_port)] + _specloom_flags(), _env(), reader_port, tokens, product)
    writer = Server("writer", [str(BIN / "specloom"), "serve", "shopvo", "--backend", f"sqlite:///{path}",
                               "--port", str(writer_port)] + _specloom_flags(), _env(), writer_port, tokens, product)
    reader.start(), writer.start()
    lines = ["| SQLite read p99, one file, two processes | alone | beside a writer | ratio (target ≤ 2) |",
             "|---|---:|---:|---:|"]
    try:
        reader.wait_ready(), writer.wait_ready()
        read = load.Shape("GET", f"/api/v1/{TENANT}/products/{product}", tuple(tokens))
        alone = load.run(reader.base_url, read, seconds=args.duration, connections=8, tag="alone",
                         prefer_wrk=not args.python_load)
        write_shape = load.Shape("POST", f"/api/v1/{TENANT}/products", tuple(tokens), create=True)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            writing = pool.submit(load.run, writer.base_url, write_shape, seconds=args.duration + 1,
                                  connections=8, tag="writer", prefer_wrk=not args.python_load)
            time.sleep(0.5)
            beside = load.run(reader.base_url, read, seconds=args.duration, connections=8, tag="beside",
                              prefer_wrk=not args.python_load)
            writes = writing.result()
        lines.append(f"| get by id, 8 connections ({writes.per_second:.0f} creates/s beside) | "
                     f"{alone.p99_ms:.1f} ms | {beside.p99_ms:.1f} ms | {beside.p99_ms / alone.p99_ms:.2f} |")
    finally:
        reader.stop(), writer.stop()
    return lines


def fuzz_rate(args) -> list[str]:
    started = time.perf_counter()
    only = [arg for op in args.fuzz_operation for arg in ("--operation", op)]
    run = subprocess.run([str(BIN / "specloom"), "fuzz", "shopvo", "--max-examples", str(args.fuzz_examples),
                          "--no-stateful", "--seed", "1", *only], capture_output=True, text=True, cwd=ROOT, env=_env())
    elapsed = time.perf_counter() - started
    text = run.stdout + run.stderr
    import re

    cases = sum(int(m) for m in re.findall(r"(\d+) cases?", text))
    rate = f"{cases / elapsed:.0f} cases/s ({cases} cases in {elapsed:.1f} s)" if cases else \
        f"{elapsed:.1f} s for --max-examples {args.fuzz_examples} (case count not printed)"
    return ["| check | value |", "|---|---:|", f"| `specloom fuzz shopvo` in process, exit {run.returncode} | {rate} |"]


# -- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="everything once, tiny: proves the suite runs")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load phase")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--keys", type=int, default=300, help="API keys the load rotates through (rate limits)")
    parser.add_argument("--deep-rows", type=int, default=1_000_000)
    parser.add_argument("--deep-samples", type=int, default=20)
    parser.add_argument("--generate-runs", type=int, default=5)
    parser.add_argument("--fuzz-examples", type=int, default=10)
    parser.add_argument("--fuzz-operation", action="append", default=[], help="fuzz only this operationId")
    parser.add_argument("--python-load", action="store_true", help="use the asyncio generator even if wrk exists")
    parser.add_argument("--postgres", default=os.environ.get("SPECLOOM_BENCH_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--only", choices=["table", "scaling", "deep"],
                        help="run one half only (deep: only the pages of --deep-rows products)")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--json", type=Path, help="also write the side-by-side results as JSON here")
    args = parser.parse_args(argv)
    if args.smoke:
        args.rounds, args.duration, args.products, args.keys = 1, 1.0, 30, 20
        args.deep_rows, args.deep_samples, args.generate_runs, args.fuzz_examples = 10_000, 3, 1, 2
        args.connections = 4
        args.fuzz_operation = args.fuzz_operation or ["listProducts", "getProduct"]
    work = Path(tempfile.mkdtemp(prefix="specloom-bench-"))
    ports = iter(range(18700, 18800))
    out: list[str] = [f"load generator: {'wrk' if load.wrk_available() and not args.python_load else 'asyncio'}; "
                      f"{args.rounds} round(s) × {args.duration:g} s per phase, {args.connections} connections; "
                      f"{args.products:,} products × 2 variants"]
    servers: list[Server] = []
    try:
        print(f"seeding {args.products} products × 2 variants on SQLite and PostgreSQL…", flush=True)
        master = work / "master.db"
        if args.only != "deep":
            sqlite_seed = asyncio.run(_seed(f"sqlite:///{master}", args.products, args.keys))
            _checkpoint(master)
        if args.only not in ("scaling", "deep"):
            pg_url = _fresh_postgres(args.postgres, "specloom_bench")
            pg_seed = asyncio.run(_seed(pg_url, args.products, args.keys))
            servers = _servers(work, master, sqlite_seed, pg_url, pg_seed, ports)
            for server in servers:
                server.start()
            for server in servers:
                server.wait_ready()
            cells = side_by_side(servers, args)
            out += ["", *print_table(cells, servers), "", *ratios(cells)]
            if args.json:
                args.json.write_text(json.dumps([
                    {"server": name, "operation": operation, "requests_per_second": statistics.median(c.per_second),
                     "cpu_us_per_request": statistics.median(c.cpu_us), "p50_ms": statistics.median(c.p50),
                     "p99_ms": statistics.median(c.p99), "errors": c.errors, "generator": c.generator}
                    for (name, operation), c in cells.items()], indent=2), encoding="utf-8")
            out += ["", "| server | peak resident memory |", "|---|---:|"]
            out += [f"| {s.name} | {s.peak_rss_mb():.0f} MB |" for s in servers]
            for server in servers:
                server.stop()
        if args.only != "table":
            out += ["", *deep_pages(work, args.postgres, args, ports)]
        if args.only not in ("table", "deep"):
            out += ["", *startup_and_tools(work, master, sqlite_seed, args, ports)]
            out += ["", *sqlite_beside_writer(work, master, sqlite_seed, args, ports)]
            out += ["", *fuzz_rate(args)]
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(out))
    if args.markdown:
        args.markdown.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

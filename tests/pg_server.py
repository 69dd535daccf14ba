"""Find a PostgreSQL server for the tests, or start a throwaway one.

`postgres_admin_url()` tries, in order:

1. `SPECLOOM_TEST_POSTGRES_URL` (used as given; it must be reachable);
2. a server on 127.0.0.1:5432 as user `postgres`, then as the current user (database `postgres`);
3. a throwaway cluster made with the installed `initdb`/`pg_ctl` (on PATH or under
   /usr/lib/postgresql/*/bin) in a temporary directory, on a free port, run as an unprivileged
   user when we are root, stopped and removed when the interpreter exits.

`SPECLOOM_TEST_POSTGRES_THROWAWAY=1` skips 1 and 2. The result (or the failure) is cached per
process; `describe()` says which server is in use.
"""

from __future__ import annotations

import atexit
import getpass
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg

from specloom.backends.postgres import redact

ENV_URL = "SPECLOOM_TEST_POSTGRES_URL"
ENV_THROWAWAY = "SPECLOOM_TEST_POSTGRES_THROWAWAY"
_THROWAWAY_USER = "specloom-test"

_cache: tuple[str, str] | BaseException | None = None


def postgres_admin_url() -> str:
    """A URL of a server where we may CREATE and DROP databases."""
    global _cache
    if _cache is None:
        try:
            _cache = _discover()
        except RuntimeError as exc:
            _cache = exc
    if isinstance(_cache, BaseException):
        raise _cache
    return _cache[0]


def describe() -> str | None:
    """One line on the server in use, or on why there is none; None before discovery."""
    if _cache is None:
        return None
    if isinstance(_cache, BaseException):
        return f"PostgreSQL unavailable: {_cache}"
    return f"PostgreSQL for tests: {_cache[1]}"


def fresh_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    """Create a uniquely named database; return its URL and a callable that drops it."""
    name = f"specloom_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return with_database(admin_url, name), drop


def fresh_schema(database_url: str) -> tuple[str, Callable[[], None]]:
    """Create a uniquely named schema in the database; return a URL whose connections use it
    (`options=-csearch_path=<schema>`, as a deployment shares one database between surfaces)
    and a callable that drops it. A schema costs a millisecond where a database costs a copy
    of template1, so the per-test `pg_url` uses one of these in a database made once per session.
    The drop waits at most 5 s for locks, then ends this database's other connections (a store
    a test left open) and drops again: the database is this process's own."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')

    def drop() -> None:
        with psycopg.connect(database_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute("SET lock_timeout = '5s'")
            try:
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            except psycopg.errors.LockNotAvailable:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    return with_options(database_url, f"-csearch_path={name}"), drop


def with_options(url: str, options: str) -> str:
    """The URL with libpq `options` (server settings for every connection) set."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "options"]
    return urlunsplit(parts._replace(query=urlencode(query + [("options", options)])))


def with_database(url: str, dbname: str) -> str:
    """The URL with its database replaced."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError(f"expected a postgresql:// URL, got {url!r}")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k != "dbname"])
    return urlunsplit(parts._replace(path="/" + dbname, query=query))


# -- discovery ------------------------------------------------------------------------------
def _can_connect(url: str) -> str | None:
    """None if the URL connects, else the reason."""
    try:
        with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def _discover() -> tuple[str, str]:
    url = os.environ.get(ENV_URL)
    if url:
        problem = _can_connect(url)
        if problem:
            raise RuntimeError(f"{ENV_URL}={redact(url)} does not connect ({problem}): point it at "
                               f"a server where the user may create databases, or unset it")
        return url, f"{redact(url)} (from {ENV_URL})"
    if os.environ.get(ENV_THROWAWAY) != "1":
        users = ["postgres"]
        if getpass.getuser() not in users:
            users.append(getpass.getuser())
        for user in users:
            candidate = f"postgresql://{user}@127.0.0.1:5432/postgres"
            if _can_connect(candidate) is None:
                return candidate, f"{candidate} (local server)"
    return _throwaway()


def _find_binaries() -> Path | None:
    """A directory holding both initdb and pg_ctl."""
    dirs: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
        dirs.append(Path(on_path).parent)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                      reverse=True)
    dirs += [Path(p) for p in versions]
    for d in dirs:
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    return None


def _unprivileged_user() -> pwd.struct_passwd:
    """The account a root process runs the throwaway cluster as (PostgreSQL refuses root)."""
    for name in (_THROWAWAY_USER, "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    _THROWAWAY_USER], check=True, capture_output=True)
    return pwd.getpwnam(_THROWAWAY_USER)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _throwaway() -> tuple[str, str]:
    how = (f"set {ENV_URL}=postgresql://user@host:port/db to a server where the user may create "
           f"databases, or install PostgreSQL (e.g. apt-get install postgresql) so initdb and "
           f"pg_ctl are available")
    bindir = _find_binaries()
    if bindir is None:
        where = "" if os.environ.get(ENV_THROWAWAY) == "1" else "no server on 127.0.0.1:5432 and "
        raise RuntimeError(f"no PostgreSQL for the tests ({where}no initdb/pg_ctl on PATH or under "
                           f"/usr/lib/postgresql/*/bin): {how}")
    run_as: dict = {}
    if os.geteuid() == 0:
        try:
            account = _unprivileged_user()
        except (OSError, subprocess.CalledProcessError) as exc:
            raise RuntimeError(f"running as root and no unprivileged user to run PostgreSQL "
                               f"as ({exc}): {how}") from None
        run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    base = Path(tempfile.mkdtemp(prefix="specloom-pg-"))
    if run_as:
        os.chown(base, run_as["user"], run_as["group"])
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(a) for a in args], cwd=base, capture_output=True, text=True,
                              env={**os.environ, "LC_ALL": "C.UTF-8" if _has_c_utf8() else "C"},
                              timeout=120, **run_as)

    def stop() -> None:
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)

    try:
        done = run(bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off")
        done = run(bindir / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")
        if done.returncode:
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else done.stderr
            raise RuntimeError(f"pg_ctl start failed: {detail.strip()}")
    except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
        stop()
        raise RuntimeError(f"could not start a throwaway PostgreSQL from {bindir} ({exc}); {how}") from None
    atexit.register(stop)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    problem = _can_connect(url)
    if problem:
        raise RuntimeError(f"throwaway PostgreSQL at {url} does not connect: {problem}; {how}")
    who = f" as {pwd.getpwuid(run_as['user']).pw_name}" if run_as else ""
    return url, f"{url} (throwaway cluster from {bindir} in {base}{who})"


def _has_c_utf8() -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.lower().replace("-", "") == "c.utf8" for line in out.splitlines())

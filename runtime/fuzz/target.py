"""What a fuzz run talks to: the surface's app in process (ASGI, no socket) on a fresh store, or
a running deployment over HTTP with credentials passed in."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import shutil
import tempfile
from typing import Any, Callable

import attrs
import requests

from specloom.backends import StoreUnavailable, open_store
from specloom.generator.ir import SecurityScheme
from specloom.runtime.config import Settings
from specloom.runtime.surfaces import GeneratedSurface

from .errors import FuzzUsageError
from .provisioning import Identity, given, provision

TENANTS = ("fuzz_tenant_a", "fuzz_tenant_b")
IN_PROCESS_BASE = "http://testserver"  # the host Schemathesis' ASGI client sends
SERVE_BASE = "http://127.0.0.1:8000"  # where reproductions of an in-process run are aimed


class ServerLog(logging.Handler):
    """In process, the app's error log is kept (not printed over the progress display), so a
    500 can be explained by the exception behind it, found by the response's request id."""

    _REQUEST_ID = re.compile(r"\b(req_[0-9a-f]+)\b")

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.by_request: dict[str, str] = {}
        self.logger = logging.getLogger("specloom")

    def __enter__(self) -> "ServerLog":
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        found = self._REQUEST_ID.search(record.getMessage())
        if found is None or record.exc_info is None or record.exc_info[1] is None:
            return
        error = record.exc_info[1]
        where = ""
        tb = record.exc_info[2]
        while tb is not None:
            frame = tb.tb_frame
            where = f" (in {frame.f_code.co_name}, {frame.f_code.co_filename}:{tb.tb_lineno})"
            tb = tb.tb_next
        self.by_request[found.group(1)] = f"{type(error).__name__}: {error}{where}"

    def explain(self, request_id: str | None) -> str | None:
        return self.by_request.get(request_id or "")


@attrs.define
class Target:
    description: str
    base_url: str  # what requests are sent to
    reproduce_base: str  # what reproductions are aimed at
    app: Any | None  # the ASGI app, in process
    identities: list[Identity]  # the fuzzed tenant first; a second one for isolation probes
    client: requests.Session  # for probes: relative URLs go to the target
    server_log: ServerLog | None = None  # in process: what the app logged about its 500s
    cleanups: list[Callable[[], None]] = attrs.field(factory=list)

    @property
    def main(self) -> Identity:
        return self.identities[0]

    @property
    def other(self) -> Identity | None:
        return self.identities[1] if len(self.identities) > 1 else None

    def close(self) -> None:
        for cleanup in reversed(self.cleanups):
            with contextlib.suppress(Exception):
                cleanup()
        self.cleanups.clear()


class _BaseUrlSession(requests.Session):
    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", 30)
        return super().request(method, url, *args, **kwargs)


def in_process(generated: GeneratedSurface, backend: str | None, settings: Settings,
               schemes: list[SecurityScheme]) -> Target:
    """The app from `create_app` on a fresh store: a throwaway SQLite file, or fresh tenants
    (unique to this run) on the store at `backend`, so existing data is neither seen nor touched."""
    from schemathesis.python import asgi

    from specloom.runtime.http.app import create_app
    from specloom.runtime.surface_runtime import SurfaceRuntime

    name = generated.surface.name
    tmp = None
    if backend is None:
        tmp = tempfile.mkdtemp(prefix="specloom-fuzz-")
        url, tenants = f"sqlite:///{tmp}/{name}.db", TENANTS
    else:
        url, run = backend, secrets.token_hex(3)
        tenants = tuple(f"{t}_{run}" for t in TENANTS)

    def remove_tmp() -> None:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    try:
        setup_store = open_store(url)
    except StoreUnavailable as exc:
        remove_tmp()
        raise FuzzUsageError(str(exc)) from None

    async def prepare() -> list[Identity]:
        try:
            runtime = SurfaceRuntime(generated, setup_store, settings)
            await runtime.ensure_ready()
            if generated.surface.tenant_approval:  # Alva, Alza: the fuzz tenants are approved ones
                for tenant in tenants:
                    await setup_store.put_tenant(name, tenant, True)
            return [await provision(runtime, generated.document, schemes, tenant, label)
                    for tenant, label in zip(tenants, "AB")]
        finally:
            await setup_store.close()

    try:
        identities = asyncio.run(prepare())
        store = open_store(url)
    except StoreUnavailable as exc:
        remove_tmp()
        raise FuzzUsageError(str(exc)) from None
    except BaseException:
        remove_tmp()
        raise
    app = create_app(generated, store, settings=settings)
    where = "a throwaway SQLite store" if backend is None else f"fresh tenants on {store.url}"
    if not getattr(settings, "rate_limits", True):
        where += ", rate limits off"
    log = ServerLog().__enter__()
    target = Target(description=f"in process, {where}", base_url=IN_PROCESS_BASE, reproduce_base=SERVE_BASE,
                    app=app, identities=identities, client=asgi.get_client(app), server_log=log)
    target.cleanups += [remove_tmp, lambda: asyncio.run(store.close()), asgi.shutdown_lifespans,
                        lambda: log.__exit__(None, None, None)]
    return target


def _reachable(url: str) -> None:
    import httpx

    if not url.startswith(("http://", "https://")):
        raise FuzzUsageError(f"--url must be an http:// or https:// URL, not {url!r}")
    try:
        httpx.get(url, timeout=5.0)
    except httpx.HTTPError as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise FuzzUsageError(f"cannot reach {url}: {reason.splitlines()[0]}") from None


def remote(generated: GeneratedSurface, url: str, tokens: tuple[str, ...], tenants: tuple[str, ...],
           schemes: list[SecurityScheme]) -> Target:
    """A running deployment: the first token is the fuzzed tenant's, a second one (another
    tenant's) enables the isolation checks."""
    surface = generated.surface
    if schemes and not tokens:
        raise FuzzUsageError(f"--url needs --token: a key with every scope, e.g. from `specloom keys create "
                             f"{surface.name} --tenant T --scopes admin:* --json`")
    if len(tokens) > 2:
        raise FuzzUsageError("give at most two --token: the fuzzed tenant's and another tenant's")
    if surface.tenant_parameter and len(tenants) != len(tokens):
        raise FuzzUsageError(f"give one --tenant per --token: the {surface.tenant_parameter} each key is bound to")
    if len(set(tenants)) < len(tenants):
        raise FuzzUsageError("the two --token must belong to different tenants")
    _reachable(url)
    identities = [given(generated.document, schemes, token, tenants[i] if i < len(tenants) else None, label)
                  for i, (token, label) in enumerate(zip(tokens, "AB"))]
    if not identities:
        identities = [Identity("A", tenants[0] if tenants else None, ())]
    base = url.rstrip("/")
    return Target(description=f"over HTTP at {base}", base_url=base, reproduce_base=base, app=None,
                  identities=identities, client=_BaseUrlSession(base))

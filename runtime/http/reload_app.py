"""`specloom serve --reload`: one process that watches the surface's spec folder and swaps in a
new app when an edit is valid, and never serves a broken spec.

`ReloadingApp` is an ASGI app in front of the surface's current app. A watcher polls the spec
folder's files (*.yaml, *.yml, *.json, hooks.py) a few times a second; on a change it builds the
new app off the event loop (regenerates the package, imports it, creates the app with the same
settings, `--no-validate-responses` included), starts the new app's lifespan (store migration,
workers), switches new requests to it, then stops the old one's workers. When the edit is
invalid, every problem is printed with file:line:column and the last good version goes on
serving; it switches as soon as the spec is valid again. Requests are never held back.

`app()` is the older uvicorn factory, kept for `uvicorn specloom.runtime.http.reload_app:app --factory`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

from starlette.types import Receive, Scope, Send

from specloom.backends import open_store

from .app import create_app

log = logging.getLogger("specloom.reload")
WATCHED = (".yaml", ".yml", ".json", ".py")
POLL_SECONDS = 0.2


def app():
    return create_app(os.environ["SPECLOOM_SERVE_SURFACE"], open_store(os.environ["SPECLOOM_SERVE_BACKEND"]))


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file in the spec folder (and below it)."""
    found = {}
    for path in folder.rglob("*"):
        if path.suffix in WATCHED and path.is_file() and "__pycache__" not in path.parts:
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while looking
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


class _Lifespan:
    """Runs an ASGI app's lifespan protocol by hand: start (startup, its workers) and stop."""

    def __init__(self, app):
        self.app = app
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.outbox: asyncio.Queue = asyncio.Queue()
        self.task: asyncio.Task | None = None

    async def _send(self, message) -> None:
        await self.outbox.put(message)

    async def start(self) -> None:
        self.task = asyncio.create_task(self.app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                                                 self.inbox.get, self._send))
        await self.inbox.put({"type": "lifespan.startup"})
        message = await self._next()
        if message["type"] != "lifespan.startup.complete":
            raise RuntimeError(message.get("message") or "the app did not start")

    async def stop(self) -> None:
        if self.task is None or self.task.done():
            return
        await self.inbox.put({"type": "lifespan.shutdown"})
        await self._next()
        await self.task

    async def _next(self) -> dict:
        getter = asyncio.ensure_future(self.outbox.get())
        done, _ = await asyncio.wait({getter, self.task}, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            return getter.result()
        getter.cancel()
        exc = self.task.exception()
        raise RuntimeError(f"the app's lifespan ended: {exc!r}" if exc else "the app's lifespan ended")


class ReloadingApp:
    """The ASGI app `serve --reload` runs: see the module's docstring."""

    def __init__(self, build: Callable[[], Any], folder: Path, *, say: Callable[[str], None] | None = None,
                 first: Any = None):
        self.build = build  # () -> a new app of the current spec; raises for an invalid one
        self.folder = folder
        self.say = say or (lambda line: print(line, file=sys.stderr, flush=True))
        self.current = first
        self.lifespan: _Lifespan | None = None
        self.watcher: asyncio.Task | None = None
        self.version = 1  # how many good versions have been served
        self.snapshot = _snapshot(folder)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._serve_lifespan(receive, send)
            return
        await self.current(scope, receive, send)

    async def _serve_lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if self.current is None:
                        self.current = await asyncio.to_thread(self.build)
                    self.lifespan = _Lifespan(self.current)
                    await self.lifespan.start()
                except Exception as exc:  # noqa: BLE001 - told to uvicorn, which says it and stops
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                self.watcher = asyncio.create_task(self._watch())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.watcher:
                    self.watcher.cancel()
                if self.lifespan:
                    await self.lifespan.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            now = await asyncio.to_thread(_snapshot, self.folder)
            if now == self.snapshot:
                continue
            self.snapshot = now
            await self.reload()

    async def reload(self) -> bool:
        """Build and switch to the spec as it is now; False (and the old app serving) when it is invalid."""
        from specloom.runtime.surfaces import SurfaceUnusable

        started = time.perf_counter()
        try:
            new = await asyncio.to_thread(self.build)
            lifespan = _Lifespan(new)
            await lifespan.start()
        except SurfaceUnusable as exc:
            for problem in exc.problems:
                self.say(str(problem))
            self.say(f"reload: {exc.errors} error(s) in the spec; still serving the last good version "
                     f"(v{self.version}): fix and save to switch")
            return False
        except Exception as exc:  # noqa: BLE001 - an edit that cannot be served is reported, never served
            problems = getattr(exc, "problems", None) or ()
            for problem in problems:
                self.say(str(problem))
            self.say(f"reload: {type(exc).__name__}: {exc}; still serving the last good version (v{self.version})")
            return False
        old, self.current, self.lifespan = self.lifespan, new, lifespan
        self.version += 1
        self.say(f"reload: serving v{self.version} of the spec ({(time.perf_counter() - started) * 1000:.0f} ms)")
        if old is not None:
            await old.stop()  # its in-flight requests finish on the old app's objects
        return True


def reloading_app(surface: str, store, settings, *, first=None) -> ReloadingApp:
    """The `serve --reload` app of a surface: each version is built with the same store and settings."""
    from specloom.runtime.surfaces import SurfaceUnusable, spec_path, usable_surface

    def build():
        generated = usable_surface(surface)  # SurfaceUnusable with every problem for an invalid spec
        try:
            return create_app(generated, store, settings=settings)
        except ValueError as exc:  # a surface the app refuses (a reserved path)
            raise SurfaceUnusable(surface, str(exc)) from None

    return ReloadingApp(build, spec_path(surface).parent, first=first)

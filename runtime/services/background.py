"""The background workers' poll loop, and stopping background tasks (the job runner's jobs, the
webhook dispatcher's loop) for good.

`poll_loop` is the loop of the mail worker, the webhook dispatcher and the sweep runner: run a
round, go again at once while rounds find work, else sleep the poll interval; a round that fails
is logged and the loop goes on; a store that fails (down, full, read-only: the operator's to
fix) pauses the loop with one line a round, backing off up to STORE_BACKOFF_MAX seconds.

A single `task.cancel()` is not enough: a task may swallow a cancellation and carry on. On
Python 3.11 `asyncio.wait_for` loses the cancellation when the operation it awaits completes
at the same moment (CPython gh-86296), and psycopg_pool waits for a pooled connection with it,
so a worker cancelled while its store call gets a connection keeps running — and a shutdown
that awaits it waits forever. `cancel_and_wait` cancels again until every task has ended.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Iterable

from specloom.backends.base import StoreError

log = logging.getLogger("specloom.background")

STORE_BACKOFF_MAX = 30.0  # longest pause between rounds while the store keeps failing


async def poll_loop(run_once: Callable[[], Awaitable[object]], *, poll: float, what: str,
                    logger: logging.Logger = log, keep_going: Callable[[], bool] = lambda: True) -> None:
    """Run `run_once` until cancelled (or until `keep_going()` is false before a round): at once
    again after a round whose result is truthy (it found work; more may be waiting), after
    `poll` seconds otherwise. `what` names the work in the log ("webhook delivery")."""
    poll = max(float(poll), 0.01)
    wait = poll
    while keep_going():
        try:
            busy = await run_once()
            wait = poll
        except asyncio.CancelledError:
            raise
        except StoreError as exc:
            logger.warning("%s paused %.0f s: %s: %s", what, wait, type(exc).__name__, exc)
            await asyncio.sleep(wait)
            wait = min(wait * 2, STORE_BACKOFF_MAX)
            continue
        except Exception:  # noqa: BLE001 - the worker outlives any one bad round
            logger.exception("%s round failed", what)
            busy = False
        if not busy:
            await asyncio.sleep(poll)


async def cancel_and_wait(tasks: Iterable[asyncio.Task], *, every: float = 0.05) -> None:
    """Cancel the tasks, and cancel again every `every` seconds those still running, until
    each has ended; a task that ended with an error other than its cancellation is logged."""
    tasks = set(tasks)
    pending = {task for task in tasks if not task.done()}
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=every)
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s ended with an error", task.get_name(), exc_info=task.exception())

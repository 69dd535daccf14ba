"""Stopping background tasks (the job runner's jobs, the webhook dispatcher's loop) for good.

A single `task.cancel()` is not enough: a task may swallow a cancellation and carry on. On
Python 3.11 `asyncio.wait_for` loses the cancellation when the operation it awaits completes
at the same moment (CPython gh-86296), and psycopg_pool waits for a pooled connection with it,
so a worker cancelled while its store call gets a connection keeps running — and a shutdown
that awaits it waits forever. `cancel_and_wait` cancels again until every task has ended.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Iterable

log = logging.getLogger("specloom.background")


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

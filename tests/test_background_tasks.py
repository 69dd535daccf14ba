"""Background work stops for good when the server stops, even when a task swallows a
cancellation (Python 3.11's `asyncio.wait_for` can, and psycopg_pool awaits pooled connections
with it): found as a `specloom serve` shutdown on PostgreSQL that waited forever for the
webhook worker, in 1 of 1 to 1 of 16 starts and stops."""

from __future__ import annotations

import asyncio
import threading

from specloom.runtime.config import Settings
from specloom.runtime.services.background import cancel_and_wait
from tests.support import pinned_clock, serve


async def _stubborn(swallowed: list[int]) -> None:
    """Runs until cancelled twice: the first cancellation is swallowed, as a lost one is."""
    while True:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            if swallowed:
                raise
            swallowed.append(1)


def test_a_task_that_swallows_a_cancellation_is_cancelled_again():
    async def main():
        swallowed: list[int] = []
        task = asyncio.get_running_loop().create_task(_stubborn(swallowed))
        await asyncio.sleep(0)
        await asyncio.wait_for(cancel_and_wait([task]), timeout=5)
        return task, swallowed

    task, swallowed = asyncio.run(main())
    assert task.cancelled() and swallowed == [1]


def test_a_served_surface_stops_while_its_webhook_worker_is_in_a_store_call_that_swallows_its_cancellation(tmp_path):
    entered = threading.Event()
    stopped = threading.Event()
    swallowed: list[int] = []

    async def claim_that_swallows(*args, **kwargs):
        entered.set()
        try:
            await asyncio.sleep(30)  # the store call the shutdown finds in flight
        except asyncio.CancelledError:
            if swallowed:
                raise
            swallowed.append(1)  # lost once, as asyncio.wait_for loses it on Python 3.11
        return []

    def run() -> None:
        settings = Settings(validate_responses=True, clock=pinned_clock, webhook_poll_seconds=0.01)
        with serve("shopvo", tmp_path, settings=settings) as served:
            served.runtime.store.outbox_claim = claim_that_swallows
            assert entered.wait(10), "the webhook worker claimed the outbox"
        stopped.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    assert stopped.is_set(), "the server's shutdown waited for the webhook worker"
    assert swallowed == [1]

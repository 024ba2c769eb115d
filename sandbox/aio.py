"""Jobs for asyncio callers: the event loop keeps running, and cancelling kills the worker."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar, TypeVarTuple

from geometry.limits import DEFAULT_LIMITS, Limits
from sandbox.job import Job

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


async def run_isolated_async(
    func: Callable[[*Ts], T],
    args: tuple[*Ts],
    limits: Limits = DEFAULT_LIMITS,
    semaphore: asyncio.Semaphore | None = None,
) -> T:
    """`run_isolated` on a worker thread, so the event loop keeps running.

    With a `semaphore`, at most its value of workers run at once for its holders.
    Cancelling the awaiting task kills the worker process before the semaphore is
    released, so cancelled requests never leave workers running behind the bound.
    """
    if semaphore is None:
        return await _await_job(Job(func, args, limits))
    async with semaphore:
        return await _await_job(Job(func, args, limits))


async def _await_job(job: Job[T]) -> T:
    task = asyncio.ensure_future(asyncio.to_thread(job.run))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        job.cancel()
        # The thread kills and reaps the child within milliseconds of cancel().
        await asyncio.wait([task])
        if not task.cancelled():
            task.exception()  # retrieved, so asyncio doesn't log it as forgotten
        raise

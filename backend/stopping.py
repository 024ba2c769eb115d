"""The moment the server begins to stop, as something requests can wait on.

A stopping server must not hold its graceful shutdown open for clients that are merely
waiting: a long poll answers at once (empty), a request body still arriving is refused.
`Stopping.within` races any wait against that moment and against a timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


class ServerStopping(Exception):
    """The server began to stop while this request was waiting."""


class Stopping:
    """Set once, when the server begins to stop; waits made through it end then."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()
        self._set = False

    @property
    def is_set(self) -> bool:
        """Whether the server has begun to stop."""
        return self._set

    def set(self) -> None:
        """The server begins to stop: every wait through `within` ends now."""
        self._set = True
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def within(self, awaitable: Awaitable[T], timeout: float) -> T:
        """The result of `awaitable`, unless the server stops or `timeout` seconds pass first.

        Raises:
            ServerStopping: the server began to stop (before or during the wait).
            TimeoutError: `timeout` seconds passed.
        """
        work = asyncio.ensure_future(awaitable)
        stopped = asyncio.get_running_loop().create_future()
        self._waiters.add(stopped)
        try:
            if not self._set:
                await asyncio.wait({work, stopped}, timeout=timeout, return_when="FIRST_COMPLETED")
        finally:
            self._waiters.discard(stopped)
            if not work.done():
                work.cancel()  # the awaitable is abandoned (uvicorn's receive() allows that)
        if work.done() and not work.cancelled():
            return work.result()
        if self._set:
            raise ServerStopping
        raise TimeoutError

"""Analyses measured once per test process: the in-process test servers share their results.

A file's report depends only on its bytes, the name it is read by, the units and the
limits; hundreds of API tests upload the same few files, and each measurement forks a
sandboxed worker that meshes, measures and draws the part (a few tenths of a second of
CPU). The first test to upload a file measures it for real; the others get that result.
Failures are not remembered: each is measured (and fails) again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Iterator

from backend.parts.analysis import analyze_in_worker
from geometry import Limits, Units
from sandbox import Analysis

_Key = tuple[bytes, str, Units | None, Limits]


class RememberedAnalyses:
    """An `AnalyzeFn` that measures each file in a real worker once, then remembers it."""

    def __init__(self) -> None:
        self._known: dict[_Key, Analysis] = {}
        self.measured = 0  # how many times a worker measured a file
        self._holding = False

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Analyses wait while inside: a part stays pending for as long as a test needs."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    async def __call__(
        self,
        data: bytes,
        filename: str,
        units: Units | None,
        limits: Limits,
        semaphore: asyncio.Semaphore,
    ) -> Analysis:
        """The analysis of `data` as a worker gives it, measured on first sight."""
        while self._holding:  # a flag, not an event: the app may run on another loop
            await asyncio.sleep(0.01)
        key = (hashlib.sha256(data).digest(), filename, units, limits)
        if key not in self._known:
            result = await analyze_in_worker(data, filename, units, limits, semaphore)
            self.measured += 1
            self._known[key] = result
        return self._known[key]


#: The one memory of every in-process test server in this test process.
REMEMBERED = RememberedAnalyses()

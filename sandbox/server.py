"""The warm forkserver every worker is forked from, and worker processes safe to poll.

Each job runs in a fresh child of one long-lived forkserver that imported the
engine (numpy, trimesh, the geometry package) once, so a job forks warm instead
of paying a second or more of imports.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import threading
from multiprocessing import popen_forkserver
from multiprocessing.connection import wait
from multiprocessing.context import ForkServerContext, ForkServerProcess
from multiprocessing.process import BaseProcess
from typing import Any, Literal

#: Imported once in the forkserver so every job forks warm. A missing module is
#: skipped (multiprocessing ignores ImportError), so later modules may be listed.
#: `__main__` is multiprocessing's default, meant to spare each child re-running the
#: caller's main script; Python 3.11 never hands the forkserver that script's path
#: (CPython gh-126631), so every worker still re-runs it: keep main scripts light.
PRELOAD: tuple[str, ...] = (
    "__main__",
    "numpy",
    "trimesh",
    "cascadio",
    "geometry",
    "sandbox",
    "geometry.analyze",
    "geometry.render",
    "pypdfium2",  # drawings: pdfium draws a PDF's first page (sandbox.drawings)
    "sandbox.preload",  # what they import on first use: a worker of another user may not
    # Imported by the engine only when first used (so a one-shot command can load
    # them on a spare thread): both ray bindings and the scipy parts it needs.
    "scipy.sparse.csgraph",
    "scipy.spatial",
    "igl.embree",
    "embreex.rtcore_scene",
    "embreex.mesh_construction",
)


@functools.cache
def context() -> ForkServerContext:
    """The forkserver context, its preload set before the server first starts."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


class _Popen(popen_forkserver.Popen):
    """The forkserver `Popen` with a thread-safe `poll`.

    The exit status arrives once over the sentinel. Unpatched, two threads polling
    one process (its owner in `join`, another thread's `Process.start` cleaning up
    children) can both read it, and the loser overwrites the status with 255, so a
    segfault or a CPU-limit kill is misreported (CPython gh-130895, gh-140867).
    """

    def __init__(self, process_obj: BaseProcess) -> None:
        self._poll_lock = threading.Lock()
        super().__init__(process_obj)

    def poll(self, flag: int = os.WNOHANG) -> int | None:
        """The exit status, or None while running; waits first unless `flag` is WNOHANG."""
        if flag != os.WNOHANG and self.returncode is None:
            wait([self.sentinel])  # block without the lock: a non-blocking poll never waits
        with self._poll_lock:
            return super().poll(os.WNOHANG)


#: How a worker starts: forked from the warm forkserver (services: the engine is
#: imported once for every job), or forked from the caller itself (a one-shot command:
#: starting a forkserver would import the engine in a second interpreter for one job,
#: about a second for nothing). Only a single-threaded caller may use "fork".
Start = Literal["forkserver", "fork"]


def worker_process(start: Start, **kwargs: Any) -> BaseProcess:
    """A not yet started worker process (`kwargs` as for `multiprocessing.Process`)."""
    if start == "fork":
        return multiprocessing.get_context("fork").Process(**kwargs)
    return WorkerProcess(**kwargs)


class WorkerProcess(ForkServerProcess):
    """A forkserver process whose status survives being polled from several threads."""

    @staticmethod
    def _Popen(process_obj: BaseProcess) -> _Popen:  # noqa: N802  # multiprocessing's name
        return _Popen(process_obj)


def stop(proc: BaseProcess) -> None:
    """Kill the worker (and anything it started) unless it has ended; wait for its status."""
    if proc.pid is None:  # never started
        return
    if proc.exitcode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # the worker leads its own process group
        proc.kill()
    proc.join()  # the forkserver reaps the child and sends its status over the sentinel
    proc.close()

"""Run parsers on untrusted files in throwaway worker processes.

A customer file may crash a C++ parser, hang it or make it eat all memory.
Each job therefore runs in a fresh child process forked from a warm
forkserver, with an address-space and CPU-time limit set inside the child and
a wall-clock limit enforced in the caller. Whatever the child does, the
caller gets either the return value or a `GeometryError`:

- a `GeometryError` raised in the child: the same class, code and message;
- the wall-clock or CPU limit reached: `AnalysisTimeout`;
- a crash, a signal, an abnormal exit, `MemoryError` or any other exception:
  `AnalysisCrashed`, with what really happened in a `WorkerError` kept as
  `__cause__` and in the log, never in the customer's message.

Before it parses anything the worker confines itself (`confine`): its own user under
root, its own network namespace, a private temp dir, writes only there (Landlock), a
seccomp filter, no new privileges; `sandbox_status()` says which of them hold here.

Values cross back as msgspec msgpack decoded into the function's declared
return type, never as pickle: a parser exploited by a hostile file controls the
child, and unpickling its output would hand it the caller too.

The modules: `server` (the forkserver and its preload), `job` (the caller's side:
start, wall clock, reply, reap), `child` (the worker's side: limits, call, reply),
`protocol` (the reply's wire format), `failures` (each failure mapped to its error),
`prepare`, `confine`, `landlock`, `seccomp`, `status` and `settings` (the sandbox),
`aio` (asyncio callers) and `analysis` (the geometry jobs). The sandbox imports
`geometry`; `geometry` never imports the sandbox.
"""

from typing import TYPE_CHECKING, Any

from sandbox.analysis import Analysis, analyze_isolated, analyze_isolated_async, thumbnail_isolated
from sandbox.failures import WorkerError
from sandbox.job import run_isolated, sandbox_status, warm_up
from sandbox.server import PRELOAD
from sandbox.status import Layer, SandboxStatus

if TYPE_CHECKING:
    from sandbox.aio import run_isolated_async


def __getattr__(name: str) -> Any:
    """`run_isolated_async` on first use: a one-shot command never loads asyncio."""
    if name == "run_isolated_async":
        from sandbox.aio import run_isolated_async  # noqa: PLC0415

        return run_isolated_async
    raise AttributeError(f"module 'sandbox' has no attribute {name!r}")


__all__ = [
    "PRELOAD",
    "Analysis",
    "Layer",
    "SandboxStatus",
    "WorkerError",
    "analyze_isolated",
    "analyze_isolated_async",
    "run_isolated",
    "run_isolated_async",
    "sandbox_status",
    "thumbnail_isolated",
    "warm_up",
]

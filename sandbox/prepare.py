"""The caller's side of a worker's sandbox: its private temp dir and its `Plan`.

The caller makes the temp dir before the worker starts and removes it once the worker is
reaped, so it goes even when the worker is killed. What does not change between jobs (the
seccomp filter, whether the worker could still import code as another user) is worked out
once per caller process.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import stat
import sys
import tempfile

from sandbox import seccomp
from sandbox.confine import Plan
from sandbox.server import Start
from sandbox.settings import sandbox_settings

logger = logging.getLogger(__name__)

TEMP_PREFIX = "smallbatch-worker-"


def prepare(start: Start) -> Plan:
    """A fresh 0700 temp dir and the plan for one worker started by `start`."""
    program, problem = _seccomp_filter()
    temp_dir = tempfile.mkdtemp(prefix=TEMP_PREFIX)  # 0700, owned by the caller
    return Plan(
        temp_dir=temp_dir,
        first_uid=sandbox_settings().first_uid,
        # The worker's own user must reach its temp dir, and import what it has not loaded.
        switch_user=_closed_to_others(os.path.dirname(temp_dir))
        or ("" if start == "forkserver" else _unreadable_code()),
        seccomp_filter=program,
        seccomp_problem=problem,
    )


def remove_temp_dir(path: str) -> None:
    """Remove a worker's temp dir, whatever the worker left in it; a failure is logged."""
    try:
        if os.geteuid() != 0:  # root needs no permission; otherwise we own every file
            _open_up(path)
        shutil.rmtree(path)  # refuses a symlink, should a worker swap its dir for one
    except FileNotFoundError:
        pass
    except OSError as exc:
        logger.warning("could not remove the worker's temp dir %s: %s", path, exc)


def _open_up(path: str) -> None:
    """Give us back rwx on every directory, which a worker may have made 0500 or 0000."""
    if os.path.islink(path):
        return  # rmtree refuses it
    os.chmod(path, stat.S_IRWXU)
    for top, dirs, _ in os.walk(path):
        for name in dirs:
            if not os.path.islink(full := os.path.join(top, name)):
                os.chmod(full, stat.S_IRWXU)


@functools.cache
def _seccomp_filter() -> tuple[bytes, str]:
    try:
        return seccomp.compiled_filter(), ""
    except seccomp.SeccompUnavailable as exc:
        return b"", str(exc)


@functools.cache
def _closed_to_others(directory: str) -> str:
    """Why another user could not reach into `directory` ("" when it could)."""
    for each in (directory, *_ancestors(directory)):
        if not os.stat(each).st_mode & stat.S_IXOTH:
            return f"the temp dir's parent {each} is closed to other users (set TMPDIR)"
    return ""


@functools.cache
def _unreadable_code() -> str:
    """Why another user could not import code here ("" when it could).

    A forkserver's workers have the engine loaded before they switch user; a worker forked
    from a one-shot command imports it while it runs, so the interpreter's and the
    project's modules must be readable by everyone (a Python under root's 0700 home is not).
    """
    for entry in sys.path:
        path = os.path.abspath(entry or os.curdir)
        if not os.path.isdir(path):
            continue
        for directory in (path, *_ancestors(path)):
            mode = os.stat(directory).st_mode
            if not mode & stat.S_IXOTH or (directory == path and not mode & stat.S_IROTH):
                return f"{directory} is not open to other users, and this worker imports from it"
    return ""


def _ancestors(path: str) -> list[str]:
    found = []
    while (parent := os.path.dirname(path)) != path:
        found.append(parent)
        path = parent
    return found

"""What the operator may choose about the worker sandbox, read from `SMALLBATCH_SANDBOX_*`."""

from __future__ import annotations

import functools
from typing import Annotated

import msgspec

from envconfig import from_env, var

#: Linux allots pids below 2**22 at most (`/proc/sys/kernel/pid_max`), so a worker's uid,
#: its first uid plus its pid, stays below `FIRST_UID_MAX + 2**22 < 2**32 - 1` (-1 is no uid).
PID_MAX_LIMIT = 2**22
FIRST_UID_MAX = 2**32 - 2 - PID_MAX_LIMIT


class SandboxSettings(msgspec.Struct, frozen=True, kw_only=True):
    """The sandbox's one choice: which uids workers take when the server runs as root."""

    first_uid: Annotated[
        int,
        var(
            "SMALLBATCH_SANDBOX_FIRST_UID",
            "under root, each analysis worker runs as uid and gid = this + its pid, so no two "
            "running workers share a user; keep this range of 4M ids free of real users",
            ge=1000,
            le=FIRST_UID_MAX,
        ),
    ] = 0x7000_0000  # 1879048192: above systemd's container range, below the signed-int edge


@functools.cache
def sandbox_settings() -> SandboxSettings:
    """The settings from the process environment, read once."""
    return from_env(SandboxSettings)

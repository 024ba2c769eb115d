"""What the operator chooses about the job queue, read from `SMALLBATCH_BROKER_*`."""

from __future__ import annotations

from typing import Annotated

import msgspec

from envconfig import from_env, var


class QueueSettings(msgspec.Struct, frozen=True, kw_only=True):
    """The broker analyses go through; none means the backend measures files itself."""

    broker_url: Annotated[
        str,
        var(
            "SMALLBATCH_BROKER_URL",
            "a Celery broker (redis://host:port/db, or amqp://…): analyses run in "
            "`smallbatch worker` processes instead of the server",
            default="none (in-process workers)",
            pattern=r"^$|^(redis|rediss|amqp|amqps)://",
        ),
    ] = ""
    visibility_seconds: Annotated[
        int,
        var(
            "SMALLBATCH_BROKER_VISIBILITY_SECONDS",
            "Redis only: a job a dead worker took is given to another after this long "
            "(keep it above the wall-clock limit)",
            gt=0,
        ),
    ] = 300
    sweep_seconds: Annotated[
        float,
        var(
            "SMALLBATCH_BROKER_SWEEP_SECONDS",
            "how often the backend looks for analyses whose job was lost (pending past the "
            "hard time limit) and sends them again",
            gt=0,
        ),
    ] = 60.0


def queue_settings() -> QueueSettings:
    """The settings from the process environment."""
    return from_env(QueueSettings)

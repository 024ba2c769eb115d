"""Health and readiness answers."""

from __future__ import annotations

from typing import Literal

from backend.structs import Struct


class Health(Struct, frozen=True):
    """The process is up and its event loop answers."""

    status: Literal["ok"]


class Readiness(Struct, frozen=True):
    """Whether the service can take work: the database and the file store answer, disk room."""

    status: Literal["ready", "not_ready"]
    database: bool
    schema_version: int
    disk_free_mb: int
    rate_card: str  # the version quotes are priced with now
    broker: bool | None = None  # the job queue's broker answers; None when there is none
    storage: bool = True  # the file store (S3 when configured) answers

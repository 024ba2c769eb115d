"""The storage interface every reader and writer of stored files goes through.

Keys are relative, slash-separated names ("files/ab/ab12…", "charts/<version>/…png"). The
methods block (disk or network): async code calls them through `asyncio.to_thread`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from envconfig import EnvError

#: How long a presigned download link stays valid (seconds).
URL_SECONDS = 300


class StorageUnavailable(EnvError):
    """The store cannot be reached or is misconfigured; the message names the variable."""


class Blobs(Protocol):
    """Bytes by key: content files written once, caches overwritten and dropped."""

    def read(self, key: str) -> bytes:
        """The stored bytes; `FileNotFoundError` when there are none."""
        ...

    def write(self, key: str, data: bytes) -> None:
        """Store `data` under `key` (a cache: replaces what was there)."""
        ...

    def write_once(self, key: str, source: Path | bytes) -> bool:
        """Store content named by its hash unless it is already there; whether it was written.

        A `Path` source is consumed (moved or deleted) either way.
        """
        ...

    def exists(self, key: str) -> bool:
        """Whether something is stored under `key`."""
        ...

    def drop_folders(self, prefix: str, keep: str | None) -> int:
        """Delete every folder under `prefix` but `keep` (all when None); how many."""
        ...

    def url(self, key: str, filename: str, content_type: str) -> str | None:
        """A time-limited link that downloads `key` directly, or None: serve it yourself."""
        ...

    def check(self) -> None:
        """Raise `StorageUnavailable` unless the store answers."""
        ...

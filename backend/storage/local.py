"""Stored files on the local disk under the data directory (the default store)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from backend.storage.blobs import StorageUnavailable


class LocalBlobs:
    """Keys as paths under `root`; every write lands whole (written aside, then renamed)."""

    def __init__(self, root: Path, tmp: Path) -> None:
        self.root = root
        self._tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        """The file a key names."""
        return self.root / key

    def read(self, key: str) -> bytes:
        """The stored bytes; `FileNotFoundError` when there are none."""
        return self.path(key).read_bytes()

    def write(self, key: str, data: bytes) -> None:
        """Store durably: a reader sees the whole file or none."""
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._tmp, prefix="blob-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, final)
        _fsync_dir(final.parent)

    def write_once(self, key: str, source: Path | bytes) -> bool:
        """Move a received file into place, or write bytes that are not there yet.

        A received upload takes the same steps whether or not another customer stored
        these bytes first (identical bytes replace identical bytes), so the time an upload
        takes does not tell that someone else sent the same file.
        """
        final = self.path(key)
        if isinstance(source, Path):
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, final)
            _fsync_dir(final.parent)
            return True
        if final.exists():
            return False
        self.write(key, source)
        return True

    def exists(self, key: str) -> bool:
        """Whether the file is there."""
        return self.path(key).exists()

    def drop_folders(self, prefix: str, keep: str | None) -> int:
        """Delete the folders under `prefix` but `keep`; a writer racing one just writes again."""
        dropped = 0
        folder = self.path(prefix)
        if not folder.is_dir():
            return 0
        for child in folder.iterdir():
            if child.name != keep:
                shutil.rmtree(child, ignore_errors=True)
                dropped += 1
        return dropped

    def url(self, key: str, filename: str, content_type: str) -> None:
        """Local files are served by the backend itself."""
        return None

    def check(self) -> None:
        """The data directory is there and writable."""
        if not os.access(self.root, os.W_OK):
            raise StorageUnavailable(f"SMALLBATCH_DATA_DIR: {self.root} is not writable")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Uploaded files on disk, named by their SHA-256 and never by the client's name.

<data_dir>/files/ab/ab12...ef      the file, stored once whoever uploads it
<data_dir>/thumbnails/ab12...ef.auto.png   its preview, per unit it was read in
<data_dir>/charts/<card version>/…png     price charts, per rate-card version (a cache)
<data_dir>/tmp/                    uploads being received
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class FileStore:
    """Content-addressed files and thumbnails under the data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.files = data_dir / "files"
        self.thumbnails = data_dir / "thumbnails"
        self.charts = data_dir / "charts"
        self.tmp = data_dir / "tmp"
        for folder in (self.files, self.thumbnails, self.charts, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where the file with this hash lives."""
        return self.files / sha256[:2] / sha256

    def thumbnail_path(self, sha256: str, units: str) -> Path:
        """Where the preview of this file read in `units` lives."""
        return self.thumbnails / f"{sha256}.{units}.png"

    def new_temp(self) -> tuple[int, Path]:
        """An open file descriptor and path for an upload being received."""
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix="upload-")
        return fd, Path(name)

    def keep(self, temp: Path, sha256: str) -> None:
        """Move a received upload to its content address.

        The same steps whether or not another customer stored these bytes first
        (a file already there is replaced by identical bytes), so the time an
        upload takes does not tell that someone else sent the same file.
        """
        final = self.path(sha256)
        final.parent.mkdir(exist_ok=True)
        os.replace(temp, final)
        _fsync_dir(final.parent)

    def read(self, sha256: str) -> bytes:
        """The bytes of a stored file."""
        return self.path(sha256).read_bytes()

    def write_thumbnail(self, sha256: str, units: str, png: bytes) -> None:
        """Store a preview durably (written aside, then renamed into place)."""
        self._write_aside(self.thumbnail_path(sha256, units), png, "thumb-")

    def chart_path(self, card_version: str, name: str) -> Path:
        """Where a price chart drawn with the card of `card_version` lives."""
        return self.charts / card_version / name

    def write_chart(self, card_version: str, name: str, png: bytes) -> None:
        """Store a price chart; a reader sees the whole file or none (renamed into place)."""
        final = self.chart_path(card_version, name)
        final.parent.mkdir(exist_ok=True)
        self._write_aside(final, png, "chart-")

    def drop_charts(self, keep: str | None = None) -> int:
        """Delete the charts of every card version but `keep` (all when None); how many folders.

        Another process may be writing into a folder being dropped: its chart is then
        simply drawn again when next asked for.
        """
        dropped = 0
        for folder in self.charts.iterdir():
            if folder.name != keep:
                shutil.rmtree(folder, ignore_errors=True)
                dropped += 1
        return dropped

    def _write_aside(self, final: Path, data: bytes, prefix: str) -> None:
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix=prefix)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, final)
        _fsync_dir(final.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

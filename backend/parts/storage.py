"""Stored files, named by their SHA-256 and never by the client's name, in a `Blobs` store.

files/ab/ab12...ef                 the file, stored once whoever uploads it
thumbnails/ab12...ef.auto.png      its preview, per unit it was read in
charts/<card version>.style<N>/…png  price charts, per rate-card version and style (a cache)
qc/ab/ab12...ef                    QC photos, stored once
<data_dir>/tmp/                    uploads being received (always local: hashed while streaming)

The keys are paths under the data directory with the local store (the default), object
names with S3 (`backend.storage.s3`). Methods block: call them through `asyncio.to_thread`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from backend.storage.blobs import Blobs
from backend.storage.local import LocalBlobs


class FileStore:
    """Content-addressed files, thumbnails, charts and QC photos over one `Blobs` store."""

    def __init__(self, data_dir: Path, blobs: Blobs | None = None) -> None:
        self.tmp = data_dir / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.blobs: Blobs = blobs or LocalBlobs(data_dir, self.tmp)

    def new_temp(self) -> tuple[int, Path]:
        """An open file descriptor and path for an upload being received."""
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix="upload-")
        return fd, Path(name)

    def keep(self, temp: Path, sha256: str) -> bool:
        """Store a received upload at its content address (once); the temp file is consumed."""
        return self.blobs.write_once(file_key(sha256), temp)

    def read(self, sha256: str) -> bytes:
        """The bytes of a stored file."""
        return self.blobs.read(file_key(sha256))

    def download_url(self, sha256: str, filename: str, content_type: str) -> str | None:
        """A direct, time-limited link to a stored file, or None when the backend serves it."""
        return self.blobs.url(file_key(sha256), filename, content_type)

    def read_thumbnail(self, sha256: str, units: str) -> bytes:
        """The preview of this file read in `units`; `FileNotFoundError` when none was drawn."""
        return self.blobs.read(f"thumbnails/{sha256}.{units}.png")

    def has_thumbnail(self, sha256: str, units: str) -> bool:
        """Whether the preview of this file read in `units` is drawn."""
        return self.blobs.exists(f"thumbnails/{sha256}.{units}.png")

    def write_thumbnail(self, sha256: str, units: str, png: bytes) -> None:
        """Store a preview (a reader sees the whole PNG or none)."""
        self.blobs.write(f"thumbnails/{sha256}.{units}.png", png)

    def read_chart(self, card_version: str, name: str) -> bytes:
        """A price chart drawn with the card of `card_version`; `FileNotFoundError` if not."""
        return self.blobs.read(f"charts/{card_version}/{name}")

    def write_chart(self, card_version: str, name: str, png: bytes) -> None:
        """Store a price chart; a reader sees the whole file or none."""
        self.blobs.write(f"charts/{card_version}/{name}", png)

    def drop_charts(self, keep: str | None = None) -> int:
        """Delete the charts of every card version but `keep` (all when None); how many versions.

        Another process may be writing a chart being dropped: it is then simply drawn
        again when next asked for.
        """
        return self.blobs.drop_folders("charts", keep)

    def write_photo(self, sha256: str, data: bytes) -> bool:
        """Store a QC photo once by its hash; whether it was new."""
        return self.blobs.write_once(photo_key(sha256), data)

    def read_photo(self, sha256: str) -> bytes:
        """A QC photo's bytes; `FileNotFoundError` when there is none."""
        return self.blobs.read(photo_key(sha256))


def file_key(sha256: str) -> str:
    """The key of a stored customer file."""
    return f"files/{sha256[:2]}/{sha256}"


def photo_key(sha256: str) -> str:
    """The key of a stored QC photo."""
    return f"qc/{sha256[:2]}/{sha256}"

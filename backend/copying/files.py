"""The stored files of a data directory, copied into another store under the same keys.

The local store keys a file by its path under the data directory (`backend.parts.storage`):
`files/ab/<sha256>`, `qc/ab/<sha256>`, `thumbnails/…`, `charts/…`. The target store takes
each under that key with `write_once`, so a second run (or a file another replica already
stored) changes nothing. Blocking I/O: call these in a thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import msgspec

from backend.copying.plan import CopyRefused, Count
from backend.parts.storage import file_key, photo_key
from backend.storage.blobs import Blobs

#: The data directory's folders that hold stored files (the rest is the database, keys, tmp).
FOLDERS = ("files", "qc", "thumbnails", "charts")
#: Requests in flight at once against an S3 endpoint.
THREADS = 8
_HASHES = msgspec.json.Decoder(list[str])


def local_keys(data_dir: Path) -> dict[str, list[str]]:
    """Every stored file's key under the data directory, by folder."""
    found: dict[str, list[str]] = {}
    for folder in FOLDERS:
        root = data_dir / folder
        found[folder] = sorted(
            path.relative_to(data_dir).as_posix() for path in root.rglob("*") if path.is_file()
        )
    return found


def copy_files(data_dir: Path, target: Blobs, keys: Iterable[str]) -> None:
    """Store each file in `target` under its key (once); a failure names the file."""

    def copy(key: str) -> None:
        try:
            target.write_once(key, (data_dir / key).read_bytes())
        except Exception as exc:  # disk or S3: the operator needs the key and the reason
            raise CopyRefused(f"the file {key} could not be copied: {exc}") from exc

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(copy, keys))


def present(target: Blobs, keys: Sequence[str]) -> list[bool]:
    """Whether `target` holds each key."""
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(target.exists, keys))


def file_counts(target: Blobs, keys: dict[str, list[str]]) -> list[Count]:
    """Per folder: the files in the source and how many of them the target holds."""
    return [
        Count(name=f"{folder}/", rows=len(found), copied=sum(present(target, found)))
        for folder, found in keys.items()
    ]


def named_keys(
    file_hashes: Iterable[str], photo_lists: Iterable[str], photo_hashes: Iterable[str] = ()
) -> list[str]:
    """The keys the database names: each customer file, QC photo and evidence photo."""
    keys = {file_key(sha256) for sha256 in file_hashes}
    keys.update(photo_key(sha256) for sha256 in photo_hashes)
    for photos in photo_lists:
        keys.update(photo_key(sha256) for sha256 in _HASHES.decode(photos))
    return sorted(keys)


def missing(target: Blobs, keys: Sequence[str]) -> list[str]:
    """The keys `target` lacks."""
    return [key for key, there in zip(keys, present(target, keys), strict=True) if not there]

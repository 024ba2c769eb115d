"""The file store the settings ask for: S3 when both S3 variables are set, else local disk."""

from __future__ import annotations

from backend.parts.storage import FileStore
from backend.settings import Settings
from backend.storage.blobs import Blobs


def blobs_for(settings: Settings) -> Blobs | None:
    """The S3 store when configured; None means the local default (under the data directory)."""
    if not (settings.s3_endpoint and settings.s3_bucket):
        return None
    # Imported only when asked for: a local install never loads boto3 (a second of imports).
    from backend.storage.s3 import S3Blobs  # noqa: PLC0415

    return S3Blobs(settings.s3_endpoint, settings.s3_bucket)


def store_for(settings: Settings) -> FileStore:
    """The file store of these settings (unchecked): the bucket when set, else the data dir."""
    return FileStore(settings.data_path, blobs_for(settings))


def open_store(settings: Settings) -> FileStore:
    """The file store, checked: `StorageUnavailable` (naming the variable) when it won't answer."""
    store = store_for(settings)
    store.blobs.check()
    return store

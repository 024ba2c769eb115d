"""Stored files in an S3-compatible bucket (`SMALLBATCH_S3_ENDPOINT`, `SMALLBATCH_S3_BUCKET`).

Credentials and region come from the standard AWS variables (`AWS_ACCESS_KEY_ID`,
`AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`) through boto3's own chain. boto3 blocks:
async code calls these methods in threads. Content files are written once: the put carries
`If-None-Match: *`, so the bucket itself refuses to replace what another replica stored
first, and the upload takes the same steps whether or not the file was there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from backend.storage.blobs import URL_SECONDS, StorageUnavailable

#: Quick failures: a probe or a read must not hang a request for minutes.
_CLIENT_CONFIG = Config(
    connect_timeout=3,
    read_timeout=30,
    retries={"max_attempts": 2, "mode": "standard"},
    s3={"addressing_style": "path"},  # works with every S3-compatible server
)
_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Blobs:
    """Keys as object names in one bucket."""

    def __init__(self, endpoint: str, bucket: str, client: Any = None) -> None:
        self.endpoint = endpoint
        self.bucket = bucket
        self._s3 = client or boto3.client("s3", endpoint_url=endpoint, config=_CLIENT_CONFIG)

    def read(self, key: str) -> bytes:
        """The object's bytes; `FileNotFoundError` when there is none."""
        try:
            answer = self._s3.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise FileNotFoundError(key) from exc
            raise
        body: bytes = answer["Body"].read()
        return body

    def write(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing what was there (a cache)."""
        self._s3.put_object(Bucket=self.bucket, Key=key, Body=data)

    def write_once(self, key: str, source: Path | bytes) -> bool:
        """Put unless the key exists (the bucket decides, atomically); a `Path` is deleted."""
        try:
            if isinstance(source, Path):
                with source.open("rb") as body:
                    self._s3.put_object(Bucket=self.bucket, Key=key, Body=body, IfNoneMatch="*")
            else:
                self._s3.put_object(Bucket=self.bucket, Key=key, Body=source, IfNoneMatch="*")
        except ClientError as exc:
            if _code(exc) in {"PreconditionFailed", "412", "ConditionalRequestConflict"}:
                return False
            raise
        finally:
            if isinstance(source, Path):
                source.unlink(missing_ok=True)
        return True

    def exists(self, key: str) -> bool:
        """Whether the object is there."""
        try:
            self._s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise
        return True

    def drop_folders(self, prefix: str, keep: str | None) -> int:
        """Delete the objects under `prefix/<folder>/` for every folder but `keep`."""
        base = prefix.rstrip("/") + "/"
        folders: set[str] = set()
        paginator = self._s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=base):
            doomed = []
            for item in page.get("Contents", []):
                folder = item["Key"][len(base) :].split("/", 1)[0]
                if folder != keep:
                    folders.add(folder)
                    doomed.append({"Key": item["Key"]})
            if doomed:
                self._s3.delete_objects(Bucket=self.bucket, Delete={"Objects": doomed})
        return len(folders)

    def url(self, key: str, filename: str, content_type: str) -> str:
        """A presigned GET that names the file and its type for the browser."""
        url: str = self._s3.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": f"inline; filename*=UTF-8''{quote(filename)}",
            },
            ExpiresIn=URL_SECONDS,
        )
        return url

    def check(self) -> None:
        """The endpoint answers and the bucket is there; else which variable to look at."""
        try:
            self._s3.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            code = _code(exc)
            if code in _MISSING | {"NoSuchBucket"}:
                raise StorageUnavailable(
                    f"SMALLBATCH_S3_BUCKET: there is no bucket {self.bucket!r} at {self.endpoint}"
                ) from exc
            raise StorageUnavailable(
                f"SMALLBATCH_S3_BUCKET: the bucket {self.bucket!r} refused access ({code}); "
                "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ) from exc
        except (BotoCoreError, ValueError) as exc:
            raise StorageUnavailable(
                f"SMALLBATCH_S3_ENDPOINT: {self.endpoint} does not answer ({exc})"
            ) from exc


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))

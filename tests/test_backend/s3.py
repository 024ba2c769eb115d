"""An S3-compatible server for tests: moto's server mode on a free loopback port, in a thread."""

from __future__ import annotations

import uuid
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from backend.settings import Settings

#: Credentials moto accepts (any); set for the test process as the real ones would be.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}

#: Run a test against the local store and against S3 (the `store` fixture, indirect).
BOTH_STORES = pytest.mark.parametrize("store", ["local", "s3"], indirect=True)


class S3Server:
    """A running moto server and a client of it that makes one fresh bucket per test."""

    def __init__(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)

    def start(self) -> None:
        """Listen on a free port (port 0: the system picks one)."""
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.client: Any = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")

    def stop(self) -> None:
        """Shut the server down."""
        self._server.stop()

    def new_bucket(self) -> str:
        """A fresh, empty bucket's name."""
        name = f"t-{uuid.uuid4().hex[:20]}"
        self.client.create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str, prefix: str) -> list[str]:
        """The object names under `prefix`."""
        answer = self.client.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for item in answer.get("Contents", [])]


def stored_keys(settings: Settings, prefix: str, server: S3Server | None) -> list[str]:
    """What the test server's store holds under `prefix`, as keys, from either store."""
    if settings.s3_bucket:
        assert server is not None
        return sorted(server.keys(settings.s3_bucket, prefix + "/"))
    root = settings.data_path
    return sorted(p.relative_to(root).as_posix() for p in (root / prefix).rglob("*") if p.is_file())
